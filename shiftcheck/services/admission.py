"""Admission: what every document coming from outside must satisfy before it is stored.

One set of rules for every way in (a bundle from the shared folder, the central database
pulled into a terminal, `shiftcheck records import`), on top of the contract's field checks
(`domain.records`). A document is admitted when:

- its `store_id` is this store's;
- its id is not stored yet on any day (the same document again is "already there"; the id
  with other content, on the same or another day, is refused as a duplicate);
- a check record's answers fit its checklist: see `answers_problem`;
- a correction's, acknowledgement's or roster plan's `by` is a supervisor of this store in the staff
  directory (active or not: one who has left may have signed old corrections);
- a correction targets a start-of-shift record of the same employee held here (or coming in
  with it), and would not put the clock-out at or before the clock-in;
- all its text can be stored (no lone surrogate).

Checklist versions: a record citing the version (`1+a8da726aa48a`) of a checklist this
terminal has is checked fully (every answer names an item of it with a value of the item's
kind within its bounds, every required item answered). A record citing another version (the
store changed its checklists, or another terminal runs other ones) is checked as far as this
terminal can: its answers to items this terminal's checklist of that id has must fit those
items (item ids are stable: an id keeps its meaning across versions), answers to other items
must be well-formed (a result, or a whole number, or text), and it must answer something.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from shiftcheck.domain.checklist import (
    START_OF_SHIFT,
    Answer,
    Checklist,
    check_answer,
    check_submission,
)
from shiftcheck.domain.records import (
    Acknowledgement,
    CheckRecord,
    Correction,
    Document,
    PlannedShift,
    document_time,
)
from shiftcheck.domain.shifts import pair_shifts
from shiftcheck.domain.staff import Role
from shiftcheck.i18n import Phrase
from shiftcheck.store import DataStore
from shiftcheck.store.codec import encode

SHIFT_REACH = timedelta(days=3)
"""How far after a shift's clock-in its end record is looked for when a correction comes in."""


@dataclass(frozen=True, slots=True)
class Refused:
    """A document not admitted, and why (English naming the field or rule; a `Phrase` where
    the catalogue has the words, so a screen shows them in its language)."""

    doc: Document
    reason: str


@dataclass(slots=True)
class Admitted:
    """What admission made of a batch."""

    fresh: list[Document] = field(default_factory=list)
    """Documents to store, in the order they came."""
    already_there: int = 0
    """Documents stored here already with the same content (skipped)."""
    refused: list[Refused] = field(default_factory=list)


def _well_formed(answer: Answer) -> bool:
    """An answer that is one of the three kinds: a result, a whole number, or text."""
    if answer.result is not None:
        return answer.value is None
    if isinstance(answer.value, int):
        return True
    return isinstance(answer.value, str) and bool(answer.value.strip())


def answers_problem(record: CheckRecord, checklists: Mapping[str, Checklist]) -> str | None:
    """Why `record`'s answers do not fit its checklist, or None (see the module's notes on
    versions this terminal does not have)."""
    if not record.answers:
        return "answers: a check must answer its checklist's items (none given)"
    by_item: dict[str, Answer] = {}
    for answer in record.answers:
        if answer.item in by_item:
            return f"answers: item {answer.item!r} is answered twice"
        by_item[answer.item] = answer
    checklist = checklists.get(record.checklist)
    if checklist is not None and checklist.version_tag == record.checklist_version:
        problems = check_submission(checklist, by_item)
        if problems:
            first = problems[0]
            return (
                f"answers: item {first.item!r}: {first.code.value} "
                f"(checklist {checklist.id} {checklist.version_tag})"
            )
        return None
    for answer in record.answers:
        if checklist is not None and checklist.has_item(answer.item):
            code = check_answer(checklist.item(answer.item), answer)
            if code is not None:
                return f"answers: item {answer.item!r}: {code.value}"
        elif not _well_formed(answer):
            return f"answers: item {answer.item!r}: neither a result, a whole number nor text"
    return None


