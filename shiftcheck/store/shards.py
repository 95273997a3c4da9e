"""Day shards: where each history document is filed, and the parsed shards kept in memory.

A shard `history/<YYYY>/<YYYY-MM-DD>.json` holds the records, corrections, acknowledgements,
audit events and roster plans filed under that day, in TinyDB's layout (table → {doc id: doc}).
A document this terminal wrote carries its local sequence number beside it (`_seq`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shiftcheck.domain.records import (
    Acknowledgement,
    AuditEvent,
    CheckRecord,
    Correction,
    Document,
    PlannedShift,
    RecordFormatError,
    document_time,
)
from shiftcheck.store.codec import SEQ_FIELD, decode_shard, document_from_json
from shiftcheck.store.errors import CorruptFileError
from shiftcheck.store.jsonfile import Quarantine, read_json_file

HISTORY_DIR = "history"
TABLE_OF: dict[type, str] = {
    CheckRecord: "records",
    Correction: "corrections",
    Acknowledgement: "acks",
    AuditEvent: "audit",
    PlannedShift: "roster",
}
"""The shard table each kind of document is kept in."""

Stamp = tuple[int, int, int]
"""A file's modification time (ns), size and inode: it changes whenever the file is replaced."""
Shard = tuple[tuple[int, Document], ...]
"""A parsed shard: (sequence number, or 0 if not written here; document), tables in order."""


def shard_path(data_dir: Path, day: str) -> Path:
    """The shard of `day` (an ISO date)."""
    return data_dir / HISTORY_DIR / day[:4] / f"{day}.json"


def shard_day(doc: Document) -> str:
    """The day a document is filed under: the date of its own time as written."""
    return document_time(doc).date().isoformat()


def stamp_of(path: Path) -> Stamp | None:
    """`path`'s stamp, None if there is no such file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return stamp(st)


def stamp(st: os.stat_result) -> Stamp:
    """The stamp of a file's `stat` result."""
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass(frozen=True, slots=True)
class _Parsed:
    stamp: Stamp
    docs: Shard


class ShardCache:
    """Parsed shards, each kept while its file is unchanged; the least recently used beyond
    `limit` are dropped. Reading a shard that changed (or is not kept) parses it again."""

    def __init__(self, quarantine: Quarantine, limit: int) -> None:
        self._quarantine = quarantine
        self._limit = limit
        self._parsed: dict[Path, _Parsed] = {}

    def __len__(self) -> int:
        return len(self._parsed)

    def read(self, path: Path) -> Shard:
        """The shard at `path` (empty if there is none). A damaged one is quarantined and
        `CorruptFileError` names what is wrong."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return ()
        now = stamp(st)
        cached = self._parsed.pop(path, None)
        if cached is not None and cached.stamp == now:
            self._parsed[path] = cached  # now the most recently used
            return cached.docs
        try:
            quick = decode_shard(path.read_bytes(), TABLE_OF)
        except FileNotFoundError:
            quick = []
        if quick is not None:
            parsed = tuple(quick)
            self.remember(path, now, parsed)
            return parsed
        # Damaged or unusual: read strictly, which names (and quarantines) what is wrong.
        data = read_json_file(path, self._quarantine)
        docs: list[tuple[int, Document]] = []
        try:
            for table in TABLE_OF.values():
                for raw in (data or {}).get(table, {}).values():
                    seq = int(raw.pop(SEQ_FIELD, 0))  # freshly parsed: ours to change
                    docs.append((seq, document_from_json(raw)))
        except (RecordFormatError, TypeError, ValueError, AttributeError) as exc:
            problem = f"holds an invalid document: {exc}"
            raise CorruptFileError(path, problem, self._quarantine(path, problem)) from None
        parsed = tuple(docs)
        self.remember(path, now, parsed)
        return parsed

    def remember(self, path: Path, at: Stamp, docs: Shard) -> None:
        """Keep the shard at `path` as parsed when its stamp was `at`, forgetting the least
        recently used beyond the limit."""
        self._parsed.pop(path, None)
        self._parsed[path] = _Parsed(at, docs)
        while len(self._parsed) > self._limit:
            del self._parsed[next(iter(self._parsed))]


@dataclass(frozen=True, slots=True)
class WrittenShard:
    """The raw contents of the shard this process wrote last, to add to it without re-reading."""

    path: Path
    stamp: Stamp
    data: dict[str, dict[str, Any]]
