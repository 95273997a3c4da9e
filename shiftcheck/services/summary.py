"""Team summaries for the supervisor: one day at a glance, and a period's completion and trends.

Everything is read through `HistoryService` over a `HistorySource` (the terminal's store, or the
chain's central database), so the screen, the command line and head office see the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT, Checklist, Result
from shiftcheck.domain.records import FLAG_FAST, Acknowledgement, CheckRecord, Correction
from shiftcheck.domain.roster import (
    FLAG_LATE,
    FLAG_NO_SHOW,
    PlanMatch,
    RosterComparison,
    RosterRules,
    RosterTally,
    compare_roster,
    tally_roster,
)
from shiftcheck.domain.shifts import (
    PayRules,
    Shift,
    ShiftHours,
    failed_items,
    forms_handed_in,
    shift_flags,
    shift_hours,
)
from shiftcheck.domain.staff import Employee
from shiftcheck.domain.weeks import MAX_PERIOD_DAYS
from shiftcheck.services.audit import Authorise
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.history import HistoryService, HistorySource

ACK_WINDOW_DAYS = 14
"""Forms can be acknowledged up to this many days after the shift's date (the pending list's
reach), so acknowledgements are looked for only that far after a day."""


def report_failure(error: ServiceError) -> ServiceError:
    """A central database failure as a report (summary, payroll) says it: the sync's own words
    ("stopped the sync … stay in the outbox") describe a sync, not a report that read nothing."""
    if error.key == "sync.db_failed":
        return ServiceError("reports.central_failed", **error.values)
    return error


class StaffDirectory(Protocol):
    """Names and roles of the staff (the terminal's staff list, or head office's)."""

    def list_staff(self, *, include_inactive: bool = False) -> list[Employee]:
        """Employees by id."""
        ...


def _no_check(actor: str | None) -> None:
    return None


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """How one submitted check went."""

    record: CheckRecord
    failed_items: tuple[str, ...]

    @property
    def failed(self) -> int:
        """How many items failed."""
        return len(self.failed_items)

    @property
    def fast(self) -> bool:
        """Submitted faster than the configured minimum per item."""
        return FLAG_FAST in self.record.flags


def outcome(record: CheckRecord | None) -> CheckOutcome | None:
    """The failed items of a check, or None when there is no check."""
    if record is None:
        return None
    return CheckOutcome(record, failed_items(record))


@dataclass(frozen=True, slots=True)
class DayRow:
    """One employee's shift that day (or the employee with no shift, `shift` None)."""

    employee_id: str
    name: str
    shift: Shift | None = None
    start: CheckOutcome | None = None
    end: CheckOutcome | None = None
    pay: ShiftHours | None = None
    """The shift's time under the store's pay rules, exactly as payroll counts it (rounded
    clock times, unpaid break); None while open."""
    forms: int | None = None
    acknowledgement: Acknowledgement | None = None
    flags: tuple[str, ...] = ()
    plan: PlanMatch | None = None
    """The planned shift this row worked (or missed), for a store with a roster."""

    @property
    def clock_in(self) -> datetime | None:
        """Clock-in after corrections."""
        return self.shift.clock_in if self.shift is not None else None

    @property
    def clock_out(self) -> datetime | None:
        """Clock-out after corrections (None while open)."""
        return self.shift.clock_out if self.shift is not None else None

    @property
    def worked_hours(self) -> Decimal | None:
        """Worked hours as payroll counts them (rounded clock times, before the break)."""
        return self.pay.worked_hours if self.pay is not None else None

    @property
    def paid_hours(self) -> Decimal | None:
        """Paid hours as payroll counts them (worked hours less the unpaid break)."""
        return self.pay.paid_hours if self.pay is not None else None

    @property
    def corrections(self) -> tuple[Correction, ...]:
        """Corrections made to the shift, oldest first."""
        return self.shift.corrections if self.shift is not None else ()

    @property
    def failed(self) -> int:
        """Failed items across both checks."""
        return sum(o.failed for o in (self.start, self.end) if o is not None)


