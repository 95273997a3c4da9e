"""Running a check: which one is due, saving each answer as it is given, submitting.

Every answer is written to the employee's draft before `answer` returns, so a crash loses
nothing; a submitted check becomes an immutable record and the draft is removed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from shiftcheck.config import Config
from shiftcheck.domain.checklist import (
    END_OF_SHIFT,
    START_OF_SHIFT,
    Answer,
    Checklist,
    Problem,
    check_answer,
    check_submission,
    ordered_answers,
)
from shiftcheck.domain.clock_rule import (
    CLOCK_BACKWARDS_ACTION,
    ClockBehind,
    clock_backwards_detail,
    clock_behind,
)
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import (
    FIRST_YEAR,
    FLAG_FAST,
    LAST_YEAR,
    AuditEvent,
    CheckRecord,
    Correction,
    in_record_years,
)
from shiftcheck.domain.shifts import Shift, pair_shifts
from shiftcheck.services.clock import Clock
from shiftcheck.services.errors import ServiceError
from shiftcheck.store import DataStore

CURRENT_SHIFT_WINDOW = timedelta(hours=24)
"""A draft older than this (or `max_shift_hours`, if longer) can no longer be a clock-in."""
OPEN_SHIFT_LOOKBACK = timedelta(days=14)
"""How far back the kiosk looks for an employee's open shift (as the supervisor's corrections
list does): an older one is the supervisor's to correct."""


class AnswerRefused(ServiceError):
    """An answer the item does not accept; nothing was saved."""


class SubmissionRefused(ServiceError):
    """A check that cannot be submitted yet; `problems` lists the items."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("check.not_ready", count=len(problems))
        self.problems = problems


class ForgottenChoice(StrEnum):
    """What an employee does about an open shift older than `max_shift_hours`."""

    START_TODAY = "start_today"
    """Start today's shift; the old one stays open, flagged `missed_clock_out`."""
    END_SHIFT = "end_shift"
    """End the old shift now, with its end check (its hours are flagged `long`)."""


class ClockLooksWrong(ServiceError):
    """The terminal's clock reads a time before one it already vouched for; nothing was
    recorded, the draft is kept. `behind` has both times."""

    def __init__(self, behind: ClockBehind, tz: ZoneInfo) -> None:
        super().__init__(
            f"counter.clock.behind.{behind.reference.value}",
            now=_local(behind.now, tz),
            after=_local(behind.after, tz),
        )
        self.behind = behind


