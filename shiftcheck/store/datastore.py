"""The data folder, behind one front: opening and locking it, and its parts.

Layout::

    meta.json               schema version, set-up mark                      (meta.py)
    staff.json              employees (with PIN hashes: never synced)        (small_tables.py)
    state.json              small keyed state (PIN-failure window, sync cursors...)  (same)
    drafts/<employee>.json  a check in progress, saved after every answer    (drafts.py)
    history/<YYYY>/<YYYY-MM-DD>.json   records, corrections, acks, audit events, roster plans
                            of that day                              (shards.py, history.py)
    history/index.json      per-shard counts and sequence ranges (a cache, rebuilt if stale)
    history/recent.json     index entries of the days saved since index.json was rewritten
                                                                             (shard_index.py)
    quarantine/             damaged files moved aside, never deleted         (jsonfile.py)

Each save rewrites only small files (a day's shard and `recent.json`, or one draft), so its
cost does not grow with the history; `index.json` is rewritten whole on close, or when many
days piled up in `recent.json`. Every write is atomic and durable before it returns; each one
first checks that this process still holds the writer lock on this very folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import (
    Acknowledgement,
    AuditEvent,
    CheckRecord,
    Correction,
    Document,
)
from shiftcheck.domain.staff import Employee
from shiftcheck.store.atomic import describe_os_error, remove_stale_temp_files
from shiftcheck.store.drafts import DRAFTS_DIR, DraftFolder
from shiftcheck.store.errors import StoreWriteError
from shiftcheck.store.history import History
from shiftcheck.store.jsonfile import QUARANTINE_DIR, Quarantine, leave_in_place, quarantine_file
from shiftcheck.store.lock import WriterLock
from shiftcheck.store.meta import MetaFile, Migration
from shiftcheck.store.shard_index import RECENT_DAYS_MAX, ShardIndex
from shiftcheck.store.shards import HISTORY_DIR, TABLE_OF, ShardCache
from shiftcheck.store.small_tables import STAFF_NAME, STATE_NAME, StaffTable, StateTable
from shiftcheck.store.staff_file import parse_staff_file

__all__ = [
    "CACHED_SHARDS",
    "MIGRATIONS",
    "RECENT_DAYS_MAX",
    "SCHEMA_VERSION",
    "STAFF_NAME",
    "TABLE_OF",
    "DataStore",
]

SCHEMA_VERSION = 1
"""The data folder layout this code writes."""
MIGRATIONS: dict[int, Migration] = {}
"""`MIGRATIONS[v]` upgrades a data folder from schema version v to v + 1, in place."""
CACHED_SHARDS = 400
"""Parsed day shards kept in memory (about 13 months), least recently used dropped first."""
_SHARD_COPY = re.compile(r"^history__\d{4}__(?P<day>\d{4}-\d{2}-\d{2})\.json\.")
"""The name `quarantine_file` gives a day shard's damaged copy."""


