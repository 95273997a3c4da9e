"""Handover of registration forms: the supervisor confirms receipt of the forms an employee
declared at their end checks; each confirmation is an `Acknowledgement` record per end check.

Supervisors count forms, not checks: a handover is one employee's forms of one day (all their
end checks that day), and a whole day can be acknowledged at once. When the forms received
differ from the declared count, both numbers are kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from shiftcheck.domain.checklist import LARGEST_NUMBER
from shiftcheck.domain.records import Acknowledgement, CheckRecord, Document
from shiftcheck.domain.shifts import Shift, forms_handed_in
from shiftcheck.services.audit import AuditService, Authorise, require_actor
from shiftcheck.services.clock import Clock
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.history import HistoryService
from shiftcheck.services.summary import ACK_WINDOW_DAYS

PENDING_DAYS = ACK_WINDOW_DAYS
"""How far back pending handovers are looked for (summaries look for acknowledgements as far
after a shift)."""


class AckSink(Protocol):
    """Where acknowledgements are written, several in one durable write."""

    def add_many(self, docs: Iterable[Document], *, local: bool = False) -> int:
        """Store documents not stored yet; returns how many were new."""
        ...


@dataclass(frozen=True, slots=True)
class PendingForms:
    """An end check whose forms no supervisor has acknowledged yet."""

    shift: Shift
    record: CheckRecord
    forms: int


@dataclass(frozen=True, slots=True)
class Handover:
    """One employee's unacknowledged forms of one day (the shifts' date), over their end
    checks of that day."""

    employee_id: str
    day: date
    checks: tuple[PendingForms, ...]

    @property
    def forms(self) -> int:
        """Forms declared at these end checks."""
        return sum(p.forms for p in self.checks)


def group_handovers(pending: Iterable[PendingForms], tz_day: dict[str, date]) -> list[Handover]:
    """Pending end checks grouped by (day, employee), in that order; `tz_day` gives each end
    record's shift date."""
    groups: dict[tuple[date, str], list[PendingForms]] = {}
    for p in pending:
        groups.setdefault((tz_day[p.record.id], p.record.employee_id), []).append(p)
    return [Handover(emp, day, tuple(checks)) for (day, emp), checks in sorted(groups.items())]


def share_received(declared: Sequence[int], received: int) -> list[int]:
    """A received total spread over end checks in order: each takes up to what it declared,
    the last takes whatever is left over (so the parts add up to `received`)."""
    parts: list[int] = []
    left = received
    for i, wanted in enumerate(declared):
        part = left if i == len(declared) - 1 else min(wanted, left)
        parts.append(part)
        left -= part
    return parts


class AcknowledgementService:
    """Pending handovers and their acknowledgement, re-checking the supervisor each time."""

    def __init__(
        self,
        history: HistoryService,
        sink: AckSink,
        clock: Clock,
        authorise: Authorise,
        audit: AuditService,
    ) -> None:
        self.history = history
        self.sink = sink
        self.clock = clock
        self.authorise = authorise
        self.audit = audit

    def _require(self, actor: str | None) -> str:
        return require_actor(self.authorise, actor)

    def _today(self) -> date:
        return self.clock().astimezone(self.history.tz).date()

    def pending(self, *, actor: str | None, days: int = PENDING_DAYS) -> list[PendingForms]:
        """End checks of the last `days` days with forms handed in and no acknowledgement,
        oldest first (`actor` None: the command line, which reads without a supervisor)."""
        self.authorise(actor)
        last = self._today()
        first = last - timedelta(days=days - 1)
        done = {a.record for a in self.history.acknowledgements(first)}
        found: list[PendingForms] = []
        for shift in self.history.shifts(first, last):
            forms = forms_handed_in(shift.end)
            if shift.end is not None and forms and shift.end.id not in done:
                found.append(PendingForms(shift, shift.end, forms))
        return found

    def handovers(
        self, *, actor: str | None, day: date | None = None, days: int = PENDING_DAYS
    ) -> list[Handover]:
        """Pending handovers by day then employee (of `day` only, when given)."""
        pending = self.pending(actor=actor, days=days)
        dates = {p.record.id: p.shift.local_date(self.history.tz) for p in pending}
        found = group_handovers(pending, dates)
        return [h for h in found if day is None or h.day == day]

    def pending_forms(self, *, actor: str | None) -> int:
        """How many forms wait for acknowledgement (forms, not end checks)."""
        return sum(p.forms for p in self.pending(actor=actor))

    def acknowledge(
        self, record_id: str, *, actor: str, days: int = PENDING_DAYS
    ) -> Acknowledgement:
        """Confirm receipt of the forms of end check `record_id`, as declared; nothing is
        written if it is not pending."""
        by = self._require(actor)
        match = next(
            (p for p in self.pending(actor=by, days=days) if p.record.id == record_id), None
        )
        if match is None:
            raise ServiceError("supervisor.ack_not_pending", id=record_id)
        return self._write(by, [(match, None)])[0]

    def acknowledge_handover(
        self, employee_id: str, day: date, *, actor: str, received: int | None = None
    ) -> list[Acknowledgement]:
        """Confirm receipt of one employee's forms of `day`; `received`: the count actually
        handed over, when it differs from the declared one (both are kept)."""
        by = self._require(actor)
        if received is not None and not 0 <= received <= LARGEST_NUMBER:
            raise ServiceError("forms.bad_received", received=received)
        found = [h for h in self.handovers(actor=by, day=day) if h.employee_id == employee_id]
        if not found:
            raise ServiceError("forms.nothing_pending", id=employee_id, date=day.isoformat())
        checks = found[0].checks
        if received is None or received == found[0].forms:
            return self._write(by, [(p, None) for p in checks])
        parts = share_received([p.forms for p in checks], received)
        return self._write(by, list(zip(checks, parts, strict=True)))

    def acknowledge_day(self, day: date, *, actor: str) -> list[Acknowledgement]:
        """Confirm receipt, as declared, of every form handed in on `day` and not yet
        acknowledged."""
        by = self._require(actor)
        checks = [p for h in self.handovers(actor=by, day=day) for p in h.checks]
        if not checks:
            raise ServiceError("forms.day_nothing_pending", date=day.isoformat())
        return self._write(by, [(p, None) for p in checks])

    def _write(
        self, by: str, items: Sequence[tuple[PendingForms, int | None]]
    ) -> list[Acknowledgement]:
        """One acknowledgement per end check, all in one write, then one audit event each."""
        now = self.clock()
        acks = [
            Acknowledgement(
                id=str(uuid.uuid4()),
                store_id=p.record.store_id,
                employee_id=p.record.employee_id,
                record=p.record.id,
                forms=p.forms,
                by=by,
                at=now,
                received=None if received == p.forms else received,
            )
            for p, received in items
        ]
        self.sink.add_many(acks, local=True)
        for ack in acks:
            got = "" if ack.received is None else f" received={ack.received}"
            detail = f"{ack.employee_id} {ack.record} forms={ack.forms}{got}"
            self.audit.record(by, "acknowledge", detail)
        return acks
