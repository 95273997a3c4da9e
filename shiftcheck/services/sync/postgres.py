"""PostgreSQL target (a terminal pushing to and pulling from the central database) and
`PostgresSource`, the central database read as a `HistorySource` for head office."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import psycopg
from psycopg import sql

from shiftcheck.domain.checklist import Checklist
from shiftcheck.domain.clock_rule import qualify_clock_backwards
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
from shiftcheck.domain.shifts import since_epoch
from shiftcheck.domain.staff import Employee
from shiftcheck.i18n import Phrase
from shiftcheck.services.admission import answers_problem
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.sync.base import (
    DirectoryEntry,
    PullOutcome,
    PushOutcome,
    Refusal,
    SyncError,
    body_text,
)
from shiftcheck.services.sync.central import (
    DOC_TABLES,
    connect,
    first_line,
    safe_url,
    split_url,
)
from shiftcheck.services.sync.central_read import InvalidRow, stream_documents
from shiftcheck.services.sync.central_schema import DERIVED, UUID_PATTERN
from shiftcheck.store.codec import decode, decode_texts, document_from_json

BATCH_SIZE = 5_000
"""Documents per transaction: the cursor moves after each commit."""

KIND_TABLES: dict[type, str] = {
    CheckRecord: "records",
    Correction: "corrections",
    Acknowledgement: "acknowledgements",
    AuditEvent: "audit",
    PlannedShift: "roster",
}

_INCOMING = "shiftcheck_incoming"
_CANONICAL_UUID = re.compile(UUID_PATTERN)
"""The id form the server derives its `id` column from (other forms would stop the batch)."""


class PostgresTarget:
    """The central database, reached with this store's role."""

    def __init__(
        self,
        name: str,
        url: str,
        store_id: str,
        terminal_id: str,
        timezone: str,
        batch_size: int = BATCH_SIZE,
        store_name: str = "",
    ) -> None:
        self.name = name
        self.url = url
        self.store_id = store_id
        self.terminal_id = terminal_id
        self.timezone = timezone
        self.store_name = store_name
        self.batch_size = batch_size
        _, schema = split_url(url)
        self.where = f"{safe_url(url)} (schema {schema})"

    @contextmanager
    def open(self) -> Iterator[PostgresSession]:
        """A connection; `SyncError` (no password in it) when the server cannot be reached."""
        conn, schema = connect(self.url)
        try:
            yield PostgresSession(self, conn, schema)
        except psycopg.Error as exc:
            raise SyncError("sync.db_failed", where=self.where, reason=first_line(exc)) from None
        finally:
            conn.close()


