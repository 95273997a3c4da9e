"""Kiosk benchmark: start-up time to an interactive welcome screen, and keystrokes per check.

1. Start-up. A data folder gets 100,000 check records (40 employees, a start and an end check a
   day for 1,250 days, written as day shards with `DataStore.add_many`). The kiosk is then
   started as its own process on a real pseudo-terminal (80×24) with
   `SHIFTCHECK_EXIT_WHEN_READY=1`: the welcome screen exits the app right after its first
   refresh, i.e. once staff list, clock and who-is-on-shift have been read and drawn and the
   name filter has focus.
   the floor beside it is `python -c "import textual.app"` timed the same way in the same run.
   "Interactive" is the moment the welcome screen's first refresh has happened: the kiosk
   writes `time.time()` then into `$SHIFTCHECK_READY_FILE`, and the figure is that time minus
   the time just before the process was spawned. Textual's shut-down (restoring the terminal,
   joining its input thread) comes after that and is printed separately, start to exit.

2. Keystrokes. The shipped start-of-shift checklist is answered all-pass in the real app
   (Textual's headless Pilot), counting every key from the PIN being accepted to the record
   being stored. Target: number of items + 2 or fewer. Also counted, not targeted: the same
   check with one failed item (the desk, whose fail needs a note) and a five-letter note.

Run: `.venv/bin/python benchmarks/kiosk_bench.py` (prints figures; asserts nothing about time).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shiftcheck.config import Config
from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT, Answer, Result
from shiftcheck.domain.records import CheckRecord
from shiftcheck.domain.staff import Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services, save_config

RECORDS = 100_000
EMPLOYEES = 40
RUNS = 7
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 27, 8, 55, tzinfo=TZ)


def seed(folder: Path) -> None:
    """A configured store with `EMPLOYEES` staff and `RECORDS` records before `NOW`."""
    save_config(
        folder, Config(store_id="S001", store_name="南京路店", terminal_id="T1", timezone=TZ.key)
    )
    services = open_services(folder, pin_cost=2**10)
    try:
        for n in range(1, EMPLOYEES + 1):
            role = Role.SUPERVISOR if n == 1 else Role.STAFF
            pin = "246813" if role is Role.SUPERVISOR else "2468"  # supervisors: 6 digits
            services.staff.add(f"E{n:03d}", f"员工{n:03d}", pin, role=role)
        start_items = services.checklists[START_OF_SHIFT]
        end_items = services.checklists[END_OF_SHIFT]
        start_answers = tuple(Answer(i.id, Result.PASS) for i in start_items.items)
        end_answers = tuple(
            Answer(i.id, value=3) if i.kind == "count" else Answer(i.id, Result.PASS)
            for i in end_items.items
            if i.kind != "text"
        )
        days = RECORDS // (2 * EMPLOYEES)
        batch: list[CheckRecord] = []
        for back in range(days, 0, -1):
            day = NOW - timedelta(days=back)
            for n in range(1, EMPLOYEES + 1):
                clock_in = day + timedelta(minutes=n % 20)
                clock_out = clock_in + timedelta(hours=8, minutes=40)
                for checklist, answers, at in (
                    (start_items, start_answers, clock_in),
                    (end_items, end_answers, clock_out),
                ):
                    batch.append(
                        CheckRecord(
                            id=str(uuid.uuid4()),
                            store_id="S001",
                            terminal_id="T1",
                            employee_id=f"E{n:03d}",
                            checklist=checklist.id,
                            checklist_version=checklist.version_tag,
                            started_at=at,
                            submitted_at=at + timedelta(seconds=40),
                            answers=answers,
                        )
                    )
            if len(batch) >= 20_000:
                services.store.add_many(batch, local=True)
                batch = []
        if batch:
            services.store.add_many(batch, local=True)
    finally:
        services.close()


def timed_in_pty(argv: list[str], env: dict[str, str], ready_file: Path | None = None) -> float:
    """Seconds from spawning `argv` on an 80×24 pseudo-terminal to its exit, or to the time
    it wrote into `ready_file` (the kiosk's first drawn welcome screen)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    if ready_file is not None:
        ready_file.unlink(missing_ok=True)
    started = time.time()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env)
    code = proc.wait(timeout=60)
    finished = time.time()
    elapsed = finished - started
    if ready_file is not None:
        elapsed = float(ready_file.read_text()) - started
    os.close(slave)
    os.close(master)
    reader.join(timeout=2)
    if code != 0:
        raise SystemExit(f"{argv} exited with {code}")
    return elapsed


