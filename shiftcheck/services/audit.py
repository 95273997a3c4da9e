"""Audit events: who opened which supervisor screen and who changed what, and when."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Protocol

from shiftcheck.config import Config
from shiftcheck.domain.records import AuditEvent, Document
from shiftcheck.services.clock import Clock
from shiftcheck.services.errors import PermissionDenied


class DocumentSink(Protocol):
    """Where new history documents are written (the terminal's `DataStore`)."""

    def add(self, doc: Document, *, local: bool = True) -> bool:
        """Store one document durably; False if its id is already there."""
        ...


Authorise = Callable[[str | None], None]
"""Raises `PermissionDenied` unless the actor may use the supervisor screens."""


def require_actor(authorise: Authorise, actor: str | None) -> str:
    """The supervisor doing a change: named (never None here) and re-checked by `authorise`."""
    if actor is None:
        raise PermissionDenied("supervisor.actor_needed")
    authorise(actor)
    return actor


OPEN = "open"
"""Action prefix of a screen opening: `open:team_day`, `open:staff_admin`..."""


class AuditService:
    """Writes one `AuditEvent` per supervisor screen opening and per change."""

    def __init__(self, sink: DocumentSink, config: Config, clock: Clock) -> None:
        self.sink = sink
        self.config = config
        self.clock = clock

    def record(self, actor: str, action: str, detail: str = "") -> AuditEvent:
        """Store an event now: `actor` did `action` (`detail` says to what)."""
        event = AuditEvent(
            id=str(uuid.uuid4()),
            store_id=self.config.store_id,
            terminal_id=self.config.terminal_id,
            actor=actor,
            action=action,
            detail=detail,
            at=self.clock(),
        )
        self.sink.add(event, local=True)
        return event

    def opened(self, actor: str, screen: str, detail: str = "") -> AuditEvent:
        """A supervisor opened `screen`."""
        return self.record(actor, f"{OPEN}:{screen}", detail)
