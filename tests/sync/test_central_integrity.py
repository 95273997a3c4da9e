"""The central database enforces what a row claims: a store's role connects and tries every way
of filing a document under another store, terminal, employee, id or day than the document says;
ids are unique per store, so one store's inserts never refuse another's records."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import orjson
import psycopg
import pytest

from shiftcheck.domain.records import Correction
from shiftcheck.domain.staff import Role
from shiftcheck.services.history import HistoryService
from shiftcheck.services.sync.base import body_text
from shiftcheck.services.sync.postgres import PostgresSource
from tests.sync.conftest import TZ, Central, MakeTerminal, enrol, sync_of, work_day
from tests.sync.test_postgres import pg
from tests.unit.factories import correction, start

pytestmark = pytest.mark.postgres
DAY = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)


@pytest.fixture
def store_conn(central: Central) -> Iterator[psycopg.Connection[Any]]:
    """Store S001's own role (DEMO01 in the report), connected to the central schema."""
    url = central.url_for("S001").split("?")[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {central.schema}")
        yield conn


def insert(
    conn: psycopg.Connection[Any], body: object, table: str = "records", **cols: str
) -> None:
    names = ", ".join(["body", "pushed_by", "terminal_clock", *cols])
    marks = ", ".join(["%s", "%s", "now()", *(["%s"] * len(cols))])
    text = body if isinstance(body, str) else orjson.dumps(body).decode()
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", (text, "T1", *cols.values()))


def mine(**changes: object) -> dict[str, object]:
    """A valid record body of S001, with `changes` to its fields."""
    body = orjson.loads(body_text(start("E001", DAY, store="S001")))
    body.update(changes)
    return dict(body)


def test_columns_are_what_the_document_says(
    central: Central, store_conn: psycopg.Connection[Any]
) -> None:
    record = start("E002", DAY, store="S001")
    insert(store_conn, body_text(record))
    row = store_conn.execute(
        "SELECT id::text, store_id, terminal_id, employee_id, doc_time, started_at, checklist "
        "FROM records"
    ).fetchone()
    assert row == (
        record.id,
        "S001",
        "T1",
        "E002",
        record.submitted_at,
        record.started_at,
        "start_of_shift",
    )
    fix = correction(record, "clock_out", DAY + timedelta(hours=8), DAY + timedelta(days=1))
    insert(store_conn, body_text(fix), "corrections")
    got = store_conn.execute("SELECT target::text, doc_time, terminal_id FROM corrections")
    assert got.fetchone() == (record.id, fix.at, "T1")  # filed under the pushing terminal


@pytest.mark.parametrize(
    "column, value",
    [
        ("store_id", "S001"),
        ("id", "8a0c1d52-8d5e-4a43-9a35-0a1b2c3d4e5f"),
        ("terminal_id", "T1"),
        ("employee_id", "E001"),
        ("doc_time", "2026-11-20T09:00:00+08:00"),
        ("submitted_at", "2026-11-20T09:00:00+08:00"),
        ("received_at", "2026-11-20T09:00:00+08:00"),
        ("tx", "1"),
    ],
)
def test_no_column_can_be_written_beside_the_document(
    store_conn: psycopg.Connection[Any], column: str, value: str
) -> None:
    """The report's attack (column store_id S001 over a body of S002), and every other column."""
    body = mine(store_id="S002")
    with pytest.raises((psycopg.errors.GeneratedAlways, psycopg.errors.InsufficientPrivilege)):
        insert(store_conn, body, **{column: value})


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"store_id": "S002"}, psycopg.errors.InsufficientPrivilege),  # row-level security
        ({"store_id": "s001"}, psycopg.errors.InsufficientPrivilege),
        ({"store_id": "S001:E9"}, psycopg.errors.InsufficientPrivilege),
        ({"store_id": None}, psycopg.errors.InsufficientPrivilege),
        ({"id": "x"}, psycopg.errors.NotNullViolation),
        ({"id": None}, psycopg.errors.NotNullViolation),
        ({"employee_id": None}, psycopg.errors.NotNullViolation),
        ({"terminal_id": None}, psycopg.errors.NotNullViolation),
        ({"submitted_at": "2026-11-20 09:00:00"}, psycopg.errors.NotNullViolation),  # no offset
        ({"submitted_at": "yesterday"}, psycopg.errors.NotNullViolation),
        ({"started_at": 12}, psycopg.errors.NotNullViolation),
        ({"schema": "shiftcheck.correction/1"}, psycopg.errors.CheckViolation),
    ],
)
def test_a_document_that_does_not_back_its_row_is_refused(
    central: Central, store_conn: psycopg.Connection[Any], changes: dict[str, object], error: type
) -> None:
    with pytest.raises(error):
        insert(store_conn, mine(**changes))
    assert central.count() == 0


