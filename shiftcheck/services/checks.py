"""Running a check: which one is due, saving each answer as it is given, submitting.

Every answer is written to the employee's draft before `answer` returns, so a crash loses
nothing; a submitted check becomes an immutable record and the draft is removed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
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
from shiftcheck.domain.records import FLAG_FAST, AuditEvent, CheckRecord
from shiftcheck.domain.shifts import Shift, pair_shifts
from shiftcheck.services.clock import Clock
from shiftcheck.services.errors import ServiceError
from shiftcheck.store import DataStore

CURRENT_SHIFT_WINDOW = timedelta(hours=24)
"""A shift still open after this long (or `max_shift_hours`, if longer) counts as a forgotten
clock-out: the kiosk offers a new start check and the supervisor sees the old shift flagged."""


class AnswerRefused(ServiceError):
    """An answer the item does not accept; nothing was saved."""


class SubmissionRefused(ServiceError):
    """A check that cannot be submitted yet; `problems` lists the items."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("check.not_ready", count=len(problems))
        self.problems = problems


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
    """The check an employee should do now, and what it continues."""

    checklist: Checklist
    open_shift: Shift | None
    draft: Draft | None


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
        """How far back an open shift still counts as the current one."""
        return max(CURRENT_SHIFT_WINDOW, timedelta(hours=self.config.max_shift_hours))

    def current_shifts(self, now: datetime | None = None) -> list[Shift]:
        """Everyone's open shifts that are still current (who is clocked in now)."""
        now = now or self.clock()
        start = now - self.window
        records = self.store.records(start - self.window, now + timedelta(days=1))
        shifts = pair_shifts(records).shifts
        latest: dict[str, Shift] = {}
        for shift in shifts:
            latest[shift.employee_id] = shift
        return sorted(
            (s for s in latest.values() if s.clock_out is None and s.clock_in >= start),
            key=lambda s: (s.clock_in, s.employee_id),
        )

    def open_shift(self, employee_id: str) -> Shift | None:
        """The employee's current open shift, if any."""
        for shift in self.current_shifts():
            if shift.employee_id == employee_id:
                return shift
        return None

    def due(self, employee_id: str) -> DueCheck:
        """The check to do now: an unfinished one to resume, else end-of-shift if the employee
        has a current open shift, else start-of-shift. A draft older than the current-shift
        window is dropped: its start time can no longer serve as a clock-in."""
        draft = self.resume(employee_id)
        if draft is not None and self.clock() - draft.started_at > self.window:
            self.discard(employee_id)
            draft = None
        shift = self.open_shift(employee_id)
        if draft is not None:
            checklist_id = draft.checklist
        else:
            checklist_id = END_OF_SHIFT if shift is not None else START_OF_SHIFT
        return DueCheck(self.checklists[checklist_id], shift, draft)

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
        """A new check, saved at once so its start time survives a crash."""
        checklist = self.checklists[checklist_id]
        draft = Draft(
            record_id=str(uuid.uuid4()),
            employee_id=employee_id,
            checklist=checklist_id,
            checklist_version=checklist.version_tag,
            started_at=self.clock(),
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
            since = record.submitted_at - 2 * self.window
            records = self.store.records(since, record.submitted_at + timedelta(seconds=1))
            for candidate in pair_shifts(records).shifts:
                if candidate.end is not None and candidate.end.id == record.id:
                    shift = candidate
        return Submitted(record, shift)
