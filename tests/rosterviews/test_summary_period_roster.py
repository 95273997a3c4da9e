"""`shiftcheck summary --from/--to` against the roster: late arrivals, no-shows, planned and
worked hours per person in the table, JSON and CSV; the same output as before without one."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from shiftcheck.services.context import open_services, supervisor_tools
from shiftcheck.services.summary_files import ROSTER_PERIOD_FIELDS
from tests.cli.test_cli_core import run
from tests.payroll.test_payroll_roster import NOW, add_roster
from tests.payroll.test_payroll_rules import WEEK

PERIOD = ("--from", "2026-11-23", "--to", "2026-11-29")


def summary(folder: Path, *args: str) -> str:
    code, out, err = run(folder, "summary", *PERIOD, *args)
    assert code == 0, err
    return out


def test_the_period_has_roster_figures_per_person(shanghai: Path) -> None:
    add_roster(shanghai)
    s = open_services(shanghai, writer=False)
    try:
        period = supervisor_tools(s).summary.period(*WEEK, NOW)
    finally:
        s.close()
    assert period.has_roster
    by_id = {e.employee_id: e for e in period.employees}
    e002, e003 = by_id["E002"].roster, by_id["E003"].roster
    assert e002 is not None and e003 is not None
    # E002: five plans (8.5 + 8 + 11 + 8 + 9 h), late on the 25th; two more shifts unplanned
    assert (e002.plans, e002.late, e002.early_leaves, e002.no_shows) == (5, 1, 1, 0)
    assert (e002.planned_hours, e002.unscheduled) == (Decimal("44.50"), 2)
    # E003: planned on the 23rd and the 27th, never came on the 27th
    assert (e003.plans, e003.late, e003.no_shows, e003.planned_hours) == (2, 0, 1, Decimal("18.50"))
    assert (period.late, period.no_shows, period.planned_hours) == (1, 1, Decimal("63.00"))
    assert by_id["E002"].worked_hours is not None and by_id["E002"].worked_hours > 0


def test_json_csv_and_table_carry_the_same_figures(shanghai: Path) -> None:
    add_roster(shanghai)
    data = json.loads(summary(shanghai, "--format", "json"))
    people = {e["employee_id"]: e for e in data["employees"]}
    assert {k: people["E002"][k] for k in ("late", "no_shows", "planned_hours")} == {
        "late": 1,
        "no_shows": 0,
        "planned_hours": 44.5,
    }
    assert (people["E003"]["no_shows"], people["E003"]["planned_hours"]) == (1, 18.5)
    totals = data["totals"]
    assert (totals["late"], totals["no_shows"], totals["planned_hours"]) == (1, 1, 63.0)
    assert totals["worked_hours"] == sum(e["worked_hours"] for e in data["employees"])

    lines = list(csv.reader(io.StringIO(summary(shanghai, "--format", "csv").lstrip("\ufeff"))))
    header = lines[0]
    at = header.index("failed_items") + 1
    assert tuple(header[at : at + 4]) == ROSTER_PERIOD_FIELDS
    e002 = next(line for line in lines if line[0] == "E002")
    assert e002[at : at + 4] == ["1", "0", "44.50", f"{people['E002']['worked_hours']:.2f}"]

    table = summary(shanghai)
    assert "Late" in table and "No-shows" in table and "Planned h" in table
    assert "Roster: late 1 · no-shows 1 · planned 63.00 h" in table


def test_without_a_roster_the_period_output_is_as_before(shanghai: Path) -> None:
    data = json.loads(summary(shanghai, "--format", "json"))
    assert all("late" not in e and "planned_hours" not in e for e in data["employees"])
    assert set(data["totals"]) == {"shifts", "checks_done", "checks_expected", "failed_items"}
    header = summary(shanghai, "--format", "csv").splitlines()[0]
    assert "late" not in header and "planned_hours" not in header
    table = summary(shanghai)
    assert "Roster" not in table and "Planned" not in table


def test_day_rows_carry_planned_times_in_json_csv_and_table(shanghai: Path) -> None:
    add_roster(shanghai)
    code, out, err = run(shanghai, "summary", "--date", "2026-11-27", "--format", "json")
    assert code == 0, err
    rows = {r["employee_id"]: r for r in json.loads(out)["rows"]}
    assert rows["E002"]["planned_start"] == "2026-11-27T09:00:00+08:00"
    assert rows["E002"]["planned_end"] == "2026-11-27T18:00:00+08:00"
    assert rows["E001"]["planned_start"] is None
    assert list(rows["E002"])[-3:] == ["planned_start", "planned_end", "corrections"]
    code, out, _ = run(shanghai, "summary", "--date", "2026-11-27", "--format", "csv")
    header = out.lstrip("\ufeff").splitlines()[0].split(",")
    assert header[header.index("flags") + 1 : header.index("flags") + 3] == [
        "planned_start",
        "planned_end",
    ]
    code, out, _ = run(shanghai, "summary", "--date", "2026-11-27")
    assert "Planned" in out and "09:00–18:00" in out
    assert "Roster: 2 planned · late 0 · no-shows 1 · planned 17.00 h" in out
