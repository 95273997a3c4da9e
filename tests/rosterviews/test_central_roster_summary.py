"""Head office's `summary --source` over the central database (the real PostgreSQL) carries
the same roster figures as the store's own terminal: per day and per person over a period."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest

from shiftcheck.config import Config
from shiftcheck.domain.staff import Role
from shiftcheck.services.context import save_config
from shiftcheck.services.roster import RosterService
from tests.sync.conftest import Central, MakeTerminal, enrol, sync_of, work_day
from tests.sync.test_head_office import MONDAY, WEEK, run
from tests.sync.test_postgres import pg

pytestmark = pytest.mark.postgres


@pytest.fixture
def rostered_chain(
    central: Central, make_terminal: MakeTerminal, tmp_path: Path
) -> tuple[Path, Path]:
    """Store S001's terminal: 张伟 worked 09:00–18:00 Monday and Tuesday, 李娜 Monday
    13:00–23:00; the roster plans 张伟 09:00–18:00 Monday, 08:30–18:00 Tuesday (late) and 李娜
    13:00–23:00 Monday and Thursday (never came: a no-show). All synced to the central
    database; a head-office folder in UTC."""
    t1 = make_terminal("T1", pg(central))
    enrol(t1, ("E001", "张伟", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    work_day(t1, "E001", MONDAY, hours=9)
    work_day(t1, "E001", MONDAY.replace(day=17), hours=9)
    work_day(t1, "E002", MONDAY.replace(hour=13), hours=10)
    roster = RosterService(t1.store, t1.config, t1.clock, t1.staff.require_supervisor)
    for employee, day, start, end in (
        ("E001", 16, "09:00", "18:00"),
        ("E001", 17, "08:30", "18:00"),
        ("E002", 16, "13:00", "23:00"),
        ("E002", 19, "13:00", "23:00"),
    ):
        roster.save(
            employee,
            date(2026, 11, day),
            time.fromisoformat(start),
            time.fromisoformat(end),
            actor="E001",
        )
    assert sync_of(t1).sync()[0].ok
    assert central.count("roster") == 4
    office = tmp_path / "head-office"
    office.mkdir()
    save_config(office, Config(store_id="HQ", store_name="Head office", timezone="UTC"))
    return t1.data_dir, office


def test_head_office_summary_carries_the_roster(
    central: Central, rostered_chain: tuple[Path, Path]
) -> None:
    terminal, office = rostered_chain
    source = ["--source", central.admin_url, "--store", "S001"]
    for args in (["--date", "2026-11-17"], ["--date", "2026-11-19"], WEEK):
        here = run(terminal, "summary", *args, "--format", "json")
        there = run(office, "summary", *args, *source, "--format", "json")
        assert here[0] == 0 and there[0] == 0, there[2]
        assert json.loads(there[1]) == json.loads(here[1])
    code, out, err = run(office, "summary", *WEEK, *source, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    people = {e["employee_id"]: e for e in data["employees"]}
    assert (people["E001"]["late"], people["E001"]["planned_hours"]) == (1, 18.5)
    assert (people["E002"]["no_shows"], people["E002"]["planned_hours"]) == (1, 20.0)
    assert (data["totals"]["late"], data["totals"]["no_shows"]) == (1, 1)
    assert data["totals"]["worked_hours"] == 28.0
    code, out, err = run(office, "summary", *WEEK, *source, "--format", "csv")
    assert code == 0 and b"late,no_shows,planned_hours,worked_hours" in out
    code, out, err = run(office, "summary", "--date", "2026-11-19", *source)
    assert code == 0 and "no-show" in out.decode()


def test_every_store_at_once_keeps_each_plan_with_its_person(
    central: Central, rostered_chain: tuple[Path, Path]
) -> None:
    _, office = rostered_chain
    code, out, err = run(
        office, "summary", *WEEK, "--source", central.admin_url, "--format", "json"
    )
    assert code == 0, err
    people = {e["employee_id"]: e for e in json.loads(out)["employees"]}
    assert set(people) == {"S001:E001", "S001:E002"}
    # every store read at once is reported in one zone (here the office's, UTC), so only the
    # figures that do not depend on the zone are compared: planned hours, the no-show
    assert people["S001:E001"]["planned_hours"] == 18.5
    assert (people["S001:E002"]["planned_hours"], people["S001:E002"]["no_shows"]) == (20.0, 1)


def test_a_store_without_a_roster_reads_as_before(
    central: Central, make_terminal: MakeTerminal, tmp_path: Path
) -> None:
    t1 = make_terminal("T1", pg(central))
    enrol(t1, ("E001", "张伟", Role.SUPERVISOR))
    work_day(t1, "E001", MONDAY, hours=9)
    assert sync_of(t1).sync()[0].ok
    office = tmp_path / "ho"
    office.mkdir()
    save_config(office, Config(store_id="HQ", store_name="Head office", timezone="UTC"))
    code, out, err = run(
        office,
        "summary",
        *WEEK,
        "--source",
        central.admin_url,
        "--store",
        "S001",
        "--format",
        "json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert "late" not in data["totals"] and "late" not in data["employees"][0]