def test_a_record_body_in_another_table_is_refused(store_conn: psycopg.Connection[Any]) -> None:
    with pytest.raises((psycopg.errors.CheckViolation, psycopg.errors.NotNullViolation)):
        insert(store_conn, mine(), "corrections")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no store: not this store's
        insert(store_conn, "[1, 2]")


def test_a_time_reads_the_same_in_any_session_zone(
    central: Central, store_conn: psycopg.Connection[Any]
) -> None:
    store_conn.execute("SET TimeZone = 'America/New_York'")
    insert(store_conn, mine())
    with central.admin() as conn:
        row = conn.execute("SELECT doc_time FROM records").fetchone()
    assert row is not None and row[0] == DAY + timedelta(minutes=1)


def test_another_stores_ids_never_block_this_store(
    central: Central, make_terminal: MakeTerminal
) -> None:
    """DEMO01 (S001) copies S002's record ids from a share; S002's sync still stores them all,
    and head office's all-store reports keep both stores' documents apart."""
    demo = make_terminal("T1", pg(central, "S001"), store="S001")
    enrol(demo, ("E001", "张伟", Role.SUPERVISOR))  # head office applies a supervisor's only
    s2 = make_terminal("T1", pg(central, "S002"), store="S002")
    taken = [work_day(s2, "E001", DAY + timedelta(days=k)) for k in range(5)]
    for a, b in taken:  # the same ids, filed as DEMO01's own documents
        assert demo.store.add(replace(a, store_id="S001", employee_id="E009"), local=True)
        assert demo.store.add(replace(b, store_id="S001", employee_id="E009"), local=True)
    fake = Correction(
        id=str(uuid.uuid4()),
        store_id="S001",
        employee_id="E009",
        target=taken[0][0].id,
        field="clock_out",
        value=DAY + timedelta(hours=20),
        reason="x",
        by="E001",
        at=DAY + timedelta(days=1),
    )
    assert demo.store.add(fake, local=True)
    [first] = sync_of(demo).sync()
    assert first.ok and first.pushed == 11
    [second] = sync_of(s2).sync()
    assert second.ok and second.pushed == 10 and not second.refused
    assert central.count() == 20
    with PostgresSource(central.admin_url) as everyone:
        shifts = HistoryService(everyone, TZ, 12).shifts(date(2026, 11, 20), date(2026, 11, 24))
    theirs = [s for s in shifts if s.employee_id == "S002:E001"]
    ours = [s for s in shifts if s.employee_id == "S001:E009"]
    assert len(theirs) == len(ours) == 5 and len(shifts) == 10
    assert all(s.worked() == timedelta(hours=8) and not s.corrections for s in theirs)
    assert [len(s.corrections) for s in ours] == [1, 0, 0, 0, 0]  # DEMO01's own shift only
    assert {s.id.split(":")[0] for s in shifts} == {"S001", "S002"}


def test_the_report_attack_pays_nobody_at_another_store(
    central: Central, store_conn: psycopg.Connection[Any]
) -> None:
    """Column store_id DEMO01 over a body of S002: refused, so S002:E001 is paid nothing."""
    forged = start("E001", DAY, store="S002")
    with pytest.raises(psycopg.errors.GeneratedAlways):
        insert(store_conn, body_text(forged), store_id="S001")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        insert(store_conn, body_text(forged))
    with PostgresSource(central.admin_url) as everyone:
        assert everyone.history(DAY - timedelta(days=1), DAY + timedelta(days=1)) == []


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-20T09:00:00+08:00",
        "2026-11-20T23:59:59-05:00",
        "2026-03-08T02:30:00.5-05:30",
        "2026-11-20T09:00:00.123456+05:45",
        "1901-12-13T20:45:52+08:05:43",
        "2026-11-20T00:00:00+00:00",
        "2026-11-20T00:00:00-00:30",
    ],
)
def test_derived_time_is_the_instant_the_text_names(
    store_conn: psycopg.Connection[Any], text: str
) -> None:
    store_conn.execute("SET TimeZone = 'Pacific/Chatham'")
    insert(store_conn, mine(started_at=text, submitted_at=text))
    row = store_conn.execute("SELECT doc_time, started_at FROM records").fetchone()
    expected = datetime.fromisoformat(text)
    assert row == (expected, expected)
