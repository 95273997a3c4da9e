"""Head office runs `summary` and `export payroll` over the central database and gets what the
store's own terminal shows."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import Config
from shiftcheck.domain.records import Correction
from shiftcheck.domain.staff import Role
from shiftcheck.services.context import save_config
from tests.sync.conftest import TZ, Central, MakeTerminal, enrol, sync_of, work_day
from tests.sync.test_postgres import pg

pytestmark = pytest.mark.postgres
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=TZ)
WEEK = ["--from", "2026-11-16", "--to", "2026-11-22"]


def run(data_dir: Path, *args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture
def chain(central: Central, make_terminal: MakeTerminal, tmp_path: Path) -> tuple[Path, Path]:
    """Store S001 with two terminals synced through the central database, and a head-office
    data folder (UTC, code HQ: the store's own zone must come from the database)."""
    t1 = make_terminal("T1", pg(central))
    t2 = make_terminal("T2", pg(central))
    enrol(t1, ("E001", "张伟", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    enrol(t2, ("E002", "李娜", Role.STAFF))
    for day in range(5):
        work_day(t1, "E001", MONDAY + timedelta(days=day), hours=9)
    for day in range(3):
        work_day(t2, "E002", MONDAY + timedelta(days=day, hours=13), hours=10)  # past midnight
    opened, _ = work_day(t1, "E002", MONDAY + timedelta(days=4))
    t1.store.add(
        Correction(
            id="6f1c1d52-8d5e-4a43-9a35-0a1b2c3d4e5f",
            store_id="S001",
            employee_id="E002",
            target=opened.id,
            field="clock_in",
            value=opened.started_at - timedelta(minutes=30),
            reason="came early, forgot to check in",
            by="E001",
            at=opened.started_at + timedelta(hours=2),
        )
    )
    for s in (t1, t2, t1):
        assert sync_of(s).sync()[0].ok
    office = tmp_path / "head-office"
    office.mkdir()
    save_config(office, Config(store_id="HQ", store_name="Head office", timezone="UTC"))
    return t1.data_dir, office


def test_summary_from_the_central_database_matches_the_terminal(
    central: Central, chain: tuple[Path, Path]
) -> None:
    terminal, office = chain
    source = ["--source", central.admin_url, "--store", "S001"]
    for args in (["--date", "2026-11-17"], ["--date", "2026-11-20"], WEEK):
        here = run(terminal, "summary", *args, "--format", "json")
        there = run(office, "summary", *args, *source, "--format", "json")
        assert here[0] == 0 and there[0] == 0, there[2]
        assert json.loads(there[1]) == json.loads(here[1])
    code, out, _ = run(office, "summary", "--date", "2026-11-20", *source)
    assert code == 0 and "came early" in out.decode()


def test_all_stores_and_bad_options(central: Central, chain: tuple[Path, Path]) -> None:
    _, office = chain
    code, out, err = run(
        office, "summary", *WEEK, "--source", central.admin_url, "--format", "json"
    )
    assert code == 0, err
    ids = {e["employee_id"] for e in json.loads(out)["employees"]}
    assert ids == {"S001:E001", "S001:E002"}
    code, _, err = run(office, "summary", *WEEK, "--store", "S001")
    assert code == 2 and "--store needs --source" in err
    code, _, err = run(office, "summary", *WEEK, "--source", central.admin_url, "--store", "S404")
    assert code == 2 and "no data for store S404" in err
    code, _, err = run(office, "summary", *WEEK, "--source", "postgresql://ho@127.0.0.1:1/chain")
    assert code == 1 and "cannot reach the central database" in err
    code, _, err = run(office, "summary", *WEEK, "--source", "postgresql://ho:pw@127.0.0.1/c")
    assert code == 2 and "must not contain a password" in err and "pw" not in err


def test_payroll_from_the_central_database_matches_the_terminal(
    central: Central, chain: tuple[Path, Path], tmp_path: Path
) -> None:
    terminal, office = chain
    source = ["--source", central.admin_url, "--store", "S001"]
    here = run(terminal, "export", "payroll", *WEEK)
    there = run(office, "export", "payroll", *WEEK, *source)
    assert here[0] == 0 and there[0] == 0, there[2]
    assert there[1] == here[1]
    assert "E002" in there[1].decode("utf-8-sig")
    for fmt in ("json",):
        assert (
            run(office, "export", "payroll", *WEEK, *source, "--format", fmt)[1]
            == run(terminal, "export", "payroll", *WEEK, "--format", fmt)[1]
        )
    xlsx = tmp_path / "S001.xlsx"
    code, _, err = run(office, "export", "payroll", *WEEK, *source, "-o", str(xlsx))
    assert code == 0 and xlsx.exists(), err


def test_payroll_over_all_stores(central: Central, chain: tuple[Path, Path]) -> None:
    _, office = chain
    code, out, err = run(office, "export", "payroll", *WEEK, "--source", central.admin_url)
    assert code == 0, err
    text = out.decode("utf-8-sig")
    assert "S001:E001" in text and "S001:E002" in text
    code, _, err = run(office, "export", "payroll", *WEEK, "--store", "S001")
    assert code == 2 and "--store needs --source" in err
    code, _, err = run(
        office, "export", "payroll", *WEEK, "--source", "postgresql://ho@127.0.0.1:1/chain"
    )
    assert code == 1 and "cannot reach the central database" in err
