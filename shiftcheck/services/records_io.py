"""Records in and out as JSON Lines of the record contract (the interchange format of sync)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shiftcheck.domain.checklist import Checklist
from shiftcheck.domain.records import Document, RecordFormatError, document_from_json
from shiftcheck.services.admission import Admission
from shiftcheck.services.errors import ServiceError
from shiftcheck.store import DataStore


def day_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last`, local days in `tz`."""
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    return start, end


def export_lines(docs: Iterable[Document]) -> Iterator[str]:
    """One compact JSON object per document, keys in contract order."""
    for doc in docs:
        yield json.dumps(doc.to_json(), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did."""

    read: int
    added: int

    @property
    def already_there(self) -> int:
        """Documents skipped because their id was stored already."""
        return self.read - self.added


class ImportRefused(ServiceError):
    """A file that was not imported at all; the message names the line."""


def parse_lines(path: Path, store_id: str) -> list[Document]:
    """Every document in a JSON Lines file; `ImportRefused` names the first bad line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused("records.unreadable", path=str(path), reason=str(exc)) from None
    docs: list[Document] = []
    seen: dict[str, Document] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportRefused(
                "records.bad_line", path=str(path), line=number, reason=f"not JSON: {exc.msg}"
            ) from None
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
    return docs


def import_file(
    store: DataStore,
    path: Path,
    store_id: str,
    checklists: Mapping[str, Checklist] | None = None,
) -> ImportResult:
    """Import every document of a file, or none; documents already stored are skipped.

    Every document must pass admission (`services.admission`, the same checks as a sync
    pull): one that does not (e.g. an id stored with different content on any day) refuses
    the whole file, naming its line.
    """
    docs = parse_lines(path, store_id)
    admitted = Admission(store, store_id, checklists or {}).admit(docs)
    if admitted.refused:
        first = admitted.refused[0]
        line = next(n for n, doc in enumerate(docs, start=1) if doc is first.doc)
        raise ImportRefused(
            "share.import_refused", path=str(path), line=line, id=first.doc.id, reason=first.reason
        )
    added = store.add_many(admitted.fresh, local=False)
    return ImportResult(len(docs), added)