def startup(folder: Path) -> tuple[float, float, float]:
    """Medians: start-up to interactive welcome, the same to process exit, and the floor."""
    ready = folder.parent / "ready"
    env = dict(
        os.environ,
        SHIFTCHECK_EXIT_WHEN_READY="1",
        SHIFTCHECK_READY_FILE=str(ready),
        TERM="xterm-256color",
    )
    # A store terminal keeps Python's compiled bytecode between starts; a shell that turns it off
    # would time the compiling of every module instead of the kiosk's start-up.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    kiosk = [sys.executable, "-m", "shiftcheck", "--data-dir", str(folder), "kiosk"]
    floor = [sys.executable, "-c", "import textual.app"]
    timed_in_pty(kiosk, env)  # warm the file cache and the bytecode
    kiosk_times, exit_times, floor_times = [], [], []
    for _ in range(RUNS):
        floor_times.append(timed_in_pty(floor, env))
        kiosk_times.append(timed_in_pty(kiosk, env, ready))
        exit_times.append(timed_in_pty(kiosk, env))
    return (
        statistics.median(kiosk_times),
        statistics.median(exit_times),
        statistics.median(floor_times),
    )


async def keystrokes(folder: Path) -> tuple[int, int]:
    """(items, keys from PIN accepted to stored) for an all-pass start-of-shift check."""
    from shiftcheck.tui.app import build_app
    from shiftcheck.tui.screens.checklist import ChecklistScreen
    from shiftcheck.tui.screens.review import DoneScreen

    clock = ManualClock(NOW)
    app = build_app(folder, clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"E002", "enter", *"2468", "enter")
        while not isinstance(app.screen, ChecklistScreen):
            await pilot.pause(0.01)
        items = len(app.screen.checklist.items)
        keys = 0
        while not isinstance(app.screen, DoneScreen):
            # one key a step: `p` while the checklist is open, Enter on the review
            key = "p" if isinstance(app.screen, ChecklistScreen) else "enter"
            clock.advance(seconds=2)
            await pilot.press(key)
            keys += 1
            await pilot.pause()
            if keys > items + 10:
                raise SystemExit("the check did not finish")
        stored = app.services.store.records(NOW - timedelta(hours=1), clock() + timedelta(hours=1))
        assert any(r.employee_id == "E002" for r in stored), "record not stored"
    return items, keys


NOTE = "moved"
FAILED_ITEM = "desk_tidy"


async def keystrokes_with_note(folder: Path) -> tuple[int, int]:
    """(keys from PIN accepted to stored, of which the note's letters) for a start-of-shift
    check with one failed item and a note, the rest passed."""
    from shiftcheck.tui.app import build_app
    from shiftcheck.tui.screens.checklist import ChecklistScreen
    from shiftcheck.tui.screens.review import DoneScreen

    clock = ManualClock(NOW + timedelta(minutes=5))
    app = build_app(folder, clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"E003", "enter", *"2468", "enter")
        while not isinstance(app.screen, ChecklistScreen):
            await pilot.pause(0.01)
        keys: list[str] = []
        for item in app.screen.checklist.items:
            keys += ["f", *NOTE, "enter"] if item.id == FAILED_ITEM else ["p"]
        keys.append("enter")  # submit on the review
        for key in keys:
            clock.advance(seconds=1)
            await pilot.press(key)
        while not isinstance(app.screen, DoneScreen):
            await pilot.pause(0.01)
        stored = app.services.store.records(NOW - timedelta(hours=1), clock() + timedelta(hours=1))
        (record,) = [r for r in stored if r.employee_id == "E003"]
        failed = [a for a in record.answers if a.result is Result.FAIL]
        assert [(a.item, a.note) for a in failed] == [(FAILED_ITEM, NOTE)], "wrong record"
    return len(keys), len(NOTE)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        t0 = time.perf_counter()
        seed(folder)
        print(f"seeded {RECORDS:,} records in {time.perf_counter() - t0:.1f} s")
        kiosk, to_exit, floor = startup(folder)
        print(
            f"start-up to interactive welcome (median of {RUNS}, 100k records): {kiosk:.3f} s"
            f"  [target <= 0.6 s]"
        )
        print(
            f'floor: python -c "import textual.app", start to exit (median of {RUNS}): '
            f"{floor:.3f} s"
        )
        print(
            "kiosk start to exit right after the first welcome frame (incl. shut-down): "
            f"{to_exit:.3f} s"
        )
        items, keys = asyncio.run(keystrokes(folder))
        print(
            f"keystrokes from PIN accepted to submitted, start-of-shift all-pass: {keys}"
            f"  (items: {items}; target <= {items + 2})"
        )
        keys, letters = asyncio.run(keystrokes_with_note(folder))
        print(
            f"keystrokes from PIN accepted to submitted, one fail with a {letters}-letter note: "
            f"{keys}  ({keys - letters} besides the note's letters)"
        )


if __name__ == "__main__":
    main()