@dataclass(frozen=True, slots=True)
class DayTotals:
    """The totals line of a day."""

    employees: int
    shifts: int
    on_shift: int
    """Open shifts still running (not yet past the maximum shift length)."""
    checked_out: int
    missing_checks: int
    """End checks missing from shifts no longer running (forgotten clock-outs)."""
    failed_items: int
    forms: int
    worked_hours: Decimal
    """Sum of the rows' worked hours (as payroll rounds them)."""
    paid_hours: Decimal
    """Sum of the rows' paid hours (the same figures as the payroll export's `paid_hours`)."""


@dataclass(frozen=True, slots=True)
class DaySummary:
    """The team's day."""

    day: date
    rows: tuple[DayRow, ...]
    totals: DayTotals
    roster: tuple[PlanMatch, ...] | None = None
    """The day's plans and how they were worked, for a store with a roster (None without)."""

    @property
    def late(self) -> int:
        """Plans of the day worked late (0 without a roster)."""
        return sum(1 for m in self.roster or () if FLAG_LATE in m.flags)

    @property
    def no_shows(self) -> int:
        """Plans of the day nobody worked, now overdue (0 without a roster)."""
        return sum(1 for m in self.roster or () if FLAG_NO_SHOW in m.flags)

    @property
    def planned_hours(self) -> Decimal:
        """Planned hours of the day."""
        minutes = sum((m.planned_minutes for m in self.roster or ()), Decimal(0))
        return (minutes / 60).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class EmployeePeriod:
    """One employee over a period."""

    employee_id: str
    name: str
    shifts: int
    checks_done: int
    checks_expected: int
    failed_items: int
    failed_by_item: dict[str, int] = field(default_factory=dict)
    roster: RosterTally | None = None
    """Plans, late arrivals, no-shows and planned minutes, for a store with a roster."""
    worked_hours: Decimal | None = None
    """Hours worked in the period as payroll counts them, for a store with a roster."""

    @property
    def completion(self) -> float:
        """Checks done / checks expected (1.0 with nothing expected)."""
        return self.checks_done / self.checks_expected if self.checks_expected else 1.0


@dataclass(frozen=True, slots=True)
class ItemRate:
    """How often one checklist item failed over a period."""

    item: str
    checklist: str
    answered: int
    failed: int

    @property
    def rate(self) -> float:
        """Failed / answered with pass or fail (N/A and counts excluded)."""
        return self.failed / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class DayTrend:
    """Completion of one day of a period."""

    day: date
    shifts: int
    checks_done: int
    checks_expected: int
    failed_items: int

    @property
    def completion(self) -> float | None:
        """Checks done / expected; None on a day with no shifts."""
        return self.checks_done / self.checks_expected if self.checks_expected else None


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """The team over `[first, last]`."""

    first: date
    last: date
    employees: tuple[EmployeePeriod, ...]
    items: tuple[ItemRate, ...]
    """Every item answered pass/fail in the period, highest failure rate first."""
    trend: tuple[DayTrend, ...]
    """One entry per day of the period."""
    has_roster: bool = False
    """Whether the store has a roster (each employee's `roster` and `worked_hours` are set)."""

    @property
    def late(self) -> int:
        """Late arrivals in the period (0 without a roster)."""
        return sum(e.roster.late for e in self.employees if e.roster is not None)

    @property
    def no_shows(self) -> int:
        """Planned shifts nobody worked (0 without a roster)."""
        return sum(e.roster.no_shows for e in self.employees if e.roster is not None)

    @property
    def planned_hours(self) -> Decimal:
        """Planned hours of the period."""
        minutes = sum((e.roster.planned_minutes for e in self.employees if e.roster), Decimal(0))
        return (minutes / 60).quantize(Decimal("0.01"))

    @property
    def worked_hours(self) -> Decimal:
        """Worked hours of the period as payroll counts them (with a roster)."""
        return sum((e.worked_hours or Decimal(0) for e in self.employees), Decimal("0.00"))

    @property
    def shifts(self) -> int:
        """Shifts in the period."""
        return sum(e.shifts for e in self.employees)

    @property
    def checks_done(self) -> int:
        """Checks submitted in the period's shifts."""
        return sum(e.checks_done for e in self.employees)

    @property
    def checks_expected(self) -> int:
        """Checks due in the period's shifts."""
        return sum(e.checks_expected for e in self.employees)

    @property
    def failed_items(self) -> int:
        """Failed items in the period."""
        return sum(e.failed_items for e in self.employees)


