"""A seeded payroll scenario in real data folders: a Shanghai store and a New York store."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shiftcheck.config import Config, PayrollConfig
from shiftcheck.domain.checklist import END_OF_SHIFT, FORMS_ITEM_ID, START_OF_SHIFT, Answer, Result
from shiftcheck.domain.records import CheckRecord, Correction, fixed_offset
from shiftcheck.domain.staff import Employee, Role
from shiftcheck.services.context import save_config
from shiftcheck.store import DataStore

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
GOLDEN = Path(__file__).parent / "golden"
RULES = PayrollConfig(
    rounding_minutes=0,
    break_after_hours=6,
    break_minutes=30,
    daily_overtime_hours=8,
    weekly_overtime_hours=40,
    week_start="monday",
)
"""The scenario's pay rules: break of 30 min after 6 h, overtime after 8 h a day / 40 h a week."""


def golden(name: str, data: bytes) -> None:
    """Compare with `golden/<name>`; `UPDATE_GOLDEN=1` rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    assert data == path.read_bytes(), f"{name} differs from the golden file"


@dataclass
class Seeder:
    """Builds records with fixed ids and offsets, as a terminal would write them."""

    store_id: str
    tz: ZoneInfo
    docs: list[CheckRecord | Correction] = field(default_factory=list)
    n: int = 0

    def _id(self) -> str:
        self.n += 1
        return str(uuid.UUID(int=sum(map(ord, self.store_id)) * 10**6 + self.n))

    def at(
        self, y: int, mo: int, d: int, h: int, mi: int = 0, s: int = 0, fold: int = 0
    ) -> datetime:
        return fixed_offset(datetime(y, mo, d, h, mi, s, tzinfo=self.tz, fold=fold))

    def start(
        self,
        employee: str,
        at: datetime,
        *,
        failed: tuple[str, ...] = (),
        flags: tuple[str, ...] = (),
    ) -> CheckRecord:
        answers = (
            *(Answer(i, Result.FAIL, note="fixed") for i in failed),
            Answer("desk_tidy", Result.PASS),
        )
        rec = CheckRecord(
            id=self._id(),
            store_id=self.store_id,
            terminal_id="T1",
            employee_id=employee,
            checklist=START_OF_SHIFT,
            checklist_version="1+abc",
            started_at=at,
            submitted_at=at + timedelta(minutes=1),
            answers=answers,
            flags=flags,
        )
        self.docs.append(rec)
        return rec

    def end(
        self, employee: str, at: datetime, *, forms: int | None = 0, failed: tuple[str, ...] = ()
    ) -> CheckRecord:
        answers: tuple[Answer, ...] = tuple(Answer(i, Result.FAIL, note="done") for i in failed)
        if forms is not None:
            answers += (Answer(FORMS_ITEM_ID, value=forms),)
        rec = CheckRecord(
            id=self._id(),
            store_id=self.store_id,
            terminal_id="T1",
            employee_id=employee,
            checklist=END_OF_SHIFT,
            checklist_version="1+abc",
            started_at=at - timedelta(minutes=2),
            submitted_at=at,
            answers=answers,
        )
        self.docs.append(rec)
        return rec

    def shift(self, employee: str, clock_in: datetime, clock_out: datetime, **kw: object) -> None:
        self.start(employee, clock_in)
        self.end(employee, clock_out, **kw)  # type: ignore[arg-type]

    def correct(
        self, target: CheckRecord, field_: str, value: datetime, at: datetime, reason: str, by: str
    ) -> Correction:
        c = Correction(
            id=self._id(),
            store_id=self.store_id,
            employee_id=target.employee_id,
            target=target.id,
            field=field_,  # type: ignore[arg-type]
            value=value,
            reason=reason,
            by=by,
            at=at,
        )
        self.docs.append(c)
        return c


def make_store(
    folder: Path,
    *,
    store_id: str,
    timezone: str,
    staff: list[tuple[str, str]],
    payroll: PayrollConfig = RULES,
) -> Path:
    """A configured data folder with the given staff (id, name); E001 is a supervisor."""
    folder.mkdir(parents=True, exist_ok=True)
    save_config(
        folder,
        Config(
            store_id=store_id,
            store_name=f"Store {store_id}",
            terminal_id="T1",
            timezone=timezone,
            payroll=payroll,
        ),
    )
    with DataStore.open(folder) as store:
        for emp_id, name in staff:
            role = Role.SUPERVISOR if emp_id in ("E001", "E100") else Role.STAFF
            store.save_employee(Employee(emp_id, name, role=role))
    return folder


def reconfigure(folder: Path, payroll: PayrollConfig) -> None:
    """Change the folder's pay rules."""
    from shiftcheck.config import load_config

    config = load_config(folder)
    assert config is not None
    save_config(folder, config.model_copy(update={"payroll": payroll}))


