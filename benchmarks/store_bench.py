"""Store benchmark: saving one draft answer and submitting one check at 100,000 records.

Seeds a data folder with about five years of a 30-person store (check records answered as the
shipped checklists ask), then times, in this one run:

* the shiftcheck store: `CheckService.answer` (one draft save) and `CheckService.submit`;
* the baseline: a plain single-file TinyDB (default `JSONStorage`) holding the same records,
  updating one draft document and inserting one record;
* opening the data folder (`open_services`) and loading today's records;
* peak memory.

Run: `.venv/bin/python benchmarks/store_bench.py [--records N] [--reps N] [--baseline-reps N]`
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from tinydb import Query, TinyDB

from shiftcheck.config import Config
from shiftcheck.domain.checklist import (
    END_OF_SHIFT,
    START_OF_SHIFT,
    Answer,
    Checklist,
    ItemKind,
    Result,
)
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import CheckRecord
from shiftcheck.domain.staff import Employee
from shiftcheck.services.checklist_files import default_checklist_dir, load_checklists
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services, save_config
from shiftcheck.store import DataStore
from shiftcheck.store.atomic import atomic_write_bytes

T = TypeVar("T")
TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 27)
STAFF = 30
TARGET_MS = 10.0
OPEN_TARGET_MS = 100.0


def answers_for(checklist: Checklist, rng: random.Random) -> dict[str, Answer]:
    """A plausible full set of answers: mostly passes, the odd failure with a note."""
    answers: dict[str, Answer] = {}
    for item in checklist.items:
        if item.kind is ItemKind.COUNT:
            answers[item.id] = Answer(item.id, value=rng.randint(item.min or 0, 30))
        elif item.kind is ItemKind.TEXT:
            if item.required or rng.random() < 0.2:  # an optional text is mostly left blank
                answers[item.id] = Answer(item.id, value="王先生问贷款方案，已约明天上午10点回电")
        elif rng.random() < 0.04 and item.note_on_fail:
            answers[item.id] = Answer(item.id, Result.FAIL, note="工牌忘在家里，已向主管报备")
        else:
            answers[item.id] = Answer(item.id, Result.PASS)
    return answers


def history(count: int, checklists: dict[str, Checklist], seed: int = 1) -> Iterator[CheckRecord]:
    """About `count` check records: each day, most of the 30 staff clock in and out."""
    rng = random.Random(seed)
    per_day = 2 * round(STAFF * 0.91)  # about 55 records a day
    days = -(-count // per_day)
    made = 0
    for back in range(days, 0, -1):  # up to yesterday; today is left to the measurements
        day = TODAY - timedelta(days=back)
        for n in range(STAFF):
            if made >= count:
                return
            if rng.random() > 0.91:
                continue
            start = datetime(day.year, day.month, day.day, 8 + n % 3, rng.randrange(60), tzinfo=TZ)
            end = start + timedelta(hours=8, minutes=rng.randrange(90))
            for kind, began, took in ((START_OF_SHIFT, start, 95), (END_OF_SHIFT, end, 140)):
                checklist = checklists[kind]
                yield CheckRecord(
                    id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    store_id="S001",
                    terminal_id="T1",
                    employee_id=f"E{n + 1:03d}",
                    checklist=kind,
                    checklist_version=checklist.version_tag,
                    started_at=began,
                    submitted_at=began + timedelta(seconds=took + rng.randrange(60)),
                    answers=tuple(answers_for(checklist, rng).values()),
                )
                made += 1


def batches(items: Iterator[CheckRecord], size: int) -> Iterator[list[CheckRecord]]:
    batch: list[CheckRecord] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """Milliseconds one call takes, and what it returned."""
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, value


def stats(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the shiftcheck store ---------------------------------------------------------------------


def seed_store(data_dir: Path, count: int, checklists: dict[str, Checklist]) -> int:
    save_config(
        data_dir,
        Config(store_id="S001", store_name="南京路店", terminal_id="T1", timezone="Asia/Shanghai"),
    )
    stored = 0
    with DataStore.open(data_dir) as store:
        for n in range(1, STAFF + 1):  # a store with history has its staff list
            store.save_employee(Employee(f"E{n:03d}", f"员工{n:03d}"))
        for batch in batches(history(count, checklists), 20_000):
            stored += store.add_many(batch, local=True)
    return stored


def clock_at(hour: int) -> ManualClock:
    return ManualClock(datetime(TODAY.year, TODAY.month, TODAY.day, hour, 0, tzinfo=TZ))


def measure_store(data_dir: Path, reps: int) -> dict[str, list[float]]:
    clock = clock_at(8)
    services = open_services(data_dir, clock=clock)
    checks = services.checks
    rng = random.Random(7)
    result: dict[str, list[float]] = {"answer": [], "submit": []}
    try:
        employees = [f"E{n:03d}" for n in range(1, STAFF + 1)]
        # Everyone clocks in this morning: each answer saved as given, then submitted.
        for employee in employees[: min(len(employees), reps)]:
            draft = checks.begin(employee, START_OF_SHIFT)
            for answer in answers_for(checks.checklists[START_OF_SHIFT], rng).values():
                clock.advance(seconds=11)
                ms, draft = timed(checks.answer, draft, answer)
                result["answer"].append(ms)
            clock.advance(seconds=5)
            result["submit"].append(timed(checks.submit, draft)[0])
        # ...and clocks out in the evening (end-of-shift submit also finds the shift it closes).
        clock.set(clock() + timedelta(hours=9))
        for i in range(reps - len(result["submit"])):
            employee = employees[i % len(employees)]
            draft = checks.begin(employee, END_OF_SHIFT)
            for answer in answers_for(checks.checklists[END_OF_SHIFT], rng).values():
                clock.advance(seconds=13)
                ms, draft = timed(checks.answer, draft, answer)
                result["answer"].append(ms)
            clock.advance(seconds=5)
            result["submit"].append(timed(checks.submit, draft)[0])
            if i % len(employees) == len(employees) - 1:  # a new day's round of clock-ins
                clock.advance(hours=1)
                for employee in employees:
                    d = checks.begin(employee, START_OF_SHIFT)
                    for answer in answers_for(checks.checklists[START_OF_SHIFT], rng).values():
                        d = checks.answer(d, answer)
                    checks.submit(d)
    finally:
        services.close()
    return result


def measure_open(data_dir: Path, reps: int) -> tuple[list[float], list[float], int]:
    """Opening the folder, and loading today's records, each `reps` times (fresh process state
    except for the OS file cache)."""
    opens: list[float] = []
    loads: list[float] = []
    today_count = 0
    start = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=TZ)
    for _ in range(reps):
        ms, services = timed(open_services, data_dir, clock=clock_at(9))
        opens.append(ms)
        try:
            ms, found = timed(services.store.records, start, start + timedelta(days=1))
            loads.append(ms)
            today_count = len(found)
        finally:
            services.close()
    return opens, loads, today_count


def store_memory(data_dir: Path) -> float:
    """Peak Python memory (MiB, tracemalloc) to open the store, load today and save a check."""
    gc.collect()
    tracemalloc.start()
    clock = clock_at(12)
    services = open_services(data_dir, clock=clock)
    try:
        # The timed saves above wrote checks into the evening: a terminal's clock never goes back.
        last = services.store.last_local_record_time()
        if last is not None and last >= clock():
            clock.set(last + timedelta(hours=1))
        start = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=TZ)
        services.store.records(start, start + timedelta(days=1))
        draft = services.checks.begin("E001", START_OF_SHIFT)
        for answer in answers_for(services.checklists[START_OF_SHIFT], random.Random(3)).values():
            draft = services.checks.answer(draft, answer)
        clock.advance(minutes=3)
        services.checks.submit(draft)
    finally:
        services.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


# -- the baseline: one TinyDB file ------------------------------------------------------------


def seed_baseline(path: Path, count: int, checklists: dict[str, Checklist]) -> None:
    with TinyDB(path) as db:
        table = db.table("records")
        for batch in batches(history(count, checklists), 20_000):
            table.insert_multiple(r.to_json() for r in batch)


def measure_baseline(
    path: Path, reps: int, checklists: dict[str, Checklist]
) -> dict[str, list[float]]:
    rng = random.Random(11)
    result: dict[str, list[float]] = {"answer": [], "submit": []}
    clock = clock_at(8)
    checklist = checklists[START_OF_SHIFT]
    with TinyDB(path) as db:
        drafts, records = db.table("drafts"), db.table("records")
        for i in range(reps):
            employee = f"E{i % STAFF + 1:03d}"
            draft = Draft(
                str(uuid.uuid4()), employee, START_OF_SHIFT, checklist.version_tag, clock()
            )
            for answer in list(answers_for(checklist, rng).values())[:3]:
                draft = draft.with_answer(answer)
            body = draft.to_json()
            result["answer"].append(timed(drafts.upsert, body, Query().employee_id == employee)[0])
            record = CheckRecord(
                id=draft.record_id,
                store_id="S001",
                terminal_id="T1",
                employee_id=employee,
                checklist=START_OF_SHIFT,
                checklist_version=checklist.version_tag,
                started_at=draft.started_at,
                submitted_at=draft.started_at + timedelta(minutes=2),
                answers=tuple(answers_for(checklist, rng).values()),
            )
            result["submit"].append(timed(records.insert, record.to_json())[0])
    return result


# -- report -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=100_000, help="history size to seed")
    parser.add_argument("--reps", type=int, default=60, help="checks answered and submitted")
    parser.add_argument("--baseline-reps", type=int, default=5, help="single-file TinyDB reps")
    parser.add_argument("--open-reps", type=int, default=15, help="times the folder is opened")
    parser.add_argument("--dir", type=Path, help="work folder (default: a temp folder)")
    args = parser.parse_args(argv)

    checklists = load_checklists(default_checklist_dir())
    with tempfile.TemporaryDirectory(prefix="shiftcheck-bench-", dir=args.dir) as tmp:
        root = Path(tmp)
        data_dir = root / "data"
        print(f"shiftcheck store benchmark: {args.records:,} check records, {STAFF} staff")
        print(f"python {sys.version.split()[0]}, work folder {root}")

        started = time.perf_counter()
        stored = seed_store(data_dir, args.records, checklists)
        shards = sum(1 for _ in (data_dir / "history").rglob("????-??-??.json"))
        size = sum(p.stat().st_size for p in (data_dir / "history").rglob("*.json"))
        print(
            f"seeded the store: {stored:,} records in {shards:,} day files "
            f"({size / 2**20:.0f} MiB) in {time.perf_counter() - started:.1f} s"
        )
        gc.collect()

        floor = [timed(atomic_write_bytes, root / "floor.json", b"x" * 2048)[0] for _ in range(50)]
        ours = measure_store(data_dir, args.reps)
        floor += [timed(atomic_write_bytes, root / "floor.json", b"x" * 2048)[0] for _ in range(50)]
        opens, loads, today = measure_open(data_dir, args.open_reps)
        memory = store_memory(data_dir)
        rss_store = peak_rss_mb()

        baseline_path = root / "single.json"
        started = time.perf_counter()
        seed_baseline(baseline_path, args.records, checklists)
        print(
            f"seeded the baseline: one TinyDB file of {baseline_path.stat().st_size / 2**20:.0f}"
            f" MiB in {time.perf_counter() - started:.1f} s"
        )
        gc.collect()
        base = measure_baseline(baseline_path, args.baseline_reps, checklists)
        rss_all = peak_rss_mb()

    print()
    print(
        f"{'operation':<24}{'store median':>13}{'p95':>11}{'1-file TinyDB median':>22}"
        f"{'p95':>12}{'ratio':>9}"
    )
    names = {
        "answer": "save one draft answer",
        "submit": "submit one check",
    }
    ok = True
    for key, label in names.items():
        med, p95 = stats(ours[key])
        bmed, bp95 = stats(base[key])
        ok &= med <= TARGET_MS
        print(
            f"{label:<24}{med:>10.2f} ms{p95:>8.2f} ms{bmed:>19.1f} ms{bp95:>9.1f} ms"
            f"{bmed / med:>8.0f}x"
        )
    floor_med, floor_p95 = stats(floor)
    print(f"{'(one fsynced 2 KiB write)':<24}{floor_med:>10.2f} ms{floor_p95:>8.2f} ms")
    print(
        f"(store: {len(ours['answer'])} answers, {len(ours['submit'])} submits; "
        f"TinyDB baseline: {len(base['answer'])} of each, as each rewrites the whole file)"
    )
    both = [o + lo for o, lo in zip(opens, loads, strict=True)]
    print()
    for label, samples in (
        ("open the data folder (open_services)", opens),
        (f"load today's {today} records", loads),
        ("open + load today", both),
    ):
        med, p95 = stats(samples)
        print(f"{label + ':':<40}median {med:6.1f} ms, p95 {p95:6.1f} ms")
    both_med = stats(both)[0]
    print()
    print(
        f"peak Python memory to open, load today and save a check (tracemalloc): {memory:.1f} MiB"
    )
    print(f"peak process memory (RSS) after the store measurements:  {rss_store:.0f} MiB")
    print(f"peak process memory (RSS) after the TinyDB baseline:     {rss_all:.0f} MiB")
    print()
    verdict = "met" if ok and both_med <= OPEN_TARGET_MS else "NOT met"
    print(
        f"targets (median ≤ {TARGET_MS:.0f} ms per save, open + today ≤ {OPEN_TARGET_MS:.0f} ms):"
        f" {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
