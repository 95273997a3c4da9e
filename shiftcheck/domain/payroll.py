"""Payroll rules: per-shift paid, regular and overtime time, and totals per employee.

Pure: shifts, the store's zone and the rules come in as arguments.

How overtime is found, for each employee separately:

1. Each closed shift's paid minutes come from `shift_hours` (clock times rounded, then the
   unpaid break taken off). Open shifts have no hours and take no part.
2. The employee's closed shifts are walked in clock-in order (ties by shift id).
3. **Daily.** A shift counts towards its own date (the clock-in's local date; an overnight shift
   is never split). Paid minutes of the date beyond `daily_minutes` are daily overtime: the
   shift that crosses the limit has only its part beyond it counted as overtime.
4. **Weekly.** What is left of each shift after daily overtime (its regular minutes so far)
   counts towards the shift's week (the week holding its date, starting on `week_start`).
   Regular minutes of the week beyond `weekly_minutes` become weekly overtime, in the same way.
   Daily overtime never counts towards the weekly limit, so no minute is overtime twice.
5. overtime = daily overtime + weekly overtime; regular = paid − overtime.

Callers must pass the shifts of the whole week that holds the first day of a period (see
`weeks.week_start_of`), so a week that began before the period counts its earlier shifts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from shiftcheck.domain.records import CheckRecord
from shiftcheck.domain.shifts import (
    FLAG_LONG,
    FLAG_MISSED_CLOCK_OUT,
    PayRules,
    Shift,
    ShiftHours,
    ShiftStatus,
    failed_items,
    forms_handed_in,
    hours_of_seconds,
    minutes_of_seconds,
    round_time,
    shift_hours,
    since_epoch,
    worked_too_long,
)
from shiftcheck.domain.weeks import week_start_of, weekday_number

FLAG_NO_END_CHECK = "no_end_check"
"""A shift with no end-of-shift check (open, or closed only by a supervisor's correction)."""

ZERO = Decimal(0)
NO_HOURS = Decimal("0.00")
"""Zero hours as every file writes hours: with two decimals."""


def _minutes_of_hours(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)) * 60


@dataclass(frozen=True, slots=True)
class OvertimeRules:
    """Overtime limits in paid minutes (None: no limit of that kind) and the week's first day."""

    daily_minutes: Decimal | None = None
    weekly_minutes: Decimal | None = None
    week_start: int = 0
    """0 = Monday … 6 = Sunday."""

    def __post_init__(self) -> None:
        if not 0 <= self.week_start <= 6:
            raise ValueError("week_start must be 0 (Monday) to 6 (Sunday)")
        for limit in (self.daily_minutes, self.weekly_minutes):
            if limit is not None and limit <= 0:
                raise ValueError("overtime limits must be above zero")

    @classmethod
    def from_hours(
        cls, daily: float | Decimal | None, weekly: float | Decimal | None, week_start: str
    ) -> OvertimeRules:
        """Rules from the config's hours (e.g. 8, 40) and weekday name (e.g. "monday")."""
        return cls(_minutes_of_hours(daily), _minutes_of_hours(weekly), weekday_number(week_start))


def _seconds_of(minutes: Decimal | None) -> int | Decimal | None:
    """A limit in minutes as seconds: a whole number whenever it is one (the usual case)."""
    if minutes is None:
        return None
    seconds = minutes * 60
    return int(seconds) if seconds == seconds.to_integral_value() else seconds


def _beyond(
    before: int | Decimal, added: int | Decimal, limit: int | Decimal | None
) -> int | Decimal:
    """How much of `added` seconds (on top of `before`) lies beyond `limit` (all exact)."""
    if limit is None:
        return 0
    return max(0, before + added - max(before, limit))


class ShiftPay(NamedTuple):
    """One shift's pay figures under the rules (a named tuple: one is made per shift, and a
    tuple is built several times faster than a frozen dataclass).

    Overtime is kept in exact seconds (as the paid time is), so a shift that is wholly overtime
    has exactly its paid time as overtime, and every figure is rounded once, from exact time.
    """

    shift: Shift
    date: date
    """The shift's date: the clock-in's local date (after corrections, before rounding)."""
    hours: ShiftHours | None
    """Rounded times, worked, break and paid minutes; None for an open shift."""
    daily_overtime_seconds: int | Decimal = 0
    weekly_overtime_seconds: int | Decimal = 0

    @property
    def paid_minutes(self) -> Decimal | None:
        """Paid minutes, None while open."""
        return self.hours.paid_minutes if self.hours is not None else None

    @property
    def overtime_seconds(self) -> int | Decimal:
        """Daily plus weekly overtime, in exact seconds."""
        return self.daily_overtime_seconds + self.weekly_overtime_seconds

    @property
    def overtime_minutes(self) -> Decimal:
        """Daily plus weekly overtime minutes."""
        return minutes_of_seconds(self.overtime_seconds)

    @property
    def paid_hours(self) -> Decimal | None:
        """Paid hours, two places; None while open."""
        return self.hours.paid_hours if self.hours is not None else None

    @property
    def overtime_hours(self) -> Decimal | None:
        """Overtime hours, two places (rounded once from exact seconds); None while open."""
        return hours_of_seconds(self.overtime_seconds) if self.hours is not None else None

    @property
    def regular_hours(self) -> Decimal | None:
        """Paid hours minus overtime hours, so the two always add up to the paid hours."""
        if self.hours is None:
            return None
        return self.hours.paid_hours - hours_of_seconds(self.overtime_seconds)