class SummaryService:
    """Day and period summaries of a store's team.

    `source` is where history is read (any `HistorySource`); `directory` gives names (default:
    the source's own staff list); `authorise` re-checks the acting supervisor on every call;
    `rules` are the store's pay rules, so the hours shown are the payroll export's.
    """

    def __init__(
        self,
        source: HistorySource,
        tz: ZoneInfo,
        *,
        max_shift_hours: float = 12.0,
        directory: StaffDirectory | None = None,
        checklists: Mapping[str, Checklist] | None = None,
        authorise: Authorise | None = None,
        rules: PayRules | None = None,
        roster_rules: RosterRules | None = None,
    ) -> None:
        self.history = HistoryService(source, tz, max_shift_hours)
        self.source = source
        self.roster_rules = roster_rules if roster_rules is not None else RosterRules()
        self.tz = tz
        self.rules = rules if rules is not None else PayRules()
        """The store's pay rules (rounding, unpaid break): hours are shown as payroll counts."""
        self.max_shift_hours = max_shift_hours
        self.directory: StaffDirectory = directory if directory is not None else source
        self.checklists = dict(checklists or {})
        self.authorise: Authorise = authorise or _no_check

    # -- helpers -----------------------------------------------------------------------------

    def names(self) -> dict[str, Employee]:
        """Every employee known to the directory, active or not, by id."""
        return {e.id: e for e in self.directory.list_staff(include_inactive=True)}

    def item_label(self, item_id: str, lang: str) -> str:
        """An item's text in `lang`, else its id."""
        for checklist in self.checklists.values():
            if checklist.has_item(item_id):
                return checklist.item(item_id).text.get(lang)
        return item_id

    def acknowledgements(self, first: date, last: date) -> dict[str, Acknowledgement]:
        """Acknowledgements of end checks of shifts dated `[first, last]`, by end record id."""
        found = self.history.documents(
            first, last + timedelta(days=ACK_WINDOW_DAYS), (Acknowledgement,)
        )
        return {a.record: a for a in found if isinstance(a, Acknowledgement)}

    def _row(
        self,
        shift: Shift,
        name: str,
        acks: Mapping[str, Acknowledgement],
        now: datetime,
        clock_backwards: AbstractSet[str] = frozenset(),
    ) -> DayRow:
        start, end = outcome(shift.start), outcome(shift.end)
        pay = shift_hours(shift, self.rules)
        forms = forms_handed_in(shift.end)
        ack = acks.get(shift.end.id) if shift.end is not None else None
        flags = shift_flags(
            shift,
            pay,
            now,
            self.max_shift_hours,
            acknowledged=ack is not None,
            clock_backwards=shift.id.lower() in clock_backwards,
        )
        return DayRow(
            employee_id=shift.employee_id,
            name=name,
            shift=shift,
            start=start,
            end=end,
            pay=pay,
            forms=forms,
            acknowledgement=ack,
            flags=flags,
        )

    def _running(self, shift: Shift, now: datetime) -> bool:
        return shift.is_running(now, self.max_shift_hours)

    # -- the day -----------------------------------------------------------------------------

    def day(self, day: date, now: datetime, *, actor: str | None = None) -> DaySummary:
        """One row per shift dated `day`, plus one per active employee with no shift that day."""
        self.authorise(actor)
        people = self.names()
        shifts = self.history.shifts(day, day)
        acks = self.acknowledgements(day, day)
        backwards = self.history.clock_backwards(day, day)
        rows = [
            self._row(
                s,
                people[s.employee_id].name if s.employee_id in people else "",
                acks,
                now,
                backwards,
            )
            for s in shifts
        ]
        working = {s.employee_id for s in shifts}
        rows.extend(
            DayRow(e.id, e.name) for e in people.values() if e.active and e.id not in working
        )
        roster = self._roster_day(day, shifts, now)
        if roster is not None:
            rows = with_roster_flags(rows, roster, people)
        rows.sort(key=lambda r: (r.shift is None, r.employee_id, r.clock_in or now))
        on_shift = sum(1 for s in shifts if self._running(s, now))
        closed = sum(1 for s in shifts if s.clock_out is not None)
        totals = DayTotals(
            employees=len({r.employee_id for r in rows}),
            shifts=len(shifts),
            on_shift=on_shift,
            checked_out=closed,
            missing_checks=len(shifts) - closed - on_shift,
            failed_items=sum(r.failed for r in rows),
            forms=sum(r.forms or 0 for r in rows),
            worked_hours=sum((r.worked_hours or Decimal(0) for r in rows), Decimal("0.00")),
            paid_hours=sum((r.paid_hours or Decimal(0) for r in rows), Decimal("0.00")),
        )
        return DaySummary(day, tuple(rows), totals, roster.plans if roster else None)

    def _roster_day(self, day: date, shifts: list[Shift], now: datetime) -> RosterComparison | None:
        """The day's plans compared with its shifts; None for a store without a roster."""
        return self._roster_between(day, day, shifts, now, around=0)

    def _roster_between(
        self, first: date, last: date, shifts: list[Shift], now: datetime, *, around: int
    ) -> RosterComparison | None:
        """Plans dated `around` days either side of `first`..`last` compared with `shifts`
        (from the terminal's store or the central database); None without a roster."""
        from shiftcheck.services.roster import plans_between, source_roster

        stored = source_roster(self.source)
        if not stored.versions:
            return None
        # In a day's view the shifts of the day before take part in the matching (a plan at
        # 00:00 meets the shift clocked in at 23:55 the evening before); only plans dated
        # `around` days either side of the period are reported.
        one = timedelta(days=1)
        plans = plans_between(stored, first - one, last + one)
        held = {s.id for s in shifts}
        near: list[Shift] = []
        if first == last:
            near = [s for s in self.history.shifts(first - one, first - one) if s.id not in held]
        found = compare_roster(plans, [*shifts, *near], self.tz, self.roster_rules, now)
        reach = timedelta(days=around)
        kept = tuple(m for m in found.plans if first - reach <= m.plan.day <= last + reach)
        return replace(found, plans=kept)

    def employee_day(
        self, employee_id: str, day: date, now: datetime, *, actor: str | None = None
    ) -> list[DayRow]:
        """The employee's shifts dated `day`, each with both checks' answers and notes."""
        self.authorise(actor)
        people = self.names()
        name = people[employee_id].name if employee_id in people else ""
        acks = self.acknowledgements(day, day)
        backwards = self.history.clock_backwards(day, day)
        return [
            self._row(s, name, acks, now, backwards)
            for s in self.history.shifts(day, day, [employee_id])
        ]

    # -- a period ----------------------------------------------------------------------------

    def period(
        self, first: date, last: date, now: datetime, *, actor: str | None = None
    ) -> PeriodSummary:
        """Completion per employee, failure rate per item and the daily trend of `[first, last]`."""
        self.authorise(actor)
        if last < first:
            raise ServiceError("supervisor.period_reversed", first=first, last=last)
        if (last - first).days + 1 > MAX_PERIOD_DAYS:
            raise ServiceError("supervisor.period_too_long", days=MAX_PERIOD_DAYS)
        people = self.names()
        shifts = self.history.shifts(first, last)
        per_emp: dict[str, list[Shift]] = defaultdict(list)
        days: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        answered: dict[tuple[str, str], int] = defaultdict(int)
        failed: dict[tuple[str, str], int] = defaultdict(int)
        emp_fail: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for shift in shifts:
            per_emp[shift.employee_id].append(shift)
            running = self._running(shift, now)
            done = 1 + (shift.end is not None)
            expected = 1 if running else 2
            fails = 0
            for record in (shift.start, shift.end):
                if record is None:
                    continue
                for a in record.answers:
                    if a.result in (Result.PASS, Result.FAIL):
                        answered[(record.checklist, a.item)] += 1
                    if a.result is Result.FAIL:
                        failed[(record.checklist, a.item)] += 1
                        emp_fail[shift.employee_id][a.item] += 1
                        fails += 1
            d = days[shift.local_date(self.tz)]
            d[0] += 1
            d[1] += done
            d[2] += expected
            d[3] += fails
        # overnight plans of the day before meet their shifts; only the period's plans count
        roster = self._roster_between(first, last, shifts, now, around=1)
        tallies = tally_roster(roster, first, last, self.tz) if roster is not None else {}
        employees: list[EmployeePeriod] = []
        everyone = set(per_emp) | {e.id for e in people.values() if e.active} | set(tallies)
        for employee_id in sorted(everyone):
            own = per_emp.get(employee_id, [])
            done = sum(1 + (s.end is not None) for s in own)
            expected = sum(1 if self._running(s, now) else 2 for s in own)
            by_item = dict(emp_fail.get(employee_id, {}))
            worked: Decimal | None = None
            if roster is not None:
                worked = Decimal("0.00")
                for s in own:
                    pay = shift_hours(s, self.rules)
                    worked += pay.worked_hours if pay is not None else Decimal(0)
            employees.append(
                EmployeePeriod(
                    employee_id=employee_id,
                    name=people[employee_id].name if employee_id in people else "",
                    shifts=len(own),
                    checks_done=done,
                    checks_expected=expected,
                    failed_items=sum(by_item.values()),
                    failed_by_item=by_item,
                    roster=tallies.get(employee_id, RosterTally()) if roster else None,
                    worked_hours=worked,
                )
            )
        order = {START_OF_SHIFT: 0, END_OF_SHIFT: 1}
        items = sorted(
            (
                ItemRate(item, cl, n, failed.get((cl, item), 0))
                for (cl, item), n in answered.items()
            ),
            key=lambda r: (-r.rate, -r.failed, order.get(r.checklist, 2), r.item),
        )
        trend = []
        day = first
        while day <= last:
            n, done_, exp, fails_ = days.get(day, [0, 0, 0, 0])
            trend.append(DayTrend(day, n, done_, exp, fails_))
            day += timedelta(days=1)
        return PeriodSummary(
            first, last, tuple(employees), tuple(items), tuple(trend), roster is not None
        )


