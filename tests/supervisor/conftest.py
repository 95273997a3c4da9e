"""A seeded team for the supervisor tests (hand-computed figures in the tests).

Thursday 2026-11-26 in Shanghai:
- E001 张伟 (supervisor): in 09:00, never checked out; E001 set the clock-out to 17:30.
- E002 李娜: in 08:55, out 18:05; start check: desk_tidy and phone_working failed; 5 forms,
  not yet acknowledged.
- E003 Amy Chen: overnight, in 22:00, out 06:30 on the 27th; start check flagged `fast`; end
  check: customer_info_secured failed; 2 forms, acknowledged by E001.
- E004 王强: in 10:00, never checked out (open, long).
Friday 2026-11-27 (today; the clock says 20:00): E002 in 08:50, still on shift.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from shiftcheck.domain.checklist import END_OF_SHIFT, FORMS_ITEM_ID, START_OF_SHIFT, Answer, Result
from shiftcheck.domain.records import (
    FLAG_FAST,
    Acknowledgement,
    CheckRecord,
    Correction,
    fixed_offset,
)
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, SupervisorTools, supervisor_tools
from tests.conftest import TZ

P, F = Result.PASS, Result.FAIL


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026, Shanghai, as a fixed offset."""
    return fixed_offset(datetime(2026, 11, day, hour, minute, tzinfo=TZ))


def start_record(
    employee: str, started: datetime, results: tuple[Result, Result, Result], fast: bool = False
) -> CheckRecord:
    """A start check begun at `started` (uniform_clean, desk_tidy, phone_working)."""
    notes = ["", "wiped the desk", "borrowed a spare phone"]
    answers = tuple(
        Answer(item, r, note=notes[i] if r is F else "")
        for i, (item, r) in enumerate(
            zip(("uniform_clean", "desk_tidy", "phone_working"), results, strict=True)
        )
    )
    return CheckRecord(
        id=str(uuid.uuid4()),
        store_id="S001",
        terminal_id="T1",
        employee_id=employee,
        checklist=START_OF_SHIFT,
        checklist_version="1+test",
        started_at=started,
        submitted_at=started + timedelta(minutes=5),
        answers=answers,
        flags=(FLAG_FAST,) if fast else (),
    )


def end_record(employee: str, submitted: datetime, forms: int, secured: Result = P) -> CheckRecord:
    """An end check submitted at `submitted` with a forms count."""
    return CheckRecord(
        id=str(uuid.uuid4()),
        store_id="S001",
        terminal_id="T1",
        employee_id=employee,
        checklist=END_OF_SHIFT,
        checklist_version="1+test",
        started_at=submitted - timedelta(minutes=5),
        submitted_at=submitted,
        answers=(
            Answer(FORMS_ITEM_ID, value=forms),
            Answer(
                "customer_info_secured", secured, note="locked the drawer" if secured is F else ""
            ),
            Answer("workspace_cleared", P),
        ),
    )


class Seed:
    """The seeded records, for tests that need their ids."""

    def __init__(self) -> None:
        self.e001_start = start_record("E001", at(26, 9), (P, P, P))
        self.e002_start = start_record("E002", at(26, 8, 55), (P, F, F))
        self.e002_end = end_record("E002", at(26, 18, 5), 5)
        self.e003_start = start_record("E003", at(26, 22), (P, P, P), fast=True)
        self.e003_end = end_record("E003", at(27, 6, 30), 2, secured=F)
        self.e004_start = start_record("E004", at(26, 10), (P, F, P))
        self.e002_today = start_record("E002", at(27, 8, 50), (P, P, P))
        self.e001_fix = Correction(
            id=str(uuid.uuid4()),
            store_id="S001",
            employee_id="E001",
            target=self.e001_start.id,
            field="clock_out",
            value=at(26, 17, 30),
            reason="forgot to check out",
            by="E001",
            at=at(27, 9),
        )
        self.e003_ack = Acknowledgement(
            id=str(uuid.uuid4()),
            store_id="S001",
            employee_id="E003",
            record=self.e003_end.id,
            forms=2,
            by="E001",
            at=at(27, 9, 5),
        )

    def documents(self) -> list[CheckRecord | Correction | Acknowledgement]:
        return [
            self.e001_start,
            self.e002_start,
            self.e002_end,
            self.e003_start,
            self.e003_end,
            self.e004_start,
            self.e002_today,
            self.e001_fix,
            self.e003_ack,
        ]


@pytest.fixture
def seed() -> Seed:
    """The records the `team` fixture stores."""
    return Seed()


@pytest.fixture
def team(staffed: Services, clock: ManualClock, seed: Seed) -> Services:
    """`staffed` plus E004 王强 and the seeded history; the clock at 2026-11-27 20:00."""
    staffed.staff.add("E004", "王强", "3690")
    staffed.store.add_many(seed.documents(), local=True)
    clock.set(at(27, 20))
    return staffed


@pytest.fixture
def tools(team: Services) -> SupervisorTools:
    """The supervisor's services over the seeded team."""
    return supervisor_tools(team)