class DataStore:
    """One data folder. Open with `writer=True` (the default) to save; readers never lock."""

    def __init__(self, data_dir: Path, *, writer: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.writer = writer
        self._lock: WriterLock | None = None
        quarantine: Quarantine = quarantine_file(self.data_dir) if writer else leave_in_place
        self._quarantine = quarantine
        self._meta = MetaFile(self.data_dir, quarantine, writer=writer)
        self._staff = StaffTable(self.data_dir / STAFF_NAME, quarantine)
        self._state = StateTable(self.data_dir / STATE_NAME, quarantine)
        self._drafts = DraftFolder(self.data_dir, quarantine)
        self._cache = ShardCache(quarantine, CACHED_SHARDS)
        self._index = ShardIndex(self.data_dir, self._cache, quarantine, writer=writer)
        self._history = History(self.data_dir, self._index, self._cache, quarantine)

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, writer: bool = True) -> DataStore:
        """Open (and for a writer, create and lock) a data folder; migrate an older one."""
        store = cls(data_dir, writer=writer)
        if writer:
            try:
                store.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreWriteError(store.data_dir, describe_os_error(exc)) from exc
            store._lock = WriterLock(store.data_dir)
            store._lock.acquire()
        try:
            if writer:
                store._remove_stale_temp_files()
            store._meta.check(SCHEMA_VERSION, MIGRATIONS)
            store._index.load()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Save the whole shard index if it changed, and release the writer lock."""
        if self._lock is not None:
            if self._lock.held:
                self._index.save_if_changed()
            self._lock.release()
            self._lock = None

    def __enter__(self) -> DataStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _require_writer(self) -> None:
        """Before each write: this process must still hold the lock on this very folder."""
        if self._lock is None:
            raise PermissionError(f"{self.data_dir} was opened read-only")
        self._lock.verify()

    def _remove_stale_temp_files(self) -> None:
        """Temp files of a writer killed mid-save (harmless, but they would pile up)."""
        folders = [self.data_dir, self.data_dir / DRAFTS_DIR, self.data_dir / HISTORY_DIR]
        history = self.data_dir / HISTORY_DIR
        if history.is_dir():
            folders.extend(p for p in history.iterdir() if p.is_dir() and p.name.isdigit())
        for folder in folders:
            remove_stale_temp_files(folder)

    # -- set up or new -------------------------------------------------------------------------

    @property
    def is_set_up(self) -> bool:
        """Whether `meta.json` records that this store was set up."""
        return self._meta.is_set_up

    def mark_set_up(self) -> None:
        """Record in `meta.json`, durably, that the store was set up (done once)."""
        self._require_writer()
        self._meta.mark_set_up(SCHEMA_VERSION)

    @property
    def staff_path(self) -> Path:
        """The staff file."""
        return self._staff.path

    def is_new(self) -> bool:
        """Whether the folder was never set up: no set-up mark, no staff file, no history and
        nothing quarantined. Anything else is an existing store, however damaged."""
        return not (
            self.is_set_up or self.staff_path.exists() or self.shard_days() or self.quarantined()
        )

    # -- staff and small state -----------------------------------------------------------------

    def list_staff(self, *, include_inactive: bool = False) -> list[Employee]:
        """Employees ordered by id; active only unless asked."""
        return self._staff.employees(include_inactive=include_inactive)

    def get_employee(self, employee_id: str) -> Employee | None:
        """One employee (active or not), or None."""
        return self._staff.get(employee_id)

    def save_employee(self, employee: Employee) -> None:
        """Add or replace an employee, durably (the first one marks the store as set up)."""
        self._require_writer()
        self._staff.save(employee)
        self.mark_set_up()

    def restore_staff_file(self, raw: bytes) -> list[Employee]:
        """Replace the staff list with a staff file's contents, checked whole first.

        `StaffFileProblem` names what is wrong and nothing changes. The current file, if any,
        is kept in `quarantine/`; the new one is written atomically and durably.
        """
        self._require_writer()
        staff = parse_staff_file(raw)
        path = self.staff_path
        if path.exists() and self._quarantine(path, "replaced by `staff restore`") is None:
            raise StoreWriteError(path, "the current file could not be kept in quarantine/")
        self._staff.replace_all(staff)
        self.mark_set_up()
        return staff

    def get_state(self, key: str) -> dict[str, Any] | None:
        """A small JSON object kept under `key`, or None."""
        return self._state.get(key)

    def put_state(self, key: str, value: dict[str, Any]) -> None:
        """Keep `value` under `key`, durably."""
        self._require_writer()
        self._state.put(key, value)

    # -- drafts --------------------------------------------------------------------------------

    def save_draft(self, draft: Draft) -> None:
        """Save a check in progress; returns once it is on disk."""
        self._require_writer()
        self._drafts.save(draft)

    def load_draft(self, employee_id: str) -> Draft | None:
        """The employee's check in progress, if any."""
        return self._drafts.load(employee_id)

    def delete_draft(self, employee_id: str) -> None:
        """Forget a check in progress (after it was submitted)."""
        self._require_writer()
        self._drafts.delete(employee_id)

    def draft_employees(self) -> list[str]:
        """Ids of employees who have a check in progress."""
        return self._drafts.employees()

    # -- history: reading ----------------------------------------------------------------------

    @property
    def index_rebuilt(self) -> bool:
        """Whether opening (or a reader's refresh) found the shard index stale and rebuilt it."""
        return self._index.rebuilt

    def kind_stamp(self, kind: type) -> tuple[tuple[str, int, int, int], ...]:
        """Day, mtime, size and count of every shard holding documents of `kind`: it changes
        whenever one is added, so a reader may keep what it derived from them until then."""
        return self._history.kind_stamp(kind)

    def shard_days(self) -> list[str]:
        """Days that have a history shard, oldest first."""
        return self._index.days()

    def history(
        self,
        start: datetime,
        end: datetime,
        kinds: tuple[type, ...] = (CheckRecord, Correction, Acknowledgement, AuditEvent),
    ) -> list[Document]:
        """Documents of the given kinds whose time is in `[start, end)`, oldest first."""
        return self._history.between(start, end, kinds)

    def records(self, start: datetime, end: datetime) -> list[CheckRecord]:
        """Check records submitted in `[start, end)`."""
        return [d for d in self.history(start, end, (CheckRecord,)) if isinstance(d, CheckRecord)]

    def all_documents(self) -> Iterator[Document]:
        """Every document in the history, shard by shard."""
        return self._history.all_documents()

    def id_days(self) -> dict[str, str]:
        """Every stored document's id with the day it is filed under: an incoming document
        whose id is stored on any day is a duplicate (see `services.admission`)."""
        return self._history.id_days()

    def stored_version(self, doc: Document) -> Document | None:
        """The stored document with `doc`'s id (looked up in the day it belongs to), if any."""
        return self._history.stored_version(doc)

    def find(self, doc_id: str, around: date | None = None) -> Document | None:
        """The document with this id; searched near `around` first when given."""
        return self._history.find(doc_id, around)

    @property
    def last_seq(self) -> int:
        """The sequence number of the newest document this terminal wrote (0 if none)."""
        return self._history.last_seq

    def local_since(self, seq: int, limit: int | None = None) -> list[tuple[int, Document]]:
        """Documents this terminal wrote with a sequence number above `seq`, in order."""
        return self._history.local_since(seq, limit)

    def last_local_record_time(self) -> datetime | None:
        """The latest submit time of the check records this terminal wrote (None if none)."""
        return self._history.last_local_record_time()

    def count_local_since(self, seq: int) -> int:
        """How many documents this terminal wrote after `seq`."""
        return len(self.local_since(seq))

    # -- history: writing ----------------------------------------------------------------------

    def add(self, doc: Document, *, local: bool = True) -> bool:
        """Store one document durably; False (and nothing written) if its id is already there.

        A `local` document (written on this terminal) gets the next sequence number, which puts
        it in the sync outbox.
        """
        return self.add_many([doc], local=local) == 1

    def add_many(
        self,
        docs: Iterable[Document],
        *,
        local: bool = False,
        bodies: Mapping[str, tuple[Document, bytes]] | None = None,
    ) -> int:
        """Store documents not stored yet, one write per day's shard; returns how many were new.

        `bodies` may give, by id, a document with the JSON text it was read from and checked as
        (an import): when that very document is stored, the text is stored as it stands instead
        of being written out again.
        """
        self._require_writer()
        return self._history.add_many(docs, local=local, bodies=bodies or {})

    # -- quarantine ----------------------------------------------------------------------------

    def quarantined(self) -> list[Path]:
        """Damaged files moved aside so far."""
        folder = self.data_dir / QUARANTINE_DIR
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*.damaged"))

    def quarantined_copies(self, name: str) -> list[Path]:
        """The quarantined copies of the data folder's file `name` (e.g. `staff.json`)."""
        return [p for p in self.quarantined() if p.name.startswith(f"{name}.")]

    def quarantined_days(self, first: date, last: date) -> list[tuple[date, Path]]:
        """Days from `first` to `last` whose history shard was found damaged and moved to
        `quarantine/` (their documents are missing from every report), with the copy kept.

        A copy moved on into `quarantine/resolved/` (restored, or the loss accounted for) no
        longer counts.
        """
        found: list[tuple[date, Path]] = []
        for path in self.quarantined():
            match = _SHARD_COPY.match(path.name)
            if match is None:
                continue
            try:
                day = date.fromisoformat(match["day"])
            except ValueError:
                continue
            if first <= day <= last:
                found.append((day, path))
        return sorted(found)
