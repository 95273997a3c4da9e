"""A terminal clock set back cannot make a shift vanish (injected clock, real data folder)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from shiftcheck.config import Config
from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT, Answer, ItemKind, Result
from shiftcheck.domain.clock_rule import (
    FLAG_CLOCK_BACKWARDS,
    ClockReference,
    clock_behind,
)
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import AuditEvent, CheckRecord, fixed_offset
from shiftcheck.services.checks import ClockLooksWrong
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, supervisor_tools
from shiftcheck.services.payroll import PayrollService
from tests.conftest import TZ

DAY = date(2026, 11, 27)


def at(hour: int, minute: int = 0) -> datetime:
    return fixed_offset(datetime(2026, 11, 27, hour, minute, tzinfo=TZ))


def answered(s: Services, employee: str, checklist: str) -> Draft:
    draft = s.checks.begin(employee, checklist)
    for item in s.checklists[checklist].items:
        if item.kind is ItemKind.COUNT:
            draft = s.checks.answer(draft, Answer(item.id, value=2))
        elif item.kind is ItemKind.CHECK:
            draft = s.checks.answer(draft, Answer(item.id, Result.PASS))
    return draft


def records(s: Services) -> list[CheckRecord]:
    return s.store.records(at(0), at(23, 59))


def end_check_on_a_clock_set_back(
    s: Services, clock: ManualClock
) -> tuple[Draft, pytest.ExceptionInfo[ClockLooksWrong]]:
    """E002 clocks in at 09:00; the clock is set back to 07:30; the end check is refused."""
    clock.set(at(9))
    s.checks.submit(answered(s, "E002", START_OF_SHIFT))
    clock.set(at(7, 30))
    draft = answered(s, "E002", END_OF_SHIFT)
    with pytest.raises(ClockLooksWrong) as info:
        s.checks.submit(draft)
    return draft, info


def test_the_rule_names_the_time_the_clock_contradicts() -> None:
    assert clock_behind(at(17), started_at=at(16, 55), clock_in=at(9)) is None
    behind = clock_behind(at(7, 30), started_at=at(7, 29), clock_in=at(9), last_record=at(12))
    assert behind is not None
    assert (behind.after, behind.reference) == (at(9), ClockReference.CLOCK_IN)
    behind = clock_behind(at(11), started_at=at(10, 59), clock_in=at(9), last_record=at(12))
    assert behind is not None and behind.reference is ClockReference.LAST_RECORD
    behind = clock_behind(at(10), started_at=at(10, 5))
    assert behind is not None and behind.reference is ClockReference.STARTED
    assert clock_behind(at(12), started_at=at(12), last_record=at(12)) is None  # same second


def test_an_end_check_before_its_clock_in_is_refused_kept_flagged_and_corrected(
    staffed: Services, clock: ManualClock
) -> None:
    s = staffed
    draft, info = end_check_on_a_clock_set_back(s, clock)
    start = records(s)[0]
    assert info.value.behind.reference is ClockReference.CLOCK_IN
    message = info.value.message("en")
    assert "2026-11-27 07:30" in message and "2026-11-27 09:00" in message
    chinese = info.value.message("zh-CN")
    assert "时钟" in chinese and "07:30" in chinese and "09:00" in chinese
    # Nothing recorded, the answers kept, the shift still open.
    assert records(s) == [start]
    kept = s.store.load_draft("E002")
    assert kept is not None and kept.answers == draft.answers
    # Trying again does not write a second event.
    with pytest.raises(ClockLooksWrong):
        s.checks.submit(draft)
    events = [
        d
        for d in s.store.history(at(0), at(23, 59), (AuditEvent,))
        if isinstance(d, AuditEvent) and d.action == "clock_backwards"
    ]
    assert len(events) == 1 and events[0].actor == "E002"
    assert f"shift={start.id}" in events[0].detail
    assert "terminal=2026-11-27T07:30:00+08:00" in events[0].detail

    # The supervisor sees the shift flagged, in the summary and in payroll.
    clock.set(at(17, 40))  # the clock is set right
    tools = supervisor_tools(s)
    (row,) = [r for r in tools.summary.day(DAY, clock(), actor="E001").rows if r.shift]
    assert FLAG_CLOCK_BACKWARDS in row.flags and row.clock_out is None
    config: Config = s.config
    (pay,) = PayrollService(s.store, config).report(DAY, DAY).rows
    assert FLAG_CLOCK_BACKWARDS in pay.flags and pay.paid_hours is None

    # A correction closes the shift; the flag stays for the record.
    tools.corrections.correct_on_date(
        "E002", DAY, "clock_out", "17:30", "terminal clock was set back", actor="E001"
    )
    (row,) = [r for r in tools.summary.day(DAY, clock(), actor="E001").rows if r.shift]
    assert row.clock_out == at(17, 30)
    assert FLAG_CLOCK_BACKWARDS in row.flags and "corrected" in row.flags
    (pay,) = PayrollService(s.store, config).report(DAY, DAY).rows
    assert pay.paid_hours is not None and pay.paid_hours > 8
    assert FLAG_CLOCK_BACKWARDS in pay.flags


def test_once_the_clock_is_right_the_kept_answers_submit_as_the_clock_out(
    staffed: Services, clock: ManualClock
) -> None:
    s = staffed
    draft, _ = end_check_on_a_clock_set_back(s, clock)
    clock.set(at(17, 45))
    due = s.checks.due("E002")
    assert due.draft is not None and due.draft.answers == draft.answers
    done = s.checks.submit(due.draft)
    assert done.shift is not None and done.shift.clock_out == at(17, 45)
    assert done.worked == timedelta(hours=8, minutes=45)


def test_any_check_before_the_terminals_last_record_is_refused(
    staffed: Services, clock: ManualClock
) -> None:
    s = staffed
    clock.set(at(12))
    s.checks.submit(answered(s, "E003", START_OF_SHIFT))
    clock.set(at(10))  # set back two hours: another employee's start check
    draft = answered(s, "E002", START_OF_SHIFT)
    with pytest.raises(ClockLooksWrong) as info:
        s.checks.submit(draft)
    assert info.value.behind.reference is ClockReference.LAST_RECORD
    assert info.value.behind.after == at(12)
    assert [r.employee_id for r in records(s)] == ["E003"]
    assert s.store.load_draft("E002") is not None


def test_records_from_other_terminals_do_not_count_as_this_terminals_last(
    staffed: Services, clock: ManualClock
) -> None:
    s = staffed
    clock.set(at(10))
    other = CheckRecord(
        id="6f1c2f7e-7f0e-4d4e-9d1a-0c5a3b0e9a11",
        store_id="S001",
        terminal_id="T2",
        employee_id="E003",
        checklist=START_OF_SHIFT,
        checklist_version="1",
        started_at=at(11),
        submitted_at=at(11, 1),
        answers=(),
    )
    s.store.add(other, local=False)
    assert s.store.last_local_record_time() is None
    done = s.checks.submit(answered(s, "E002", START_OF_SHIFT))
    assert done.record.started_at == at(10)
    assert s.store.last_local_record_time() == at(10)