class Admission:
    """The checks for one store's incoming documents (see the module docstring)."""

    def __init__(
        self,
        store: DataStore,
        store_id: str,
        checklists: Mapping[str, Checklist],
        *,
        more_supervisors: Iterable[str] = (),
    ) -> None:
        self.store = store
        self.store_id = store_id
        self.checklists = checklists
        self.more_supervisors = frozenset(more_supervisors)
        """Supervisors arriving with the documents (a `records import` file's own staff
        directory) whom this terminal does not know yet."""

    def admit(
        self,
        docs: Iterable[Document],
        bodies: Mapping[str, tuple[Document, bytes]] | None = None,
    ) -> Admitted:
        """Sort `docs` into fresh, already there and refused. `bodies` (by id, the document
        with the UTF-8 JSON it was read from) spares re-encoding text already known good."""
        bodies = bodies or {}
        out = Admitted()
        incoming = list(docs)
        if not incoming:
            return out
        stored_days = self.store.id_days()
        staff = self.store.list_staff(include_inactive=True)
        supervisors = {e.id for e in staff if e.role is Role.SUPERVISOR} | self.more_supervisors
        taken: dict[str, Document] = {}
        starts: dict[str, CheckRecord] = {}
        corrections: list[Correction] = []
        answer_memo: dict[tuple[int, str, str], str | None] = {}
        for doc in incoming:
            reason = self._form_problem(doc, bodies)
            if reason is None:
                reason = self._duplicate(doc, stored_days, taken, out)
                if reason == "":
                    continue  # already there
            if reason is None and isinstance(doc, CheckRecord):
                key = (id(doc.answers), doc.checklist_version, doc.checklist)
                if key not in answer_memo:
                    answer_memo[key] = answers_problem(doc, self.checklists)
                reason = answer_memo[key]
            elif (
                reason is None
                and isinstance(doc, Correction | Acknowledgement | PlannedShift)
                and doc.by not in supervisors
            ):
                reason = Phrase("sync.why.not_supervisor", by=repr(doc.by))
            if reason is not None:
                out.refused.append(Refused(doc, reason))
                continue
            taken[doc.id] = doc
            if isinstance(doc, CheckRecord) and doc.checklist == START_OF_SHIFT:
                starts[doc.id] = doc
            if isinstance(doc, Correction):
                corrections.append(doc)
                continue  # checked below, once every incoming record is known
            out.fresh.append(doc)
        self._admit_corrections(corrections, starts, out)
        return out

    def _form_problem(
        self, doc: Document, bodies: Mapping[str, tuple[Document, bytes]]
    ) -> str | None:
        if doc.store_id != self.store_id:
            return Phrase("sync.why.store_id", store=repr(doc.store_id), this=self.store_id)
        kept = bodies.get(doc.id)
        if kept is None or kept[0] is not doc:
            try:
                encode(doc.to_json())
            except UnicodeError:
                return Phrase("sync.why.unicode")
        return None

    def _duplicate(
        self,
        doc: Document,
        stored_days: Mapping[str, str],
        taken: Mapping[str, Document],
        out: Admitted,
    ) -> str | None:
        """None when the id is new; "" when the same document is here already (counted);
        else why it is refused."""
        earlier = taken.get(doc.id)
        if earlier is not None:
            if earlier == doc:
                out.already_there += 1
                return ""
            return Phrase("sync.why.twice")
        day = stored_days.get(doc.id)
        if day is None:
            return None
        if day == document_time(doc).date().isoformat() and self.store.stored_version(doc) == doc:
            out.already_there += 1
            return ""
        if day == document_time(doc).date().isoformat():
            return Phrase("sync.why.held_different")
        return Phrase("sync.why.other_day", day=day)

    def _admit_corrections(
        self,
        corrections: list[Correction],
        starts: Mapping[str, CheckRecord],
        out: Admitted,
    ) -> None:
        """Each correction must target a start record of the same employee, and leave its
        shift with a clock-out after its clock-in."""
        accepted: list[Correction] = []
        for correction in corrections:
            reason = self._correction_problem(correction, starts, accepted, out.fresh)
            if reason is not None:
                out.refused.append(Refused(correction, reason))
                continue
            accepted.append(correction)
            out.fresh.append(correction)

    def _correction_problem(
        self,
        correction: Correction,
        starts: Mapping[str, CheckRecord],
        accepted: list[Correction],
        fresh: list[Document],
    ) -> str | None:
        target = starts.get(correction.target) or self.store.find(
            correction.target, around=correction.value.date()
        )
        if not isinstance(target, CheckRecord) or target.checklist != START_OF_SHIFT:
            return Phrase("sync.why.not_a_shift", target=correction.target)
        if target.employee_id != correction.employee_id:
            return Phrase("sync.why.other_employee", shift=target.id, employee=target.employee_id)
        lo, hi = target.started_at, target.started_at + SHIFT_REACH
        records = [
            r
            for r in self.store.records(lo - timedelta(seconds=1), hi)
            if r.employee_id == target.employee_id
        ]
        records += [
            d
            for d in fresh
            if isinstance(d, CheckRecord)
            and d.employee_id == target.employee_id
            and lo <= d.submitted_at < hi
        ]
        records.append(target)
        earlier = [
            c
            for c in self.store.history(lo - timedelta(days=1), hi + SHIFT_REACH, (Correction,))
            if isinstance(c, Correction) and c.target == target.id
        ]
        earlier += [c for c in accepted if c.target == target.id]
        before = next(s for s in pair_shifts(records, earlier).shifts if s.id == target.id)
        if correction.field == "clock_out" and correction.value <= before.clock_in:
            return Phrase("sync.why.out_not_after", value=correction.value.isoformat())
        out_time = before.clock_out
        if correction.field == "clock_in" and out_time is not None and correction.value >= out_time:
            return Phrase("sync.why.in_not_before", value=correction.value.isoformat())
        after = next(
            s for s in pair_shifts(records, [*earlier, correction]).shifts if s.id == target.id
        )
        if after.clock_out is not None and after.clock_out <= after.clock_in:
            return Phrase("sync.why.out_before_in")
        return None
