"""The shard index: per day, how many documents of each table a shard holds, the range of local
sequence numbers in it, and its size and time when described. A cache, never the only copy:

    history/index.json    every day's entry; rewritten whole on close, or when more than
                          `RECENT_DAYS_MAX` days piled up in recent.json
    history/recent.json   entries of the days saved since index.json was rewritten (not fsynced)

Opening checks each entry against its shard's size and time and rebuilds what differs, so a
save only ever rewrites small files and its cost does not grow with the history.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shiftcheck.store.atomic import durable_unlink
from shiftcheck.store.errors import CorruptFileError, StoreWriteError
from shiftcheck.store.jsonfile import Quarantine, read_json_file, write_json_file
from shiftcheck.store.shards import HISTORY_DIR, TABLE_OF, ShardCache, shard_path

INDEX_NAME = "index.json"
RECENT_NAME = "recent.json"
RECENT_DAYS_MAX = 31
"""Days `recent.json` may describe before the whole index is rewritten instead."""

FileStamp = tuple[int, int] | None
"""An index file's modification time (ns) and size; None when there is no such file."""


@dataclass(frozen=True, slots=True)
class ShardInfo:
    """What the index knows of one day's shard."""

    count: int
    min_seq: int
    max_seq: int
    mtime_ns: int
    size: int
    tables: dict[str, int] = field(default_factory=dict)
    """How many documents of each table (records, corrections, acks, audit) the shard holds."""


def _info_to_json(info: ShardInfo) -> dict[str, Any]:
    return {
        "count": info.count,
        "min_seq": info.min_seq,
        "max_seq": info.max_seq,
        "mtime_ns": info.mtime_ns,
        "size": info.size,
        "tables": info.tables,
    }


