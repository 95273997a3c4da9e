"""The chain's central PostgreSQL database: URL handling, schema, per-store roles.

The schema (default `shiftcheck`, or `?schema=NAME` in the URL) holds one table per kind of
document (`records`, `corrections`, `acknowledgements`, `audit`) keyed by the document's UUID,
with the pushing terminal, the server's receive time and the terminal's clock reading beside the
document's own times; `staff_directory` (snapshots of each terminal's directory, never a PIN
hash); `sync_log` (one row per push) and the view `terminals` (last seen, clock offset).

Each store gets a login role that may INSERT and SELECT only rows of its own store (row-level
security) and has no UPDATE or DELETE anywhere: history at head office is append-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from shiftcheck.dburl import secret_in_url
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.sync.base import CLOCK_TOLERANCE_SECONDS, SyncError, scrub
from shiftcheck.services.sync.central_schema import (
    DERIVED,
    SKEW,
    STORE_INSERT_COLUMNS,
    Upgrade,
    create_document_tables,
    needs_upgrade,
    upgrade,
)

DEFAULT_SCHEMA = "shiftcheck"
SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
CONNECT_TIMEOUT = 10

DOC_TABLES: dict[str, str] = {
    "shiftcheck.record/1": "records",
    "shiftcheck.correction/1": "corrections",
    "shiftcheck.ack/1": "acknowledgements",
    "shiftcheck.audit/1": "audit",
}
"""Document schema → table."""

OTHER_TABLES = ("staff_directory", "sync_log")

STORE_COLUMNS: dict[str, tuple[str, ...]] = {
    **{table: STORE_INSERT_COLUMNS for table in DERIVED},
    "staff_directory": (
        "snapshot",
        "store_id",
        "terminal_id",
        "employee_id",
        "name",
        "role",
        "active",
    ),
    "sync_log": ("store_id", "terminal_id", "timezone", "store_name", "terminal_clock", "pushed"),
}
"""What a store's role may write: never a derived column, the receive time, the clock offset or
the cursor column (the server sets those)."""


def split_url(url: str) -> tuple[str, str]:
    """A libpq URL without our `schema` parameter (and with a connect timeout), and the schema."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ServiceError("central.bad_url", url=safe_url(url))
    refuse_secret(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = DEFAULT_SCHEMA
    kept: list[tuple[str, str]] = []
    for key, value in query:
        if key == "schema":
            schema = value
        else:
            kept.append((key, value))
    if not SCHEMA_RE.fullmatch(schema):
        raise ServiceError("central.bad_schema", schema=schema)
    if not any(k == "connect_timeout" for k, _ in kept):
        kept.append(("connect_timeout", str(CONNECT_TIMEOUT)))
    if not any(k == "application_name" for k, _ in kept):
        kept.append(("application_name", "shiftcheck"))
    return urlunsplit(parts._replace(query=urlencode(kept))), schema


def refuse_secret(url: str) -> None:
    """`ServiceError` saying where the password goes when `url` carries one in any spelling."""
    how = secret_in_url(url)
    if how is not None:
        raise ServiceError("central.url_password", how=how)


def safe_url(url: str) -> str:
    """The URL without password or query: fit for messages."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"{parts.scheme}://{user}{host}{port}{parts.path}"
    except ValueError:
        return scrub(url.split("?", 1)[0])


def connect(url: str, *, autocommit: bool = False) -> tuple[psycopg.Connection[Any], str]:
    """A connection and the schema name; `SyncError` (scrubbed) if it cannot be made."""
    conninfo, schema = split_url(url)
    try:
        conn = psycopg.connect(conninfo, autocommit=autocommit)
    except psycopg.Error as exc:
        raise SyncError(
            "sync.db_unreachable", where=safe_url(url), reason=first_line(exc)
        ) from None
    return conn, schema


def first_line(exc: BaseException) -> str:
    """The first line of an error's message, scrubbed."""
    text = str(exc).strip().splitlines()
    return scrub(text[0] if text else type(exc).__name__)


def role_name(schema: str, store_id: str) -> str:
    """The login role of a store: `<schema>_store_<store id>` (lower case, `.`/`-` → `_`)."""
    return f"{schema}_store_{re.sub(r'[^a-z0-9_]', '_', store_id.lower())}"[:63]


@dataclass(frozen=True, slots=True)
class InitReport:
    """What `init_or_upgrade` did: the schema, and how an older one was upgraded (if it was)."""

    schema: str
    upgraded: Upgrade | None = None


def init_schema(url: str) -> str:
    """Create or upgrade the central schema (idempotent); returns its name."""
    return init_or_upgrade(url).schema


def init_or_upgrade(url: str) -> InitReport:
    """Create the central schema, or upgrade one an older shiftcheck made (one transaction)."""
    conn, schema = connect(url)
    s = sql.Identifier(schema)
    upgraded: Upgrade | None = None
    try:
        with conn, conn.transaction():
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(s))
            if needs_upgrade(conn, schema):
                upgraded = upgrade(conn, s)
            else:
                create_document_tables(conn, s)
            conn.execute(
                sql.SQL(
                    """
                    CREATE TABLE IF NOT EXISTS {s}.staff_directory (
                        snapshot uuid NOT NULL,
                        store_id text NOT NULL,
                        terminal_id text NOT NULL,
                        employee_id text NOT NULL,
                        name text NOT NULL,
                        role text NOT NULL CHECK (role IN ('staff', 'supervisor')),
                        active boolean NOT NULL,
                        received_at timestamptz NOT NULL DEFAULT now(),
                        PRIMARY KEY (snapshot, employee_id)
                    );
                    CREATE INDEX IF NOT EXISTS staff_directory_store
                        ON {s}.staff_directory (store_id, employee_id, received_at);
                    ALTER TABLE {s}.staff_directory ENABLE ROW LEVEL SECURITY;
                    CREATE TABLE IF NOT EXISTS {s}.sync_log (
                        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                        store_id text NOT NULL,
                        terminal_id text NOT NULL,
                        timezone text NOT NULL,
                        store_name text NOT NULL DEFAULT '',
                        terminal_clock timestamptz NOT NULL,
                        received_at timestamptz NOT NULL DEFAULT now(),
                        clock_skew_seconds double precision
                            GENERATED ALWAYS AS ({skew}) STORED,
                        pushed integer NOT NULL
                    );
                    CREATE INDEX IF NOT EXISTS sync_log_terminal
                        ON {s}.sync_log (store_id, terminal_id, received_at);
                    ALTER TABLE {s}.sync_log ENABLE ROW LEVEL SECURITY;
                    CREATE OR REPLACE VIEW {s}.terminals WITH (security_invoker = true) AS
                        SELECT DISTINCT ON (store_id, terminal_id)
                            store_id, terminal_id, timezone, received_at AS last_seen,
                            clock_skew_seconds,
                            abs(clock_skew_seconds) > {tolerance} AS clock_flagged
                        FROM {s}.sync_log
                        ORDER BY store_id, terminal_id, received_at DESC;
                    CREATE TABLE IF NOT EXISTS {s}.store_roles (
                        store_id text PRIMARY KEY,
                        role_name text NOT NULL UNIQUE
                    );
                    REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC;
                    """
                ).format(s=s, skew=SKEW, tolerance=sql.Literal(CLOCK_TOLERANCE_SECONDS))
            )
            # New tables (an upgrade's, or a kind added since, such as `roster`) need each
            # store's grants and policies; granting again is harmless.
            stores = conn.execute(
                sql.SQL("SELECT store_id, role_name FROM {}.store_roles").format(s)
            ).fetchall()
            for store_id, role in stores:
                _grant_store(conn, s, store_id, role)
    except psycopg.Error as exc:
        raise SyncError("central.failed", where=safe_url(url), reason=first_line(exc)) from None
    finally:
        conn.close()
    return InitReport(schema, upgraded)


