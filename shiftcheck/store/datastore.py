"""The data folder: staff, drafts, history shards by day, small state, meta and migrations.

Layout::

    meta.json               schema version
    staff.json              employees (with PIN hashes: never synced)
    state.json              small keyed state (PIN-failure window, sync cursors...)
    drafts/<employee>.json  a check in progress, saved after every answer
    history/<YYYY>/<YYYY-MM-DD>.json   records, corrections, acks, audit events of that day
    history/index.json      per-shard counts and sequence ranges (a cache, rebuilt if stale)
    history/recent.json     index entries of the days saved since index.json was rewritten
    quarantine/             damaged files moved aside, never deleted

Each save rewrites only small files (a day's shard and `recent.json`, or one draft), so its
cost does not grow with the history; `index.json` is rewritten whole on close, or when more
than `RECENT_DAYS_MAX` days piled up in `recent.json`.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from tinydb import Query, TinyDB

from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import (
    Acknowledgement,
    AuditEvent,
    CheckRecord,
    Correction,
    Document,
    PlannedShift,
    RecordFormatError,
    document_from_json,
    document_time,
)
from shiftcheck.domain.staff import Employee, Role, employee_id_ok
from shiftcheck.store.atomic import (
    atomic_write_bytes,
    describe_os_error,
    durable_unlink,
    remove_stale_temp_files,
)
from shiftcheck.store.errors import (
    CorruptFileError,
    StoreError,
    StoreVersionError,
    StoreWriteError,
)
from shiftcheck.store.jsonfile import (
    QUARANTINE_DIR,
    AtomicJSONStorage,
    Quarantine,
    encode,
    leave_in_place,
    many_objects,
    quarantine_file,
    read_json_file,
)
from shiftcheck.store.lock import WriterLock
from shiftcheck.store.staff_file import parse_staff_file
from shiftcheck.store.wire import decode_shard

SCHEMA_VERSION = 1
"""The data folder layout this code writes."""
META_NAME = "meta.json"
STAFF_NAME = "staff.json"
SET_UP_KEY = "set_up"
"""`meta.json` key written once the store is set up (its first employee saved): a folder
with it is never taken for a new install, whatever else is missing."""

MIGRATIONS: dict[int, Callable[[Path], None]] = {}
"""`MIGRATIONS[v]` upgrades a data folder from schema version v to v + 1, in place."""

TABLE_OF: dict[type, str] = {
    CheckRecord: "records",
    Correction: "corrections",
    Acknowledgement: "acks",
    AuditEvent: "audit",
    PlannedShift: "roster",
}
SEQ_KEY = "_seq"
"""Local sequence number kept beside a document this terminal wrote (the outbox's order)."""

HISTORY_DIR = "history"
DRAFTS_DIR = "drafts"
INDEX_NAME = "index.json"
CACHED_SHARDS = 400
"""Parsed day shards kept in memory (about 13 months), least recently used dropped first."""
RECENT_NAME = "recent.json"
RECENT_DAYS_MAX = 31
"""Days `recent.json` may describe before the whole index is rewritten instead."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SHARD_COPY = re.compile(r"^history__\d{4}__(?P<day>\d{4}-\d{2}-\d{2})\.json\.")
"""The name `quarantine_file` gives a day shard's damaged copy."""


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


@dataclass(frozen=True, slots=True)
class _Parsed:
    stamp: tuple[int, int, int]
    docs: tuple[tuple[int, Document], ...]


@dataclass(frozen=True, slots=True)
class _Written:
    """The raw contents of the shard this process wrote last, to add to it without re-reading."""

    path: Path
    stamp: tuple[int, int, int]
    data: dict[str, dict[str, Any]]


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_mtime_ns, st.st_size, st.st_ino)


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


def _shard_day(doc: Document) -> str:
    """The day a document is filed under: the date of its own time as written."""
    return document_time(doc).date().isoformat()


def _employee_to_json(e: Employee) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "role": e.role.value,
        "language": e.language,
        "pin_hash": e.pin_hash,
        "active": e.active,
        "failed_pins": e.failed_pins,
        "locked_until": e.locked_until.isoformat() if e.locked_until else None,
        "locks": e.locks,
    }


