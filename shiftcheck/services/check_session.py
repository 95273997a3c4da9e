"""One check in progress: the one place that knows what has been answered, what is stored,
what is still missing and whether the check may be submitted.

A screen (or a script) holds a `CheckSession`, forwards what the employee typed and shows what
the session says. The rules come from the domain (`check_answer`, `check_submission`); the
session adds only what a check in progress needs on top: answers whose save failed are kept
(`pending`) and retried, optional items may be left blank, and a check with unsaved answers is
never submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shiftcheck.domain.checklist import (
    Answer,
    AnswerProblem,
    Checklist,
    Item,
    ItemKind,
    Result,
    check_answer,
    check_submission,
)
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.shifts import Shift
from shiftcheck.services.checks import AnswerRefused, CheckService, Submitted
from shiftcheck.services.errors import ServiceError
from shiftcheck.store import StoreError


class NoteAsk(StrEnum):
    """Whether a failed item's note must be given."""

    REQUIRED = "required"
    OPTIONAL = "optional"


class UnsavedAnswers(ServiceError):
    """Some answers are not stored yet (a save failed), so the check cannot be submitted."""

    def __init__(self, cause: StoreError | None) -> None:
        super().__init__("counter.input.unsaved")
        self.cause = cause


@dataclass(frozen=True, slots=True)
class Given:
    """What giving an answer did: stored at once, or kept to be saved again (`error`)."""

    item: Item
    stored: bool
    error: StoreError | None = None


