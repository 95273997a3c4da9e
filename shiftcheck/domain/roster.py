"""The roster: planned shifts, and how worked shifts compare with them.

A planned shift is one employee's expected working time on one local date in the store's zone:
`start` and `end` are wall-clock times, and an end at or before the start means the plan runs
past midnight into the next day. Plans are documents (`shiftcheck.roster/1`): a change is a new
version with the same `plan` id and a later `at`; the newest version of a plan wins, and a
version with `deleted` set removes the plan. Nothing is rewritten in place.

Comparison rules (thresholds from the store's `[roster]` config):

- a worked shift is matched to the plan of the same employee it overlaps most; each plan matches
  at most one worked shift (largest overlaps are paired first);
- `late`: clock-in more than `late_grace_minutes` after the planned start;
- `early_leave`: clock-out more than `early_leave_grace_minutes` before the planned end;
- `no_show`: a plan with no matched shift once `no_show_after_minutes` have passed since its start;
- `unscheduled`: a worked shift that overlaps no plan of its employee.

Local times that a DST change skips are read with the offset before the change (02:30 on a
spring-forward night is 03:30 in summer time); repeated ones take their first occurrence.
"""

from __future__ import annotations

import csv
import io
import itertools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from shiftcheck.domain.records import (
    _ID_RE,
    MAX_NOTE_CHARS,
    MAX_PLAN_HOURS,
    RecordFormatError,
    checked_text,
)
from shiftcheck.domain.records import ROSTER_SCHEMA as ROSTER_SCHEMA
from shiftcheck.domain.records import PlannedShift as PlannedShift
from shiftcheck.domain.records import local_instant as local_instant
from shiftcheck.domain.records import parse_clock as parse_clock
from shiftcheck.domain.records import parse_day as parse_day
from shiftcheck.domain.records import plan_length as plan_length
from shiftcheck.domain.shifts import Shift, elapsed

FLAG_LATE = "late"
FLAG_EARLY_LEAVE = "early_leave"
FLAG_NO_SHOW = "no_show"
FLAG_UNSCHEDULED = "unscheduled"


_SIXTY = Decimal(60)
_OPEN_REACH = timedelta(hours=MAX_PLAN_HOURS)


def current_plans(versions: Iterable[PlannedShift]) -> list[PlannedShift]:
    """The roster as it stands: the newest version of each plan, deleted plans left out.

    Newest means the latest `at` (real time), then the larger version id, so every terminal
    that holds the same versions reaches the same roster whatever order they arrived in.
    """
    newest: dict[str, PlannedShift] = {}
    for version in versions:
        held = newest.get(version.plan)
        if held is None or _version_key(version) > _version_key(held):
            newest[version.plan] = version
    plans = [p for p in newest.values() if not p.deleted]
    plans.sort(key=lambda p: (p.day, p.start, p.employee_id, p.plan))
    return plans


def _version_key(plan: PlannedShift) -> tuple[datetime, str]:
    return (plan.at.astimezone(UTC), plan.id)


