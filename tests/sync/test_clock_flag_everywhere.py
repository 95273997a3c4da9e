"""A shift flagged `clock_backwards` on one terminal is flagged wherever its payroll is read:
another terminal of the store, head office for the store, and head office over all stores."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import Config
from shiftcheck.domain.clock_rule import (
    CLOCK_BACKWARDS_ACTION,
    FLAG_CLOCK_BACKWARDS,
    ClockBehind,
    ClockReference,
    clock_backwards_detail,
)
from shiftcheck.domain.records import AuditEvent
from shiftcheck.domain.staff import Role
from shiftcheck.services.context import save_config
from tests.sync.conftest import TZ, Central, MakeTerminal, enrol, sync_of, work_day
from tests.sync.test_postgres import pg

pytestmark = pytest.mark.postgres
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=TZ)
DAY = ["--from", "2026-11-16", "--to", "2026-11-16"]


def flags_by_employee(csv_bytes: bytes) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    return {row["employee_id"]: row["flags"] for row in rows if row.get("clock_in")}


def export(folder: Path, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), "export", "payroll", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def test_the_clock_backwards_flag_reaches_every_reader(
    central: Central, make_terminal: MakeTerminal, tmp_path: Path
) -> None:
    t1 = make_terminal("T1", pg(central))
    t2 = make_terminal("T2", pg(central))
    enrol(t1, ("E001", "张伟", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    enrol(t2, ("E001", "张伟", Role.SUPERVISOR))
    opened, _ = work_day(t1, "E002", MONDAY)
    # What the check service writes when an end check is refused on a clock set back.
    behind = ClockBehind(MONDAY - timedelta(hours=1, minutes=30), MONDAY, ClockReference.CLOCK_IN)
    t1.store.add(
        AuditEvent(
            id=str(uuid.uuid4()),
            store_id="S001",
            terminal_id="T1",
            actor="E002",
            action=CLOCK_BACKWARDS_ACTION,
            detail=clock_backwards_detail(opened.id, behind),
            at=behind.after,
        )
    )
    for s in (t1, t2):
        assert sync_of(s).sync()[0].ok
    office = tmp_path / "head-office"
    office.mkdir()
    save_config(office, Config(store_id="HQ", store_name="Head office", timezone="UTC"))

    assert FLAG_CLOCK_BACKWARDS in flags_by_employee(export(t1.data_dir, *DAY))["E002"]
    assert FLAG_CLOCK_BACKWARDS in flags_by_employee(export(t2.data_dir, *DAY))["E002"]
    one_store = export(office, *DAY, "--source", central.admin_url, "--store", "S001")
    assert FLAG_CLOCK_BACKWARDS in flags_by_employee(one_store)["E002"]
    all_stores = export(office, *DAY, "--source", central.admin_url)
    assert FLAG_CLOCK_BACKWARDS in flags_by_employee(all_stores)["S001:E002"]
    summary = ["summary", "--date", "2026-11-16", "--format", "json"]
    result = CliRunner().invoke(
        cli, ["--data-dir", str(office), *summary, "--source", central.admin_url]
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["employee_id"]: r for r in json.loads(result.stdout)["rows"]}
    assert FLAG_CLOCK_BACKWARDS in rows["S001:E002"]["flags"]
