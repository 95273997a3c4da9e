"""The team's day against the roster: flags on rows, a no-show row, the day's plans in JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from shiftcheck.services.context import open_services, supervisor_tools
from tests.cli.test_cli_core import run
from tests.payroll.test_payroll_roster import NOW, add_roster


def test_day_rows_carry_roster_flags_and_a_no_show(shanghai: Path) -> None:
    add_roster(shanghai)
    s = open_services(shanghai, writer=False)
    try:
        day = supervisor_tools(s).summary.day(date(2026, 11, 27), NOW)
        wednesday = supervisor_tools(s).summary.day(date(2026, 11, 25), NOW)
    finally:
        s.close()
    flags = {r.employee_id: r.flags for r in day.rows}
    assert "early_leave" in flags["E002"]
    assert flags["E003"] == ("no_show",)
    assert day.roster is not None and len(day.roster) == 2
    assert "late" in {r.employee_id: r.flags for r in wednesday.rows}["E002"]


def test_summary_json_has_the_plans_only_with_a_roster(shanghai: Path) -> None:
    code, out, err = run(shanghai, "summary", "--date", "2026-11-27", "--format", "json")
    assert code == 0, err
    plain = json.loads(out)
    assert "plans" not in plain and "late" not in plain["totals"]
    add_roster(shanghai)
    code, out, err = run(shanghai, "summary", "--date", "2026-11-27", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [p["employee_id"] for p in data["plans"]] == ["E002", "E003"]
    assert data["plans"][0]["planned_start"] == "2026-11-27T09:00:00+08:00"
    assert data["plans"][0]["flags"] == ["early_leave"]
    assert data["plans"][1]["flags"] == ["no_show"] and data["plans"][1]["shift_id"] is None
    assert (data["totals"]["late"], data["totals"]["no_shows"]) == (0, 1)
    assert data["totals"]["planned_hours"] == 17.0
    code, out, _ = run(shanghai, "summary", "--date", "2026-11-27")
    assert "left early" in out and "no-show" in out