@dataclass(frozen=True, slots=True)
class RosterRules:
    """The store's thresholds for comparing worked shifts with the roster (config `[roster]`)."""

    late_grace_minutes: int = 5
    early_leave_grace_minutes: int = 5
    no_show_after_minutes: int = 60

    def __post_init__(self) -> None:
        for name in ("late_grace_minutes", "early_leave_grace_minutes", "no_show_after_minutes"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


@dataclass(frozen=True, slots=True)
class PlanMatch:
    """A plan and how the worked shift matched to it (if any) compares with it."""

    plan: PlannedShift
    planned_start: datetime
    planned_end: datetime
    planned_minutes: Decimal
    shift: Shift | None
    flags: tuple[str, ...]
    """`late`, `early_leave` for a matched shift; `no_show` for a missed plan."""
    difference_minutes: Decimal | None
    """Worked minus planned minutes for a matched, closed shift; None otherwise."""


@dataclass(frozen=True, slots=True)
class RosterComparison:
    """Worked shifts and plans side by side."""

    plans: tuple[PlanMatch, ...]
    """Every plan given, in date and start order."""
    by_shift: Mapping[str, PlanMatch]
    """The match of each matched worked shift, by shift id."""
    unscheduled: tuple[Shift, ...]
    """Worked shifts that overlap no plan of their employee."""

    def flags_of(self, shift: Shift) -> tuple[str, ...]:
        """Roster flags of a worked shift: its match's, or `unscheduled`."""
        match = self.by_shift.get(shift.id)
        if match is not None:
            return match.flags
        if any(s.id == shift.id for s in self.unscheduled):
            return (FLAG_UNSCHEDULED,)
        return ()

    def count(self, flag: str) -> int:
        """How many plans (or, for `unscheduled`, worked shifts) carry `flag`."""
        if flag == FLAG_UNSCHEDULED:
            return len(self.unscheduled)
        return sum(1 for m in self.plans if flag in m.flags)


def compare_roster(
    plans: Sequence[PlannedShift],
    shifts: Sequence[Shift],
    tz: ZoneInfo,
    rules: RosterRules,
    now: datetime,
) -> RosterComparison:
    """Match worked shifts to plans and flag lateness, early leaving, no-shows and extras.

    `plans` are current plans (see `current_plans`). An open shift counts as worked up to `now`
    (at most `MAX_PLAN_HOURS` after its clock-in) for matching. Pairs are made largest overlap
    first; ties go to the earlier plan start, then the earlier clock-in, so the result does not
    depend on input order.
    """
    intervals = {p.plan: p.interval(tz) for p in plans}
    # Instants in UTC, converted once: datetimes sharing a zone compare by wall time, wrong
    # across a DST change, so every order below is taken on these.
    begin_utc = {plan: span[0].astimezone(UTC) for plan, span in intervals.items()}
    plans_of: dict[str, list[PlannedShift]] = defaultdict(list)
    for plan in plans:
        plans_of[plan.employee_id].append(plan)
    # Each employee's plans by start, with the latest end so far: a shift looks only at the
    # plans that start before it ends, back to the first that could still reach its start.
    begins_of: dict[str, list[datetime]] = {}
    reach_of: dict[str, list[datetime]] = {}
    for employee, own in plans_of.items():
        own.sort(key=lambda p: (begin_utc[p.plan], p.plan))
        begins_of[employee] = [intervals[p.plan][0] for p in own]
        reach_of[employee] = list(itertools.accumulate((intervals[p.plan][1] for p in own), max))

    candidates: list[tuple[timedelta, datetime, datetime, str, str]] = []
    shift_by_id = {s.id: s for s in shifts}
    for shift in shifts:
        begin = shift.clock_in
        out = shift.clock_out
        # An open shift counts up to now, but no longer than the longest plan: a clock-out
        # forgotten for days must not take the plans of the following days.
        finish = out if out is not None else min(max(now, begin), begin + _OPEN_REACH)
        own = plans_of.get(shift.employee_id, [])
        if not own:
            continue
        reach = reach_of[shift.employee_id]
        begin_at = begin.astimezone(UTC)
        last = bisect_right(begins_of[shift.employee_id], finish)
        first = last
        while first > 0 and reach[first - 1] > begin:
            first -= 1
        for plan in own[first:last]:
            p_begin, p_end = intervals[plan.plan]
            overlap = elapsed(max(begin, p_begin), min(finish, p_end))
            if overlap > timedelta(0) or (begin == finish and p_begin <= begin < p_end):
                candidates.append((overlap, begin_utc[plan.plan], begin_at, plan.plan, shift.id))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2], c[3], c[4]))

    plan_to_shift: dict[str, str] = {}
    shift_to_plan: dict[str, str] = {}
    touching: dict[str, list[str]] = defaultdict(list)
    for _, _, _, plan_id, shift_id in candidates:
        touching[plan_id].append(shift_id)
        if plan_id in plan_to_shift or shift_id in shift_to_plan:
            continue
        plan_to_shift[plan_id] = shift_id
        shift_to_plan[shift_id] = plan_id

    matches: list[PlanMatch] = []
    by_shift: dict[str, PlanMatch] = {}
    for plan in sorted(plans, key=lambda p: (begin_utc[p.plan], p.plan)):
        p_begin, p_end = intervals[plan.plan]
        planned = Decimal(int((p_end - p_begin).total_seconds())) / _SIXTY  # plan.minutes(tz)
        matched_id = plan_to_shift.get(plan.plan)
        matched = shift_by_id[matched_id] if matched_id is not None else None
        # A plan worked in parts (out for lunch and back) is judged on all of its parts that
        # no other plan took: the first clock-in and the last clock-out.
        parts = [
            shift_by_id[s]
            for s in touching.get(plan.plan, ())
            if shift_to_plan.get(s, plan.plan) == plan.plan
        ]
        flags: list[str] = []
        difference: Decimal | None = None
        if matched is None:
            covered = bool(touching.get(plan.plan))
            if not covered and elapsed(p_begin, now) > timedelta(
                minutes=rules.no_show_after_minutes
            ):
                flags.append(FLAG_NO_SHOW)
        else:
            first_in = min((s.clock_in for s in parts), key=lambda t: t.astimezone(UTC))
            if elapsed(p_begin, first_in) > timedelta(minutes=rules.late_grace_minutes):
                flags.append(FLAG_LATE)
            outs = [s.clock_out for s in parts]
            if all(o is not None for o in outs):
                last_out = max((o for o in outs if o is not None), key=lambda t: t.astimezone(UTC))
                if elapsed(last_out, p_end) > timedelta(minutes=rules.early_leave_grace_minutes):
                    flags.append(FLAG_EARLY_LEAVE)
            worked = matched.worked()
            if worked is not None:
                difference = Decimal(int(worked.total_seconds())) / _SIXTY - planned
        match = PlanMatch(plan, p_begin, p_end, planned, matched, tuple(flags), difference)
        matches.append(match)
        if matched is not None:
            by_shift[matched.id] = match
    overlapping = {s for ids in touching.values() for s in ids}
    unscheduled = tuple(s for s in shifts if s.id not in overlapping)
    return RosterComparison(tuple(matches), by_shift, unscheduled)


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One line of a roster CSV file, checked."""

    line: int
    employee_id: str
    day: date
    start: time
    end: time
    note: str


class RosterLineError(ValueError):
    """A roster CSV line that cannot be taken; the message names the line and the field."""

    def __init__(self, line: int, field: str, problem: str) -> None:
        super().__init__(f"line {line}: {field}: {problem}")
        self.line = line
        self.field = field
        self.problem = problem


ROSTER_COLUMNS = ("employee_id", "date", "start", "end")
"""The roster CSV's required columns, in order; a fifth, `note`, is optional."""


