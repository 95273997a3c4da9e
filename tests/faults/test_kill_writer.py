"""kill -9 a writer at random moments: every save it reported as done survives, nothing is torn.

Each round starts a fresh writer process on the same data folder (it continues where the last
one was killed), lets it save for a random 5–60 ms after its first save, then SIGKILLs it. Two
folders take half the kills each, side by side.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from shiftcheck.domain.records import AuditEvent, CheckRecord
from shiftcheck.store import DataStore

WRITER = Path(__file__).parent / "helpers" / "writer.py"
KILLS = 200
FULL_CHECK_EVERY = 5
"""Rounds between full reads of the folder (reported saves only accumulate, so none escapes)."""
EMPLOYEES = ("E001", "E002", "E003")


@dataclass
class Reported:
    """What the writers said was saved, over all rounds."""

    ids: set[str] = field(default_factory=set)
    batches: list[tuple[str, str]] = field(default_factory=list)
    drafts: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)
    """employee → (record id, (round, step)) of the last draft save reported done."""
    lines: int = 0

    def take(self, line: str) -> None:
        kind, *rest = line.split()
        if kind == "draft":
            employee, record_id, stamp = rest
            round_no, step = stamp.split(":")
            self.drafts[employee] = (record_id, (int(round_no), int(step)))
        elif kind == "add":
            self.ids.add(rest[0])
        elif kind == "batch":
            self.ids.update(rest)
            self.batches.append((rest[0], rest[1]))
        else:
            raise AssertionError(f"unexpected line from the writer: {line!r}")


def run_and_kill(data_dir: Path, round_no: int, rng: random.Random) -> list[str]:
    """One writer round; the complete lines it printed before SIGKILL."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), str(round_no), str(rng.getrandbits(32))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    if not first:
        proc.wait(timeout=10)
        raise AssertionError(f"writer died before its first save: {proc.stderr.read().decode()}")
    time.sleep(rng.uniform(0.005, 0.060))
    os.kill(proc.pid, signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    text = (first + rest).decode()
    lines = text.split("\n")
    return lines[:-1]  # the last piece has no newline: a line cut short is not a report


def check_folder(data_dir: Path, reported: Reported) -> int:
    """Everything reported is there, every file parses, no batch half-stored; returns doc count."""
    reader = DataStore.open(data_dir, writer=False)
    docs = list(reader.all_documents())  # raises CorruptFileError on any damaged shard
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids)), "a document is stored twice"
    stored = set(ids)
    missing = reported.ids - stored
    assert not missing, f"saves reported as done are missing: {sorted(missing)[:5]}"
    for record_id, event_id in reported.batches:
        assert record_id in stored and event_id in stored
    # No partial batch, reported or not: a batch record and its audit event come together.
    batch_records = {d.id for d in docs if isinstance(d, CheckRecord) and "batch" in d.flags}
    events = {d.detail for d in docs if isinstance(d, AuditEvent)}
    assert batch_records == events, "a record and its audit event were stored apart"
    for employee, (record_id, stamp) in reported.drafts.items():
        draft = reader.load_draft(employee)
        assert draft is not None, f"the draft of {employee} reported as saved is gone"
        assert draft.record_id == record_id
        value = draft.answers["pending_questions"].value
        assert isinstance(value, str)
        round_no, step = (int(x) for x in value.split(":"))
        assert (round_no, step) >= stamp, f"{employee}'s draft went back to an older save"
    assert reader.quarantined() == []
    return len(docs)


def parse_changed_files(data_dir: Path, seen: dict[Path, tuple[int, int]]) -> None:
    """Every JSON file that changed since the last round parses (no torn file, ever)."""
    for path in data_dir.rglob("*.json"):
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        if seen.get(path) != stamp:
            assert isinstance(json.loads(path.read_bytes()), dict), path
            seen[path] = stamp


def kill_rounds(data_dir: Path, rounds: int, seed: int) -> Reported:
    """`rounds` writers on one folder, each SIGKILLed mid-work, checked after every kill."""
    rng = random.Random(seed)
    reported = Reported()
    seen: dict[Path, tuple[int, int]] = {}
    for round_no in range(1, rounds + 1):
        lines = run_and_kill(data_dir, round_no, rng)
        assert lines, "the writer reported its first save, so at least one line is complete"
        for line in lines:
            reported.take(line)
        reported.lines += len(lines)
        parse_changed_files(data_dir, seen)
        # The lock died with the writer: a new writer opens at once.
        started = time.monotonic()
        with DataStore.open(data_dir) as store:
            assert store.quarantined() == []
        assert time.monotonic() - started < 5
        # Temp files the killed writer left are cleared when a writer opens the folder.
        assert not [p for p in data_dir.rglob("*.tmp")], "stale temp files after reopening"
        if round_no % FULL_CHECK_EVERY == 0:
            check_folder(data_dir, reported)
    return reported


def test_kill_9_writer_200_times_loses_no_reported_save(tmp_path: Path) -> None:
    # Two folders side by side, half the kills each, to use both cores.
    folders = [tmp_path / "a", tmp_path / "b"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(kill_rounds, folder, KILLS // 2, 20261127 + n)
            for n, folder in enumerate(folders)
        ]
        results = [f.result() for f in futures]
    for folder, reported in zip(folders, results, strict=True):
        count = check_folder(folder, reported)
        assert count >= len(reported.ids) > KILLS // 2
        assert reported.lines > KILLS // 2
        assert reported.batches and set(reported.drafts) == set(EMPLOYEES)