def _employee_from_json(d: dict[str, Any]) -> Employee:
    locked = d.get("locked_until")
    return Employee(
        id=str(d["id"]),
        name=str(d["name"]),
        role=Role(d.get("role", "staff")),
        language=str(d.get("language", "zh-CN")),
        pin_hash=str(d.get("pin_hash", "")),
        active=bool(d.get("active", True)),
        failed_pins=int(d.get("failed_pins", 0)),
        locked_until=datetime.fromisoformat(locked) if locked else None,
        locks=int(d.get("locks", 0)),
    )


def _require_employee_id(employee_id: str) -> None:
    """Refuse an employee id that could name a path outside its folder (`../x`, "")."""
    if not employee_id_ok(employee_id):
        raise StoreError(f"not a valid employee id: {employee_id!r}; nothing was saved")


class DataStore:
    """One data folder. Open with `writer=True` (the default) to save; readers never lock."""

    def __init__(self, data_dir: Path, *, writer: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.writer = writer
        self._lock: WriterLock | None = None
        self._quarantine: Quarantine = quarantine_file(self.data_dir) if writer else leave_in_place
        self._index: dict[str, ShardInfo] = {}
        self._next_seq = 1
        self._cache: dict[Path, _Parsed] = {}
        self._written: _Written | None = None
        self._unsaved: set[str] = set()
        """Days whose index entries are only in `recent.json`, not yet in `index.json`."""
        self.index_rebuilt = False
        """Whether opening found the shard index stale or missing and rebuilt it."""
        self._index_stamp: tuple[tuple[int, int] | None, ...] = ()
        self._meta: dict[str, Any] = {}
        self._ids_of_day: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {}
        """Per day, the shard's size and time when read and the ids it held (for `id_days`)."""

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
            store._check_meta()
            store._load_index()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Save the whole shard index if it changed, and release the writer lock."""
        if self._lock is not None:
            if self._unsaved and self._lock.held:
                with contextlib.suppress(StoreWriteError):
                    self._save_index()
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

    def _check_meta(self) -> None:
        path = self.data_dir / META_NAME
        meta = read_json_file(path, self._quarantine)
        if meta is None:
            if self.writer:
                self._meta = {"schema_version": SCHEMA_VERSION}
                self._write_json(path, self._meta)
            return
        self._meta = meta
        version = meta.get("schema_version")
        if not isinstance(version, int) or version < 1:
            raise StoreVersionError(f"{path}: schema_version must be a whole number ≥ 1")
        if version > SCHEMA_VERSION:
            raise StoreVersionError(
                f"{self.data_dir} was written by a newer shiftcheck (data schema {version}, "
                f"this version reads up to {SCHEMA_VERSION}); upgrade shiftcheck"
            )
        if version < SCHEMA_VERSION:
            if not self.writer:
                raise StoreVersionError(
                    f"{self.data_dir} needs upgrading from schema {version}; open it once as writer"
                )
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](self.data_dir)
                self._meta = {**meta, "schema_version": step + 1}
                self._write_json(path, self._meta)

    def _write_json(self, path: Path, data: Any, *, durable: bool = True) -> None:
        atomic_write_bytes(path, encode(data), durable=durable)

    # -- set up or new -------------------------------------------------------------------------

    @property
    def is_set_up(self) -> bool:
        """Whether `meta.json` records that this store was set up."""
        return self._meta.get(SET_UP_KEY) is True

    def mark_set_up(self) -> None:
        """Record in `meta.json`, durably, that the store was set up (done once)."""
        self._require_writer()
        if not self.is_set_up:
            meta = {**self._meta, "schema_version": SCHEMA_VERSION, SET_UP_KEY: True}
            self._write_json(self.data_dir / META_NAME, meta)
            self._meta = meta

    @property
    def staff_path(self) -> Path:
        """The staff file."""
        return self.data_dir / STAFF_NAME

    def is_new(self) -> bool:
        """Whether the folder was never set up: no set-up mark, no staff file, no history and
        nothing quarantined. Anything else is an existing store, however damaged."""
        return not (
            self.is_set_up or self.staff_path.exists() or self.shard_days() or self.quarantined()
        )

    def quarantined_copies(self, name: str) -> list[Path]:
        """The quarantined copies of the data folder's file `name` (e.g. `staff.json`)."""
        return [p for p in self.quarantined() if p.name.startswith(f"{name}.")]

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
        rows = {str(n): _employee_to_json(e) for n, e in enumerate(staff, start=1)}
        self._write_json(path, {"staff": rows})
        self.mark_set_up()
        return staff

    # -- staff ---------------------------------------------------------------------------------

    def _staff_db(self) -> TinyDB:
        return TinyDB(self.staff_path, storage=AtomicJSONStorage, quarantine=self._quarantine)

    def _malformed(self, path: Path, what: str, exc: Exception) -> CorruptFileError:
        """A JSON file that parses but holds something of the wrong shape: quarantined too."""
        problem = f"holds an invalid {what}: {type(exc).__name__}: {exc}"
        return CorruptFileError(path, problem, self._quarantine(path, problem))

    def list_staff(self, *, include_inactive: bool = False) -> list[Employee]:
        """Employees ordered by id; active only unless asked."""
        try:
            with self._staff_db() as db:
                staff = [_employee_from_json(d) for d in db.table("staff").all()]
        except (KeyError, TypeError, ValueError) as exc:
            raise self._malformed(self.staff_path, "employee", exc) from None
        if not include_inactive:
            staff = [e for e in staff if e.active]
        return sorted(staff, key=lambda e: e.id)

    def get_employee(self, employee_id: str) -> Employee | None:
        """One employee (active or not), or None."""
        try:
            with self._staff_db() as db:
                doc = db.table("staff").get(Query().id == employee_id)
                return _employee_from_json(doc) if doc is not None else None
        except (KeyError, TypeError, ValueError) as exc:
            raise self._malformed(self.staff_path, "employee", exc) from None

    def save_employee(self, employee: Employee) -> None:
        """Add or replace an employee, durably (the first one marks the store as set up)."""
        self._require_writer()
        _require_employee_id(employee.id)
        with self._staff_db() as db:
            db.table("staff").upsert(_employee_to_json(employee), Query().id == employee.id)
        self.mark_set_up()

    # -- small keyed state ---------------------------------------------------------------------

    def _state_db(self) -> TinyDB:
        return TinyDB(
            self.data_dir / "state.json", storage=AtomicJSONStorage, quarantine=self._quarantine
        )

    def get_state(self, key: str) -> dict[str, Any] | None:
        """A small JSON object kept under `key`, or None."""
        try:
            with self._state_db() as db:
                doc = db.table("state").get(Query().key == key)
                return dict(doc["value"]) if doc is not None else None
        except (KeyError, TypeError, ValueError) as exc:
            raise self._malformed(self.data_dir / "state.json", "entry", exc) from None

    def put_state(self, key: str, value: dict[str, Any]) -> None:
        """Keep `value` under `key`, durably."""
        self._require_writer()
        with self._state_db() as db:
            db.table("state").upsert({"key": key, "value": value}, Query().key == key)

    # -- drafts --------------------------------------------------------------------------------

    def _draft_path(self, employee_id: str) -> Path:
        _require_employee_id(employee_id)
        return self.data_dir / DRAFTS_DIR / f"{employee_id}.json"

    def save_draft(self, draft: Draft) -> None:
        """Save a check in progress; returns once it is on disk."""
        self._require_writer()
        self._write_json(self._draft_path(draft.employee_id), draft.to_json())

    def load_draft(self, employee_id: str) -> Draft | None:
        """The employee's check in progress, if any."""
        path = self._draft_path(employee_id)
        data = read_json_file(path, self._quarantine)
        if data is None:
            return None
        try:
            return Draft.from_json(data)
        except RecordFormatError as exc:
            problem = f"not a valid draft: {exc}"
            raise CorruptFileError(path, problem, self._quarantine(path, problem)) from None

    def delete_draft(self, employee_id: str) -> None:
        """Forget a check in progress (after it was submitted)."""
        self._require_writer()
        durable_unlink(self._draft_path(employee_id))

    def draft_employees(self) -> list[str]:
        """Ids of employees who have a check in progress."""
        folder = self.data_dir / DRAFTS_DIR
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.json"))

    # -- history: index ------------------------------------------------------------------------

    def _shard_path(self, day: str) -> Path:
        return self.data_dir / HISTORY_DIR / day[:4] / f"{day}.json"

    def _index_path(self) -> Path:
        return self.data_dir / HISTORY_DIR / INDEX_NAME

    def _recent_path(self) -> Path:
        return self.data_dir / HISTORY_DIR / RECENT_NAME

    def _stat_index(self) -> tuple[tuple[int, int] | None, ...]:
        stamps: list[tuple[int, int] | None] = []
        for path in (self._index_path(), self._recent_path()):
            try:
                st = path.stat()
            except FileNotFoundError:
                stamps.append(None)
            else:
                stamps.append((st.st_mtime_ns, st.st_size))
        return tuple(stamps)

    def _refresh(self) -> None:
        """A reader picks up what the writer process saved since (the writer knows already)."""
        if not self.writer and self._stat_index() != self._index_stamp:
            self._load_index()

    def _read_index_file(self, path: Path) -> tuple[dict[str, ShardInfo], int] | None:
        try:
            return _infos_from_json(read_json_file(path, self._quarantine))
        except CorruptFileError:
            return None  # the index is only a cache: rebuilt from the shards

    def _load_index(self) -> None:
        """The shard index: `index.json` with `recent.json` (the days saved since) over it,
        each entry checked against its shard's size and time, rebuilt where they differ."""
        self._index_stamp = self._stat_index()
        full = self._read_index_file(self._index_path())
        recent = self._read_index_file(self._recent_path())
        index, next_seq = full if full is not None else ({}, 1)
        unsaved: set[str] = set()
        if recent is not None:
            index.update(recent[0])
            unsaved.update(recent[0])
            next_seq = max(next_seq, recent[1])
        stale = full is None and self._has_history()
        on_disk = dict(self._scan_shards())
        for day in list(index):
            if day not in on_disk:
                del index[day]
                stale = True
        for day, stamp in on_disk.items():
            info = index.get(day)
            if info is None or (info.mtime_ns, info.size) != stamp or not info.tables:
                index[day] = self._info_from_shard(day)
                stale = True
        for info in index.values():
            next_seq = max(next_seq, info.max_seq + 1)
        self._index, self._next_seq = index, next_seq
        self._unsaved = unsaved & set(index)
        self.index_rebuilt = stale
        if stale and self.writer:
            self._save_index()

    def _has_history(self) -> bool:
        return (self.data_dir / HISTORY_DIR).is_dir()

    def _scan_shards(self) -> Iterator[tuple[str, tuple[int, int]]]:
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

    def _info_from_shard(self, day: str) -> ShardInfo:
        path = self._shard_path(day)
        docs = self._read_shard(path)
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

    def _save_index_if_possible(self, days: set[str]) -> None:
        """Record in the index that `days` changed, after their shards were written.

        Usually only `recent.json` (those days) is written, so the cost does not grow with the
        history; the whole `index.json` is rewritten when many days piled up, and on close.
        The documents are already durable, so a failure here (a full disk) must not report the
        save as failed: the index is only a cache, found stale and rebuilt on the next open.
        """
        self._unsaved |= days
        with contextlib.suppress(StoreWriteError):
            if len(self._unsaved) > RECENT_DAYS_MAX:
                self._save_index()
            else:
                # Not fsynced: a cache checked against the shards when read (see _load_index).
                self._write_infos(self._recent_path(), sorted(self._unsaved), durable=False)
                self._index_stamp = self._stat_index()

    def _save_index(self) -> None:
        """Rewrite `index.json` whole; `recent.json` is then no longer needed."""
        self._write_infos(self._index_path(), sorted(self._index))
        self._unsaved.clear()
        if self._recent_path().exists():
            durable_unlink(self._recent_path())
        self._index_stamp = self._stat_index()

    def _write_infos(self, path: Path, days: list[str], *, durable: bool = True) -> None:
        data = {
            "next_seq": self._next_seq,
            "shards": {day: _info_to_json(self._index[day]) for day in days if day in self._index},
        }
        self._write_json(path, data, durable=durable)

    # -- history: reading ----------------------------------------------------------------------

    def _read_shard(self, path: Path) -> tuple[tuple[int, Document], ...]:
        try:
            st = path.stat()
        except FileNotFoundError:
            return ()
        stamp = _stamp(st)
        cached = self._cache.pop(path, None)
        if cached is not None and cached.stamp == stamp:
            self._cache[path] = cached  # now the most recently used
            return cached.docs
        try:
            quick = decode_shard(path.read_bytes(), TABLE_OF)
        except FileNotFoundError:
            quick = []
        if quick is not None:
            parsed = tuple(quick)
            self._remember(path, _Parsed(stamp, parsed))
            return parsed
        # Damaged or unusual: read strictly, which names (and quarantines) what is wrong.
        data = read_json_file(path, self._quarantine)
        docs: list[tuple[int, Document]] = []
        try:
            for table in TABLE_OF.values():
                for raw in (data or {}).get(table, {}).values():
                    seq = int(raw.pop(SEQ_KEY, 0))  # freshly parsed: ours to change
                    docs.append((seq, document_from_json(raw)))
        except (RecordFormatError, TypeError, ValueError, AttributeError) as exc:
            problem = f"holds an invalid document: {exc}"
            raise CorruptFileError(path, problem, self._quarantine(path, problem)) from None
        parsed = tuple(docs)
        self._remember(path, _Parsed(stamp, parsed))
        return parsed

    def _remember(self, path: Path, parsed: _Parsed) -> None:
        """Keep a parsed shard, forgetting the least recently used beyond `CACHED_SHARDS`."""
        self._cache.pop(path, None)
        self._cache[path] = parsed
        while len(self._cache) > CACHED_SHARDS:
            del self._cache[next(iter(self._cache))]

    def kind_stamp(self, kind: type) -> tuple[tuple[str, int, int, int], ...]:
        """Day, mtime, size and count of every shard holding documents of `kind`: it changes
        whenever one is added, so a reader may keep what it derived from them until then."""
        self._refresh()
        table = TABLE_OF[kind]
        return tuple(
            (day, info.mtime_ns, info.size, info.tables[table])
            for day, info in sorted(self._index.items())
            if table in info.tables
        )

    def shard_days(self) -> list[str]:
        """Days that have a history shard, oldest first."""
        self._refresh()
        return sorted(self._index)

    def history(
        self,
        start: datetime,
        end: datetime,
        kinds: tuple[type, ...] = (CheckRecord, Correction, Acknowledgement, AuditEvent),
    ) -> list[Document]:
        """Documents of the given kinds whose time is in `[start, end)`, oldest first."""
        first = (start.date() - timedelta(days=1)).isoformat()
        last = (end.date() + timedelta(days=1)).isoformat() if end.year < 9999 else "9999-12-31"
        wanted = {TABLE_OF[k] for k in kinds}
        self._refresh()
        found: list[Document] = []
        with many_objects():
            for day, info in sorted(self._index.items()):
                if first <= day <= last and wanted & set(info.tables):
                    for _, doc in self._read_shard(self._shard_path(day)):
                        if isinstance(doc, kinds) and start <= document_time(doc) < end:
                            found.append(doc)
        # By real time: a timedelta from the epoch compares at C speed, where datetimes with
        # different offset objects each call their zones (ten times slower over a year).
        found.sort(key=lambda d: (document_time(d) - _EPOCH, d.id))
        return found

    def records(self, start: datetime, end: datetime) -> list[CheckRecord]:
        """Check records submitted in `[start, end)`."""
        return [d for d in self.history(start, end, (CheckRecord,)) if isinstance(d, CheckRecord)]

    def all_documents(self) -> Iterator[Document]:
        """Every document in the history, shard by shard."""
        for day in self.shard_days():
            for _, doc in self._read_shard(self._shard_path(day)):
                yield doc

    def id_days(self) -> dict[str, str]:
        """Every stored document's id with the day it is filed under: an incoming document
        whose id is stored on any day is a duplicate (see `services.admission`)."""
        days: dict[str, str] = {}
        known: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {}
        with many_objects():
            for day in self.shard_days():
                info = self._index[day]
                stamp = (info.mtime_ns, info.size)
                cached = self._ids_of_day.get(day)
                if cached is None or cached[0] != stamp:
                    ids = tuple(doc.id for _, doc in self._read_shard(self._shard_path(day)))
                    cached = (stamp, ids)
                known[day] = cached
                days.update(dict.fromkeys(cached[1], day))
        self._ids_of_day = known
        return days

    def stored_version(self, doc: Document) -> Document | None:
        """The stored document with `doc`'s id (looked up in the day it belongs to), if any."""
        path = self._shard_path(_shard_day(doc))
        return next((d for _, d in self._read_shard(path) if d.id == doc.id), None)

    def find(self, doc_id: str, around: date | None = None) -> Document | None:
        """The document with this id; searched near `around` first when given."""
        days = self.shard_days()
        if around is not None:
            near = {(around + timedelta(days=k)).isoformat() for k in range(-2, 3)}
            days = sorted(near & set(days)) + [d for d in days if d not in near]
        for day in days:
            for _, doc in self._read_shard(self._shard_path(day)):
                if doc.id == doc_id:
                    return doc
        return None

    @property
    def last_seq(self) -> int:
        """The sequence number of the newest document this terminal wrote (0 if none)."""
        self._refresh()
        return self._next_seq - 1

    def local_since(self, seq: int, limit: int | None = None) -> list[tuple[int, Document]]:
        """Documents this terminal wrote with a sequence number above `seq`, in order."""
        self._refresh()
        found: list[tuple[int, Document]] = []
        with many_objects():
            for day, info in sorted(self._index.items()):
                if info.max_seq > seq:
                    shard = self._read_shard(self._shard_path(day))
                    found.extend((s, d) for s, d in shard if s > seq)
        found.sort(key=lambda pair: pair[0])
        return found[:limit] if limit is not None else found

    def last_local_record_time(self) -> datetime | None:
        """The latest submit time of the check records this terminal wrote (None if none).

        Only the newest days holding such records are read (their shards are filed by date).
        """
        self._refresh()
        table = TABLE_OF[CheckRecord]
        for day in sorted(self._index, reverse=True):
            info = self._index[day]
            if info.max_seq == 0 or table not in info.tables:
                continue
            times = [
                d.submitted_at
                for seq, d in self._read_shard(self._shard_path(day))
                if seq > 0 and isinstance(d, CheckRecord)
            ]
            if times:
                return max(times, key=lambda t: t - _EPOCH)
        return None

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
        by_day: dict[str, list[Document]] = {}
        for doc in docs:
            by_day.setdefault(_shard_day(doc), []).append(doc)
        added = 0
        changed: set[str] = set()
        try:
            with many_objects():
                for day in sorted(by_day):
                    fresh = self._add_to_shard(day, by_day[day], local, bodies or {})
                    if fresh:
                        added += fresh
                        changed.add(day)
        finally:
            if changed:
                self._save_index_if_possible(changed)
        return added

    def _add_to_shard(
        self,
        day: str,
        docs: list[Document],
        local: bool,
        bodies: Mapping[str, tuple[Document, bytes]],
    ) -> int:
        path = self._shard_path(day)
        before = self._read_shard(path)
        existing = {d.id for _, d in before}
        fresh: list[Document] = []
        for doc in docs:
            if doc.id not in existing:
                existing.add(doc.id)
                fresh.append(doc)
        if not fresh:
            return 0
        seq = self._next_seq
        # A shard quarantined since the index was read starts afresh.
        info = self._index.get(day) if path.exists() else None
        min_seq = info.min_seq if info else 0
        max_seq = info.max_seq if info else 0
        by_table: dict[str, list[dict[str, Any]]] = {}
        added: list[tuple[int, Document]] = []
        for doc in fresh:
            kept = None if local else bodies.get(doc.id)
            text = kept[1] if kept is not None and kept[0] is doc else None
            body: Any = doc.to_json() if text is None else orjson.Fragment(text)
            if text is None:
                # Never write what reading would refuse (a whole day would drop out of view):
                # RecordFormatError here names the field, and nothing is written.
                document_from_json(body)
            added.append((seq if local else 0, doc))
            if local:
                body[SEQ_KEY] = seq
                min_seq = min_seq or seq
                max_seq = seq
                seq += 1
            by_table.setdefault(TABLE_OF[type(doc)], []).append(body)
        # One write for the whole batch (TinyDB's own layout: table → {doc id: doc}), so a
        # record and, say, its audit event are stored together or not at all.
        storage = AtomicJSONStorage(path, self._quarantine)
        written = self._written
        if written is not None and written.path == path and self._stamp_of(path) == written.stamp:
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
        self._next_seq = seq
        st = path.stat()
        self._written = _Written(path, _stamp(st), data)
        self._remember(path, _Parsed(_stamp(st), before + tuple(added)))
        count = (info.count if info else 0) + len(fresh)
        tables = dict(info.tables) if info else {}
        for table, new_rows in by_table.items():
            tables[table] = tables.get(table, 0) + len(new_rows)
        self._index[day] = ShardInfo(count, min_seq, max_seq, st.st_mtime_ns, st.st_size, tables)
        return len(fresh)

    @staticmethod
    def _stamp_of(path: Path) -> tuple[int, int, int] | None:
        try:
            return _stamp(path.stat())
        except FileNotFoundError:
            return None

    # -- housekeeping --------------------------------------------------------------------------

    def quarantined(self) -> list[Path]:
        """Damaged files moved aside so far."""
        folder = self.data_dir / QUARANTINE_DIR
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*.damaged"))

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
