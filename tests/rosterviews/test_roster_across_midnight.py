"""A plan starting at midnight, worked by someone who clocked in the evening before: every
reader (the day view, a one-day period, payroll of that day) matches it to that shift, as a
week's payroll does; none calls it a no-show."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from pathlib import Path

from shiftcheck.config import load_config
from shiftcheck.domain.records import PlannedShift
from shiftcheck.domain.roster import FLAG_NO_SHOW, FLAG_UNSCHEDULED
from shiftcheck.services.context import open_services, save_config, supervisor_tools
from shiftcheck.services.payroll import PayrollService
from shiftcheck.store import DataStore
from tests.payroll.test_payroll_roster import NOW, SH

WEDNESDAY = date(2026, 11, 25)
"""李娜 (E002) clocked in Tuesday 22:00 and out Wednesday 06:07 (the seeded overnight shift)."""


def plan_wednesday_night(folder: Path) -> None:
    """李娜 planned Wednesday 00:00–06:00 (the night part of her Tuesday-evening shift)."""
    version = PlannedShift(
        id=str(uuid.UUID(int=3000)),
        plan=str(uuid.UUID(int=4000)),
        store_id="S001",
        employee_id="E002",
        day=WEDNESDAY,
        start=time(0, 0),
        end=time(6, 0),
        note="",
        deleted=False,
        by="E001",
        at=datetime(2026, 11, 20, 18, 0, tzinfo=SH),
    )
    with DataStore.open(folder) as store:
        store.add_many([version], local=True)


def test_a_midnight_plan_meets_the_shift_clocked_in_the_evening_before(shanghai: Path) -> None:
    plan_wednesday_night(shanghai)
    s = open_services(shanghai, writer=False)
    try:
        summary = supervisor_tools(s).summary
        day = summary.day(WEDNESDAY, NOW)
        tuesday = summary.day(date(2026, 11, 24), NOW)
        period = summary.period(WEDNESDAY, WEDNESDAY, NOW)
        one_day = PayrollService(s.store, s.config, now=NOW).report(WEDNESDAY, WEDNESDAY)
        week = PayrollService(s.store, s.config, now=NOW).report(
            date(2026, 11, 23), date(2026, 11, 29)
        )
    finally:
        s.close()
    assert day.no_shows == 0
    assert all(FLAG_NO_SHOW not in r.flags for r in day.rows)
    e002 = next(r for r in tuesday.rows if r.employee_id == "E002")
    assert FLAG_UNSCHEDULED not in e002.flags and e002.plan is not None
    assert period.no_shows == 0  # a one-day period is read like the day
    assert {t.employee_id: t.no_shows for t in week.totals}["E002"] == 0
    assert {t.employee_id: t.no_shows for t in one_day.totals}["E002"] == 0


def test_payroll_of_the_plans_day_without_weekly_overtime_matches_it_too(shanghai: Path) -> None:
    """Without weekly overtime payroll reads no day before the period: the evening shift
    must still be found for the comparison."""
    config = load_config(shanghai)
    assert config is not None
    payroll = config.payroll.model_copy(update={"weekly_overtime_hours": None})
    save_config(shanghai, config.model_copy(update={"payroll": payroll}))
    plan_wednesday_night(shanghai)
    s = open_services(shanghai, writer=False)
    try:
        one_day = PayrollService(s.store, s.config, now=NOW).report(WEDNESDAY, WEDNESDAY)
    finally:
        s.close()
    assert {t.employee_id: t.no_shows for t in one_day.totals}["E002"] == 0
    assert {t.employee_id: t.planned_hours for t in one_day.totals}["E002"] == 6
