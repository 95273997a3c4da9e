"""What every sync target shares: results, the staff directory entry, errors, message scrubbing."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from shiftcheck.domain.records import Document
from shiftcheck.domain.staff import Employee, Role, employee_id_ok
from shiftcheck.domain.text import NAME_MAX, name_problem
from shiftcheck.services.errors import ServiceError
from shiftcheck.store import DataStore
from shiftcheck.store.codec import encode

CLOCK_TOLERANCE_SECONDS = 300
"""A terminal clock further than this from the server's is flagged."""

_URL_PASSWORD = re.compile(r"(://[^:/@\s]*):[^@\s]*@")
_KV_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


def scrub(text: str) -> str:
    """`text` with any password (URL, `password=...`, `$PGPASSWORD`'s value) blanked out."""
    text = _URL_PASSWORD.sub(r"\1:***@", text)
    text = _KV_PASSWORD.sub(r"\1***", text)
    secret = os.environ.get("PGPASSWORD")
    if secret:
        text = text.replace(secret, "***")
    return text


class SyncError(ServiceError):
    """A target that could not be reached or used; nothing was confirmed by it.

    Values are scrubbed of passwords before they are kept, shown or logged.
    """

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key, **{k: scrub(str(v)) for k, v in values.items()})


def body_bytes(doc: Document) -> bytes:
    """A document's contract JSON as compact UTF-8 (what bundles and the database keep)."""
    return encode(doc.to_json())


def body_text(doc: Document) -> str:
    """`body_bytes` as text."""
    return body_bytes(doc).decode("utf-8")


NAME_RULE = f"not one line of 1 to {NAME_MAX} characters without control characters"


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """One employee as other terminals and head office see them: never a PIN hash."""

    id: str
    name: str
    role: str
    active: bool

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON."""
        return {"id": self.id, "name": self.name, "role": self.role, "active": self.active}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> DirectoryEntry:
        """An entry from JSON; `ValueError` names the bad field."""
        if not isinstance(raw, Mapping) or set(raw) != {"id", "name", "role", "active"}:
            raise ValueError("a directory entry has exactly id, name, role, active")
        entry = cls(raw["id"], raw["name"], raw["role"], raw["active"])
        entry.check()
        return entry

    def check(self) -> None:
        """`ValueError` naming the field unless every field holds (whatever the entry came
        from: a shared folder's `staff.json` or the central database)."""
        if self.role not in {r.value for r in Role}:
            raise ValueError(f"role: not staff or supervisor: {self.role!r}")
        if not isinstance(self.id, str) or not isinstance(self.name, str):
            raise ValueError("id and name must be strings")
        if not employee_id_ok(self.id):
            raise ValueError(f"id: not a valid employee id: {self.id!r}")
        if name_problem(self.name) is not None:
            raise ValueError(f"name of {self.id!r}: {NAME_RULE}")
        if not isinstance(self.active, bool):
            raise ValueError("active must be true or false")

    def employee(self) -> Employee:
        """An `Employee` with no PIN (a head-office view, or an inactive local copy)."""
        return Employee(id=self.id, name=self.name, role=Role(self.role), active=self.active)


def directory_of(store: DataStore) -> list[DirectoryEntry]:
    """The employees enrolled on this terminal (they have a PIN here), without PIN hashes.

    Employees only known from another terminal's directory are not passed on again, so one
    terminal's copy never overrides the terminal where the employee was set up.
    """
    return [
        DirectoryEntry(e.id, e.name, e.role.value, e.active)
        for e in store.list_staff(include_inactive=True)
        if e.pin_hash
    ]


def directory_hash(entries: Sequence[DirectoryEntry]) -> str:
    """A fingerprint of a directory, to push it only when it changed."""
    text = json.dumps([e.to_json() for e in entries], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Refusal:
    """A document a target (or this terminal, on pull) would not take, and why."""

    id: str
    reason: str


@dataclass(slots=True)
class PushOutcome:
    """What a target did with one batch."""

    added: int = 0
    already_there: int = 0
    refused: list[Refusal] = field(default_factory=list)
    clock_offset: float | None = None
    """This terminal's clock minus the target's, in seconds, when the target can tell."""


@dataclass(slots=True)
class PullOutcome:
    """What a target holds for this terminal: other terminals' documents and directory."""

    documents: list[Document]
    directory: list[DirectoryEntry]
    state: dict[str, Any]
    """The target's pull cursor after these documents; saved once they are stored here."""
    problems: list[str] = field(default_factory=list)
    """Bundles rejected whole (damaged, cut short), each named."""
    bodies: dict[str, tuple[Document, bytes]] = field(default_factory=dict)
    """By id, the first document read with that id and the JSON text it was read from (when
    read in bulk): stored as that text."""


class TargetSession(Protocol):
    """An open connection to a target."""

    batch_size: int

    def push(self, batch: Sequence[tuple[int, Document]], now: datetime) -> PushOutcome:
        """Store a batch durably; returns only after the target confirmed (committed) it."""
        ...

    def push_directory(self, entries: Sequence[DirectoryEntry], now: datetime) -> None:
        """Leave this terminal's staff directory (and its last-seen) at the target."""
        ...

    def pull(self, state: Mapping[str, Any]) -> PullOutcome:
        """Documents and directory of this store's other terminals since `state`."""
        ...


class Target(Protocol):
    """A named place to sync with."""

    name: str
    where: str
    """Where it is, without secrets (a folder, or host/database/schema)."""

    def open(self) -> AbstractContextManager[TargetSession]:
        """Connect; `SyncError` if it cannot be reached."""
        ...


def chunks(
    items: Sequence[tuple[int, Document]], size: int
) -> Iterator[list[tuple[int, Document]]]:
    """`items` in consecutive lists of at most `size`."""
    for i in range(0, len(items), size):
        yield list(items[i : i + size])
