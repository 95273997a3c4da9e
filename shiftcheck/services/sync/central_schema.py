"""The central database's document tables: the server derives every key column from the
document itself, so a row is exactly what its document says.

A store role inserts only the document (`body`), the terminal that pushes it (`pushed_by`) and
that terminal's clock reading. `id`, `store_id`, `terminal_id` (records and audit events carry
their own; corrections and acknowledgements are filed under the terminal that pushed them),
`employee_id` and the document's time are generated columns computed from the body, so no
column can claim another store, employee or day than the document; row-level security then
checks the generated `store_id`. Ids are unique per store (primary key `(store_id, id)`): what
one store inserts never collides with another store's records.

A schema made by an older shiftcheck (plain key columns, ids unique across all stores) is
upgraded in one transaction: each row is copied into the new table when its columns agree with
its document; a row that does not is moved to `set_aside` with the reason, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from shiftcheck.services.sync.base import CLOCK_TOLERANCE_SECONDS

DOC_SCHEMAS: dict[str, str] = {
    "records": "shiftcheck.record/1",
    "corrections": "shiftcheck.correction/1",
    "acknowledgements": "shiftcheck.ack/1",
    "audit": "shiftcheck.audit/1",
}
"""Table → the document schema its rows must have."""

PUSHED_BY = "pushed_by"


@dataclass(frozen=True, slots=True)
class Derived:
    """A generated column: its name, type and SQL over `body` (`{s}`: the schema)."""

    name: str
    kind: str
    expr: str


def _id(kind: str, key: str) -> str:
    return f"{{s}}.doc_{kind}(body->>'{key}')"


def _columns(terminal: str, employee: str, time_key: str, *extra: Derived) -> tuple[Derived, ...]:
    return (
        Derived("id", "uuid", _id("uuid", "id")),
        Derived("store_id", "text", "body->>'store_id'"),
        Derived("terminal_id", "text", terminal),
        Derived("employee_id", "text", f"body->>'{employee}'"),
        Derived("doc_time", "timestamptz", _id("time", time_key)),
        *extra,
    )


DERIVED: dict[str, tuple[Derived, ...]] = {
    "records": _columns(
        "body->>'terminal_id'",
        "employee_id",
        "submitted_at",
        Derived("checklist", "text", "body->>'checklist'"),
        Derived("started_at", "timestamptz", _id("time", "started_at")),
        Derived("submitted_at", "timestamptz", _id("time", "submitted_at")),
    ),
    "corrections": _columns(
        PUSHED_BY, "employee_id", "at", Derived("target", "uuid", _id("uuid", "target"))
    ),
    "acknowledgements": _columns(
        PUSHED_BY, "employee_id", "at", Derived("record", "uuid", _id("uuid", "record"))
    ),
    "audit": _columns("body->>'terminal_id'", "actor", "at"),
}
"""Per table: the columns the server computes from the document."""

STORE_INSERT_COLUMNS = ("body", PUSHED_BY, "terminal_clock")
"""All a store's role may write into a document table."""

SKEW = sql.SQL("extract(epoch FROM terminal_clock - received_at)::double precision")
"""The terminal's clock minus the server's, in seconds, as the server computes it."""

ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
"""A store id as the record contract allows it."""

UUID_PATTERN = "^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$"
"""A UUID in its usual written form (the form terminals write)."""

