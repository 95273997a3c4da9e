"""The store's roster: reading the plans that stand and writing changes to them.

Every change is a new `PlannedShift` version (a later one replaces an earlier one by `plan`
id; a deleted version removes the plan), written to the outbox like every other document, so
the store's other terminals and central receive it. Every write re-checks that the actor is a
supervisor and stores an audit event with the change, in the same durable write.
"""

from __future__ import annotations

import uuid
import weakref
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from shiftcheck.config import Config
from shiftcheck.domain.records import (
    MAX_NOTE_CHARS,
    MAX_PLAN_HOURS,
    AuditEvent,
    Document,
    PlannedShift,
    RecordFormatError,
    checked_text,
    parse_clock,
    plan_length,
)
from shiftcheck.domain.roster import (
    RosterLineError,
    RosterRow,
    current_plans,
    parse_roster_csv,
    plans_overlap,
)
from shiftcheck.domain.roster import expected_now as expected_plans
from shiftcheck.domain.weeks import week_start_of, weekday_number
from shiftcheck.services.audit import Authorise, require_actor
from shiftcheck.services.clock import Clock
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.history import HistoryService, HistorySource
from shiftcheck.store import DataStore

ROSTER_FROM = datetime(2000, 1, 1, tzinfo=UTC)
ROSTER_UNTIL = datetime(2101, 1, 1, tzinfo=UTC)
"""Roster versions are read over the whole record year range (only shards holding any)."""

AUDIT_IMPORT = "roster:import"
AUDIT_SAVE = "roster:save"
AUDIT_DELETE = "roster:delete"
AUDIT_ADD = "roster:add"
AUDIT_EDIT = "roster:edit"
AUDIT_MOVE = "roster:move"


class PlanRefused(ServiceError):
    """A plan change refused because of one of its parts; `field` names which (`employee`,
    `date`, `start`, `end`, `note` or `plan`) so a form can show the message beside it."""

    def __init__(self, field: str, key: str, /, **values: object) -> None:
        super().__init__(key, **values)
        self.field = field


