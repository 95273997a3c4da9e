"""Fixtures for the fault tests: a data folder holding some of everything."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import CheckRecord
from shiftcheck.domain.staff import Employee, Role
from shiftcheck.store import DataStore

TZ = timezone(timedelta(hours=8))
DAYS = ("2026-11-25", "2026-11-26", "2026-11-27")
EPOCH = datetime(2026, 11, 25, tzinfo=TZ)
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=TZ)


def make_record(employee: str, day: str, hour: int = 9) -> CheckRecord:
    """A start-of-shift record submitted on `day` (a date in +08:00)."""
    started = datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00")
    return CheckRecord(
        id=str(uuid.uuid4()),
        store_id="S001",
        terminal_id="T1",
        employee_id=employee,
        checklist="start_of_shift",
        checklist_version="1",
        started_at=started,
        submitted_at=started + timedelta(minutes=2),
        answers=(Answer("uniform_clean", Result.PASS), Answer("name_badge", Result.PASS)),
    )


def make_draft(employee: str = "E002") -> Draft:
    """A check in progress with two answers."""
    return Draft(
        record_id=str(uuid.uuid4()),
        employee_id=employee,
        checklist="start_of_shift",
        checklist_version="1",
        started_at=datetime(2026, 11, 27, 8, 55, tzinfo=TZ),
        answers={
            "uniform_clean": Answer("uniform_clean", Result.PASS),
            "grooming": Answer("grooming", Result.FAIL, note="hair not tied"),
        },
    )


@dataclass
class Filled:
    """A data folder with staff, state, a draft and records on three days (two per day)."""

    data_dir: Path
    records: dict[str, list[CheckRecord]]
    draft: Draft

    def ids_except(self, day: str | None = None) -> set[str]:
        """Ids of the records stored on every day but `day`."""
        return {r.id for d, rs in self.records.items() if d != day for r in rs}

    def shard(self, day: str) -> Path:
        """The file holding one day's history."""
        return self.data_dir / "history" / day[:4] / f"{day}.json"


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Filled]:
    """A closed data folder (no lock held) with some of everything in it."""
    data_dir = tmp_path / "data"
    records = {day: [make_record("E002", day), make_record("E003", day, 10)] for day in DAYS}
    draft = make_draft()
    with DataStore.open(data_dir) as store:
        store.save_employee(Employee("E001", "张伟", Role.SUPERVISOR, pin_hash="x"))
        store.save_employee(Employee("E002", "李娜", pin_hash="y"))
        store.put_state("pin_window", {"failures": [1, 2]})
        store.save_draft(draft)
        for day_records in records.values():
            for record in day_records:
                assert store.add(record)
    yield Filled(data_dir, records, draft)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path → bytes), lock files left out."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".lock")
    }
