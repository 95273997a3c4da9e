"""A central schema made by an older shiftcheck (ids unique across stores, key columns written by
the terminal) is upgraded by `shiftcheck central init`: rows that agree with their document are
kept as they were, the others set aside with the reason; store roles work on the new tables."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import SyncTarget
from shiftcheck.domain.records import CheckRecord
from shiftcheck.services.sync.base import body_text
from shiftcheck.services.sync.central import drop_schema, role_name
from tests.sync.conftest import SESSION, TZ, Central, MakeTerminal, sync_of, work_day
from tests.unit.factories import start

pytestmark = pytest.mark.postgres
OLD_SCHEMA = Path(__file__).with_name("central_v1.sql")
DAY = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)


@pytest.fixture
def old_central(pg_server: str) -> Iterator[Central]:
    """A schema as `central init` made it before, with store S001's role registered."""
    c = Central(pg_server, f"shiftcheck_test_{SESSION}_v1_{uuid.uuid4().hex[:6]}")
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(OLD_SCHEMA.read_text().replace("__SCHEMA__", c.schema).encode())
        role = role_name(c.schema, "S001")
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        conn.execute(f"INSERT INTO {c.schema}.store_roles VALUES ('S001', %s)", (role,))
    try:
        yield c
    finally:
        drop_schema(c.admin_url)


def old_row(conn: psycopg.Connection[tuple[object, ...]], doc: CheckRecord, **cols: object) -> None:
    """A row as the older push wrote it: columns from the terminal, beside the document."""
    values: dict[str, object] = {
        "id": doc.id,
        "store_id": doc.store_id,
        "terminal_id": doc.terminal_id,
        "employee_id": doc.employee_id,
        "doc_time": doc.submitted_at,
        "checklist": doc.checklist,
        "started_at": doc.started_at,
        "submitted_at": doc.submitted_at,
        "body": body_text(doc),
        "terminal_clock": doc.submitted_at,
        "received_at": doc.submitted_at + timedelta(minutes=5),
    }
    values.update(cols)
    names = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    conn.execute(f"INSERT INTO records ({names}) VALUES ({marks})", list(values.values()))


def test_upgrade_keeps_good_rows_and_sets_aside_forged_ones(
    old_central: Central, make_terminal: MakeTerminal, tmp_path: Path
) -> None:
    good = [start(f"E00{k}", DAY + timedelta(days=k), store="S001") for k in range(3)]
    forged = start("E001", DAY, store="S002")  # the report's row: column S001, body S002
    shifted = start("E004", DAY, store="S001")
    with old_central.admin() as conn:
        for doc in good:
            old_row(conn, doc)
        old_row(conn, forged, store_id="S001")
        old_row(conn, shifted, doc_time=DAY - timedelta(days=30))
    result = CliRunner().invoke(cli, ["central", "init", old_central.admin_url])
    assert result.exit_code == 0, result.stderr
    assert "upgraded" in result.stdout and "3 rows kept, 2 rows" in result.stdout
    with old_central.admin() as conn:
        kept = conn.execute(
            "SELECT id::text, store_id, received_at - doc_time FROM records ORDER BY doc_time"
        ).fetchall()
        aside = conn.execute(
            "SELECT id::text, store_id, reason, row_data->'body'->>'store_id' FROM set_aside "
            "ORDER BY reason"
        ).fetchall()
        left = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name LIKE '%%_v1'",
            (old_central.schema,),
        ).fetchall()
    assert left == []
    assert [(k[0], k[1]) for k in kept] == [(d.id, "S001") for d in good]
    assert all(k[2] == timedelta(minutes=5) for k in kept)  # receive times kept
    assert aside == [
        (shifted.id, "S001", "column doc_time does not match the document", "S001"),
        (forged.id, "S001", "column store_id does not match the document", "S002"),
    ]


def test_after_the_upgrade_stores_sync_and_ids_are_per_store(
    old_central: Central, make_terminal: MakeTerminal
) -> None:
    with old_central.admin() as conn:
        old_row(conn, start("E001", DAY, store="S001"))
    assert CliRunner().invoke(cli, ["central", "init", old_central.admin_url]).exit_code == 0
    again = CliRunner().invoke(cli, ["central", "init", old_central.admin_url])
    assert again.exit_code == 0 and "upgraded" not in again.stdout  # idempotent
    s1 = make_terminal("T1", [SyncTarget(name="c", url=old_central.url_for("S001"))], "S001")
    s2 = make_terminal("T1", [SyncTarget(name="c", url=old_central.url_for("S002"))], "S002")
    a, _ = work_day(s1, "E002", DAY)
    assert s2.store.add(start("E001", DAY, store="S002", record_id=a.id), local=True)
    [r1] = sync_of(s1).sync()
    [r2] = sync_of(s2).sync()
    assert r1.ok and r1.pushed == 2 and r2.ok and r2.pushed == 1
    assert old_central.count() == 4
