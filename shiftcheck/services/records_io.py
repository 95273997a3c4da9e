"""Records in and out as JSON Lines of the record contract (the interchange format of sync).

A file holds the store's staff directory first (one `shiftcheck.staff/1` line per employee: id,
name, role, active; never a PIN hash or the pepper), then its documents, oldest first. Lines
end at "\\n" only: a note may hold U+2028 or another character `str.splitlines` would split at,
so export → import → export gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from shiftcheck.domain.checklist import Checklist
from shiftcheck.domain.records import Document, RecordFormatError
from shiftcheck.domain.staff import Employee, employee_id_ok
from shiftcheck.services.admission import Admission
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.sync.base import DirectoryEntry
from shiftcheck.store import DataStore
from shiftcheck.store.codec import document_from_json

STAFF_SCHEMA = "shiftcheck.staff/1"
"""The `schema` of a staff directory line."""


def day_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last`, local days in `tz`."""
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    return start, end


def _line(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def staff_lines(staff: Iterable[Employee]) -> Iterator[str]:
    """One directory line per employee, by id: what a restore needs to show names."""
    for e in sorted(staff, key=lambda e: e.id):
        entry = DirectoryEntry(e.id, e.name, e.role.value, e.active)
        yield _line({"schema": STAFF_SCHEMA, **entry.to_json()})


def export_lines(docs: Iterable[Document]) -> Iterator[str]:
    """One compact JSON object per document, keys in contract order."""
    for doc in docs:
        yield _line(doc.to_json())


def export_text(staff: Iterable[Employee], docs: Iterable[Document]) -> tuple[str, int]:
    """The whole file (staff directory, then documents) and how many documents it holds."""
    lines = list(staff_lines(staff))
    directory = len(lines)
    lines.extend(export_lines(docs))
    return "".join(f"{line}\n" for line in lines), len(lines) - directory


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did."""

    read: int
    added: int
    staff_read: int = 0
    staff_added: int = 0

    @property
    def already_there(self) -> int:
        """Documents skipped because their id was stored already."""
        return self.read - self.added


class ImportRefused(ServiceError):
    """A file that was not imported at all; the message names the line."""


@dataclass(frozen=True, slots=True)
class ImportFile:
    """A checked import file: its staff directory and its documents."""

    staff: tuple[DirectoryEntry, ...]
    docs: tuple[Document, ...]
    lines: tuple[int, ...]
    """The line number of each document."""


def _directory_entry(data: Mapping[str, Any]) -> DirectoryEntry:
    """A staff line, checked; `ValueError` says what is wrong."""
    entry = DirectoryEntry.from_json({k: v for k, v in data.items() if k != "schema"})
    if not employee_id_ok(entry.id):
        raise ValueError(f"id: not a valid employee id: {entry.id!r}")
    if not entry.name.strip() or entry.name != entry.name.strip():
        raise ValueError(f"name: empty or with spaces around it: {entry.name!r}")
    return entry


def parse_lines(path: Path, store_id: str) -> ImportFile:
    """Every staff line and document of a JSON Lines file; `ImportRefused` names the first
    bad line. Lines end at "\\n" only (a "\\r" before it is allowed)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused("records.unreadable", path=str(path), reason=str(exc)) from None
    docs: list[Document] = []
    numbers: list[int] = []
    staff: dict[str, DirectoryEntry] = {}
    seen: dict[str, Document] = {}
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportRefused(
                "records.bad_line", path=str(path), line=number, reason=f"not JSON: {exc.msg}"
            ) from None
        if isinstance(data, dict) and data.get("schema") == STAFF_SCHEMA:
            try:
                entry = _directory_entry(data)
            except ValueError as exc:
                raise ImportRefused(
                    "records.bad_line", path=str(path), line=number, reason=str(exc)
                ) from None
            if staff.get(entry.id, entry) != entry:
                raise ImportRefused("records.staff_twice", path=str(path), line=number, id=entry.id)
            staff[entry.id] = entry
            continue
        try:
            doc = document_from_json(data)
        except RecordFormatError as exc:
            raise ImportRefused(
                "records.bad_line", path=str(path), line=number, reason=str(exc)
            ) from None
        if doc.store_id != store_id:
            raise ImportRefused(
                "records.other_store",
                path=str(path),
                line=number,
                found=doc.store_id,
                store=store_id,
            )
        earlier = seen.get(doc.id)
        if earlier is not None and earlier != doc:
            raise ImportRefused("records.conflict", path=str(path), line=number, id=doc.id)
        seen[doc.id] = doc
        docs.append(doc)
        numbers.append(number)
    return ImportFile(tuple(staff.values()), tuple(docs), tuple(numbers))


def restore_directory(store: DataStore, entries: Iterable[DirectoryEntry]) -> int:
    """Add employees this terminal does not know, inactive and without a PIN (as sync does);
    employees known here are never changed. Returns how many were added."""
    added = 0
    for entry in entries:
        if store.get_employee(entry.id) is None:
            store.save_employee(entry.employee().with_changes(active=False))
            added += 1
    return added


def import_file(
    store: DataStore,
    path: Path,
    store_id: str,
    checklists: Mapping[str, Checklist] | None = None,
) -> ImportResult:
    """Import every document of a file, or none; documents already stored are skipped.

    Every document must pass admission (`services.admission`, the same checks as a sync
    pull): one that does not (e.g. an id stored with different content on any day) refuses
    the whole file, naming its line, and nothing is changed. Then the file's staff directory
    gives names to employees this terminal does not know (`restore_directory`); a supervisor
    of that directory this terminal does not know yet counts as one for the file's own
    corrections and acknowledgements.
    """
    parsed = parse_lines(path, store_id)
    newcomers = {
        e.id for e in parsed.staff if e.role == "supervisor" and store.get_employee(e.id) is None
    }
    admission = Admission(store, store_id, checklists or {}, more_supervisors=newcomers)
    admitted = admission.admit(parsed.docs)
    if admitted.refused:
        first = admitted.refused[0]
        line = next(n for n, doc in zip(parsed.lines, parsed.docs, strict=True) if doc is first.doc)
        raise ImportRefused(
            "share.import_refused", path=str(path), line=line, id=first.doc.id, reason=first.reason
        )
    staff_added = restore_directory(store, parsed.staff)
    added = store.add_many(admitted.fresh, local=False)
    return ImportResult(len(parsed.docs), added, len(parsed.staff), staff_added)