def pay_shifts(
    shifts: Iterable[Shift], tz: ZoneInfo, rules: PayRules, overtime: OvertimeRules
) -> list[ShiftPay]:
    """Pay figures of every shift, in the input's order (see the module text for overtime)."""
    shifts = list(shifts)
    by_employee: dict[str, list[int]] = defaultdict(list)
    for index, shift in enumerate(shifts):
        by_employee[shift.employee_id].append(index)
    result: list[ShiftPay | None] = [None] * len(shifts)
    daily_limit = _seconds_of(overtime.daily_minutes)
    weekly_limit = _seconds_of(overtime.weekly_minutes)
    for indexes in by_employee.values():
        day_used: dict[date, int | Decimal] = defaultdict(int)
        week_used: dict[date, int | Decimal] = defaultdict(int)
        mine = [(shifts[i].clock_in, i) for i in indexes]
        mine.sort(key=lambda pair: (since_epoch(pair[0]), shifts[pair[1]].id))
        for clock_in, i in mine:
            shift = shifts[i]
            day = clock_in.astimezone(tz).date()
            figures = shift_hours(shift, rules, clock_in)
            if figures is None:
                result[i] = ShiftPay(shift, day, None)
                continue
            paid = figures.paid_seconds
            daily = _beyond(day_used[day], paid, daily_limit)
            day_used[day] += paid
            regular = paid - daily
            week = week_start_of(day, overtime.week_start)
            weekly = _beyond(week_used[week], regular, weekly_limit)
            week_used[week] += regular
            result[i] = ShiftPay(shift, day, figures, daily, weekly)
    return [r for r in result if r is not None]


def split_name(name: str) -> tuple[str, str]:
    """(first name, last name) from one name field.

    A name with spaces: the last word is the last name ("Amy Chen" → "Amy", "Chen"). A name
    without spaces (e.g. Chinese "张伟"): the first character is the family (last) name.
    """
    name = name.strip()
    if " " in name:
        first, _, last = name.rpartition(" ")
        return first.strip(), last
    if len(name) > 1 and not name.isascii():
        return name[1:], name[0]
    return name, ""


class PayrollRow(NamedTuple):
    """One exported shift: every value payroll sees, typed (formatting is the writer's job).

    A named tuple, like `ShiftPay`: a year's export makes one per shift.
    """

    employee_id: str
    employee_name: str
    date: date
    clock_in: datetime
    """Clock-in after corrections and rounding, in the store's zone."""
    clock_out: datetime | None
    recorded_clock_in: datetime
    """Clock-in as the terminal recorded it (no correction, no rounding), in the store's zone."""
    recorded_clock_out: datetime | None
    worked_minutes: Decimal | None
    break_minutes: Decimal | None
    paid_minutes: Decimal | None
    overtime_minutes: Decimal | None
    paid_hours: Decimal | None
    regular_hours: Decimal | None
    overtime_hours: Decimal | None
    status: ShiftStatus
    corrected_by: str
    correction_reason: str
    start_failed_items: tuple[str, ...]
    end_failed_items: tuple[str, ...]
    forms_handed_in: int | None
    flags: tuple[str, ...]
    shift_id: str
    store_id: str
    planned_start: datetime | None = None
    """Start of the roster plan the shift matched (stores with a roster), in the store's zone."""
    planned_end: datetime | None = None
    planned_minutes: Decimal | None = None

    @property
    def regular_minutes(self) -> Decimal | None:
        """Paid minus overtime minutes; None while open."""
        if self.paid_minutes is None or self.overtime_minutes is None:
            return None
        return self.paid_minutes - self.overtime_minutes


