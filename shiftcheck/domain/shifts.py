"""Shifts from check records: pairing, corrections, rounding, breaks and hours.

A shift opens with an employee's start-of-shift record and closes with their next end-of-shift
record. Clock-in is the start record's `started_at`, clock-out the end record's `submitted_at`.
The shift's date is the clock-in's local date in the store's time zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from shiftcheck.domain.checklist import END_OF_SHIFT, FORMS_ITEM_ID, START_OF_SHIFT, Result
from shiftcheck.domain.clock_rule import FLAG_CLOCK_BACKWARDS
from shiftcheck.domain.records import FLAG_FAST, CheckRecord, Correction

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SIXTY = Decimal(60)
ROUNDING_STEPS = (0, 5, 6, 15)
"""Allowed clock-time rounding steps in minutes (0: no rounding)."""
FLAG_MISSED_CLOCK_OUT = "missed_clock_out"
"""A shift never clocked out: the employee started a later shift while it was still open."""
MISSED_CLOCK_OUT_WITHIN = timedelta(days=31)
"""A later start counts as superseding an open shift only within this time of its clock-in, so
readers of any period see the same flag by reading at most this far ahead."""
FLAG_ON_SHIFT = "on_shift"
"""The shift has no clock-out yet and is still within `max_shift_hours`: working now."""
FLAG_OPEN = "open"
"""The shift has no clock-out and has run past `max_shift_hours`: a forgotten clock-out."""
FLAG_LONG = "long"
"""The shift's worked time (rounded clock-out − rounded clock-in) is longer than the store's
`max_shift_hours`, or it has been open longer than that: often a forgotten clock-out."""
FLAG_CORRECTED = "corrected"
"""A supervisor corrected the shift's clock-in or clock-out."""
FLAG_UNACKED = "forms_unacked"
"""Forms were handed in and no supervisor has acknowledged them yet."""
FLAGS = (
    FLAG_ON_SHIFT,
    FLAG_OPEN,
    FLAG_MISSED_CLOCK_OUT,
    FLAG_LONG,
    FLAG_FAST,
    FLAG_CORRECTED,
    FLAG_UNACKED,
    FLAG_CLOCK_BACKWARDS,
)
"""Every flag `shift_flags` gives, in the order it gives them."""


class ShiftStatus(StrEnum):
    """Where a shift stands for payroll."""

    COMPLETE = "complete"
    OPEN = "open"
    CORRECTED = "corrected"


@dataclass(frozen=True, slots=True)
class Shift:
    """A start record, the end record that closed it (if any) and the corrections made to it."""

    employee_id: str
    start: CheckRecord
    end: CheckRecord | None
    corrections: tuple[Correction, ...] = ()
    superseded: bool = False
    """Whether the employee started a later shift (within `MISSED_CLOCK_OUT_WITHIN` of this
    one's recorded clock-in) while this one had no end record."""

    @property
    def id(self) -> str:
        """The shift's id: its start record's id (what corrections point at)."""
        return self.start.id

    @property
    def recorded_clock_in(self) -> datetime:
        """Clock-in as the terminal recorded it."""
        return self.start.started_at

    @property
    def recorded_clock_out(self) -> datetime | None:
        """Clock-out as the terminal recorded it, if the shift was closed."""
        return self.end.submitted_at if self.end is not None else None

    def _latest(self, field: str) -> Correction | None:
        chosen: Correction | None = None
        for c in self.corrections:
            if c.field == field and (
                chosen is None or _key(c.at, c.id) > _key(chosen.at, chosen.id)
            ):
                chosen = c
        return chosen

    @property
    def clock_in(self) -> datetime:
        """Clock-in after corrections (the latest correction of a field wins)."""
        c = self._latest("clock_in") if self.corrections else None
        return c.value if c is not None else self.start.started_at

    @property
    def clock_out(self) -> datetime | None:
        """Clock-out after corrections; None while the shift is open."""
        c = self._latest("clock_out") if self.corrections else None
        if c is not None:
            return c.value
        return self.end.submitted_at if self.end is not None else None

    @property
    def status(self) -> ShiftStatus:
        """`corrected` if any correction applies, else `open` without a clock-out, else complete."""
        if self.clock_out is None:
            return ShiftStatus.OPEN
        if self.corrections:
            return ShiftStatus.CORRECTED
        return ShiftStatus.COMPLETE

    @property
    def missed_clock_out(self) -> bool:
        """Whether the clock-out was missed: no end record, and a later shift was started
        (the shift stays open until a supervisor corrects it; it is never closed for them)."""
        return self.superseded and self.end is None

    def is_forgotten(self, now: datetime, max_hours: float) -> bool:
        """Whether the shift is still open at `now` after more than `max_hours`: a likely
        forgotten clock-out, for the employee to resolve before anything else."""
        return self.clock_out is None and self.open_for(now) > timedelta(hours=max_hours)

    def is_running(self, now: datetime, max_hours: float) -> bool:
        """Whether the shift is open and still within `max_hours` at `now`: working now."""
        return self.clock_out is None and self.open_for(now) <= timedelta(hours=max_hours)

    def local_date(self, tz: ZoneInfo) -> date:
        """The shift's date: the clock-in's local date in the store's zone."""
        return self.clock_in.astimezone(tz).date()

    def worked(self) -> timedelta | None:
        """Exact time from clock-in to clock-out (never negative); None while open."""
        out = self.clock_out
        if out is None:
            return None
        return max(elapsed(self.clock_in, out), timedelta(0))

    def open_for(self, now: datetime) -> timedelta:
        """How long the shift has been going at `now` (zero if `now` is before clock-in)."""
        return max(elapsed(self.clock_in, now), timedelta(0))