class PostgresSession:
    """Pushes and pulls over one connection, one transaction per batch."""

    def __init__(self, target: PostgresTarget, conn: psycopg.Connection[Any], schema: str) -> None:
        self.target = target
        self.conn = conn
        self.s = sql.Identifier(schema)
        self.batch_size = target.batch_size
        self._temp_ready = False

    def _ensure_temp(self) -> None:
        if not self._temp_ready:
            self.conn.execute(
                sql.SQL(
                    "CREATE TEMP TABLE IF NOT EXISTS {} (kind text, id uuid, store_id text, "
                    "body jsonb) ON COMMIT DELETE ROWS"
                ).format(sql.Identifier(_INCOMING))
            )
            self._temp_ready = True

    def push(self, batch: Sequence[tuple[int, Document]], now: datetime) -> PushOutcome:
        """Insert a batch in one transaction; ids this store already has are compared, never
        overwritten. The server derives every key column from the document."""
        outcome = PushOutcome()
        outcome.refused.extend(
            Refusal(doc.id, Phrase("sync.why.not_uuid"))
            for _, doc in batch
            if not _CANONICAL_UUID.fullmatch(doc.id)
        )
        batch = [(seq, doc) for seq, doc in batch if _CANONICAL_UUID.fullmatch(doc.id)]
        if not batch:
            return outcome
        conn = self.conn
        with conn.transaction():
            self._ensure_temp()
            incoming = sql.Identifier(_INCOMING)
            with conn.cursor().copy(
                sql.SQL("COPY {} (kind, id, store_id, body) FROM STDIN").format(incoming)
            ) as copy:
                for _, doc in batch:
                    copy.write_row((KIND_TABLES[type(doc)], doc.id, doc.store_id, body_text(doc)))
            for table in {KIND_TABLES[type(doc)] for _, doc in batch}:
                outcome.added += self._insert(table, now)
                self._compare(table, outcome)
            logged = conn.execute(
                sql.SQL(
                    "INSERT INTO {}.sync_log (store_id, terminal_id, timezone, store_name, "
                    "terminal_clock, pushed) VALUES (%s, %s, %s, %s, %s, %s) "
                    "RETURNING clock_skew_seconds"
                ).format(self.s),
                (
                    self.target.store_id,
                    self.target.terminal_id,
                    self.target.timezone,
                    self.target.store_name,
                    now,
                    len(batch),
                ),
            ).fetchone()
        if logged is not None:
            outcome.clock_offset = float(logged[0])
        return outcome

    def _insert(self, table: str, now: datetime) -> int:
        """Insert the batch's new documents of one table; the server derives the key columns
        from each document, adds its receive time and compares `now` (the terminal's clock at
        the push) with it."""
        query = sql.SQL(
            """
            WITH ins AS (
                INSERT INTO {s}.{t} (body, pushed_by, terminal_clock)
                SELECT body, %(terminal)s, %(clock)s
                FROM {incoming} WHERE kind = %(table)s
                ON CONFLICT (store_id, id) DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM ins
            """
        ).format(s=self.s, t=sql.Identifier(table), incoming=sql.Identifier(_INCOMING))
        row = self.conn.execute(
            query, {"terminal": self.target.terminal_id, "clock": now, "table": table}
        ).fetchone()
        return int(row[0]) if row else 0

    def _compare(self, table: str, outcome: PushOutcome) -> None:
        """Ids that were there before: the same content is fine, anything else is refused."""
        query = sql.SQL(
            """
            SELECT i.id::text, t.id IS NULL, t.body = i.body
            FROM {incoming} i LEFT JOIN {s}.{t} t ON t.store_id = i.store_id AND t.id = i.id
            WHERE i.kind = %s AND (t.id IS NULL OR t.tx <> pg_current_xact_id())
            """
        ).format(s=self.s, t=sql.Identifier(table), incoming=sql.Identifier(_INCOMING))
        for doc_id, hidden, same in self.conn.execute(query, (table,)):
            if hidden:  # not inserted, yet not there: only a concurrent change can do this
                outcome.refused.append(Refusal(doc_id, Phrase("sync.why.not_stored")))
            elif same:
                outcome.already_there += 1
            else:
                outcome.refused.append(Refusal(doc_id, Phrase("sync.why.central_different")))

    def push_directory(self, entries: Sequence[DirectoryEntry], now: datetime) -> None:
        """Insert a new snapshot of the directory (the caller sends it only when it changed)."""
        snapshot = str(uuid.uuid4())
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany(
                sql.SQL(
                    "INSERT INTO {}.staff_directory (snapshot, store_id, terminal_id, "
                    "employee_id, name, role, active) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                ).format(self.s),
                [
                    (
                        snapshot,
                        self.target.store_id,
                        self.target.terminal_id,
                        e.id,
                        e.name,
                        e.role,
                        e.active,
                    )
                    for e in entries
                ],
            )

    def pull(self, state: Mapping[str, Any]) -> PullOutcome:
        """This store's documents from other terminals, since the last pull.

        The cursor is the oldest transaction still running when the last pull started
        (`pg_snapshot_xmin`): everything committed by older transactions was seen, anything
        newer is read again (and imports once, by id).
        """
        since = str(state.get("xmin", "0"))
        if not since.isdigit():
            since = "0"
        conn = self.conn
        docs: list[Document] = []
        bodies: dict[str, tuple[Document, bytes]] = {}
        problems: list[str] = []
        with conn.transaction():
            row = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
            assert row is not None
            xmin = str(row[0])
            for table in DERIVED:
                cur = conn.execute(
                    sql.SQL(
                        "SELECT body::text FROM {}.{} WHERE store_id = %s AND terminal_id <> %s "
                        "AND tx >= %s::xid8"
                    ).format(self.s, sql.Identifier(table)),
                    (self.target.store_id, self.target.terminal_id, since),
                )
                texts = [text for (text,) in cur]
                quick = decode_texts(texts)
                if quick is not None:
                    docs.extend(doc for doc, _ in quick)
                    for doc, text in quick:
                        bodies.setdefault(doc.id, (doc, text))
                    continue
                for text in texts:  # one at a time, to name each bad one
                    try:
                        docs.append(document_from_json(decode(text)))
                    except (ValueError, RecordFormatError) as exc:
                        problems.append(f"{table}: a stored document is not valid: {exc}")
            rows = conn.execute(
                sql.SQL(
                    "SELECT DISTINCT ON (employee_id) employee_id, name, role, active "
                    "FROM {}.staff_directory WHERE store_id = %s AND terminal_id <> %s "
                    "ORDER BY employee_id, received_at DESC"
                ).format(self.s),
                (self.target.store_id, self.target.terminal_id),
            ).fetchall()
        directory = [DirectoryEntry(r[0], r[1], r[2], r[3]) for r in rows]
        return PullOutcome(docs, directory, {"xmin": xmin}, problems, bodies)


def qualified(doc: Document) -> Document:
    """`doc` for all-store reports: its employee id and every document id it holds prefixed by
    its store (`S001:E002`, `S001:<uuid>`), since ids are unique only within a store.

    Built field by field (positionally, in the dataclasses' field order): a chain-wide read
    qualifies hundreds of thousands of documents, and `dataclasses.replace` is far slower."""
    p = f"{doc.store_id}:"
    if isinstance(doc, CheckRecord):
        return CheckRecord(
            p + doc.id,
            doc.store_id,
            doc.terminal_id,
            p + doc.employee_id,
            doc.checklist,
            doc.checklist_version,
            doc.started_at,
            doc.submitted_at,
            doc.answers,
            doc.flags,
        )
    if isinstance(doc, Correction):
        return replace(doc, id=p + doc.id, employee_id=p + doc.employee_id, target=p + doc.target)
    if isinstance(doc, Acknowledgement):
        return replace(doc, id=p + doc.id, employee_id=p + doc.employee_id, record=p + doc.record)
    if isinstance(doc, AuditEvent):  # a `clock_backwards` refusal names a (qualified) shift
        return replace(qualify_clock_backwards(doc, p), id=p + doc.id)
    if isinstance(doc, PlannedShift):  # one plan's versions stay one plan, of the right person
        return replace(doc, id=p + doc.id, plan=p + doc.plan, employee_id=p + doc.employee_id)
    return replace(doc, id=p + doc.id)


class PostgresSource:
    """The central database as a `HistorySource`: one store's history, or every store's.

    Head office gives the same summaries and payroll as a terminal by handing this to the same
    services (`HistoryService`). Connect as the owner (all stores) or as a store's role (its own
    rows only, by row-level security). Over all stores (`store_id=None`) employee ids are
    prefixed with their store (`S001:E002`), since every store numbers its staff from E001.
    """

    def __init__(
        self,
        url: str,
        store_id: str | None = None,
        checklists: Mapping[str, Checklist] | None = None,
    ) -> None:
        self.url = url
        self.store_id = store_id
        self.checklists: Mapping[str, Checklist] = checklists or {}
        """The checklists a record's answers are checked against (as a terminal admits them)."""
        self.conn, schema = connect(url, autocommit=True)
        self.s = sql.Identifier(schema)
        self._invalid: dict[tuple[str, str, str], InvalidRow] = {}

    @property
    def invalid(self) -> list[InvalidRow]:
        """Rows read so far whose document failed the record contract (skipped), in order of
        store, terminal and id."""
        return sorted(self._invalid.values(), key=lambda r: (r.store_id, r.terminal_id, r.id))

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> PostgresSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, query: sql.Composed, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            rows: list[tuple[Any, ...]] = self.conn.execute(query, params).fetchall()
            return rows
        except psycopg.Error as exc:
            raise SyncError(
                "sync.db_failed", where=safe_url(self.url), reason=first_line(exc)
            ) from None

    def _store_filter(self) -> tuple[sql.Composable, list[Any]]:
        if self.store_id is None:
            return sql.SQL(""), []
        return sql.SQL(" AND store_id = %s"), [self.store_id]

    def history(
        self,
        start: datetime,
        end: datetime,
        kinds: tuple[type, ...] = (CheckRecord, Correction, Acknowledgement, AuditEvent),
    ) -> list[Document]:
        """Documents of the given kinds whose time is in `[start, end)`, oldest first."""
        found: list[Document] = []
        where, params = self._store_filter()
        for kind in kinds:
            table = KIND_TABLES[kind]
            query = sql.SQL(
                "SELECT store_id, terminal_id, id::text, body::text FROM {}.{} "
                "WHERE doc_time >= %s AND doc_time < %s{}"
            ).format(self.s, sql.Identifier(table), where)
            try:
                docs = stream_documents(
                    self.conn, query, [start, end, *params], table, self._invalid
                )
                found.extend(self._admissible(table, docs))
            except psycopg.Error as exc:
                raise SyncError(
                    "sync.db_failed", where=safe_url(self.url), reason=first_line(exc)
                ) from None
        found = self._signed_by_supervisors(found)
        if self.store_id is None:
            found = [qualified(d) for d in found]
        found.sort(key=lambda d: (since_epoch(document_time(d)), d.id))
        return found

    def _admissible(self, table: str, docs: list[Document]) -> list[Document]:
        """`docs` less the checks whose answers do not fit their checklist as a terminal admits
        them (`admission.answers_problem`: a count of "=1+1", no answers, an item twice), which
        are listed as invalid rows."""
        kept: list[Document] = []
        memo: dict[tuple[int, str, str], str | None] = {}
        for doc in docs:
            if not isinstance(doc, CheckRecord):
                kept.append(doc)
                continue
            key = (id(doc.answers), doc.checklist_version, doc.checklist)
            if key not in memo:
                memo[key] = answers_problem(doc, self.checklists)
            why = memo[key]
            if why is None:
                kept.append(doc)
            else:
                row = InvalidRow(table, doc.store_id, doc.terminal_id, doc.id, why)
                self._invalid[(table, doc.store_id, doc.id)] = row
        return kept

    def _signed_by_supervisors(self, docs: list[Document]) -> list[Document]:
        """`docs` without the corrections, acknowledgements and roster plans whose `by` was never
        a supervisor of their store in the staff directory: a terminal refuses those at
        admission, so head office sets them aside as invalid (listed, never paid)."""
        signed = [d for d in docs if isinstance(d, Correction | Acknowledgement | PlannedShift)]
        if not signed:
            return docs
        where, params = self._store_filter()
        # Ever a supervisor: one demoted since still signed the corrections of their time.
        rows = self._run(
            sql.SQL(
                "SELECT DISTINCT store_id, employee_id FROM {}.staff_directory "
                "WHERE role = 'supervisor'{}"
            ).format(self.s, where),
            params,
        )
        supervisors = {(str(r[0]), str(r[1])) for r in rows}
        wrong = {d.id for d in signed if (d.store_id, d.by) not in supervisors}
        if not wrong:
            return docs
        kept: list[Document] = []
        for doc in docs:
            if doc.id not in wrong or not isinstance(
                doc, Correction | Acknowledgement | PlannedShift
            ):
                kept.append(doc)
                continue
            table = KIND_TABLES[type(doc)]
            found = self._run(
                sql.SQL("SELECT terminal_id FROM {}.{} WHERE store_id = %s AND id = %s").format(
                    self.s, sql.Identifier(table)
                ),
                [doc.store_id, doc.id],
            )
            terminal = str(found[0][0]) if found else ""
            why = f"by: {doc.by!r} is not a supervisor of this store"
            self._invalid[(table, doc.store_id, doc.id)] = InvalidRow(
                table, doc.store_id, terminal, doc.id, why
            )
        return kept

    def _directory_rows(self) -> list[tuple[Any, ...]]:
        """(store, employee, name, role, active) of each employee as last sent."""
        where, params = self._store_filter()
        return self._run(
            sql.SQL(
                "SELECT DISTINCT ON (store_id, employee_id) store_id, employee_id, name, role, "
                "active FROM {}.staff_directory WHERE true{} "
                "ORDER BY store_id, employee_id, received_at DESC"
            ).format(self.s, where),
            params,
        )

    def list_staff(self, *, include_inactive: bool = False) -> list[Employee]:
        """Each employee as the terminal that last sent them describes them (no PINs)."""
        rows = self._directory_rows()
        staff = [
            DirectoryEntry(
                r[1] if self.store_id is not None else f"{r[0]}:{r[1]}", r[2], r[3], r[4]
            ).employee()
            for r in rows
        ]
        if not include_inactive:
            staff = [e for e in staff if e.active]
        return sorted(staff, key=lambda e: e.id)

    def stores(self) -> list[str]:
        """Every store the database has rows or a role for."""
        rows = self._run(
            sql.SQL(
                "SELECT store_id FROM {s}.store_roles UNION SELECT store_id FROM {s}.sync_log "
                "ORDER BY 1"
            ).format(s=self.s),
            [],
        )
        return [r[0] for r in rows]

    def timezone(self, store_id: str) -> ZoneInfo | None:
        """The time zone the store's terminals last reported, if any."""
        rows = self._run(
            sql.SQL(
                "SELECT timezone FROM {}.sync_log WHERE store_id = %s "
                "ORDER BY received_at DESC LIMIT 1"
            ).format(self.s),
            [store_id],
        )
        if not rows:
            return None
        try:
            return ZoneInfo(rows[0][0])
        except (ZoneInfoNotFoundError, ValueError):
            return None

    def store_name(self, store_id: str) -> str | None:
        """The store's name as its terminals last reported it, if any."""
        rows = self._run(
            sql.SQL(
                "SELECT store_name FROM {}.sync_log WHERE store_id = %s AND store_name <> '' "
                "ORDER BY received_at DESC LIMIT 1"
            ).format(self.s),
            [store_id],
        )
        return str(rows[0][0]) if rows else None

    def terminals(self) -> list[dict[str, Any]]:
        """Each terminal: store, id, last seen, clock offset in seconds, whether it is flagged."""
        where, params = self._store_filter()
        rows = self._run(
            sql.SQL(
                "SELECT store_id, terminal_id, last_seen, clock_skew_seconds, clock_flagged "
                "FROM {}.terminals WHERE true{} ORDER BY store_id, terminal_id"
            ).format(self.s, where),
            params,
        )
        keys = ("store_id", "terminal_id", "last_seen", "clock_skew_seconds", "clock_flagged")
        return [dict(zip(keys, r, strict=True)) for r in rows]


def source_for(url: str, store_id: str | None) -> PostgresSource:
    """A `PostgresSource`, or `ServiceError`/`SyncError` naming what is wrong."""
    if not url.startswith(("postgresql://", "postgres://")):
        raise ServiceError("central.bad_url", url=safe_url(url))
    return PostgresSource(url, store_id)


__all__ = ["DOC_TABLES", "PostgresSession", "PostgresSource", "PostgresTarget", "source_for"]