def add_store(url: str, store_id: str, password: str | None = None) -> str:
    """Create (or update) the login role of a store, with row-level security; returns its name.

    The role may SELECT and INSERT only rows whose `store_id` is its store; it has no UPDATE or
    DELETE. A password, when given, is hashed (SCRAM-SHA-256) before it is sent.
    """
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", store_id):
        raise ServiceError("central.bad_store", store=store_id)
    conn, schema = connect(url)
    s = sql.Identifier(schema)
    role = role_name(schema, store_id)
    r = sql.Identifier(role)
    try:
        with conn, conn.transaction():
            exists = conn.execute(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
            ).fetchone()
            if exists is None:
                raise SyncError("central.no_schema", schema=schema)
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(sql.SQL("ALTER ROLE {} LOGIN").format(r))
            else:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(r))
            if password:  # hashed here (SCRAM): the server and its log never see it plain
                hashed = conn.pgconn.encrypt_password(
                    password.encode("utf-8"), role.encode("utf-8"), b"scram-sha-256"
                )
                conn.execute(
                    sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                        r, sql.Literal(hashed.decode("ascii"))
                    )
                )
            _grant_store(conn, s, store_id, role)
            conn.execute(
                sql.SQL(
                    "INSERT INTO {}.store_roles (store_id, role_name) VALUES (%s, %s) "
                    "ON CONFLICT (store_id) DO NOTHING"
                ).format(s),
                (store_id, role),
            )
    except psycopg.Error as exc:
        raise SyncError("central.failed", where=safe_url(url), reason=first_line(exc)) from None
    finally:
        conn.close()
    return role


def _grant_store(
    conn: psycopg.Connection[Any], s: sql.Identifier, store_id: str, role: str
) -> None:
    """The store role's rights: read and add rows of its store only (row-level security)."""
    r = sql.Identifier(role)
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(s, r))
    for table in (*DERIVED, *OTHER_TABLES):
        t = sql.Identifier(table)
        conn.execute(sql.SQL("REVOKE ALL ON {}.{} FROM {}").format(s, t, r))
        conn.execute(sql.SQL("GRANT SELECT ON {}.{} TO {}").format(s, t, r))
        conn.execute(
            sql.SQL("GRANT INSERT ({}) ON {}.{} TO {}").format(
                sql.SQL(", ").join(sql.Identifier(col) for col in STORE_COLUMNS[table]),
                s,
                t,
                r,
            )
        )
        for action, clause in (("SELECT", "USING"), ("INSERT", "WITH CHECK")):
            policy = sql.Identifier(f"{role}_{action.lower()}"[:63])
            conn.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}.{}").format(policy, s, t))
            conn.execute(
                sql.SQL("CREATE POLICY {} ON {}.{} FOR {} TO {} {} (store_id = {})").format(
                    policy, s, t, sql.SQL(action), r, sql.SQL(clause), sql.Literal(store_id)
                )
            )
    conn.execute(sql.SQL("GRANT SELECT ON {}.terminals TO {}").format(s, r))


def drop_schema(url: str) -> None:
    """Drop the schema and every store role it made (for test and trial databases)."""
    conn, schema = connect(url, autocommit=True)
    s = sql.Identifier(schema)
    try:
        roles: list[str] = []
        if conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'store_roles'",
            (schema,),
        ).fetchone():
            roles = [
                row[0]
                for row in conn.execute(sql.SQL("SELECT role_name FROM {}.store_roles").format(s))
            ]
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(s))
        for role in roles:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    finally:
        conn.close()