def payroll_row(
    pay: ShiftPay, name: str, tz: ZoneInfo, rules: PayRules, max_shift_hours: float
) -> PayrollRow:
    """The export row of one shift (an open shift's clock-in is rounded like a closed one's)."""
    shift = pay.shift
    figures = pay.hours
    latest = None
    if shift.corrections:
        latest = max(shift.corrections, key=lambda c: (since_epoch(c.at), c.id))
    end = shift.end
    flags: tuple[str, ...] = shift.start.flags
    long = figures is not None and worked_too_long(figures, max_shift_hours)
    if end is None or end.flags or long:
        found = set(flags)
        if end is not None:
            found.update(end.flags)
        else:
            found.add(FLAG_NO_END_CHECK)
            if shift.missed_clock_out:
                found.add(FLAG_MISSED_CLOCK_OUT)
        if long:
            found.add(FLAG_LONG)
        flags = tuple(sorted(found))
    elif len(flags) > 1:
        flags = tuple(sorted(set(flags)))
    recorded_out = shift.recorded_clock_out
    paid_hours = overtime_minutes = overtime_hours = None
    if figures is not None:
        paid_hours = figures.paid_hours
        overtime_minutes = pay.overtime_minutes
        overtime_hours = pay.overtime_hours
    start = shift.start
    rounded_in = figures.clock_in if figures else round_time(shift.clock_in, rules.rounding_minutes)
    return PayrollRow(  # positional, in field order (see PayrollRow)
        shift.employee_id,
        name,
        pay.date,
        rounded_in.astimezone(tz),
        figures.clock_out.astimezone(tz) if figures else None,
        start.started_at.astimezone(tz),
        recorded_out.astimezone(tz) if recorded_out else None,
        figures.worked_minutes if figures else None,
        figures.break_minutes if figures else None,
        figures.paid_minutes if figures else None,
        overtime_minutes,
        paid_hours,
        # regular: paid − overtime, so the two always add up to the paid hours (as ShiftPay)
        paid_hours - overtime_hours
        if paid_hours is not None and overtime_hours is not None
        else None,
        overtime_hours,
        shift.status,
        latest.by if latest else "",
        latest.reason if latest else "",
        failed_items(start),
        failed_items(end),
        forms_handed_in(end),
        flags,
        start.id,
        start.store_id,
    )


@dataclass(frozen=True, slots=True)
class EmployeeTotals:
    """One employee's figures over a period; hours are sums of the rows' hours."""

    employee_id: str
    employee_name: str
    shifts: int
    paid_hours: Decimal
    regular_hours: Decimal
    overtime_hours: Decimal
    open_shifts: int
    checks_missed: int
    """Checks not done: end-of-shift checks of shifts without an end record (corrected or
    not), and start-of-shift checks missing before an end check that no start opened."""
    failed_items: int
    forms_handed_in: int
    late: int = 0
    """Shifts begun late against the roster (stores with a roster only, as the next two)."""
    no_shows: int = 0
    """Plans dated in the period with no shift at all."""
    planned_hours: Decimal = NO_HOURS
    """Hours of the plans dated in the period."""


def employee_totals(
    rows: Sequence[PayrollRow],
    orphan_ends: Sequence[CheckRecord] = (),
    names: Mapping[str, str] | None = None,
) -> list[EmployeeTotals]:
    """Totals per employee, by employee id.

    `orphan_ends` are end-of-shift checks of the period that no start check opened: each is a
    missed (start) check, and its failed items and forms count like any other check's. An
    employee with only such checks gets a line with no shifts, named from `names`.
    """
    grouped: dict[str, list[PayrollRow]] = defaultdict(list)
    for row in rows:
        grouped[row.employee_id].append(row)
    orphans: dict[str, list[CheckRecord]] = defaultdict(list)
    for record in orphan_ends:
        orphans[record.employee_id].append(record)
    out: list[EmployeeTotals] = []
    for employee_id in sorted(grouped.keys() | orphans.keys()):
        mine = grouped.get(employee_id, [])
        lone = orphans.get(employee_id, [])
        name = mine[0].employee_name if mine else (names or {}).get(employee_id, "")
        out.append(
            EmployeeTotals(
                employee_id=employee_id,
                employee_name=name,
                shifts=len(mine),
                paid_hours=sum((r.paid_hours or ZERO for r in mine), NO_HOURS),
                regular_hours=sum((r.regular_hours or ZERO for r in mine), NO_HOURS),
                overtime_hours=sum((r.overtime_hours or ZERO for r in mine), NO_HOURS),
                open_shifts=sum(1 for r in mine if r.status is ShiftStatus.OPEN),
                checks_missed=sum(1 for r in mine if FLAG_NO_END_CHECK in r.flags) + len(lone),
                failed_items=sum(len(r.start_failed_items) + len(r.end_failed_items) for r in mine)
                + sum(len(failed_items(r)) for r in lone),
                forms_handed_in=sum(r.forms_handed_in or 0 for r in mine)
                + sum(forms_handed_in(r) or 0 for r in lone),
            )
        )
    return out


def whole_minutes(minutes: Decimal) -> int:
    """Minutes rounded to a whole number, halves up."""
    return int(minutes.quantize(Decimal(1), rounding=ROUND_HALF_UP))