@dataclass(frozen=True, slots=True)
class StoredRoster:
    """A store's roster documents as read at one `kind_stamp`."""

    stamp: tuple[tuple[str, int, int, int], ...]
    versions: tuple[PlannedShift, ...]
    current: tuple[PlannedShift, ...]
    """`current_plans(versions)`: the plans that stand, by date and start."""
    days: tuple[date, ...] = ()
    """The date of each plan in `current`, for finding a period's plans by bisection."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(p.day for p in self.current))


_READ: weakref.WeakKeyDictionary[DataStore, StoredRoster] = weakref.WeakKeyDictionary()


def stored_roster(store: DataStore) -> StoredRoster:
    """The store's roster documents, read again only when a shard holding any has changed
    (a day summary on a store with a year's roster stays quick)."""
    stamp = store.kind_stamp(PlannedShift)
    held = _READ.get(store)
    if held is not None and held.stamp == stamp:
        return held
    docs = store.history(ROSTER_FROM, ROSTER_UNTIL, (PlannedShift,)) if stamp else []
    versions = tuple(d for d in docs if isinstance(d, PlannedShift))
    found = StoredRoster(stamp, versions, tuple(current_plans(versions)))
    _READ[store] = found
    return found


def source_roster(source: HistorySource) -> StoredRoster:
    """The roster of any history source: a terminal's store (read again only when it changed),
    or another source such as the central database (read each time; `history` over all time)."""
    if isinstance(source, DataStore):
        return stored_roster(source)
    docs = source.history(ROSTER_FROM, ROSTER_UNTIL, (PlannedShift,))
    versions = tuple(d for d in docs if isinstance(d, PlannedShift))
    return StoredRoster((), versions, tuple(current_plans(versions)))


def plans_between(roster: StoredRoster, first: date, last: date) -> list[PlannedShift]:
    """The standing plans dated `first`..`last` (found by bisection: plans are in date order)."""
    days = roster.days
    return list(roster.current[bisect_left(days, first) : bisect_right(days, last)])


def expected_now(
    store: DataStore, config: Config, now: datetime, staff: Iterable[str]
) -> list[PlannedShift] | None:
    """Plans running now whose employee (one of `staff`) has not clocked in for them, earliest
    start first; None for a store without a roster."""
    roster = stored_roster(store)
    if not roster.versions:
        return None
    today = now.astimezone(config.tz).date()
    active = set(staff)
    plans = [
        p
        for p in plans_between(roster, today - timedelta(days=1), today)
        if p.employee_id in active
    ]
    running = expected_plans(plans, [], config.tz, now)
    if not running:
        return []
    hours = config.max_shift_hours
    history = HistoryService(store, config.tz, hours)
    shifts = [
        s
        for s in history.shifts(today - timedelta(days=2), today, {p.employee_id for p in running})
        if s.clock_out is not None or not s.is_forgotten(now, hours)  # a forgotten clock-out
    ]
    return expected_plans(running, shifts, config.tz, now)


@dataclass
class ImportOutcome:
    """What an import changed (all of it written at once, or nothing)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    versions: list[PlannedShift] = field(default_factory=list)


class RosterService:
    """Reads the current roster and writes supervisors' changes to it."""

    def __init__(
        self,
        store: DataStore,
        config: Config,
        clock: Clock,
        authorise: Authorise,
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.authorise = authorise

    def versions(self) -> list[PlannedShift]:
        """Every stored version of every plan (only shards that hold roster documents)."""
        return list(stored_roster(self.store).versions)

    def plans(self, first: date | None = None, last: date | None = None) -> list[PlannedShift]:
        """The plans that stand dated `first`..`last` (inclusive; open ends take all)."""
        return [
            p
            for p in stored_roster(self.store).current
            if (first is None or p.day >= first) and (last is None or p.day <= last)
        ]

    def has_roster(self) -> bool:
        """Whether the store ever stored a roster document (even one later deleted)."""
        return bool(stored_roster(self.store).versions)

    def import_csv(
        self, text: str, *, actor: str | None, replace_week: date | None = None
    ) -> ImportOutcome:
        """Take a roster CSV, all or nothing (see `parse_roster_csv`; `RosterLineError` names
        the line and field of the first problem, and nothing is written).

        A line equal to a plan that stands changes nothing; one with the same employee, date
        and times but another note makes a new version of that plan; any other line is a new
        plan, refused if it overlaps a stored plan of the employee. With `replace_week` every
        line must fall in the store's week holding that date (see `week`), and the week's plans
        the file does not hold are deleted.
        """
        by = require_actor(self.authorise, actor)
        active = [e.id for e in self.store.list_staff()]
        rows = parse_roster_csv(text, active)
        week = self.week(replace_week) if replace_week is not None else None
        if week is not None:
            for row in rows:
                if not week[0] <= row.day <= week[1]:
                    raise RosterLineError(
                        row.line,
                        "date",
                        f"{row.day.isoformat()} is not in the week {week[0].isoformat()} to "
                        f"{week[1].isoformat()} being replaced",
                    )
        standing = list(stored_roster(self.store).current)
        now = self.clock().replace(microsecond=0)
        outcome = ImportOutcome()
        same: dict[tuple[str, date, time, time], PlannedShift] = {
            (p.employee_id, p.day, p.start, p.end): p for p in standing
        }
        kept: set[str] = set()
        fresh: list[tuple[RosterRow, PlannedShift]] = []
        for row in rows:
            held = same.get((row.employee_id, row.day, row.start, row.end))
            if held is not None:
                kept.add(held.plan)
                if held.note == row.note:
                    outcome.unchanged += 1
                    continue
                version = replace(
                    held, id=str(uuid.uuid4()), note=row.note, by=by, at=_after(held, now)
                )
                outcome.changed += 1
            else:
                version = self._version(str(uuid.uuid4()), row, by, now)
                outcome.added += 1
            fresh.append((row, version))
        removed: list[PlannedShift] = []
        if week is not None:
            removed = [
                replace(p, id=str(uuid.uuid4()), deleted=True, by=by, at=_after(p, now))
                for p in standing
                if week[0] <= p.day <= week[1] and p.plan not in kept
            ]
            outcome.removed = len(removed)
        gone = kept | {p.plan for p in removed}
        _refuse_stored_overlaps(fresh, [p for p in standing if p.plan not in gone])
        outcome.versions = [v for _, v in fresh] + removed
        if outcome.versions:
            detail = (
                f"added {outcome.added}, changed {outcome.changed}, removed {outcome.removed}"
                + (f", week of {week[0].isoformat()}" if week is not None else "")
            )
            self._write(outcome.versions, by, AUDIT_IMPORT, detail, now)
        return outcome

    def week(self, day: date) -> tuple[date, date]:
        """The first and last day of the store's week holding `day` (weeks start on
        `[payroll] week_start`, as the period summary and overtime count them)."""
        first = week_start_of(day, weekday_number(self.config.payroll.week_start))
        return first, first + timedelta(days=6)

    def save(
        self,
        employee_id: str,
        day: date,
        start: time,
        end: time,
        note: str = "",
        *,
        actor: str | None,
        plan: str | None = None,
    ) -> PlannedShift:
        """Add a plan, or (with `plan`) move an existing one; refused (`ServiceError`) for an
        unknown employee, a plan longer than the limit or one overlapping another plan."""
        by = require_actor(self.authorise, actor)
        held = self._standing(plan) if plan is not None else None
        return self._put(held, employee_id, day, start, end, note, by, AUDIT_SAVE, force=True)

    def add(
        self,
        employee_id: str,
        day: date,
        start: time,
        end: time,
        note: str = "",
        *,
        actor: str | None,
    ) -> PlannedShift:
        """A new plan (the week grid's add): the actor is re-checked as an active supervisor,
        then the same checks as an import (`PlanRefused` names the field), then the plan and
        an audit event `roster:add` are written durably in one write."""
        by = require_actor(self.authorise, actor)
        return self._put(None, employee_id, day, start, end, note, by, AUDIT_ADD)

    def edit(
        self,
        plan: str,
        start: time,
        end: time,
        note: str,
        *,
        actor: str | None,
        seen: str | None = None,
    ) -> PlannedShift:
        """A new version of `plan` with other times or note (audit `roster:edit`).

        `seen` is the version id the supervisor was shown: when another version has arrived
        since (another terminal's change), nothing is written and `PlanRefused` says so. An
        edit that changes nothing writes nothing and returns the version that stands.
        """
        by = require_actor(self.authorise, actor)
        held = self._standing(plan, seen)
        return self._put(held, held.employee_id, held.day, start, end, note, by, AUDIT_EDIT)

    def move(
        self,
        plan: str,
        employee_id: str,
        day: date,
        *,
        actor: str | None,
        seen: str | None = None,
    ) -> PlannedShift:
        """A new version of `plan` on another date and/or for another employee, with the same
        times and note (audit `roster:move`); refused like `add`, and like `edit` when the plan
        changed since `seen`. A move to where the plan already is writes nothing."""
        by = require_actor(self.authorise, actor)
        held = self._standing(plan, seen)
        return self._put(held, employee_id, day, held.start, held.end, held.note, by, AUDIT_MOVE)

    def delete(self, plan: str, *, actor: str | None, seen: str | None = None) -> PlannedShift:
        """Remove a plan that stands: a new version of it marked `deleted` (audit
        `roster:delete`); refused like `edit` when the plan changed since `seen`."""
        by = require_actor(self.authorise, actor)
        held = self._standing(plan, seen)
        now = self.clock().replace(microsecond=0)
        version = replace(held, id=str(uuid.uuid4()), deleted=True, by=by, at=_after(held, now))
        detail = f"{plan} {held.employee_id} {held.day.isoformat()} {_span(held)}"
        self._write([version], by, AUDIT_DELETE, detail, now)
        return version

    def _standing(self, plan: str, seen: str | None = None) -> PlannedShift:
        """The version of `plan` that stands; refused when there is none, or when it is not
        the version `seen` (changed or removed elsewhere since it was shown)."""
        held = next((p for p in stored_roster(self.store).current if p.plan == plan), None)
        if held is None:
            if seen is not None and any(v.plan == plan for v in stored_roster(self.store).versions):
                raise PlanRefused("plan", "rostergrid.removed_meanwhile")
            raise PlanRefused("plan", "roster.no_plan", plan=plan)
        if seen is not None and held.id != seen:
            raise PlanRefused(
                "plan",
                "rostergrid.changed_meanwhile",
                by=held.by,
                at=held.at.astimezone(self.config.tz).strftime("%Y-%m-%d %H:%M"),
            )
        return held

    def _put(
        self,
        held: PlannedShift | None,
        employee_id: str,
        day: date,
        start: time,
        end: time,
        note: str,
        by: str,
        action: str,
        *,
        force: bool = False,
    ) -> PlannedShift:
        """Check and write one plan version (a new plan when `held` is None). Unless `force`,
        a version equal to `held` writes nothing and `held` is returned."""
        employee = self.store.get_employee(employee_id)
        if employee is None:
            raise PlanRefused("employee", "staff.unknown", id=employee_id)
        if not employee.active:
            raise PlanRefused("employee", "roster.inactive_employee", id=employee_id)
        if plan_length(start, end) > timedelta(hours=MAX_PLAN_HOURS):
            raise PlanRefused("end", "roster.too_long", hours=MAX_PLAN_HOURS)
        note = note.strip()
        try:
            checked_text(note, "note", MAX_NOTE_CHARS, one_line=True, empty_ok=True)
        except RecordFormatError:
            raise PlanRefused("note", "roster.bad_note", chars=MAX_NOTE_CHARS) from None
        if (
            not force
            and held is not None
            and (held.employee_id, held.day, held.start, held.end, held.note)
            == (employee_id, day, start, end, note)
        ):
            return held
        now = self.clock().replace(microsecond=0)
        version = PlannedShift(
            id=str(uuid.uuid4()),
            plan=held.plan if held is not None else str(uuid.uuid4()),
            store_id=self.config.store_id,
            employee_id=employee_id,
            day=day,
            start=start,
            end=end,
            note=note,
            deleted=False,
            by=by,
            at=now if held is None else _after(held, now),
        )
        for other in stored_roster(self.store).current:
            if (
                other.plan != version.plan
                and other.employee_id == employee_id
                and plans_overlap(other, version)
            ):
                raise PlanRefused(
                    "start",
                    "roster.overlap",
                    id=employee_id,
                    date=other.day.isoformat(),
                    start=other.start.strftime("%H:%M"),
                    end=other.end.strftime("%H:%M"),
                )
        detail = f"{version.plan} {employee_id} {day.isoformat()} {_span(version)}"
        if held is not None and action == AUDIT_MOVE:
            detail += f" (was {held.employee_id} {held.day.isoformat()})"
        self._write([version], by, action, detail, now)
        return version

    def _version(self, version_id: str, row: RosterRow, by: str, now: datetime) -> PlannedShift:
        return PlannedShift(
            id=version_id,
            plan=str(uuid.uuid4()),
            store_id=self.config.store_id,
            employee_id=row.employee_id,
            day=row.day,
            start=row.start,
            end=row.end,
            note=row.note,
            deleted=False,
            by=by,
            at=now,
        )

    def _write(
        self, versions: Sequence[PlannedShift], by: str, action: str, detail: str, now: datetime
    ) -> None:
        """The versions and their audit event in one durable write (one day's shard)."""
        event = AuditEvent(
            id=str(uuid.uuid4()),
            store_id=self.config.store_id,
            terminal_id=self.config.terminal_id,
            actor=by,
            action=action,
            detail=detail,
            at=now,
        )
        docs: list[Document] = [*versions, event]
        self.store.add_many(docs, local=True)


def _span(plan: PlannedShift) -> str:
    """`22:00-06:00+1` for the audit detail (`+1`: ends the next day)."""
    return f"{plan.start:%H:%M}-{plan.end:%H:%M}" + ("+1" if plan.overnight else "")


def parse_plan_time(raw: str, field: str) -> time:
    """A time typed for a plan's `start` or `end` (`HH:MM`, or `H:MM`); `PlanRefused` naming
    `field` when it is empty or not a time of day."""
    text = raw.strip()
    if not text:
        raise PlanRefused(field, "rostergrid.time_needed")
    try:
        return parse_clock(text, field)
    except RecordFormatError:
        raise PlanRefused(field, "rostergrid.bad_time", value=text[:20]) from None


def _after(held: PlannedShift, now: datetime) -> datetime:
    """`now`, or a second after `held` when its clock reads the same or earlier: a new version
    must be later than the one it replaces for every terminal to take it as newest."""
    return max(now, held.at + timedelta(seconds=1), key=lambda t: t.astimezone(UTC))


def _refuse_stored_overlaps(
    fresh: Iterable[tuple[RosterRow, PlannedShift]], standing: Iterable[PlannedShift]
) -> None:
    """Refuse the first new line that overlaps a stored plan of the same employee."""
    near: dict[tuple[str, date], list[PlannedShift]] = defaultdict(list)
    for plan in standing:
        near[(plan.employee_id, plan.day)].append(plan)
    for row, version in fresh:
        for offset in (-1, 0, 1):
            for other in near.get((row.employee_id, row.day + timedelta(days=offset)), ()):
                if plans_overlap(other, version):
                    raise RosterLineError(
                        row.line,
                        "start",
                        f"overlaps the stored plan for {row.employee_id} on "
                        f"{other.day.isoformat()} {other.start:%H:%M}-{other.end:%H:%M}",
                    )
