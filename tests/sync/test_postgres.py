"""The central PostgreSQL database: push, pull, faults, row-level security, head office."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta

import psycopg
import pytest

from shiftcheck.config import SyncTarget
from shiftcheck.domain.records import CheckRecord
from shiftcheck.domain.staff import Role
from shiftcheck.services.history import HistoryService
from shiftcheck.services.sync import SyncProgress
from shiftcheck.services.sync.base import body_text
from shiftcheck.services.sync.postgres import PostgresSource, PostgresTarget
from tests.sync.conftest import TZ, Central, MakeTerminal, enrol, sync_of, work_day

pytestmark = pytest.mark.postgres


def today() -> datetime:
    return datetime.now(TZ).replace(microsecond=0) - timedelta(hours=9)


def pg(central: Central, store: str = "S001", name: str = "central") -> list[SyncTarget]:
    return [SyncTarget(name=name, url=central.url_for(store))]


def test_push_then_pull_between_terminals(central: Central, make_terminal: MakeTerminal) -> None:
    t1 = make_terminal("T1", pg(central))
    t2 = make_terminal("T2", pg(central))
    first = today()
    work_day(t1, "E002", first)
    work_day(t2, "E003", first)
    [r1] = sync_of(t1).sync()
    [r2] = sync_of(t2).sync()
    [r1b] = sync_of(t1).sync()
    assert (r1.pushed, r2.pushed, r2.pulled, r1b.pulled, r1b.pushed) == (2, 2, 2, 2, 0)
    assert central.count() == 4
    with central.admin() as conn:
        rows = conn.execute(
            "SELECT terminal_id, received_at, submitted_at, clock_flagged FROM records"
        ).fetchall()
    assert {r[0] for r in rows} == {"T1", "T2"}
    assert all(r[1] is not None and not r[3] for r in rows)
    # a later sync with nothing new reads nothing again
    [quiet] = sync_of(t2).sync()
    assert (quiet.pushed, quiet.pulled) == (0, 0)


def test_same_batch_three_times_same_row_count(
    central: Central, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", pg(central))
    work_day(t1, "E002", today())
    target = PostgresTarget("central", central.url_for("S001"), "S001", "T1", "Asia/Shanghai")
    batch = t1.store.local_since(0)
    outcomes = []
    with target.open() as session:
        for _ in range(3):
            outcomes.append(session.push(batch, t1.clock()))
    assert [(o.added, o.already_there, o.refused) for o in outcomes] == [
        (2, 0, []),
        (0, 2, []),
        (0, 2, []),
    ]
    assert central.count() == 2


def test_crash_after_commit_before_cursor_save(
    central: Central, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", pg(central))
    work_day(t1, "E002", today())
    target = PostgresTarget("central", central.url_for("S001"), "S001", "T1", "Asia/Shanghai")
    with target.open() as session:
        session.push(t1.store.local_since(0), t1.clock())  # committed; the cursor never moved
    assert sync_of(t1).status()[0].pending == 2
    [result] = sync_of(t1).sync()
    assert (result.pushed, result.already_there, result.ok) == (0, 2, True)
    assert central.count() == 2 and sync_of(t1).status()[0].pending == 0


def test_connection_killed_mid_push(central: Central, make_terminal: MakeTerminal) -> None:
    """The server drops the connection between batches: nothing lost, nothing doubled."""
    t1 = make_terminal("T1", pg(central))
    for k in range(5):
        work_day(t1, f"E{k:03d}", today() - timedelta(days=k))
    role = central.role("S001")
    small = PostgresTarget("central", central.url_for("S001"), "S001", "T1", "Asia/Shanghai", 3)
    service = sync_of(t1)
    service.targets = [small]

    def kill_after_first_batch(p: SyncProgress) -> None:
        if p.phase == "push" and p.done == 3:
            with central.admin() as conn:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                    (role,),
                )

    [broken] = service.sync(progress=kill_after_first_batch)
    assert broken.error is not None and "stopped the sync" in broken.error
    confirmed = 10 - service.status()[0].pending
    assert confirmed == 3 and central.count() >= confirmed  # cursor not past the server
    assert service.status()[0].last_error is not None
    [healed] = service.sync()
    assert healed.ok and healed.pushed + healed.already_there == 7
    assert central.count() == 10 and service.status()[0].pending == 0
    with central.admin() as conn:
        row = conn.execute("SELECT count(DISTINCT id) FROM records").fetchone()
    assert row is not None and row[0] == 10


def test_server_gone_before_sync(make_terminal: MakeTerminal) -> None:
    target = [SyncTarget(name="central", url="postgresql://shiftcheck@127.0.0.1:1/central")]
    t1 = make_terminal("T1", target)
    work_day(t1, "E002", today())
    [result] = sync_of(t1).sync()
    assert result.error is not None and "cannot reach the central database" in result.error
    assert "127.0.0.1:1" in result.error
    assert sync_of(t1).status()[0].pending == 2


def test_same_id_different_content_refused(central: Central, make_terminal: MakeTerminal) -> None:
    t1 = make_terminal("T1", pg(central))
    t2 = make_terminal("T2", pg(central))
    a, _ = work_day(t1, "E002", today())
    sync_of(t1).sync()
    forged = replace(a, employee_id="E009", terminal_id="T2")
    assert t2.store.add(forged, local=True)
    [result] = sync_of(t2).sync()
    # refused by the server on push, and by this terminal when T1's original comes back on pull
    assert [r.id for r in result.refused] == [a.id, a.id]
    assert "central database holds this id with different content" in result.refused[0].reason
    assert "this terminal holds the id with different content" in result.refused[1].reason
    assert not result.ok and t2.store.stored_version(a) == forged
    with central.admin() as conn:
        row = conn.execute("SELECT body->>'employee_id' FROM records WHERE id = %s", (a.id,))
        assert row.fetchone() == ("E002",)
    status = sync_of(t2).status()[0]
    assert status.pending == 0 and status.refused[0]["id"] == a.id


def test_clock_far_off_is_flagged(central: Central, make_terminal: MakeTerminal) -> None:
    t1 = make_terminal("T1", pg(central))
    work_day(t1, "E002", today())
    t1.clock.advance(minutes=7)  # type: ignore[attr-defined]
    [result] = sync_of(t1).sync()
    assert result.clock_off and result.clock_offset is not None
    assert 400 < result.clock_offset < 440 and result.ok
    with central.admin() as conn:
        flags = conn.execute("SELECT clock_flagged, clock_skew_seconds FROM records").fetchall()
        term = conn.execute("SELECT clock_flagged FROM terminals").fetchall()
    assert all(f and 400 < s < 440 for f, s in flags)
    assert term == [(True,)]


def test_row_level_security_keeps_stores_apart(
    central: Central, make_terminal: MakeTerminal
) -> None:
    s1 = make_terminal("T1", pg(central, "S001"), store="S001")
    s2 = make_terminal("T1", pg(central, "S002"), store="S002")
    work_day(s1, "E002", today())
    work_day(s2, "E002", today())
    sync_of(s1).sync()
    sync_of(s2).sync()
    url = central.url_for("S001").split("?")[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {central.schema}")
        seen = conn.execute("SELECT DISTINCT store_id FROM records").fetchall()
        assert seen == [("S001",)]
        other = s2.store.local_since(0)[0][1]
        assert isinstance(other, CheckRecord)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # another store's document
            conn.execute(
                "INSERT INTO records (body, pushed_by, terminal_clock) VALUES (%s, 'T9', now())",
                (body_text(replace(other, id=str(uuid.uuid4()))),),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE records SET pushed_by = 'T9'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM records")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM store_roles")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the server's time is its own
            conn.execute(
                "INSERT INTO records (body, pushed_by, terminal_clock, received_at) VALUES "
                "(%s, 'T9', now(), now() - interval '1 day')",
                (body_text(replace(other, id=str(uuid.uuid4()), store_id="S001")),),
            )
    assert central.count() == 4


def test_head_office_reads_the_same_shifts(central: Central, make_terminal: MakeTerminal) -> None:
    t1 = make_terminal("T1", pg(central))
    t2 = make_terminal("T2", pg(central))
    enrol(t1, ("E001", "张伟", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    day = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
    work_day(t1, "E002", day)
    work_day(t2, "E001", day + timedelta(hours=13), hours=9)  # crosses midnight
    sync_of(t1).sync()
    sync_of(t2).sync()
    sync_of(t1).sync()
    first, last = date(2026, 11, 20), date(2026, 11, 21)
    here = HistoryService(t1.store, TZ, 12).shifts(first, last)
    with PostgresSource(central.admin_url, "S001") as source:
        there = HistoryService(source, TZ, 12).shifts(first, last)
        staff = source.list_staff()
        assert source.stores() == ["S001"]
        assert str(source.timezone("S001")) == "Asia/Shanghai"
        assert source.store_name("S001") == "南京路店"
    assert there == here and len(here) == 2
    assert [(e.id, e.name, e.pin_hash) for e in staff] == [
        ("E001", "张伟", ""),
        ("E002", "李娜", ""),
    ]
    with PostgresSource(central.admin_url, "S999") as nobody:
        assert nobody.history(day - timedelta(days=1), day + timedelta(days=2)) == []


def test_all_stores_keep_their_employees_apart(
    central: Central, make_terminal: MakeTerminal
) -> None:
    """Every store has an E002: over all stores, ids carry their store."""
    s1 = make_terminal("T1", pg(central, "S001"), store="S001")
    s2 = make_terminal("T1", pg(central, "S002"), store="S002")
    enrol(s1, ("E002", "李娜", Role.STAFF))
    enrol(s2, ("E002", "王芳", Role.STAFF))
    day = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
    work_day(s1, "E002", day)
    work_day(s2, "E002", day, hours=6)
    sync_of(s1).sync()
    sync_of(s2).sync()
    with PostgresSource(central.admin_url) as everyone:
        shifts = HistoryService(everyone, TZ, 12).shifts(date(2026, 11, 20), date(2026, 11, 20))
        staff = everyone.list_staff()
        assert everyone.stores() == ["S001", "S002"]
        assert [t["terminal_id"] for t in everyone.terminals()] == ["T1", "T1"]
    assert sorted((s.employee_id, s.worked()) for s in shifts) == [
        ("S001:E002", timedelta(hours=8)),
        ("S002:E002", timedelta(hours=6)),
    ]
    assert [(e.id, e.name) for e in staff] == [("S001:E002", "李娜"), ("S002:E002", "王芳")]


def test_connection_killed_inside_a_batch(central: Central, make_terminal: MakeTerminal) -> None:
    """The backend dies while its batch's INSERT waits: that batch is rolled back, not lost."""
    import threading
    import time

    t1 = make_terminal("T1", pg(central))
    for k in range(3):
        work_day(t1, f"E{k:03d}", today() - timedelta(days=k))
    role = central.role("S001")
    small = PostgresTarget("central", central.url_for("S001"), "S001", "T1", "Asia/Shanghai", 4)
    service = sync_of(t1)
    service.targets = [small]
    results: list[object] = []
    with central.admin() as blocker:
        blocker.execute("BEGIN")
        blocker.execute("LOCK TABLE records IN EXCLUSIVE MODE")  # the first INSERT must wait
        worker = threading.Thread(target=lambda: results.extend(service.sync()))
        worker.start()
        with central.admin() as watcher:
            for _ in range(200):
                waiting = watcher.execute(
                    "SELECT pid FROM pg_stat_activity WHERE usename = %s "
                    "AND wait_event_type = 'Lock'",
                    (role,),
                ).fetchall()
                if waiting:
                    break
                time.sleep(0.05)
            assert waiting, "the push never reached the locked table"
            watcher.execute("SELECT pg_terminate_backend(%s)", (waiting[0][0],))
        blocker.execute("ROLLBACK")
        worker.join(timeout=30)
    [broken] = results
    assert getattr(broken, "error", None) is not None
    assert central.count() == 0 and service.status()[0].pending == 6
    [healed] = service.sync()
    assert healed.ok and healed.pushed == 6 and central.count() == 6