def parse_roster_csv(text: str, employees: Iterable[str]) -> list[RosterRow]:
    """Every line of a roster CSV, checked; the first bad line raises `RosterLineError`.

    `text` is the file as a spreadsheet saves it (a UTF-8 BOM and CRLF line ends are fine; fully
    blank lines are passed over). `employees` are the ids the store knows. A line is refused for
    an unknown employee, a bad date or time, a plan longer than `MAX_PLAN_HOURS`, a long note, or
    a plan that overlaps another of the same employee in the file.
    """
    known = set(employees)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows: list[RosterRow] = []
    header_seen = False
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if not header_seen:
            names = tuple(f.strip().lower() for f in fields)
            if names not in (ROSTER_COLUMNS, (*ROSTER_COLUMNS, "note")):
                raise RosterLineError(
                    line, "header", f"expected {','.join(ROSTER_COLUMNS)}[,note], got {fields!r}"
                )
            header_seen = True
            width = len(names)
            continue
        if len(fields) not in (4, width):
            raise RosterLineError(line, "(line)", f"expected {width} columns, got {len(fields)}")
        employee = fields[0].strip()
        if not _ID_RE.fullmatch(employee):
            raise RosterLineError(line, "employee_id", f"not a valid id: {employee!r}")
        if employee not in known:
            raise RosterLineError(line, "employee_id", f"no employee {employee!r} in this store")
        try:
            day = parse_day(fields[1], "date")
            start = parse_clock(fields[2], "start")
            end = parse_clock(fields[3], "end")
        except RecordFormatError as exc:
            raise RosterLineError(line, exc.field, exc.problem) from None
        if plan_length(start, end) > timedelta(hours=MAX_PLAN_HOURS):
            raise RosterLineError(line, "end", f"a planned shift is at most {MAX_PLAN_HOURS} h")
        note = fields[4].strip() if len(fields) > 4 else ""
        try:
            checked_text(note, "note", MAX_NOTE_CHARS, one_line=True, empty_ok=True)
        except RecordFormatError as exc:
            raise RosterLineError(line, "note", exc.problem) from None
        rows.append(RosterRow(line, employee, day, start, end, note))
    if not header_seen:
        raise RosterLineError(1, "header", "the file is empty")
    _refuse_overlaps(rows)
    return rows


