"""A forms acknowledgement with a received count differing from the declared one reaches the
store's other terminals and head office with both numbers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path

import pytest

from shiftcheck.config import SyncTarget
from shiftcheck.domain.records import Acknowledgement
from shiftcheck.domain.staff import Role
from shiftcheck.services.context import Services
from shiftcheck.services.sync.postgres import PostgresSource
from tests.sync.conftest import TZ, Central, MakeTerminal, enrol, sync_of, work_day
from tests.sync.test_postgres import pg

DAY = datetime(2026, 11, 16, 9, 0, tzinfo=TZ)


def acknowledged(s: Services) -> Acknowledgement:
    """E002's day on `s`, its end check declaring forms, acknowledged with one fewer."""
    enrol(s, ("E001", "张伟", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    _, end = work_day(s, "E002", DAY)
    ack = Acknowledgement(
        id=str(uuid.uuid4()),
        store_id="S001",
        employee_id="E002",
        record=end.id,
        forms=3,
        by="E001",
        at=end.submitted_at,
        received=2,
    )
    assert s.store.add(ack, local=True)
    return ack


def acks_on(s: Services) -> list[Acknowledgement]:
    found = s.store.history(DAY.replace(hour=0), DAY.replace(hour=23), (Acknowledgement,))
    return [a for a in found if isinstance(a, Acknowledgement)]


def test_received_through_a_share(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    share = tmp_path / "share"
    share.mkdir()
    targets = [SyncTarget(name="share", path=str(share))]
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    ack = acknowledged(t1)
    assert sync_of(t1).sync()[0].ok
    [result] = sync_of(t2).sync()
    assert result.ok, result.problems + [r.reason for r in result.refused]
    assert acks_on(t2) == [ack]


@pytest.mark.postgres
def test_received_through_the_central_database(
    central: Central, make_terminal: MakeTerminal
) -> None:
    t1, t2 = make_terminal("T1", pg(central)), make_terminal("T2", pg(central))
    ack = acknowledged(t1)
    assert sync_of(t1).sync()[0].ok
    [result] = sync_of(t2).sync()
    assert result.ok, result.problems + [r.reason for r in result.refused]
    assert acks_on(t2) == [ack]
    with PostgresSource(central.admin_url, "S001") as source:
        found = source.history(DAY.replace(hour=0), DAY.replace(hour=23), (Acknowledgement,))
    assert found == [ack] and date(2026, 11, 16) == ack.at.date()
