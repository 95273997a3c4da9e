"""Handover of registration forms: the supervisor confirms receipt of the forms an employee
counted in at their end check; each confirmation is an `Acknowledgement` record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from shiftcheck.domain.records import Acknowledgement, CheckRecord
from shiftcheck.domain.shifts import Shift
from shiftcheck.services.audit import AuditService, Authorise, DocumentSink, require_actor
from shiftcheck.services.clock import Clock
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.history import HistoryService
from shiftcheck.services.summary import ACK_WINDOW_DAYS, forms_handed_in

PENDING_DAYS = ACK_WINDOW_DAYS
"""How far back pending handovers are looked for (summaries look for acknowledgements as far
after a shift)."""


@dataclass(frozen=True, slots=True)
class PendingForms:
    """An end check whose forms no supervisor has acknowledged yet."""

    shift: Shift
    record: CheckRecord
    forms: int


class AcknowledgementService:
    """Pending handovers and their acknowledgement, re-checking the supervisor each time."""

    def __init__(
        self,
        history: HistoryService,
        sink: DocumentSink,
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

    def _since(self, days: int) -> date:
        return self.clock().astimezone(self.history.tz).date() - timedelta(days=days - 1)

    def pending(self, *, actor: str, days: int = PENDING_DAYS) -> list[PendingForms]:
        """End checks of the last `days` days with forms handed in and no acknowledgement,
        oldest first."""
        self._require(actor)
        first = self._since(days)
        last = self.clock().astimezone(self.history.tz).date()
        done = {a.record for a in self.history.acknowledgements(first)}
        found: list[PendingForms] = []
        for shift in self.history.shifts(first, last):
            forms = forms_handed_in(shift.end)
            if shift.end is not None and forms and shift.end.id not in done:
                found.append(PendingForms(shift, shift.end, forms))
        return found

    def acknowledge(
        self, record_id: str, *, actor: str, days: int = PENDING_DAYS
    ) -> Acknowledgement:
        """Confirm receipt of the forms of end check `record_id`; nothing is written if it is
        not pending."""
        by = self._require(actor)
        match = next(
            (p for p in self.pending(actor=by, days=days) if p.record.id == record_id), None
        )
        if match is None:
            raise ServiceError("supervisor.ack_not_pending", id=record_id)
        ack = Acknowledgement(
            id=str(uuid.uuid4()),
            store_id=match.record.store_id,
            employee_id=match.record.employee_id,
            record=match.record.id,
            forms=match.forms,
            by=by,
            at=self.clock(),
        )
        self.sink.add(ack, local=True)
        self.audit.record(by, "acknowledge", f"{ack.employee_id} {ack.record} forms={ack.forms}")
        return ack