def _wall_span(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A plan's span in naive wall-clock time: enough to compare plans of one store."""
    begin = datetime.combine(day, start)
    return begin, begin + plan_length(start, end)


def _refuse_overlaps(rows: Sequence[RosterRow]) -> None:
    by_employee: dict[str, list[tuple[datetime, datetime, RosterRow]]] = defaultdict(list)
    for row in rows:
        begin, end = _wall_span(row.day, row.start, row.end)
        by_employee[row.employee_id].append((begin, end, row))
    for spans in by_employee.values():
        spans.sort(key=lambda s: (s[0], s[2].line))
        for (_, end_a, a), (begin_b, _, b) in itertools.pairwise(spans):
            if begin_b < end_a:
                raise RosterLineError(
                    max(a.line, b.line),
                    "start",
                    f"overlaps the plan for {a.employee_id} on line {min(a.line, b.line)}",
                )


def plans_overlap(a: PlannedShift, b: PlannedShift) -> bool:
    """True when two plans of one store overlap in wall-clock time."""
    a_begin, a_end = _wall_span(a.day, a.start, a.end)
    b_begin, b_end = _wall_span(b.day, b.start, b.end)
    return a_begin < b_end and b_begin < a_end


@dataclass(frozen=True, slots=True)
class RosterTally:
    """One employee's plans over a period and how they were kept."""

    plans: int = 0
    late: int = 0
    early_leaves: int = 0
    no_shows: int = 0
    unscheduled: int = 0
    """Worked shifts dated in the period that overlap no plan."""
    planned_minutes: Decimal = Decimal(0)

    @property
    def planned_hours(self) -> Decimal:
        """Planned minutes as hours with two decimals."""
        return (self.planned_minutes / _SIXTY).quantize(Decimal("0.01"))


def tally_roster(
    comparison: RosterComparison, first: date, last: date, tz: ZoneInfo
) -> dict[str, RosterTally]:
    """Per employee: plans dated `first`..`last`, late arrivals, early leaves, no-shows, planned
    minutes, and worked shifts of those days with no plan (by the shift's local date)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    minutes: dict[str, Decimal] = defaultdict(Decimal)
    for match in comparison.plans:
        plan = match.plan
        if not first <= plan.day <= last:
            continue
        c = counts[plan.employee_id]
        c[0] += 1
        c[1] += FLAG_LATE in match.flags
        c[2] += FLAG_EARLY_LEAVE in match.flags
        c[3] += FLAG_NO_SHOW in match.flags
        minutes[plan.employee_id] += match.planned_minutes
    for shift in comparison.unscheduled:
        if first <= shift.local_date(tz) <= last:
            counts[shift.employee_id][4] += 1
    return {
        employee: RosterTally(
            plans=c[0],
            late=c[1],
            early_leaves=c[2],
            no_shows=c[3],
            unscheduled=c[4],
            planned_minutes=minutes.get(employee, Decimal(0)),
        )
        for employee, c in counts.items()
    }


def expected_now(
    plans: Iterable[PlannedShift], shifts: Iterable[Shift], tz: ZoneInfo, now: datetime
) -> list[PlannedShift]:
    """Plans running at `now` (planned start passed, planned end not yet) whose employee has no
    worked shift overlapping the plan so far: the people expected in who have not clocked in.
    Earliest planned start first."""
    worked: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for shift in shifts:
        # an open shift counts as running until now (and covers a plan starting this second)
        out = shift.clock_out or max(now, shift.clock_in) + timedelta(seconds=1)
        worked[shift.employee_id].append((shift.clock_in, out))
    found: list[tuple[datetime, PlannedShift]] = []
    for plan in plans:
        begin, end = plan.interval(tz)
        if not begin <= now < end:
            continue
        if any(s < end and begin < e for s, e in worked.get(plan.employee_id, ())):
            continue
        found.append((begin, plan))
    found.sort(key=lambda f: (f[0].astimezone(UTC), f[1].employee_id))
    return [plan for _, plan in found]


def plan_span(plan: PlannedShift) -> str:
    """`09:00–17:00`, with `+1` on the end of a plan that runs past midnight."""
    return f"{plan.start:%H:%M}–{plan.end:%H:%M}" + ("+1" if plan.overnight else "")