def _infos_from_json(raw: Any) -> tuple[dict[str, ShardInfo], int] | None:
    """Shard infos and next sequence number from an index file's contents (None if unusable)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("shards"), dict):
        return None
    next_seq = raw.get("next_seq", 1)
    if type(next_seq) is not int:
        return None
    shards: dict[str, ShardInfo] = {}
    for day, info in raw["shards"].items():
        try:
            shard = ShardInfo(**info)
        except TypeError:
            return None
        numbers = (shard.count, shard.min_seq, shard.max_seq, shard.mtime_ns, shard.size)
        if not all(type(n) is int for n in numbers) or not isinstance(shard.tables, dict):
            return None
        if not all(type(n) is int for n in shard.tables.values()):
            return None
        shards[day] = shard
    return shards, next_seq


class ShardIndex:
    """The index of one data folder's shards, and the next local sequence number.

    A writer keeps it current as it saves; a reader (`writer=False`) reloads it when the
    writer process changed the index files since (`refresh`), and never writes it.
    """

    def __init__(
        self, data_dir: Path, shards: ShardCache, quarantine: Quarantine, *, writer: bool
    ) -> None:
        self.data_dir = data_dir
        self.writer = writer
        self.infos: dict[str, ShardInfo] = {}
        """Day → what is known of its shard (kept current by the writer's `note`)."""
        self.next_seq = 1
        """The sequence number the next document this terminal writes gets."""
        self.rebuilt = False
        """Whether loading found the index stale or missing and rebuilt it."""
        self._shards = shards
        self._quarantine = quarantine
        self._unsaved: set[str] = set()
        """Days whose entries are only in `recent.json`, not yet in `index.json`."""
        self._stamp: tuple[FileStamp, ...] = ()

    def _index_path(self) -> Path:
        return self.data_dir / HISTORY_DIR / INDEX_NAME

    def _recent_path(self) -> Path:
        return self.data_dir / HISTORY_DIR / RECENT_NAME

    def _stat(self) -> tuple[FileStamp, ...]:
        stamps: list[FileStamp] = []
        for path in (self._index_path(), self._recent_path()):
            try:
                st = path.stat()
            except FileNotFoundError:
                stamps.append(None)
            else:
                stamps.append((st.st_mtime_ns, st.st_size))
        return tuple(stamps)

    def refresh(self) -> None:
        """A reader picks up what the writer process saved since (the writer knows already)."""
        if not self.writer and self._stat() != self._stamp:
            self.load()

    def days(self) -> list[str]:
        """Days that have a shard, oldest first (current for a reader too)."""
        self.refresh()
        return sorted(self.infos)

    def _read_file(self, path: Path) -> tuple[dict[str, ShardInfo], int] | None:
        try:
            return _infos_from_json(read_json_file(path, self._quarantine))
        except CorruptFileError:
            return None  # the index is only a cache: rebuilt from the shards

    def load(self) -> None:
        """`index.json` with `recent.json` (the days saved since) over it, each entry checked
        against its shard's size and time, rebuilt where they differ."""
        self._stamp = self._stat()
        full = self._read_file(self._index_path())
        recent = self._read_file(self._recent_path())
        index, next_seq = full if full is not None else ({}, 1)
        unsaved: set[str] = set()
        if recent is not None:
            index.update(recent[0])
            unsaved.update(recent[0])
            next_seq = max(next_seq, recent[1])
        stale = full is None and (self.data_dir / HISTORY_DIR).is_dir()
        on_disk = dict(self._scan())
        for day in list(index):
            if day not in on_disk:
                del index[day]
                stale = True
        for day, at in on_disk.items():
            info = index.get(day)
            if info is None or (info.mtime_ns, info.size) != at or not info.tables:
                index[day] = self._describe(day)
                stale = True
        for info in index.values():
            next_seq = max(next_seq, info.max_seq + 1)
        self.infos, self.next_seq = index, next_seq
        self._unsaved = unsaved & set(index)
        self.rebuilt = stale
        if stale and self.writer:
            self.save()

    def _scan(self) -> Iterator[tuple[str, tuple[int, int]]]:
        root = self.data_dir / HISTORY_DIR
        if not root.is_dir():
            return
        for year in os.scandir(root):
            if not year.is_dir() or not year.name.isdigit():
                continue
            for entry in os.scandir(year.path):
                if entry.name.endswith(".json") and entry.name[:1].isdigit():
                    st = entry.stat()
                    yield entry.name[:-5], (st.st_mtime_ns, st.st_size)

    def _describe(self, day: str) -> ShardInfo:
        path = shard_path(self.data_dir, day)
        docs = self._shards.read(path)
        seqs = [seq for seq, _ in docs if seq > 0]
        tables: dict[str, int] = {}
        for _, doc in docs:
            tables[TABLE_OF[type(doc)]] = tables.get(TABLE_OF[type(doc)], 0) + 1
        st = path.stat()
        return ShardInfo(
            count=len(docs),
            min_seq=min(seqs, default=0),
            max_seq=max(seqs, default=0),
            mtime_ns=st.st_mtime_ns,
            size=st.st_size,
            tables=tables,
        )

    def note(self, days: set[str]) -> None:
        """Record that `days` changed (their entries are set), after their shards were written.

        Usually only `recent.json` (those days) is written, so the cost does not grow with the
        history; the whole `index.json` is rewritten when many days piled up, and on close.
        The documents are already durable, so a failure here (a full disk) must not report the
        save as failed: the index is only a cache, found stale and rebuilt on the next open.
        """
        self._unsaved |= days
        with contextlib.suppress(StoreWriteError):
            if len(self._unsaved) > RECENT_DAYS_MAX:
                self.save()
            else:
                # Not fsynced: a cache checked against the shards when read (see `load`).
                self._write(self._recent_path(), sorted(self._unsaved), durable=False)
                self._stamp = self._stat()

    def save_if_changed(self) -> None:
        """Rewrite `index.json` if some days are only in `recent.json` (a failure is left to
        the next open, which finds the index stale)."""
        if self._unsaved:
            with contextlib.suppress(StoreWriteError):
                self.save()

    def save(self) -> None:
        """Rewrite `index.json` whole; `recent.json` is then no longer needed."""
        self._write(self._index_path(), sorted(self.infos))
        self._unsaved.clear()
        if self._recent_path().exists():
            durable_unlink(self._recent_path())
        self._stamp = self._stat()

    def _write(self, path: Path, days: list[str], *, durable: bool = True) -> None:
        data = {
            "next_seq": self.next_seq,
            "shards": {day: _info_to_json(self.infos[day]) for day in days if day in self.infos},
        }
        write_json_file(path, data, durable=durable)
