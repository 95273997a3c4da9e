"""The roster in payroll: flags on shift rows, planned columns and roster totals.

Only for a store that has a roster (any roster document stored): without one, rows and totals
are exactly what they were, and so are the export files' bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from shiftcheck.domain.payroll import NO_HOURS, EmployeeTotals, PayrollRow
from shiftcheck.domain.records import PlannedShift
from shiftcheck.domain.roster import (
    FLAG_LATE,
    FLAG_NO_SHOW,
    RosterComparison,
    RosterRules,
    compare_roster,
    current_plans,
)
from shiftcheck.domain.shifts import Shift

_SIXTY = Decimal(60)
_HUNDREDTH = Decimal("0.01")


def roster_comparison(
    versions: Sequence[PlannedShift],
    shifts: Sequence[Shift],
    first: date,
    last: date,
    tz: ZoneInfo,
    rules: RosterRules,
    now: datetime,
) -> RosterComparison:
    """Plans dated a day around `first`..`last` (so overnight ones meet their shifts) compared
    with the shifts read for the period."""
    plans = [
        p
        for p in current_plans(versions)
        if first - timedelta(days=1) <= p.day <= last + timedelta(days=1)
    ]
    return compare_roster(plans, shifts, tz, rules, now)


def with_roster(
    row: PayrollRow, shift: Shift, comparison: RosterComparison, tz: ZoneInfo
) -> PayrollRow:
    """`row` with its roster flags and its plan's start, end and minutes."""
    flags = comparison.flags_of(shift)
    match = comparison.by_shift.get(shift.id)
    if not flags and match is None:
        return row
    return row._replace(
        flags=tuple(sorted({*row.flags, *flags})),
        planned_start=match.planned_start.astimezone(tz) if match else None,
        planned_end=match.planned_end.astimezone(tz) if match else None,
        planned_minutes=match.planned_minutes if match else None,
    )


def roster_totals(
    totals: list[EmployeeTotals],
    rows: Sequence[PayrollRow],
    comparison: RosterComparison,
    first: date,
    last: date,
    names: dict[str, str],
    wanted: Sequence[str] | None,
) -> list[EmployeeTotals]:
    """Totals with `late`, `no_shows` and `planned_hours`; an employee planned in the period
    but with no shift gets a line of their own."""
    late: dict[str, int] = defaultdict(int)
    for row in rows:
        if FLAG_LATE in row.flags:
            late[row.employee_id] += 1
    no_shows: dict[str, int] = defaultdict(int)
    planned: dict[str, Decimal] = defaultdict(Decimal)
    for match in comparison.plans:
        plan = match.plan
        if not first <= plan.day <= last or (wanted and plan.employee_id not in wanted):
            continue
        planned[plan.employee_id] += match.planned_minutes
        if FLAG_NO_SHOW in match.flags:
            no_shows[plan.employee_id] += 1
    have = {t.employee_id for t in totals}
    out = list(totals)
    for employee_id in sorted(planned.keys() - have):
        out.append(
            EmployeeTotals(
                employee_id, names.get(employee_id, ""), 0, NO_HOURS, NO_HOURS, NO_HOURS, 0, 0, 0, 0
            )
        )
    return [
        replace(
            t,
            late=late.get(t.employee_id, 0),
            no_shows=no_shows.get(t.employee_id, 0),
            planned_hours=(planned.get(t.employee_id, Decimal(0)) / _SIXTY).quantize(_HUNDREDTH)
            + NO_HOURS,
        )
        for t in out
    ]
