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

from collections.abc import Callable
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
    "roster": "shiftcheck.roster/1",
}
"""Table → the document schema its rows must have."""

V1_TABLES = ("records", "corrections", "acknowledgements", "audit")
"""The document tables an older schema has (later kinds, such as `roster`, are only created)."""

PUSHED_BY = "pushed_by"


UUID_PATTERN = "^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$"
"""A UUID in its usual written form (the form terminals write)."""

TIME_PATTERN = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d:\d\d(:\d\d)?$"
"""An ISO 8601 time that carries its UTC offset, so reading it never depends on the session's
time zone (which is what makes the time columns immutable, as generated columns must be)."""

Expr = Callable[[sql.Composable], sql.Composable]
"""SQL computing a column from a document, given how to name the document (`body`)."""


def _text(key: str) -> Expr:
    return lambda body: sql.SQL("({}->>{})").format(body, sql.Literal(key))


def _uuid(key: str) -> Expr:
    """The UUID at `key`, or NULL (refused by NOT NULL) for text that is not one."""
    return lambda body: sql.SQL("CASE WHEN {v} ~ {pattern} THEN {v}::uuid END").format(
        v=_text(key)(body), pattern=sql.Literal(UUID_PATTERN)
    )


_TIME = """CASE WHEN {v} ~ {pattern} THEN timezone(
    make_interval(secs => (CASE WHEN substr({v}, 19 + {sign}, 1) = '-' THEN -1 ELSE 1 END)
        * (substr({v}, 20 + {sign}, 2)::int * 3600 + substr({v}, 23 + {sign}, 2)::int * 60
           + coalesce(nullif(substr({v}, 26 + {sign}, 2), '')::int, 0))),
    make_timestamp(substr({v}, 1, 4)::int, substr({v}, 6, 2)::int, substr({v}, 9, 2)::int,
        substr({v}, 12, 2)::int, substr({v}, 15, 2)::int, substr({v}, 18, 1 + {sign})::float8))
    END"""
"""An offset time read with string functions: after one regular expression has checked the
form, `{sign}` is where the offset's sign is in the text after the whole seconds (1 without a
fraction of a second)."""


def _time(key: str) -> Expr:
    """The instant at `key` (ISO 8601 with its offset), or NULL (refused) for anything else.

    Built from immutable built-ins only: the text-to-timestamptz cast depends on the session,
    and a function wrapping it would be called, not inlined, for every row of a push."""

    def expr(body: sql.Composable) -> sql.Composable:
        v = _text(key)(body)
        return sql.SQL(_TIME).format(
            v=v,
            pattern=sql.Literal(TIME_PATTERN),
            sign=sql.SQL(
                "least(nullif(strpos(substr({v}, 20), '+'), 0), "
                "nullif(strpos(substr({v}, 20), '-'), 0))"
            ).format(v=v),
        )

    return expr


@dataclass(frozen=True, slots=True)
class Derived:
    """A generated column: its name, type and how it is computed from the document (None: it
    is the pushing terminal, `pushed_by`)."""

    name: str
    kind: str
    expr: Expr | None

    def sql(self, body: sql.Composable) -> sql.Composable:
        """The column's expression over `body`."""
        return sql.Identifier(PUSHED_BY) if self.expr is None else self.expr(body)


def _columns(
    terminal: Expr | None, employee: str, time_key: str, *extra: Derived
) -> tuple[Derived, ...]:
    return (
        Derived("id", "uuid", _uuid("id")),
        Derived("store_id", "text", _text("store_id")),
        Derived("terminal_id", "text", terminal),
        Derived("employee_id", "text", _text(employee)),
        Derived("doc_time", "timestamptz", _time(time_key)),
        *extra,
    )


DERIVED: dict[str, tuple[Derived, ...]] = {
    "records": _columns(
        _text("terminal_id"),
        "employee_id",
        "submitted_at",
        Derived("checklist", "text", _text("checklist")),
        Derived("started_at", "timestamptz", _time("started_at")),
        Derived("submitted_at", "timestamptz", _time("submitted_at")),
    ),
    "corrections": _columns(None, "employee_id", "at", Derived("target", "uuid", _uuid("target"))),
    "acknowledgements": _columns(
        None, "employee_id", "at", Derived("record", "uuid", _uuid("record"))
    ),
    "audit": _columns(_text("terminal_id"), "actor", "at"),
    "roster": _columns(None, "employee_id", "at", Derived("plan", "uuid", _uuid("plan"))),
}
"""Per table: the columns the server computes from the document."""

STORE_INSERT_COLUMNS = ("body", PUSHED_BY, "terminal_clock")
"""All a store's role may write into a document table."""

SKEW = sql.SQL("extract(epoch FROM terminal_clock - received_at)::double precision")
"""The terminal's clock minus the server's, in seconds, as the server computes it."""

ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
"""A store id as the record contract allows it."""


def _generated(table: str) -> sql.Composable:
    return sql.SQL(",\n").join(
        sql.SQL("{} {} GENERATED ALWAYS AS ({}) STORED NOT NULL").format(
            sql.Identifier(d.name), sql.SQL(d.kind), d.sql(sql.SQL("body"))
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
        generated=_generated(table),
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
    """The document tables and `set_aside` (idempotent)."""
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
        if d.expr is None:
            continue
        expr = d.sql(sql.SQL("o.body"))
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
    old_names: dict[str, sql.Identifier] = {}
    for table in V1_TABLES:
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
