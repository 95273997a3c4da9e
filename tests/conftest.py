"""Shared fixtures: a real data folder in a temp dir, a manual clock, fast PIN hashing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shiftcheck.config import Config
from shiftcheck.domain.staff import Employee, Role
from shiftcheck.services import auth
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services, save_config

TZ = ZoneInfo("Asia/Shanghai")
STORE_ID = "S001"
TEST_PIN_COST = 2**10
"""scrypt cost for tests only; real terminals use `auth.SCRYPT_N`."""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the developer's own data folder, language and clock settings out of every test."""
    monkeypatch.setenv("SHIFTCHECK_HOME", str(tmp_path / "home-not-used"))
    monkeypatch.delenv("SHIFTCHECK_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(auth, "SCRYPT_N", TEST_PIN_COST)


@pytest.fixture
def clock() -> ManualClock:
    """Friday 2026-11-27 08:55 in Shanghai; moves only when told."""
    return ManualClock(datetime(2026, 11, 27, 8, 55, tzinfo=TZ))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A configured data folder for store S001 in Asia/Shanghai."""
    folder = tmp_path / "data"
    folder.mkdir()
    save_config(
        folder,
        Config(
            store_id=STORE_ID, store_name="南京路店", terminal_id="T1", timezone="Asia/Shanghai"
        ),
    )
    return folder


@pytest.fixture
def services(data_dir: Path, clock: ManualClock) -> Iterator[Services]:
    """Services over the data folder, holding its writer lock."""
    s = open_services(data_dir, clock=clock)
    try:
        yield s
    finally:
        s.close()


def legacy_supervisor(
    services: Services, employee_id: str, name: str, pin: str, language: str = "zh-CN"
) -> Employee:
    """A supervisor enrolled before the six-digit rule, keeping a 4-digit PIN (still valid)."""
    services.staff.add(employee_id, name, pin, language=language)
    boss = services.staff.get(employee_id).with_changes(role=Role.SUPERVISOR)
    services.store.save_employee(boss)
    return boss


@pytest.fixture
def staffed(services: Services) -> Services:
    """Services with a supervisor (E001, PIN 2580 from before the six-digit rule) and two staff
    (E002 2468, E003 1357 — en)."""
    legacy_supervisor(services, "E001", "张伟", "2580")
    services.staff.add("E002", "李娜", "2468")
    services.staff.add("E003", "Amy Chen", "1357", language="en")
    return services
