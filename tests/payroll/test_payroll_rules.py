"""Payroll rules on the seeded stores: hours, break, rounding, daily and weekly overtime."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shiftcheck.config import PayrollConfig
from shiftcheck.domain.payroll import (
    OvertimeRules,
    PayrollRow,
    pay_shifts,
    split_name,
)
from shiftcheck.domain.shifts import PayRules, ShiftStatus, pair_shifts
from shiftcheck.domain.weeks import week_start_of
from shiftcheck.services.context import open_services
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.payroll import PayrollReport, PayrollService
from shiftcheck.store import DataStore
from tests.payroll.conftest import RULES, SH, Seeder, reconfigure

WEEK = (date(2026, 11, 23), date(2026, 11, 29))


def report(
    folder: Path, first: date, last: date, employees: list[str] | None = None
) -> PayrollReport:
    s = open_services(folder, writer=False)
    try:
        return PayrollService(s.store, s.config).report(first, last, employees)
    finally:
        s.close()


def row(rep: PayrollReport, employee: str, day: str) -> PayrollRow:
    (found,) = [r for r in rep.rows if r.employee_id == employee and r.date.isoformat() == day]
    return found


def test_ordinary_overnight_open_and_corrected_shifts(shanghai: Path) -> None:
    rep = report(shanghai, *WEEK)
    ordinary = row(rep, "E002", "2026-11-23")
    assert ordinary.status is ShiftStatus.COMPLETE
    assert ordinary.worked_minutes == Decimal("511.75")
    assert ordinary.break_minutes == 30 and ordinary.paid_hours == Decimal("8.03")
    overnight = row(rep, "E002", "2026-11-24")  # 22:00 → 06:07:30 next day, one row
    assert overnight.clock_out is not None and overnight.clock_out.date() == date(2026, 11, 25)
    assert overnight.paid_hours == Decimal("7.63")
    assert not [r for r in rep.rows if r.date == date(2026, 11, 25) and r.clock_in.hour == 0]
    open_ = row(rep, "E002", "2026-11-26")
    assert open_.status is ShiftStatus.OPEN and open_.clock_out is None
    assert open_.paid_hours is None and open_.regular_hours is None
    assert "no_end_check" in open_.flags
    fixed = row(rep, "E002", "2026-11-27")
    assert fixed.status is ShiftStatus.CORRECTED
    assert (fixed.corrected_by, fixed.correction_reason) == ("E001", "CCTV: left at 17:10")
    assert fixed.clock_out == datetime(2026, 11, 27, 17, 10, tzinfo=SH)
    assert fixed.recorded_clock_out == datetime(2026, 11, 27, 21, 40, tzinfo=SH)
    closed_by_supervisor = row(rep, "E004", "2026-11-24")
    assert closed_by_supervisor.status is ShiftStatus.CORRECTED
    assert closed_by_supervisor.paid_hours == Decimal("6.00")
    assert "no_end_check" in closed_by_supervisor.flags


def test_totals_count_checks_failed_items_and_forms(shanghai: Path) -> None:
    rep = report(shanghai, *WEEK)
    totals = {t.employee_id: t for t in rep.totals}
    li = totals["E002"]
    assert (li.shifts, li.open_shifts, li.checks_missed, li.forms_handed_in) == (7, 1, 1, 11)
    assert li.paid_hours == Decimal("45.91") == li.regular_hours + li.overtime_hours
    amy = totals["E003"]
    assert (amy.shifts, amy.failed_items, amy.forms_handed_in) == (3, 2, 3)
    assert totals["E004"].checks_missed == 1 and totals["E004"].open_shifts == 0
    assert "E004" in totals and "E999" not in totals


def test_break_only_for_shifts_over_the_limit(shanghai: Path) -> None:
    rep = report(shanghai, *WEEK)
    assert row(rep, "E004", "2026-11-24").break_minutes == 0  # exactly 6 h: not over 6 h
    assert row(rep, "E001", "2026-11-29").break_minutes == 0
    assert row(rep, "E003", "2026-11-23").break_minutes == 30


def test_daily_then_weekly_overtime(shanghai: Path) -> None:
    rep = report(shanghai, *WEEK)
    # 10:02:59 → 20:33:00, minus 30 min break = 600 min paid: 2 h over the 8 h day
    long_day = row(rep, "E002", "2026-11-25")
    assert (long_day.regular_hours, long_day.overtime_hours) == (Decimal("8.00"), Decimal("2.00"))
    # Sunday: regular time of the week so far is 2362 min 28 s (daily overtime not counted),
    # so 37 min 32 s of its 240 minutes fit under 40 h and 202 min 28 s are weekly overtime.
    sunday = row(rep, "E002", "2026-11-29")
    assert sunday.overtime_minutes == Decimal(240 * 60 - (2400 * 60 - (2362 * 60 + 28))) / 60
    assert (sunday.regular_hours, sunday.overtime_hours) == (Decimal("0.63"), Decimal("3.37"))


def test_week_that_began_before_the_period_counts(shanghai: Path) -> None:
    reconfigure(
        shanghai,
        PayrollConfig(
            weekly_overtime_hours=30, week_start="sunday", break_after_hours=6, break_minutes=30
        ),
    )
    # Amy works 10 h paid on Sun 22, Mon 23, Tue 24, Wed 25. The week starts on Sunday 22.
    rep = report(shanghai, date(2026, 11, 23), date(2026, 11, 25), ["E003"])
    assert [r.date.day for r in rep.rows] == [23, 24, 25]  # Sunday itself is not exported
    assert [r.overtime_hours for r in rep.rows] == [
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("10.00"),
    ]
    whole = report(shanghai, date(2026, 11, 22), date(2026, 11, 28), ["E003"])
    assert [r.overtime_hours for r in whole.rows][1:] == [r.overtime_hours for r in rep.rows]
    # With weeks starting on Monday the same shifts have no weekly overtime.
    reconfigure(
        shanghai,
        RULES.model_copy(update={"weekly_overtime_hours": 30, "daily_overtime_hours": None}),
    )
    monday = report(shanghai, date(2026, 11, 23), date(2026, 11, 25), ["E003"])
    assert [r.overtime_hours for r in monday.rows] == [Decimal("0.00")] * 3  # exactly 30 h


@pytest.mark.parametrize(
    ("step", "clock_in", "clock_out", "paid"),
    [
        (0, "10:02:59", "20:33:00", "10.00"),
        (5, "10:05:00", "20:35:00", "10.00"),
        (6, "10:00:00", "20:36:00", "10.10"),
        (15, "10:00:00", "20:30:00", "10.00"),
    ],
)
def test_each_rounding_mode(
    shanghai: Path, step: int, clock_in: str, clock_out: str, paid: str
) -> None:
    reconfigure(shanghai, RULES.model_copy(update={"rounding_minutes": step}))
    r = row(report(shanghai, *WEEK), "E002", "2026-11-25")
    assert r.clock_in.time().isoformat() == clock_in
    assert r.clock_out is not None and r.clock_out.time().isoformat() == clock_out
    assert r.paid_hours == Decimal(paid)
    assert r.recorded_clock_in.time().isoformat() == "10:02:59"  # raw time kept beside


def test_dst_day_in_new_york(new_york: Path) -> None:
    rep = report(new_york, date(2026, 10, 31), date(2026, 11, 1))
    overnight = row(rep, "E101", "2026-10-31")
    assert overnight.worked_minutes == 540  # 22:00 EDT → 06:00 EST is 9 h of real time
    assert overnight.clock_in.utcoffset() == timedelta(hours=-4)
    assert overnight.clock_out is not None and overnight.clock_out.utcoffset() == timedelta(
        hours=-5
    )
    repeated_hour = row(rep, "E102", "2026-11-01")
    assert repeated_hour.worked_minutes == 120  # 00:30 EDT → the second 01:30 (EST)


def test_unknown_employee_and_reversed_period_are_refused(shanghai: Path) -> None:
    with pytest.raises(ServiceError) as exc:
        report(shanghai, *WEEK, employees=["E002", "E999"])
    assert "E999" in exc.value.message("en") and exc.value.key == "payroll.unknown_employee"
    with pytest.raises(ServiceError) as exc:
        report(shanghai, WEEK[1], WEEK[0])
    assert exc.value.key == "payroll.bad_period"


def test_requested_employee_without_shifts_gets_zero_totals(shanghai: Path) -> None:
    rep = report(shanghai, *WEEK, employees=["E002", "E004", "E001"])
    assert {t.employee_id for t in rep.totals} == {"E001", "E002", "E004"}
    rep = report(shanghai, date(2026, 12, 1), date(2026, 12, 2), employees=["E003"])
    assert rep.rows == () and rep.totals[0].shifts == 0 and rep.totals[0].paid_hours == 0


def test_daily_limit_splits_the_shift_that_crosses_it() -> None:
    s = Seeder("S001", SH)
    s.shift("E1", s.at(2026, 11, 23, 6), s.at(2026, 11, 23, 11))  # 5 h
    s.shift("E1", s.at(2026, 11, 23, 12), s.at(2026, 11, 23, 17))  # 5 h: 3 h regular, 2 h OT
    s.shift("E1", s.at(2026, 11, 23, 22), s.at(2026, 11, 24, 2))  # overnight: still the 23rd
    records = [d for d in s.docs if not hasattr(d, "target")]
    shifts = pair_shifts(records).shifts  # type: ignore[arg-type]
    pays = pay_shifts(shifts, SH, PayRules(), OvertimeRules(daily_minutes=Decimal(480)))
    assert [p.overtime_minutes for p in pays] == [0, 120, 240]
    assert [p.regular_hours for p in pays] == [Decimal("5.00"), Decimal("3.00"), Decimal("0.00")]


def test_week_start_and_names() -> None:
    assert week_start_of(date(2026, 11, 25), 0) == date(2026, 11, 23)
    assert week_start_of(date(2026, 11, 25), 6) == date(2026, 11, 22)
    assert week_start_of(date(2026, 11, 22), 6) == date(2026, 11, 22)
    assert split_name("Amy Chen") == ("Amy", "Chen")
    assert split_name("Mary Ann Lee") == ("Mary Ann", "Lee")
    assert split_name("李娜") == ("娜", "李")
    assert split_name("Cher") == ("Cher", "")
    with pytest.raises(ValueError):
        OvertimeRules(daily_minutes=Decimal(0))


def test_shift_order_inside_a_day_is_by_clock_in_even_across_zones() -> None:
    # The same instants written with different offsets count in real-time order.
    s = Seeder("S001", SH)
    late = s.start("E1", s.at(2026, 11, 23, 15))
    s.end("E1", s.at(2026, 11, 23, 20))
    early_in = datetime(2026, 11, 23, 1, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 Shanghai
    s.start("E1", early_in)
    s.end("E1", datetime(2026, 11, 23, 6, 0, tzinfo=ZoneInfo("UTC")))
    records = [d for d in s.docs if not hasattr(d, "target")]
    pays = pay_shifts(
        pair_shifts(records).shifts, SH, PayRules(), OvertimeRules(daily_minutes=Decimal(480))
    )  # type: ignore[arg-type]
    by_id = {p.shift.id: p for p in pays}
    assert by_id[late.id].overtime_minutes == 120


def test_flags_long_fast_and_missing_end_check(shanghai: Path) -> None:
    s = Seeder("S001", SH, n=1000)  # ids after the seeded scenario's
    s.shift("E004", s.at(2026, 11, 30, 8, 0), s.at(2026, 11, 30, 21, 1))  # 13 h 01 min
    with DataStore.open(shanghai) as store:
        store.add_many(s.docs, local=True)
    rep = report(shanghai, date(2026, 11, 23), date(2026, 11, 30))
    assert row(rep, "E004", "2026-11-30").flags == ("long",)  # over max_shift_hours (12)
    assert row(rep, "E001", "2026-11-29").flags == ("fast",)
    assert row(rep, "E002", "2026-11-27").flags == ()  # 12 h 45 recorded, 8 h 15 corrected
    assert row(rep, "E002", "2026-11-23").flags == ()


def test_an_end_check_no_start_opened_counts_as_a_missed_check(shanghai: Path) -> None:
    """E001 forgot the start check on Thursday but did the end check: no shift (no hours),
    one missed check, and the end check's failed item and forms still count."""
    before = {t.employee_id: t for t in report(shanghai, *WEEK).totals}["E001"]
    seeder = Seeder("S001", SH)
    seeder.n = 900
    seeder.end("E001", seeder.at(2026, 11, 26, 18, 0), forms=4, failed=("desk_cleared",))
    with DataStore.open(shanghai) as store:
        store.add_many(seeder.docs, local=True)
    rep = report(shanghai, *WEEK)
    after = {t.employee_id: t for t in rep.totals}["E001"]
    assert (after.shifts, after.paid_hours) == (before.shifts, before.paid_hours)
    assert after.checks_missed == before.checks_missed + 1
    assert after.failed_items == before.failed_items + 1
    assert after.forms_handed_in == before.forms_handed_in + 4
    # outside the period it does not count
    later = {
        t.employee_id: t for t in report(shanghai, date(2026, 11, 27), date(2026, 11, 29)).totals
    }
    assert later["E001"].checks_missed == before.checks_missed
