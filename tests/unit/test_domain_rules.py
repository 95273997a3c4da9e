"""The rules that live once in the domain: a check's failed items and forms, the week, a shift's
status and its supervisor flags."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from shiftcheck.domain.checklist import FORMS_ITEM_ID, Answer, Result
from shiftcheck.domain.clock_rule import FLAG_CLOCK_BACKWARDS
from shiftcheck.domain.payroll import OvertimeRules, pay_shifts, payroll_row
from shiftcheck.domain.records import FLAG_FAST, fixed_offset
from shiftcheck.domain.shifts import (
    FLAG_CORRECTED,
    FLAG_LONG,
    FLAG_MISSED_CLOCK_OUT,
    FLAG_ON_SHIFT,
    FLAG_OPEN,
    FLAG_UNACKED,
    FLAGS,
    PayRules,
    Shift,
    ShiftStatus,
    failed_items,
    forms_handed_in,
    pair_shifts,
    shift_flags,
    shift_hours,
    worked_too_long,
)
from shiftcheck.domain.weeks import month_of, week_of, week_start_of, weekday_number
from tests.unit.factories import correction, end, start

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


def at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = SHANGHAI) -> datetime:
    """A stored time (fixed offset, as records carry) of a local wall-clock time."""
    return fixed_offset(datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz))


DAY = date(2026, 11, 27)


# -- a check's failed items and forms ----------------------------------------------------------


def test_failed_items_in_answer_order_and_none_without_a_check() -> None:
    answers = (
        Answer("phone_working", Result.FAIL, note="charged"),
        Answer("desk_tidy", Result.PASS),
        Answer("badge_worn", Result.FAIL, note="found it"),
        Answer("visitor_log", Result.NA),
    )
    record = start("E002", at(DAY, 9), answers=answers)
    assert failed_items(record) == ("phone_working", "badge_worn")
    assert failed_items(None) == ()


def test_forms_handed_in_only_from_a_whole_number_answer() -> None:
    def ended(*answers: Answer) -> object:
        return forms_handed_in(end("E002", at(DAY, 18), answers=answers))

    assert ended(Answer(FORMS_ITEM_ID, None, value=3)) == 3
    assert ended(Answer(FORMS_ITEM_ID, None, value=0)) == 0
    assert ended(Answer(FORMS_ITEM_ID, None, value="3")) is None
    assert ended(Answer("desk_tidy", Result.PASS)) is None
    assert forms_handed_in(None) is None


# -- the week ----------------------------------------------------------------------------------


def test_week_start_across_the_year_end() -> None:
    new_year = date(2027, 1, 1)  # a Friday
    assert week_start_of(new_year) == date(2026, 12, 28)
    assert week_start_of(new_year, weekday_number("sunday")) == date(2026, 12, 27)
    assert week_start_of(new_year, weekday_number("friday")) == new_year
    assert week_of(date(2026, 12, 31)) == (date(2026, 12, 28), date(2027, 1, 3))
    assert week_of(date(2027, 1, 2), 6) == (date(2026, 12, 27), date(2027, 1, 2))
    assert month_of(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert month_of(date(2028, 2, 3)) == (date(2028, 2, 1), date(2028, 2, 29))


def test_week_start_refuses_a_weekday_out_of_range() -> None:
    with pytest.raises(ValueError, match="week_start"):
        week_start_of(DAY, 7)
    with pytest.raises(ValueError):
        weekday_number("funday")


def test_payroll_weeks_are_the_same_weeks() -> None:
    """Overtime weeks start where `week_start_of` says, across the year end too."""
    rules = OvertimeRules(weekly_minutes=Decimal(60), week_start=6)
    shifts = pair_shifts(
        [
            start("E002", at(date(2026, 12, 26), 9)),  # Saturday: the week before
            end("E002", at(date(2026, 12, 26), 10)),
            start("E002", at(date(2026, 12, 27), 9)),  # Sunday: a new week begins
            end("E002", at(date(2026, 12, 27), 10)),
            start("E002", at(date(2027, 1, 2), 9)),  # Saturday of the same week
            end("E002", at(date(2027, 1, 2), 10)),
        ]
    ).shifts
    pays = pay_shifts(shifts, SHANGHAI, PayRules(), rules)
    assert [p.overtime_hours for p in pays] == [Decimal(0), Decimal(0), Decimal("1.00")]


# -- a shift's status --------------------------------------------------------------------------


def _row_status(shift: Shift) -> ShiftStatus:
    pay = pay_shifts([shift], SHANGHAI, PayRules(), OvertimeRules())[0]
    return payroll_row(pay, "", SHANGHAI, PayRules(), 12.0).status


def test_payroll_status_is_the_shifts_own() -> None:
    begun = start("E002", at(DAY, 9))
    closed = end("E002", at(DAY, 17))
    fixed_in = correction(begun, "clock_in", at(DAY, 8, 30), at(DAY, 20))
    fixed_out = correction(begun, "clock_out", at(DAY, 17), at(DAY, 20))
    cases = {
        ShiftStatus.OPEN: Shift("E002", begun, None),
        ShiftStatus.COMPLETE: Shift("E002", begun, closed),
    }
    corrected_open = Shift("E002", begun, None, (fixed_in,))
    corrected = Shift("E002", begun, closed, (fixed_in,))
    closed_by_supervisor = Shift("E002", begun, None, (fixed_out,))
    for expected, shift in cases.items():
        assert shift.status is expected and _row_status(shift) is expected
    for shift, expected in (
        (corrected_open, ShiftStatus.OPEN),
        (corrected, ShiftStatus.CORRECTED),
        (closed_by_supervisor, ShiftStatus.CORRECTED),
    ):
        assert shift.status is expected and _row_status(shift) is expected


# -- a shift's flags ---------------------------------------------------------------------------


def test_open_shift_is_on_shift_then_open_and_long() -> None:
    shift = Shift("E002", start("E002", at(DAY, 9)), None)
    assert shift_flags(shift, None, at(DAY, 20), 12.0) == (FLAG_ON_SHIFT,)
    assert shift_flags(shift, None, at(DAY, 21), 12.0) == (FLAG_ON_SHIFT,)  # exactly 12 h
    assert shift_flags(shift, None, at(DAY, 21, 1), 12.0) == (FLAG_OPEN, FLAG_LONG)


def test_superseded_shift_is_missed_clock_out_even_once_corrected() -> None:
    begun = start("E002", at(DAY, 9))
    missed = Shift("E002", begun, None, superseded=True)
    assert shift_flags(missed, None, at(DAY, 10), 12.0) == (FLAG_MISSED_CLOCK_OUT,)
    fixed = correction(begun, "clock_out", at(DAY, 17), at(DAY + timedelta(days=1), 9))
    closed = Shift("E002", begun, None, (fixed,), superseded=True)
    pay = shift_hours(closed, PayRules())
    flags = shift_flags(closed, pay, at(DAY + timedelta(days=1), 10), 12.0)
    assert flags == (FLAG_MISSED_CLOCK_OUT, FLAG_CORRECTED)


def test_every_other_flag_in_flags_order() -> None:
    forms = (Answer(FORMS_ITEM_ID, None, value=2),)
    begun = start("E002", at(DAY, 9))
    begun = replace(begun, flags=(FLAG_FAST,))
    closed = end("E002", at(DAY, 22), answers=forms)
    fixed = correction(begun, "clock_in", at(DAY, 8), at(DAY, 23))
    shift = Shift("E002", begun, closed, (fixed,))
    pay = shift_hours(shift, PayRules())
    now = at(DAY, 23)
    assert shift_flags(shift, pay, now, 12.0, clock_backwards=True) == (
        FLAG_LONG,
        FLAG_FAST,
        FLAG_CORRECTED,
        FLAG_UNACKED,
        FLAG_CLOCK_BACKWARDS,
    )
    acked = shift_flags(shift, pay, now, 12.0, acknowledged=True)
    assert FLAG_UNACKED not in acked
    assert set(FLAGS) >= set(acked)


def test_long_is_judged_on_the_rounded_times_payroll_uses() -> None:
    shift = Shift("E002", start("E002", at(DAY, 9, 3)), end("E002", at(DAY, 21, 7)))
    exact = shift_hours(shift, PayRules())
    rounded = shift_hours(shift, PayRules(rounding_minutes=15))
    assert exact is not None and rounded is not None
    assert worked_too_long(exact, 12.0)  # 12 h 4 min
    assert not worked_too_long(rounded, 12.0)  # 09:00–21:00
    row = payroll_row(
        pay_shifts([shift], SHANGHAI, PayRules(15), OvertimeRules())[0],
        "",
        SHANGHAI,
        PayRules(15),
        12.0,
    )
    assert (FLAG_LONG in row.flags) is (FLAG_LONG in shift_flags(shift, rounded, at(DAY, 22), 12))


def test_flags_count_real_time_on_dst_days() -> None:
    """On the spring-forward day 00:30–12:45 is 11 h 15 min of real time (12 h 15 min on the
    wall clock): not long. On the fall-back day 00:30–12:15 is 12 h 45 min: long."""
    spring, autumn = date(2026, 3, 8), date(2026, 11, 1)
    short = Shift(
        "E002",
        start("E002", at(spring, 0, 30, NEW_YORK)),
        end("E002", at(spring, 12, 45, NEW_YORK)),
    )
    pay = shift_hours(short, PayRules())
    assert pay is not None and pay.worked_minutes == 675
    assert shift_flags(short, pay, at(spring, 13, 0, NEW_YORK), 12.0) == ()
    long = Shift(
        "E002",
        start("E002", at(autumn, 0, 30, NEW_YORK)),
        end("E002", at(autumn, 12, 15, NEW_YORK)),
    )
    pay = shift_hours(long, PayRules())
    assert pay is not None and pay.worked_minutes == 765
    assert shift_flags(long, pay, at(autumn, 13, 0, NEW_YORK), 12.0) == (FLAG_LONG,)
    # open across the change: 11 h 30 min of real time at 12:00 on the spring-forward day
    running = Shift("E002", start("E002", at(spring, 0, 30, NEW_YORK)), None)
    local_now = datetime(2026, 3, 8, 12, 0, tzinfo=NEW_YORK)
    assert shift_flags(running, None, local_now, 12.0) == (FLAG_ON_SHIFT,)
    fall_now = datetime(2026, 11, 1, 12, 0, tzinfo=NEW_YORK)  # 12 h 30 min of real time
    running = Shift("E002", start("E002", at(autumn, 0, 30, NEW_YORK)), None)
    assert shift_flags(running, None, fall_now, 12.0) == (FLAG_OPEN, FLAG_LONG)


def test_running_and_forgotten_are_two_sides_of_max_hours() -> None:
    shift = Shift("E002", start("E002", at(DAY, 9)), None)
    for now in (at(DAY, 9), at(DAY, 21), at(DAY, 21, 1), at(DAY + timedelta(days=2), 9)):
        assert shift.is_running(now, 12.0) is not shift.is_forgotten(now, 12.0)
    closed = Shift("E002", shift.start, end("E002", at(DAY, 17)))
    assert not closed.is_running(at(DAY, 18), 12.0) and not closed.is_forgotten(at(DAY, 18), 12)