def with_roster_flags(
    rows: list[DayRow], roster: RosterComparison, people: Mapping[str, Employee]
) -> list[DayRow]:
    """Rows with their roster flags (`late`, `early_leave`, `unscheduled`) and the plan each
    worked; an employee's row with no shift takes their plan (and `no_show` once the plan is
    that overdue); a missed plan with no row of its own (a second plan of someone who worked,
    or of someone no longer active) gets a `no_show` row."""
    from dataclasses import replace

    out: list[DayRow] = []
    unworked: dict[str, list[PlanMatch]] = defaultdict(list)
    for match in roster.plans:
        if match.shift is None:
            unworked[match.plan.employee_id].append(match)
    for row in rows:
        if row.shift is not None:
            extra = roster.flags_of(row.shift)
            worked = roster.by_shift.get(row.shift.id)
            if extra or worked is not None:
                row = replace(row, flags=(*row.flags, *extra), plan=worked)
        elif unworked.get(row.employee_id):
            missed = unworked[row.employee_id].pop(0)
            row = replace(row, flags=(*row.flags, *missed.flags), plan=missed)
        out.append(row)
    for employee_id in sorted(unworked):
        for match in unworked[employee_id]:
            if FLAG_NO_SHOW in match.flags:
                name = people[employee_id].name if employee_id in people else ""
                out.append(DayRow(employee_id, name, flags=(FLAG_NO_SHOW,), plan=match))
    return out