def seed_shanghai(folder: Path) -> Seeder:
    """Week of Mon 2026-11-23 .. Sun 2026-11-29 in Shanghai, plus Sunday 2026-11-22 and 11-01.

    E002 李娜: ordinary, overnight, long day (daily OT), open, corrected, Saturday 9 h (daily
    OT), Sunday 4 h (weekly OT). E004 王芳: a shift with no end check, closed by a correction.
    E003 Amy Chen: four 10 h days from Sunday 11-22 (weekly OT when weeks start on Sunday),
    failed items, forms. E001 张伟: one quick shift flagged `fast`.
    """
    s = Seeder("S001", SH)
    a = s.at
    # E002
    s.shift("E002", a(2026, 11, 23, 9, 0, 0), a(2026, 11, 23, 17, 31, 45), forms=2)
    s.shift("E002", a(2026, 11, 24, 22, 0, 0), a(2026, 11, 25, 6, 7, 30), forms=0)
    s.shift("E002", a(2026, 11, 25, 10, 2, 59), a(2026, 11, 25, 20, 33, 0), forms=5)
    s.start("E002", a(2026, 11, 26, 9, 0, 0))  # open: forgotten clock-out
    forgot = s.start("E002", a(2026, 11, 27, 8, 55, 2))
    s.end("E002", a(2026, 11, 27, 21, 40, 0), forms=1)
    s.correct(
        forgot,
        "clock_out",
        a(2026, 11, 27, 17, 5, 0),
        a(2026, 11, 28, 9, 0, 0),
        "left at 17:05, clocked out late",
        "E001",
    )
    s.correct(
        forgot,
        "clock_out",
        a(2026, 11, 27, 17, 10, 0),
        a(2026, 11, 28, 9, 30, 0),
        "CCTV: left at 17:10",
        "E001",
    )
    s.shift("E002", a(2026, 11, 28, 9, 0, 0), a(2026, 11, 28, 18, 0, 0), forms=3)
    s.shift("E002", a(2026, 11, 29, 9, 0, 0), a(2026, 11, 29, 13, 0, 0), forms=0)
    # E004: no end check at all; the supervisor closed the shift by a correction
    missed = s.start("E004", a(2026, 11, 24, 13, 0))
    s.correct(missed, "clock_out", a(2026, 11, 24, 19, 0), a(2026, 11, 25, 9, 0), "=forgot", "E001")
    # E003: from Sunday 11-22
    for day in (22, 23, 24, 25):
        s.start("E003", a(2026, 11, day, 8, 0), failed=("uniform_clean",) if day == 24 else ())
        s.end(
            "E003", a(2026, 11, day, 18, 30), forms=1, failed=("desk_cleared",) if day == 25 else ()
        )
    # E001: a quick one, flagged fast
    s.start("E001", a(2026, 11, 29, 9, 0), flags=("fast",))
    s.end("E001", a(2026, 11, 29, 13, 0), forms=None)
    # beside the New York DST day
    s.shift("E002", a(2026, 11, 1, 9, 0), a(2026, 11, 1, 17, 0), forms=0)
    with DataStore.open(folder) as store:
        for doc in s.docs:
            store.add(doc)
    return s


def seed_new_york(folder: Path) -> Seeder:
    """Around the DST change of Sunday 2026-11-01 (02:00 EDT → 01:00 EST) in New York."""
    s = Seeder("S002", NY)
    a = s.at
    # overnight across the change: 22:00 EDT → 06:00 EST is 9 h of real time
    s.shift("E101", a(2026, 10, 31, 22, 0), a(2026, 11, 1, 6, 0), forms=0)
    # 00:30 EDT → 01:30 EST (the second 01:30): 2 h of real time
    s.shift("E102", a(2026, 11, 1, 0, 30), a(2026, 11, 1, 1, 30, fold=1), forms=1)
    s.shift("E101", a(2026, 11, 1, 12, 0), a(2026, 11, 1, 20, 7), forms=0)
    with DataStore.open(folder) as store:
        for doc in s.docs:
            store.add(doc)
    return s


SH_STAFF = [("E001", "张伟"), ("E002", "李娜"), ("E003", "Amy Chen"), ("E004", "王芳")]
NY_STAFF = [("E100", "Pat Boss"), ("E101", "Maria Lopez"), ("E102", "Sam Lee")]


@pytest.fixture
def shanghai(tmp_path: Path) -> Iterator[Path]:
    """The seeded Shanghai store (S001)."""
    folder = make_store(tmp_path / "sh", store_id="S001", timezone="Asia/Shanghai", staff=SH_STAFF)
    seed_shanghai(folder)
    yield folder


@pytest.fixture
def new_york(tmp_path: Path) -> Iterator[Path]:
    """The seeded New York store (S002)."""
    folder = make_store(
        tmp_path / "ny", store_id="S002", timezone="America/New_York", staff=NY_STAFF
    )
    seed_new_york(folder)
    yield folder