TIME_PATTERN = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d:\d\d(:\d\d)?$"
"""An ISO 8601 time that carries its UTC offset, so reading it never depends on the session's
time zone (which is what makes `doc_time` immutable, as a generated column must be)."""

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION {s}.doc_uuid(v text) RETURNS uuid
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN v ~ {uuid_re} THEN v::uuid END;
CREATE OR REPLACE FUNCTION {s}.doc_time(v text) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN v ~ {time_re} THEN v::timestamptz END;
"""
"""Helpers of the generated columns: NULL (refused by NOT NULL) for text that is not a UUID or an
ISO 8601 time with its offset, never an error that would stop a whole batch."""


def _functions(s: sql.Identifier) -> sql.Composed:
    return sql.SQL(_FUNCTIONS).format(
        s=s, uuid_re=sql.Literal(UUID_PATTERN), time_re=sql.Literal(TIME_PATTERN)
    )


def _generated(s: sql.Identifier, table: str) -> sql.Composable:
    return sql.SQL(",\n").join(
        sql.SQL("{} {} GENERATED ALWAYS AS ({}) STORED NOT NULL").format(
            sql.Identifier(d.name), sql.SQL(d.kind), sql.SQL(d.expr.format(s="{s}")).format(s=s)
        )
        for d in DERIVED[table]
    )


def doc_table_ddl(s: sql.Identifier, table: str) -> sql.Composed:
    """The table of one kind of document, its indexes and row-level security."""
    return sql.SQL(
        """
        CREATE TABLE IF NOT EXISTS {s}.{t} (
            body jsonb NOT NULL,
            pushed_by text NOT NULL,
            {generated},
            received_at timestamptz NOT NULL DEFAULT now(),
            terminal_clock timestamptz NOT NULL,
            clock_skew_seconds double precision GENERATED ALWAYS AS ({skew}) STORED,
            clock_flagged boolean GENERATED ALWAYS AS (abs({skew}) > {tolerance}) STORED,
            tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
            PRIMARY KEY (store_id, id),
            CONSTRAINT {c_schema} CHECK (body->>'schema' = {schema}),
            CONSTRAINT {c_store} CHECK (store_id ~ {pattern})
        );
        CREATE INDEX IF NOT EXISTS {i_store_time} ON {s}.{t} (store_id, doc_time);
        CREATE INDEX IF NOT EXISTS {i_time} ON {s}.{t} (doc_time);
        CREATE INDEX IF NOT EXISTS {i_tx} ON {s}.{t} (store_id, tx);
        ALTER TABLE {s}.{t} ENABLE ROW LEVEL SECURITY;
        """
    ).format(
        s=s,
        t=sql.Identifier(table),
        generated=_generated(s, table),
        skew=SKEW,
        tolerance=sql.Literal(CLOCK_TOLERANCE_SECONDS),
        c_schema=sql.Identifier(f"{table}_schema"),
        c_store=sql.Identifier(f"{table}_store_id"),
        schema=sql.Literal(DOC_SCHEMAS[table]),
        pattern=sql.Literal(ID_PATTERN),
        i_store_time=sql.Identifier(f"{table}_store_time"),
        i_time=sql.Identifier(f"{table}_time"),
        i_tx=sql.Identifier(f"{table}_store_tx"),
    )


def create_document_tables(conn: psycopg.Connection[Any], s: sql.Identifier) -> None:
    """The helper functions, the document tables and `set_aside` (idempotent)."""
    conn.execute(_functions(s))
    for table in DERIVED:
        conn.execute(doc_table_ddl(s, table))
    conn.execute(
        sql.SQL(
            """
            CREATE TABLE IF NOT EXISTS {s}.set_aside (
                table_name text NOT NULL,
                id uuid,
                store_id text,
                terminal_id text,
                reason text NOT NULL,
                row_data jsonb NOT NULL,
                set_aside_at timestamptz NOT NULL DEFAULT now()
            );
            ALTER TABLE {s}.set_aside ENABLE ROW LEVEL SECURITY;
            """
        ).format(s=s)
    )


def needs_upgrade(conn: psycopg.Connection[Any], schema: str) -> bool:
    """Whether the schema's document tables are the older kind (plain, store-blind key columns)."""
    row = conn.execute(
        "SELECT a.attgenerated FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = 'records' AND a.attname = 'id'",
        (schema,),
    ).fetchone()
    return row is not None and row[0] == ""


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What upgrading an older schema did."""

    kept: int
    set_aside: int


def _mismatch(s: sql.Identifier, table: str) -> sql.Composed:
    """The first column of an old row that its document does not back (NULL: none)."""
    checks: list[sql.Composable] = [
        sql.SQL("WHEN o.body->>'schema' IS DISTINCT FROM {} THEN 'schema'").format(
            sql.Literal(DOC_SCHEMAS[table])
        ),
        sql.SQL("WHEN NOT coalesce(o.store_id ~ {}, false) THEN 'store_id'").format(
            sql.Literal(ID_PATTERN)
        ),
    ]
    for d in DERIVED[table]:
        if d.expr == PUSHED_BY:
            continue
        expr = sql.SQL(d.expr.replace("body", "o.body").format(s="{s}")).format(s=s)
        checks.append(
            sql.SQL("WHEN ({e}) IS NULL OR ({e}) IS DISTINCT FROM o.{c} THEN {name}").format(
                e=expr, c=sql.Identifier(d.name), name=sql.Literal(d.name)
            )
        )
    return sql.SQL("CASE {} END").format(sql.SQL(" ").join(checks))


def upgrade(conn: psycopg.Connection[Any], s: sql.Identifier) -> Upgrade:
    """Move an older schema's document tables to the new kind, inside the caller's transaction.

    Rows whose columns agree with their document are kept with their receive time, clock
    reading and transaction id (so pulls resume where they were); the others go to `set_aside`.
    """
    conn.execute(_functions(s))
    old_names: dict[str, sql.Identifier] = {}
    for table in DERIVED:
        old = sql.Identifier(f"{table}_v1")
        old_names[table] = old
        conn.execute(
            sql.SQL(
                "ALTER TABLE {s}.{t} RENAME TO {old}; "
                "ALTER TABLE {s}.{old} DROP CONSTRAINT IF EXISTS {pkey}; "
                "DROP INDEX IF EXISTS {s}.{i_time}, {s}.{i_tx}"
            ).format(
                s=s,
                t=sql.Identifier(table),
                old=old,
                pkey=sql.Identifier(f"{table}_pkey"),
                i_time=sql.Identifier(f"{table}_store_time"),
                i_tx=sql.Identifier(f"{table}_store_tx"),
            )
        )
    create_document_tables(conn, s)
    kept = set_aside = 0
    for table, old in old_names.items():
        conn.execute(
            sql.SQL(
                "CREATE TEMP TABLE shiftcheck_upgrading ON COMMIT DROP AS "
                "SELECT o.*, {wrong} AS wrong FROM {s}.{old} o"
            ).format(s=s, old=old, wrong=_mismatch(s, table))
        )
        moved = conn.execute(
            sql.SQL(
                "INSERT INTO {s}.{t} (body, pushed_by, terminal_clock, received_at, tx) "
                "SELECT body, terminal_id, terminal_clock, received_at, tx "
                "FROM shiftcheck_upgrading WHERE wrong IS NULL"
            ).format(s=s, t=sql.Identifier(table))
        )
        kept += moved.rowcount
        aside = conn.execute(
            sql.SQL(
                "INSERT INTO {s}.set_aside (table_name, id, store_id, terminal_id, reason, "
                "row_data) SELECT {t}, id, store_id, terminal_id, "
                "'column ' || wrong || ' does not match the document', "
                "to_jsonb(u) - 'wrong' FROM shiftcheck_upgrading u WHERE wrong IS NOT NULL"
            ).format(s=s, t=sql.Literal(table))
        )
        set_aside += aside.rowcount
        conn.execute(
            sql.SQL("DROP TABLE shiftcheck_upgrading; DROP TABLE {s}.{old}").format(s=s, old=old)
        )
    return Upgrade(kept, set_aside)


__all__ = [
    "DERIVED",
    "DOC_SCHEMAS",
    "SKEW",
    "STORE_INSERT_COLUMNS",
    "Upgrade",
    "create_document_tables",
    "doc_table_ddl",
    "needs_upgrade",
    "upgrade",
]