@dataclass(frozen=True, slots=True)
class Pairing:
    """Shifts made from a set of records, plus the end records no start could take."""

    shifts: tuple[Shift, ...]
    orphan_ends: tuple[CheckRecord, ...]

    def for_employee(self, employee_id: str) -> tuple[Shift, ...]:
        """The employee's shifts, oldest first."""
        return tuple(s for s in self.shifts if s.employee_id == employee_id)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time from `start` to `end`, right across DST changes.

    Python subtracts two times of the same zone object by wall clock, which is wrong across a
    DST change, so those go through UTC; times with different zone objects, or the same fixed
    offset (as stored records have), already subtract as real time.
    """
    zone = start.tzinfo
    if zone is end.tzinfo and type(zone) is not timezone:
        return end.astimezone(UTC) - start.astimezone(UTC)
    return end - start


def since_epoch(value: datetime) -> timedelta:
    """Real time since 1970 UTC: an exact sort key, quicker to make and compare than a UTC time."""
    return value - EPOCH


def _key(value: datetime, tie: str) -> tuple[timedelta, str]:
    return (value - EPOCH, tie)


def _order_key(record: CheckRecord) -> tuple[timedelta, int, str]:
    # An end at exactly the same instant as a start comes after it (zero-length shift).
    rank = 0 if record.checklist == START_OF_SHIFT else 1
    return (record.event_time - EPOCH, rank, record.id)


def pair_shifts(records: Iterable[CheckRecord], corrections: Iterable[Correction] = ()) -> Pairing:
    """Pair each employee's start and end records into shifts; independent of input order.

    Walking an employee's records in time order, a start opens a shift (an earlier shift still
    open stays open: a forgotten clock-out), and an end closes the shift open at that moment.
    An end with no open shift is an orphan. Corrections attach to the shift whose id they target.
    """
    by_employee: dict[str, list[CheckRecord]] = defaultdict(list)
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            continue
        seen.add(record.id)
        by_employee[record.employee_id].append(record)
    fixes: dict[str, list[Correction]] = defaultdict(list)
    for correction in corrections:
        fixes[correction.target].append(correction)

    shifts: list[Shift] = []
    orphans: list[CheckRecord] = []
    for employee_id in sorted(by_employee):
        current: CheckRecord | None = None
        for record in sorted(by_employee[employee_id], key=_order_key):
            if record.checklist == START_OF_SHIFT:
                if current is not None:
                    later = record.event_time - current.started_at <= MISSED_CLOCK_OUT_WITHIN
                    shifts.append(_shift(employee_id, current, None, fixes, superseded=later))
                current = record
            elif record.checklist == END_OF_SHIFT:
                if current is None:
                    orphans.append(record)
                else:
                    shifts.append(_shift(employee_id, current, record, fixes))
                    current = None
        if current is not None:
            shifts.append(_shift(employee_id, current, None, fixes))
    shifts.sort(key=lambda s: (s.recorded_clock_in - EPOCH, s.employee_id, s.id))
    orphans.sort(key=_order_key)
    return Pairing(tuple(shifts), tuple(orphans))


def _shift(
    employee_id: str,
    start: CheckRecord,
    end: CheckRecord | None,
    fixes: dict[str, list[Correction]],
    *,
    superseded: bool = False,
) -> Shift:
    found = fixes.get(start.id)
    if not found:
        return Shift(employee_id, start, end, (), superseded)
    ordered = tuple(sorted(found, key=lambda c: _key(c.at, c.id)))
    return Shift(employee_id, start, end, ordered, superseded)


def round_time(value: datetime, step_minutes: int) -> datetime:
    """`value` rounded to the nearest multiple of `step_minutes` of its own wall-clock time.

    Halves round up. A step of 0 leaves the time unchanged.
    """
    if step_minutes == 0:
        return value
    if step_minutes not in ROUNDING_STEPS:
        raise ValueError(f"rounding step must be one of {ROUNDING_STEPS}, got {step_minutes}")
    # In whole microseconds since midnight: exact, and one datetime made instead of four.
    since = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
    step = step_minutes * 60_000_000
    rounded = (since + step // 2) // step * step
    return value + timedelta(microseconds=rounded - since) if rounded != since else value


@dataclass(frozen=True, slots=True)
class PayRules:
    """How worked time becomes paid time (from the store's config)."""

    rounding_minutes: int = 0
    break_after_minutes: int | None = None
    """A shift longer than this many minutes loses an unpaid break; None: no break rule."""
    break_minutes: int = 0

    def __post_init__(self) -> None:
        if self.rounding_minutes not in ROUNDING_STEPS:
            raise ValueError(f"rounding_minutes must be one of {ROUNDING_STEPS}")
        if self.break_minutes < 0:
            raise ValueError("break_minutes must not be negative")


class ShiftHours(NamedTuple):
    """A closed shift's time under the pay rules (a named tuple: made per shift in bulk).

    `paid_seconds` is the exact figure every sum and comparison uses (whole seconds, so no
    division ever rounds); the minutes are that figure shown in minutes.
    """

    clock_in: datetime
    clock_out: datetime
    worked_minutes: Decimal
    break_minutes: Decimal
    paid_minutes: Decimal
    paid_seconds: int

    @property
    def paid_hours(self) -> Decimal:
        """Paid time in decimal hours, to two places."""
        return hours_of_seconds(self.paid_seconds)

    @property
    def worked_hours(self) -> Decimal:
        """Worked time (rounded clock-out − rounded clock-in, before the break) in decimal hours,
        to two places."""
        return hours(self.worked_minutes)


def hours(minutes: Decimal) -> Decimal:
    """Minutes as decimal hours, two places, halves up."""
    return (minutes / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_CENT = Decimal("0.01")


def hours_of_seconds(seconds: int | Decimal) -> Decimal:
    """Seconds as decimal hours, two places, halves up: rounded once, from the exact figure."""
    if isinstance(seconds, int) and seconds >= 0:
        return Decimal((seconds * 100 + 1800) // 3600).scaleb(-2)
    return (Decimal(seconds) / 3600).quantize(_CENT, rounding=ROUND_HALF_UP)


def minutes_of_seconds(seconds: int | Decimal) -> Decimal:
    """Seconds as minutes (exact to 28 digits: what the files show to two places)."""
    return Decimal(seconds) / _SIXTY


def shift_hours(
    shift: Shift, rules: PayRules, clock_in: datetime | None = None
) -> ShiftHours | None:
    """Worked, break and paid minutes of a closed shift; None for an open one.

    `clock_in`, when given, is the shift's corrected clock-in the caller already has.
    """
    out = shift.clock_out
    if out is None:
        return None
    clock_in = round_time(shift.clock_in if clock_in is None else clock_in, rules.rounding_minutes)
    clock_out = round_time(out, rules.rounding_minutes)
    seconds = max(int(elapsed(clock_in, clock_out).total_seconds()), 0)
    brk = 0
    if rules.break_after_minutes is not None and seconds > rules.break_after_minutes * 60:
        brk = min(rules.break_minutes * 60, seconds)
    paid = seconds - brk
    return ShiftHours(
        clock_in,
        clock_out,
        Decimal(seconds) / _SIXTY,
        Decimal(brk) / _SIXTY,
        Decimal(paid) / _SIXTY,
        paid,
    )


def long_open_shifts(shifts: Sequence[Shift], now: datetime, max_hours: float) -> list[Shift]:
    """Open shifts that have run longer than `max_hours` at `now`: likely forgotten clock-outs."""
    return [s for s in shifts if s.is_forgotten(now, max_hours)]


def overlapping(
    shifts: Iterable[Shift], shift: Shift, clock_in: datetime, clock_out: datetime | None
) -> Shift | None:
    """Another shift of the same employee whose time overlaps `shift` if it ran from
    `clock_in` to `clock_out` (None: still open); None if there is none.

    A shift without a clock-out counts as the instant of its clock-in (its end is unknown). Two
    shifts may touch (one ends as the next begins) but not overlap, so no minute is paid twice.
    """
    start, end = since_epoch(clock_in), since_epoch(clock_out or clock_in)
    for other in shifts:
        if other.employee_id != shift.employee_id or other.id == shift.id:
            continue
        other_out = other.clock_out
        o_start = since_epoch(other.clock_in)
        o_end = since_epoch(other_out) if other_out is not None else o_start
        if _overlaps(start, end, o_start, o_end):
            return other
    return None


def _overlaps(a: timedelta, b: timedelta, c: timedelta, d: timedelta) -> bool:
    # [a, b) and [c, d), where an empty span stands for its one instant.
    if a == b and c == d:
        return a == c
    if a == b:
        return c <= a < d
    if c == d:
        return a <= c < b
    return a < d and c < b


def open_shift(shifts: Sequence[Shift]) -> Shift | None:
    """The employee's latest shift if it is still open."""
    if shifts and shifts[-1].clock_out is None:
        return shifts[-1]
    return None


def failed_items(record: CheckRecord | None) -> tuple[str, ...]:
    """Ids of the items answered `fail` in a check, in answer order (none without a check)."""
    if record is None:
        return ()
    return tuple([a.item for a in record.answers if a.result is Result.FAIL])


def forms_handed_in(record: CheckRecord | None) -> int | None:
    """Registration forms handed in at an end check, if the check asked and got a number."""
    if record is None:
        return None
    answer = record.answer(FORMS_ITEM_ID)
    if answer is None or not isinstance(answer.value, int):
        return None
    return answer.value


@lru_cache(maxsize=8)
def _minutes_of(hours_: float) -> Decimal:
    """`hours_` (a config value such as 12.0) in exact minutes."""
    return Decimal(str(hours_)) * 60


def worked_too_long(figures: ShiftHours, max_hours: float) -> bool:
    """Whether a closed shift's worked time (between rounded clock times, before the break) is
    longer than `max_hours`: the `long` flag of the summary and of the payroll export."""
    return figures.worked_minutes > _minutes_of(max_hours)


def shift_flags(
    shift: Shift,
    pay: ShiftHours | None,
    now: datetime,
    max_hours: float,
    *,
    acknowledged: bool = False,
    clock_backwards: bool = False,
) -> tuple[str, ...]:
    """The supervisor's flags of a shift at `now`, in `FLAGS` order.

    `pay` is the shift's time under the store's pay rules (None while open); `acknowledged`
    whether a supervisor took the forms handed in at its end check; `clock_backwards` whether
    the terminal's clock went back during it. An open shift is `on_shift` while within
    `max_hours`, `open` once past it, `missed_clock_out` once a later shift was started.
    """
    flags: list[str] = []
    if shift.missed_clock_out:  # a forgotten clock-out the employee has moved on from
        flags.append(FLAG_MISSED_CLOCK_OUT)
    elif shift.clock_out is None:
        flags.append(FLAG_ON_SHIFT if shift.is_running(now, max_hours) else FLAG_OPEN)
    # a closed shift is `long` as payroll flags it: by the time between rounded clock times
    if (
        worked_too_long(pay, max_hours)
        if pay is not None
        else shift.open_for(now) > timedelta(hours=max_hours)
    ):
        flags.append(FLAG_LONG)
    end = shift.end
    if FLAG_FAST in shift.start.flags or (end is not None and FLAG_FAST in end.flags):
        flags.append(FLAG_FAST)
    if shift.corrections:
        flags.append(FLAG_CORRECTED)
    if forms_handed_in(end) and not acknowledged:
        flags.append(FLAG_UNACKED)
    if clock_backwards:
        flags.append(FLAG_CLOCK_BACKWARDS)
    return tuple(flags)
