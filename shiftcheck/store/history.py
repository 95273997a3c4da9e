"""The history: every record, correction, acknowledgement, audit event and roster plan, filed
in day shards; read by time, id or local sequence number, and added to in batches.

Nothing stored is ever changed or removed: a batch only adds documents whose ids are new, one
atomic, durable write per day's shard (a record and its audit event together or not at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from shiftcheck.domain.records import (
    Acknowledgement,
    AuditEvent,
    CheckRecord,
    Correction,
    Document,
    document_time,
)
from shiftcheck.store.codec import SEQ_FIELD, as_written, document_from_json, many_objects
from shiftcheck.store.jsonfile import AtomicJSONStorage, Quarantine
from shiftcheck.store.shard_index import ShardIndex, ShardInfo
from shiftcheck.store.shards import (
    TABLE_OF,
    Shard,
    ShardCache,
    WrittenShard,
    shard_day,
    shard_path,
    stamp,
    stamp_of,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Bodies = Mapping[str, tuple[Document, bytes]]
"""By id, a document with the JSON text it was read from and checked as (an import)."""


class History:
    """The day shards of one data folder, through their index and a cache of parsed shards."""

    def __init__(
        self, data_dir: Path, index: ShardIndex, shards: ShardCache, quarantine: Quarantine
    ) -> None:
        self.data_dir = data_dir
        self.index = index
        self.shards = shards
        self._quarantine = quarantine
        self._written: WrittenShard | None = None
        self._ids_of_day: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {}
        """Per day, the shard's time and size when read and the ids it held (for `id_days`)."""

    def _read(self, day: str) -> Shard:
        return self.shards.read(shard_path(self.data_dir, day))

    # -- reading -------------------------------------------------------------------------------

    def kind_stamp(self, kind: type) -> tuple[tuple[str, int, int, int], ...]:
        """Day, mtime, size and count of every shard holding documents of `kind`: it changes
        whenever one is added, so a reader may keep what it derived from them until then."""
        self.index.refresh()
        table = TABLE_OF[kind]
        return tuple(
            (day, info.mtime_ns, info.size, info.tables[table])
            for day, info in sorted(self.index.infos.items())
            if table in info.tables
        )

    def between(
        self,
        start: datetime,
        end: datetime,
        kinds: tuple[type, ...] = (CheckRecord, Correction, Acknowledgement, AuditEvent),
    ) -> list[Document]:
        """Documents of the given kinds whose time is in `[start, end)`, oldest first."""
        first = (start.date() - timedelta(days=1)).isoformat()
        last = (end.date() + timedelta(days=1)).isoformat() if end.year < 9999 else "9999-12-31"
        wanted = {TABLE_OF[k] for k in kinds}
        self.index.refresh()
        found: list[Document] = []
        with many_objects():
            for day, info in sorted(self.index.infos.items()):
                if first <= day <= last and wanted & set(info.tables):
                    for _, doc in self._read(day):
                        if isinstance(doc, kinds) and start <= document_time(doc) < end:
                            found.append(doc)
        # By real time: a timedelta from the epoch compares at C speed, where datetimes with
        # different offset objects each call their zones (ten times slower over a year).
        found.sort(key=lambda d: (document_time(d) - _EPOCH, d.id))
        return found

    def all_documents(self) -> Iterator[Document]:
        """Every document in the history, shard by shard."""
        for day in self.index.days():
            for _, doc in self._read(day):
                yield doc

    def id_days(self) -> dict[str, str]:
        """Every stored document's id with the day it is filed under."""
        days: dict[str, str] = {}
        known: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {}
        with many_objects():
            for day in self.index.days():
                info = self.index.infos[day]
                at = (info.mtime_ns, info.size)
                cached = self._ids_of_day.get(day)
                if cached is None or cached[0] != at:
                    cached = (at, tuple(doc.id for _, doc in self._read(day)))
                known[day] = cached
                days.update(dict.fromkeys(cached[1], day))
        self._ids_of_day = known
        return days

    def stored_version(self, doc: Document) -> Document | None:
        """The stored document with `doc`'s id (looked up in the day it belongs to), if any."""
        return next((d for _, d in self._read(shard_day(doc)) if d.id == doc.id), None)

    def find(self, doc_id: str, around: date | None = None) -> Document | None:
        """The document with this id; searched near `around` first when given."""
        days = self.index.days()
        if around is not None:
            near = {(around + timedelta(days=k)).isoformat() for k in range(-2, 3)}
            days = sorted(near & set(days)) + [d for d in days if d not in near]
        for day in days:
            for _, doc in self._read(day):
                if doc.id == doc_id:
                    return doc
        return None

    @property
    def last_seq(self) -> int:
        """The sequence number of the newest document this terminal wrote (0 if none)."""
        self.index.refresh()
        return self.index.next_seq - 1

    def local_since(self, seq: int, limit: int | None = None) -> list[tuple[int, Document]]:
        """Documents this terminal wrote with a sequence number above `seq`, in order."""
        self.index.refresh()
        found: list[tuple[int, Document]] = []
        with many_objects():
            for day, info in sorted(self.index.infos.items()):
                if info.max_seq > seq:
                    found.extend((s, d) for s, d in self._read(day) if s > seq)
        found.sort(key=lambda pair: pair[0])
        return found[:limit] if limit is not None else found

    def last_local_record_time(self) -> datetime | None:
        """The latest submit time of the check records this terminal wrote (None if none).

        Only the newest days holding such records are read (their shards are filed by date).
        """
        self.index.refresh()
        table = TABLE_OF[CheckRecord]
        infos = self.index.infos
        for day in sorted(infos, reverse=True):
            info = infos[day]
            if info.max_seq == 0 or table not in info.tables:
                continue
            times = [
                d.submitted_at
                for seq, d in self._read(day)
                if seq > 0 and isinstance(d, CheckRecord)
            ]
            if times:
                return max(times, key=lambda t: t - _EPOCH)
        return None

    # -- writing (the caller holds the writer lock) --------------------------------------------

    def add_many(self, docs: Iterable[Document], *, local: bool, bodies: Bodies) -> int:
        """Store documents not stored yet, one write per day's shard; returns how many were new.

        A `local` document (written on this terminal) gets the next sequence number. A body in
        `bodies` is stored as the text it stands in when that very document is stored.
        """
        by_day: dict[str, list[Document]] = {}
        for doc in docs:
            by_day.setdefault(shard_day(doc), []).append(doc)
        added = 0
        changed: set[str] = set()
        try:
            with many_objects():
                for day in sorted(by_day):
                    fresh = self._add_to_shard(day, by_day[day], local, bodies)
                    if fresh:
                        added += fresh
                        changed.add(day)
        finally:
            if changed:
                self.index.note(changed)
        return added

    def _add_to_shard(self, day: str, docs: list[Document], local: bool, bodies: Bodies) -> int:
        path = shard_path(self.data_dir, day)
        before = self.shards.read(path)
        existing = {d.id for _, d in before}
        fresh: list[Document] = []
        for doc in docs:
            if doc.id not in existing:
                existing.add(doc.id)
                fresh.append(doc)
        if not fresh:
            return 0
        seq = self.index.next_seq
        # A shard quarantined since the index was read starts afresh.
        info = self.index.infos.get(day) if path.exists() else None
        min_seq = info.min_seq if info else 0
        max_seq = info.max_seq if info else 0
        by_table: dict[str, list[dict[str, Any]]] = {}
        added: list[tuple[int, Document]] = []
        for doc in fresh:
            kept = None if local else bodies.get(doc.id)
            text = kept[1] if kept is not None and kept[0] is doc else None
            body: Any = doc.to_json() if text is None else as_written(text)
            if text is None:
                # Never write what reading would refuse (a whole day would drop out of view):
                # RecordFormatError here names the field, and nothing is written.
                document_from_json(body)
            added.append((seq if local else 0, doc))
            if local:
                body[SEQ_FIELD] = seq
                min_seq = min_seq or seq
                max_seq = seq
                seq += 1
            by_table.setdefault(TABLE_OF[type(doc)], []).append(body)
        # One write for the whole batch (TinyDB's own layout: table → {doc id: doc}), so a
        # record and, say, its audit event are stored together or not at all.
        storage = AtomicJSONStorage(path, self._quarantine)
        written = self._written
        if written is not None and written.path == path and stamp_of(path) == written.stamp:
            old = written.data  # this process wrote the shard last: no need to parse it again
        else:
            old = storage.read() or {}
        data = {table: dict(rows) for table, rows in old.items()}
        for table, new_rows in by_table.items():
            rows = data.setdefault(table, {})
            next_id = max((int(k) for k in rows if k.isdigit()), default=0) + 1
            for body in new_rows:
                rows[str(next_id)] = body
                next_id += 1
        self._written = None
        storage.write(data)
        self.index.next_seq = seq
        st = path.stat()
        self._written = WrittenShard(path, stamp(st), data)
        self.shards.remember(path, stamp(st), before + tuple(added))
        count = (info.count if info else 0) + len(fresh)
        tables = dict(info.tables) if info else {}
        for table, new_rows in by_table.items():
            tables[table] = tables.get(table, 0) + len(new_rows)
        self.index.infos[day] = ShardInfo(
            count, min_seq, max_seq, st.st_mtime_ns, st.st_size, tables
        )
        return len(fresh)