def _local(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class DueCheck:
    """The check an employee should do now, and what it continues.

    With `forgotten` set, the employee's open shift (`open_shift`) began more than
    `max_shift_hours` ago: they choose first (`CheckService.choose`) and `checklist` is the end
    check that would close it."""

    checklist: Checklist
    open_shift: Shift | None
    draft: Draft | None
    forgotten: bool = False


@dataclass(frozen=True, slots=True)
class Started:
    """A check just begun (saved as a draft) and the open shift an end check closes."""

    checklist: Checklist
    draft: Draft
    open_shift: Shift | None


@dataclass(frozen=True, slots=True)
class Submitted:
    """A stored check and, for an end check, the shift it closed."""

    record: CheckRecord
    shift: Shift | None

    @property
    def worked(self) -> timedelta | None:
        """Time worked in the closed shift (end checks)."""
        return self.shift.worked() if self.shift is not None else None


class CheckService:
    """Start, answer, resume and submit checks for the employees of one terminal."""

    def __init__(
        self,
        store: DataStore,
        checklists: Mapping[str, Checklist],
        config: Config,
        clock: Clock,
    ) -> None:
        self.store = store
        self.checklists = checklists
        self.config = config
        self.clock = clock

    @property
    def window(self) -> timedelta:
        """How old a draft may be and still resume (its start time can still be a clock-in)."""
        return max(CURRENT_SHIFT_WINDOW, timedelta(hours=self.config.max_shift_hours))

    def _pairing(self, start: datetime, end: datetime) -> list[Shift]:
        """Shifts from the records of `[start, end)`, with their supervisors' corrections."""
        records: list[CheckRecord] = []
        fixes: list[Correction] = []
        for doc in self.store.history(start, end, (CheckRecord, Correction)):
            if isinstance(doc, CheckRecord):
                records.append(doc)
            elif isinstance(doc, Correction):
                fixes.append(doc)
        return list(pair_shifts(records, fixes).shifts)

    def current_shifts(self, now: datetime | None = None) -> list[Shift]:
        """Everyone's open shifts begun at most `max_shift_hours` ago (who is on shift now; an
        older open shift is a forgotten clock-out, as the supervisor's summary counts it)."""
        now = now or self.clock()
        latest: dict[str, Shift] = {}
        for shift in self._pairing(now - 2 * self.window, now + timedelta(days=1)):
            latest[shift.employee_id] = shift
        hours = self.config.max_shift_hours
        return sorted(
            (s for s in latest.values() if s.is_running(now, hours)),
            key=lambda s: (s.clock_in, s.employee_id),
        )

    def open_shift(self, employee_id: str, now: datetime | None = None) -> Shift | None:
        """The employee's latest shift if it is still open (begun at most 14 days ago, however
        long it has run: after `max_shift_hours` it is a forgotten clock-out)."""
        now = now or self.clock()
        mine = [
            s
            for s in self._pairing(now - OPEN_SHIFT_LOOKBACK, now + timedelta(days=1))
            if s.employee_id == employee_id
        ]
        if mine and mine[-1].clock_out is None:
            return mine[-1]
        return None

    def is_forgotten(self, shift: Shift, now: datetime | None = None) -> bool:
        """Whether an open shift began more than `max_shift_hours` ago."""
        return shift.is_forgotten(now or self.clock(), self.config.max_shift_hours)

    def due(self, employee_id: str) -> DueCheck:
        """The check to do now: an unfinished one to resume, else, with an open shift, the end
        check (or first a choice, `forgotten`, when it began more than `max_shift_hours` ago),
        else the start check. A draft older than the current-shift window is dropped: its start
        time can no longer serve as a clock-in."""
        now = self.clock()
        draft = self.resume(employee_id)
        if draft is not None and now - draft.started_at > self.window:
            self.discard(employee_id)
            draft = None
        shift = self.open_shift(employee_id, now)
        end = self.checklists[END_OF_SHIFT]
        if draft is not None:
            closes = shift if draft.checklist == END_OF_SHIFT else None
            return DueCheck(self.checklists[draft.checklist], closes, draft)
        if shift is None:
            return DueCheck(self.checklists[START_OF_SHIFT], None, None)
        return DueCheck(end, shift, None, forgotten=self.is_forgotten(shift, now))

    def choose(self, employee_id: str, choice: ForgottenChoice) -> Started:
        """Act on the employee's choice about a forgotten clock-out: begin today's start check
        (the old shift stays open) or the end check that closes the old shift now.

        `ServiceError` if the employee has no forgotten clock-out (nothing is saved)."""
        now = self.clock()
        shift = self.open_shift(employee_id, now)
        if shift is None or not self.is_forgotten(shift, now):
            raise ServiceError("shifts.no_forgotten", id=employee_id)
        if choice is ForgottenChoice.START_TODAY:
            checklist_id, closes = START_OF_SHIFT, None
        else:
            checklist_id, closes = END_OF_SHIFT, shift
        draft = self.begin(employee_id, checklist_id)
        return Started(self.checklists[checklist_id], draft, closes)

    def discard(self, employee_id: str) -> None:
        """Drop the employee's unfinished check (they chose to start again)."""
        self.store.delete_draft(employee_id)

    def resume(self, employee_id: str) -> Draft | None:
        """The employee's unfinished check, if any (a draft already submitted is cleared)."""
        draft = self.store.load_draft(employee_id)
        if draft is None:
            return None
        if self.store.find(draft.record_id, around=draft.started_at.date()) is not None:
            self.store.delete_draft(employee_id)
            return None
        checklist = self.checklists.get(draft.checklist)
        if checklist is None:
            return None
        if draft.checklist_version != checklist.version_tag:
            kept = {
                k: a
                for k, a in draft.answers.items()
                if checklist.has_item(k) and check_answer(checklist.item(k), a) is None
            }
            draft = Draft(
                draft.record_id,
                draft.employee_id,
                draft.checklist,
                checklist.version_tag,
                draft.started_at,
                kept,
            )
            self.store.save_draft(draft)
        return draft

    def begin(self, employee_id: str, checklist_id: str) -> Draft:
        """A new check, saved at once so its start time survives a crash; refused while the
        terminal's clock is outside the years records may hold (it could never be saved)."""
        checklist = self.checklists[checklist_id]
        now = self.clock()
        if not in_record_years(now):
            raise ServiceError(
                "records.clock_out_of_range",
                now=now.strftime("%Y-%m-%d %H:%M"),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        draft = Draft(
            record_id=str(uuid.uuid4()),
            employee_id=employee_id,
            checklist=checklist_id,
            checklist_version=checklist.version_tag,
            started_at=now,
        )
        self.store.save_draft(draft)
        return draft

    def answer(self, draft: Draft, answer: Answer) -> Draft:
        """Record one answer durably; `AnswerRefused` (nothing saved) if the item refuses it."""
        checklist = self.checklists[draft.checklist]
        if not checklist.has_item(answer.item):
            raise AnswerRefused("answer.unknown_item")
        problem = check_answer(checklist.item(answer.item), answer)
        if problem is not None:
            raise AnswerRefused(problem.value)
        updated = draft.with_answer(answer)
        self.store.save_draft(updated)
        return updated

    def clear_answer(self, draft: Draft, item_id: str) -> Draft:
        """Take an answer back (an optional item left blank), durably."""
        updated = draft.without_answer(item_id)
        self.store.save_draft(updated)
        return updated

    def problems(self, draft: Draft) -> list[Problem]:
        """What stops the draft being submitted."""
        return check_submission(self.checklists[draft.checklist], draft.answers)

    def check_clock(self, draft: Draft, now: datetime) -> None:
        """Refuse (`ClockLooksWrong`) a submission at a time before the check's own start, the
        clock-in of the shift it closes or the last check record of this terminal; the refusal
        is written once per check as a `clock_backwards` audit event naming the shift."""
        shift = self.open_shift(draft.employee_id) if draft.checklist == END_OF_SHIFT else None
        behind = clock_behind(
            now,
            started_at=draft.started_at,
            clock_in=shift.clock_in if shift is not None else None,
            last_record=self.store.last_local_record_time(),
        )
        if behind is None:
            return
        # A start check's record id becomes its shift's id; an end check names the open shift.
        shift_id = shift.id if shift is not None else draft.record_id
        self.store.add(
            AuditEvent(
                id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"shiftcheck:clock:{draft.record_id}")),
                store_id=self.config.store_id,
                terminal_id=self.config.terminal_id,
                actor=draft.employee_id,
                action=CLOCK_BACKWARDS_ACTION,
                detail=clock_backwards_detail(shift_id, behind),
                # Filed at the earlier time the clock contradicts, not at the wrong reading
                # (which the detail keeps), so it is found beside the shift it concerns.
                at=behind.after,
            )
        )
        raise ClockLooksWrong(behind, self.config.tz)

    def submit(self, draft: Draft) -> Submitted:
        """Store the check as a record (durably), then drop the draft.

        `SubmissionRefused` for missing or refused answers, `ClockLooksWrong` when the clock
        has gone back (see `check_clock`); the draft stays in both cases."""
        checklist = self.checklists[draft.checklist]
        problems = check_submission(checklist, draft.answers)
        if problems:
            raise SubmissionRefused(problems)
        now = self.clock()
        self.check_clock(draft, now)
        flags: tuple[str, ...] = ()
        minimum = self.config.min_seconds_per_item * len(checklist.items)
        if (now - draft.started_at).total_seconds() < minimum:
            flags = (FLAG_FAST,)
        record = CheckRecord(
            id=draft.record_id,
            store_id=self.config.store_id,
            terminal_id=self.config.terminal_id,
            employee_id=draft.employee_id,
            checklist=draft.checklist,
            checklist_version=draft.checklist_version,
            started_at=draft.started_at,
            submitted_at=max(now, draft.started_at),
            answers=ordered_answers(checklist, draft.answers),
            flags=flags,
        )
        self.store.add(record)
        self.store.delete_draft(draft.employee_id)
        shift = None
        if record.checklist == END_OF_SHIFT:
            shift = self._closed_by(record)
        return Submitted(record, shift)

    def _closed_by(self, record: CheckRecord) -> Shift | None:
        """The shift an end record closed (looking back further only when needed: the end
        of a forgotten clock-out may close a shift days old)."""
        until = record.submitted_at + timedelta(seconds=1)
        for reach in (2 * self.window, OPEN_SHIFT_LOOKBACK):
            for candidate in self._pairing(record.submitted_at - reach, until):
                if candidate.end is not None and candidate.end.id == record.id:
                    return candidate
        return None
