"""Forgotten clock-outs: an open shift older than `max_shift_hours` asks the employee first.

Issue 11 §3, with the injected clock: clocked in Friday 10:00, no clock-out, back on Saturday at
08:30 (22 h 30 min later) or Sunday 16:00 (54 h later).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT
from shiftcheck.domain.shifts import FLAG_MISSED_CLOCK_OUT
from shiftcheck.services.checks import ForgottenChoice, Submitted
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, supervisor_tools
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.payroll import PayrollService
from shiftcheck.services.summary import FLAG_LONG
from tests.conftest import TZ
from tests.services.test_checks import answer_all

FRIDAY_10 = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)


def check(s: Services, employee_id: str, checklist: str, clock: ManualClock) -> Submitted:
    """Begin, answer (all pass) and submit a check."""
    return s.checks.submit(answer_all(s, s.checks.begin(employee_id, checklist), clock))


@pytest.fixture
def forgot(staffed: Services, clock: ManualClock) -> Submitted:
    """E002 clocked in on Friday at 10:00 and never clocked out; the clock at Saturday 08:30."""
    clock.set(FRIDAY_10)
    started = check(staffed, "E002", START_OF_SHIFT, clock)
    clock.set(datetime(2026, 11, 28, 8, 30, tzinfo=TZ))
    return started


def test_within_max_shift_hours_the_end_check_is_due(staffed: Services, clock: ManualClock) -> None:
    clock.set(FRIDAY_10)
    check(staffed, "E002", START_OF_SHIFT, clock)
    clock.advance(hours=11, minutes=50)
    due = staffed.checks.due("E002")
    assert due.checklist.id == END_OF_SHIFT and not due.forgotten
    assert due.open_shift is not None


def test_after_max_shift_hours_the_employee_chooses_first(
    staffed: Services, forgot: Submitted
) -> None:
    due = staffed.checks.due("E002")
    assert due.forgotten and due.draft is None
    assert due.open_shift is not None and due.open_shift.id == forgot.record.id
    assert due.open_shift.clock_in == forgot.record.started_at
    assert staffed.store.load_draft("E002") is None  # nothing begun before the choice


def test_after_more_than_a_day_it_still_asks(staffed: Services, clock: ManualClock) -> None:
    # Before: after 24 h the kiosk silently opened a new start check.
    clock.set(FRIDAY_10)
    check(staffed, "E002", START_OF_SHIFT, clock)
    clock.set(datetime(2026, 11, 29, 16, 0, tzinfo=TZ))
    due = staffed.checks.due("E002")
    assert due.forgotten and due.open_shift is not None


def test_start_today_leaves_the_old_shift_open_and_flagged(
    staffed: Services, clock: ManualClock, forgot: Submitted
) -> None:
    started = staffed.checks.choose("E002", ForgottenChoice.START_TODAY)
    assert started.checklist.id == START_OF_SHIFT and started.open_shift is None
    assert staffed.store.load_draft("E002") == started.draft
    staffed.checks.submit(answer_all(staffed, started.draft, clock))

    # The new shift is the current one: the next PIN opens its end check, no choice.
    due = staffed.checks.due("E002")
    assert due.checklist.id == END_OF_SHIFT and not due.forgotten
    assert due.open_shift is not None and due.open_shift.id != forgot.record.id

    tools = supervisor_tools(staffed)
    friday = tools.summary.day(FRIDAY_10.date(), clock(), actor="E001")
    old = next(r for r in friday.rows if r.shift is not None)
    assert old.shift is not None and old.shift.clock_out is None  # never closed for them
    assert old.flags == (FLAG_MISSED_CLOCK_OUT, FLAG_LONG)  # in place of `open`
    forgotten = tools.corrections.forgotten(actor="E001")
    assert [s.id for s in forgotten] == [forgot.record.id]
    assert forgotten[0].missed_clock_out

    report = PayrollService(staffed.store, staffed.config).report(FRIDAY_10.date(), clock().date())
    flags = {r.date.isoformat(): r.flags for r in report.rows}
    assert FLAG_MISSED_CLOCK_OUT in flags["2026-11-27"]
    assert FLAG_MISSED_CLOCK_OUT not in flags["2026-11-28"]


def test_end_that_shift_now_records_it_flagged_long(
    staffed: Services, clock: ManualClock, forgot: Submitted
) -> None:
    started = staffed.checks.choose("E002", ForgottenChoice.END_SHIFT)
    assert started.checklist.id == END_OF_SHIFT
    assert started.open_shift is not None and started.open_shift.id == forgot.record.id
    done = staffed.checks.submit(answer_all(staffed, started.draft, clock))
    assert done.shift is not None and done.shift.id == forgot.record.id
    assert done.worked is not None and done.worked.total_seconds() > 22 * 3600
    assert staffed.checks.due("E002").checklist.id == START_OF_SHIFT

    tools = supervisor_tools(staffed)
    row = next(r for r in tools.summary.day(FRIDAY_10.date(), clock(), actor="E001").rows)
    assert FLAG_LONG in row.flags and FLAG_MISSED_CLOCK_OUT not in row.flags
    report = PayrollService(staffed.store, staffed.config).report(
        FRIDAY_10.date(), FRIDAY_10.date()
    )
    assert [r.flags for r in report.rows] == [("long",)]


def test_ending_a_shift_days_old_still_finds_it(staffed: Services, clock: ManualClock) -> None:
    clock.set(FRIDAY_10)
    first = check(staffed, "E002", START_OF_SHIFT, clock)
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=TZ))  # five days later
    started = staffed.checks.choose("E002", ForgottenChoice.END_SHIFT)
    done = staffed.checks.submit(answer_all(staffed, started.draft, clock))
    assert done.shift is not None and done.shift.id == first.record.id


def test_a_corrected_shift_is_not_forgotten(
    staffed: Services, clock: ManualClock, forgot: Submitted
) -> None:
    tools = supervisor_tools(staffed)
    shift = tools.corrections.shift_on("E002", FRIDAY_10.date(), actor="E001")
    tools.corrections.correct(
        shift, "clock_out", FRIDAY_10.replace(hour=18), "forgot to check out", actor="E001"
    )
    due = staffed.checks.due("E002")
    assert due.checklist.id == START_OF_SHIFT and not due.forgotten


def test_choosing_without_a_forgotten_shift_is_refused(
    staffed: Services, clock: ManualClock
) -> None:
    with pytest.raises(ServiceError, match="no forgotten clock-out"):
        staffed.checks.choose("E002", ForgottenChoice.START_TODAY)
    check(staffed, "E002", START_OF_SHIFT, clock)
    clock.advance(hours=2)
    with pytest.raises(ServiceError, match="no forgotten clock-out"):
        staffed.checks.choose("E002", ForgottenChoice.END_SHIFT)
    assert staffed.store.load_draft("E002") is None


def test_a_draft_for_the_old_shift_resumes_against_it(
    staffed: Services, clock: ManualClock, forgot: Submitted
) -> None:
    staffed.checks.choose("E002", ForgottenChoice.END_SHIFT)  # then the terminal dies
    due = staffed.checks.due("E002")
    assert due.draft is not None and due.checklist.id == END_OF_SHIFT
    assert due.open_shift is not None and due.open_shift.id == forgot.record.id
