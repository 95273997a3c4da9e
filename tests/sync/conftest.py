"""Fixtures for sync: terminals of one store sharing targets, and a real PostgreSQL schema.

The PostgreSQL tests use `postgresql://postgres@127.0.0.1:5432/test` (or `$SHIFTCHECK_TEST_PG`),
each in its own schema `shiftcheck_test_<random>` with its own store roles, dropped afterwards.
With no server they skip, saying why; with `CI` set a missing server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest

from shiftcheck.config import Config, SyncConfig, SyncTarget
from shiftcheck.domain.records import CheckRecord
from shiftcheck.domain.staff import Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services, save_config
from shiftcheck.services.sync import SyncService
from shiftcheck.services.sync.central import add_store, drop_schema, init_schema, role_name
from shiftcheck.store.sync_key import write_sync_key
from tests.conftest import legacy_supervisor
from tests.unit.factories import end, start

TZ = ZoneInfo("Asia/Shanghai")
ADMIN_URL = os.environ.get("SHIFTCHECK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
SESSION = uuid.uuid4().hex[:8]


def _server_problem() -> str | None:
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]
    return None


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of a reachable server (skip, or fail under CI, when there is none)."""
    problem = _server_problem()
    if problem is not None:
        reason = f"no PostgreSQL server at {ADMIN_URL}: {problem}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: the PostgreSQL tests must run)")
        pytest.skip(reason)
    return ADMIN_URL


class Central:
    """One test's central schema: the owner's URL and a URL per store role."""

    def __init__(self, base: str, schema: str) -> None:
        self.base = base
        self.schema = schema
        self.admin_url = f"{base}?schema={schema}"

    def url_for(self, store_id: str) -> str:
        """The URL a store's terminals use (its own role), creating the role on first use."""
        role = add_store(self.admin_url, store_id)
        host = self.base.split("@", 1)[1]
        return f"postgresql://{role}@{host}?schema={self.schema}"

    def role(self, store_id: str) -> str:
        return role_name(self.schema, store_id)

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """An owner connection with the schema on the search path."""
        conn = psycopg.connect(self.base, autocommit=True)
        conn.execute(f"SET search_path TO {self.schema}")
        return conn

    def count(self, table: str = "records") -> int:
        with self.admin() as conn:
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return int(row[0])


@pytest.fixture
def central(pg_server: str) -> Iterator[Central]:
    """A fresh central schema (and its store roles), dropped after the test."""
    c = Central(pg_server, f"shiftcheck_test_{SESSION}_{uuid.uuid4().hex[:6]}")
    init_schema(c.admin_url)
    try:
        yield c
    finally:
        drop_schema(c.admin_url)


def real_now_clock() -> ManualClock:
    """A manual clock set to the real time (so the server sees no clock difference)."""
    return ManualClock(datetime.now(TZ).replace(microsecond=0))


def store_key(store: str) -> str:
    """The sync key every test terminal of `store` holds."""
    return f"test-sync-key-of-store-{store}"


Terminal = Services
MakeTerminal = Callable[..., Services]


@pytest.fixture
def make_terminal(tmp_path: Path) -> Iterator[MakeTerminal]:
    """Build a configured terminal: `make_terminal("T1", targets=[...], store="S001")`."""
    opened: list[Services] = []

    def make(
        terminal: str,
        targets: list[SyncTarget],
        store: str = "S001",
        clock: ManualClock | None = None,
    ) -> Services:
        folder = tmp_path / f"{store}-{terminal}"
        folder.mkdir()
        save_config(
            folder,
            Config(
                store_id=store,
                store_name="南京路店",
                terminal_id=terminal,
                timezone="Asia/Shanghai",
                sync=SyncConfig(targets=targets),
            ),
        )
        write_sync_key(folder, store_key(store))
        s = open_services(folder, clock=clock or real_now_clock())
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


def cli_ready(s: Services) -> None:
    """Give a terminal made by `make_terminal` its staff list (a supervisor, E001 张伟, PIN
    2580), as every set-up data folder has: commands refuse a folder whose staff file is gone."""
    if s.store.get_employee("E001") is None:
        legacy_supervisor(s, "E001", "张伟", "2580")


def sync_of(s: Services) -> SyncService:
    """The sync service of a terminal."""
    return SyncService(s.store, s.config, s.clock)


def work_day(
    s: Services, employee: str, at: datetime, hours: int = 8
) -> tuple[CheckRecord, CheckRecord]:
    """A start and an end record written on terminal `s` (in its outbox)."""
    from datetime import timedelta

    a = replace(start(employee, at, store=s.config.store_id), terminal_id=s.config.terminal_id)
    b = replace(
        end(employee, at + timedelta(hours=hours), store=s.config.store_id),
        terminal_id=s.config.terminal_id,
    )
    assert s.store.add(a, local=True)
    assert s.store.add(b, local=True)
    return a, b


def enrol(s: Services, *people: tuple[str, str, Role]) -> None:
    """Employees with PINs on terminal `s`."""
    pins = iter(["2580", "2468", "1357", "9753", "8642"])
    for employee_id, name, role in people:
        if role is Role.SUPERVISOR:
            legacy_supervisor(s, employee_id, name, next(pins))
        else:
            s.staff.add(employee_id, name, next(pins), role=role)