class CheckSession:
    """One employee's check in progress over a `CheckService`."""

    def __init__(self, checks: CheckService, draft: Draft, open_shift: Shift | None) -> None:
        self.checks = checks
        self.checklist: Checklist = checks.checklists[draft.checklist]
        self.draft = draft
        """What is stored."""
        self.open_shift = open_shift
        """The shift an end check closes (None for a start check)."""
        self.pending: dict[str, Answer | None] = {}
        """Answers given but not stored yet because a save failed (None: a taken-back answer)."""
        self.skipped: set[str] = set()
        """Optional items the employee chose to leave blank."""
        self.save_error: StoreError | None = None
        """Why the last save failed, while answers are pending."""

    # -- what there is ---------------------------------------------------------------------

    @property
    def employee_id(self) -> str:
        """Whose check this is."""
        return self.draft.employee_id

    @property
    def answers(self) -> dict[str, Answer]:
        """Every answer given, stored or not."""
        merged = dict(self.draft.answers)
        for item_id, answer in self.pending.items():
            if answer is None:
                merged.pop(item_id, None)
            else:
                merged[item_id] = answer
        return merged

    def answer_to(self, item_id: str) -> Answer | None:
        """The answer given to one item, stored or not."""
        if item_id in self.pending:
            return self.pending[item_id]
        return self.draft.answers.get(item_id)

    def is_open(self, item: Item) -> bool:
        """Whether the item still waits for the employee (no answer, not left blank)."""
        return self.answer_to(item.id) is None and item.id not in self.skipped

    def answered(self) -> int:
        """How many items have an answer."""
        answers = self.answers
        return sum(1 for item in self.checklist.items if item.id in answers)

    def missing(self) -> list[Item]:
        """Items that stop the check being submitted (required and unanswered, or refused)."""
        problems = {p.item for p in check_submission(self.checklist, self.answers)}
        return [item for item in self.checklist.items if item.id in problems]

    def may_submit(self) -> bool:
        """Whether every answer is stored and nothing is missing."""
        return not self.pending and not self.missing()

    def next_open(self, after: Item | None = None) -> Item | None:
        """The next item still open after `after` (wrapping round), or None when none is."""
        items = list(self.checklist.items)
        start = items.index(after) + 1 if after is not None else 0
        for item in items[start:] + items[:start]:
            if self.is_open(item):
                return item
        return None

    # -- what an item takes ----------------------------------------------------------------

    def refusal(self, item: Item, result: Result) -> AnswerProblem | None:
        """Why the item does not take this result at all (a note aside), else None."""
        return check_answer(item, Answer(item.id, result, note="-"))

    def accepts(self, item: Item, result: Result) -> bool:
        """Whether the item takes this result (a note aside)."""
        return item.kind is ItemKind.CHECK and self.refusal(item, result) is None

    def note_on_fail(self, item: Item) -> NoteAsk:
        """Whether a fail of this item needs a note (the item says so) or may have one."""
        needed = check_answer(item, Answer(item.id, Result.FAIL)) is AnswerProblem.NOTE_NEEDED
        return NoteAsk.REQUIRED if needed else NoteAsk.OPTIONAL

    # -- answering -------------------------------------------------------------------------

    def give(self, answer: Answer) -> Given:
        """Save one answer; `AnswerRefused` (nothing kept) if the item does not take it.

        A failed save keeps the answer as pending (`Given.stored` False); `retry` stores it.
        """
        item = self.checklist.item(answer.item)
        self.skipped.discard(item.id)
        if self.answer_to(item.id) == answer and item.id not in self.pending:
            return Given(item, stored=True)
        try:
            self.draft = self.checks.answer(self.draft, answer)
        except StoreError as exc:
            self._keep(item.id, answer, exc)
            return Given(item, stored=False, error=exc)
        self.pending.pop(item.id, None)
        return Given(item, stored=True)

    def give_result(self, item: Item, result: Result) -> Given:
        """Pass, fail (without a note) or N/A."""
        return self.give(Answer(item.id, result))

    def give_note(self, item: Item, typed: str) -> Given:
        """A fail with the note typed (empty: no note, refused where the item needs one)."""
        return self.give(Answer(item.id, Result.FAIL, note=typed.strip()))

    def give_number(self, item: Item, typed: str) -> Given:
        """A count from the digits typed (nothing typed: refused, a number is needed)."""
        digits = typed.strip()
        if digits and not (digits.isascii() and digits.lstrip("-").isdigit()):
            raise AnswerRefused(AnswerProblem.NUMBER_NEEDED.value)
        return self.give(Answer(item.id, value=int(digits) if digits else None))

    def give_text(self, item: Item, typed: str) -> Given:
        """A text answer; nothing typed leaves an optional item blank (a required one refuses)."""
        text = typed.strip()
        if not text and not item.required:
            return self.leave_blank(item)
        return self.give(Answer(item.id, value=text or None))

    def leave_blank(self, item: Item) -> Given:
        """Leave an optional item blank, taking back an earlier answer."""
        if item.required:
            raise AnswerRefused(AnswerProblem.MISSING.value)
        given = Given(item, stored=True)
        if self.answer_to(item.id) is not None:
            try:
                self.draft = self.checks.clear_answer(self.draft, item.id)
                self.pending.pop(item.id, None)
            except StoreError as exc:
                self._keep(item.id, None, exc)
                given = Given(item, stored=False, error=exc)
        self.skipped.add(item.id)
        return given

    def _keep(self, item_id: str, answer: Answer | None, exc: StoreError) -> None:
        self.pending[item_id] = answer
        self.save_error = exc

    def retry(self) -> bool:
        """Try again to store the pending answers; True when everything is stored."""
        if not self.pending:
            return True
        draft = self.draft
        try:
            for item_id, answer in list(self.pending.items()):
                if answer is None:
                    draft = self.checks.clear_answer(draft, item_id)
                else:
                    draft = self.checks.answer(draft, answer)
        except StoreError as exc:
            self.save_error = exc
            return False
        self.draft = draft
        self.pending.clear()
        self.save_error = None
        return True

    # -- submitting ------------------------------------------------------------------------

    def submit(self) -> Submitted:
        """Store the check as a record.

        Pending answers are saved first (`UnsavedAnswers` if that fails again); then the check
        service refuses a check with missing answers (`SubmissionRefused`) or one whose time the
        terminal's clock cannot vouch for (`ClockLooksWrong`); the draft is kept in both cases.
        """
        if not self.retry():
            raise UnsavedAnswers(self.save_error)
        return self.checks.submit(self.draft)
