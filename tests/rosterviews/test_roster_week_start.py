"""A store whose weeks start on Sunday: `roster import --replace-week` and `roster show` take
the store's week, the one the week grid, the period summary and payroll use."""

from __future__ import annotations

import json
from datetime import date

from shiftcheck.services.context import Services, save_config
from shiftcheck.services.roster import RosterService
from tests.cli.test_cli_core import run
from tests.roster.conftest import roster_of

SUNDAY = date(2026, 11, 29)


def sunday_weeks(s: Services) -> RosterService:
    payroll = s.config.payroll.model_copy(update={"week_start": "sunday"})
    config = s.config.model_copy(update={"payroll": payroll})
    save_config(s.data_dir, config)
    s.reconfigure(config)
    return roster_of(s)


def test_replace_week_replaces_the_stores_week(staffed: Services) -> None:
    roster = sunday_weeks(staffed)
    assert roster.week(SUNDAY) == (SUNDAY, date(2026, 12, 5))
    roster.import_csv(
        "employee_id,date,start,end\n"
        "E002,2026-11-28,09:00,17:00\n"  # Saturday: the week before, in this store
        "E002,2026-11-30,09:00,17:00\n",
        actor="E001",
    )
    outcome = roster.import_csv(
        "employee_id,date,start,end\nE002,2026-12-05,09:00,17:00\n",  # Saturday of this week
        actor="E001",
        replace_week=SUNDAY,
    )
    assert (outcome.added, outcome.removed) == (1, 1)
    assert [p.day.isoformat() for p in roster.plans()] == ["2026-11-28", "2026-12-05"]


def test_roster_show_shows_the_stores_week(staffed: Services) -> None:
    roster = sunday_weeks(staffed)
    roster.import_csv("employee_id,date,start,end\nE002,2026-12-05,09:00,17:00\n", actor="E001")
    folder = staffed.data_dir
    staffed.close()
    code, out, err = run(folder, "roster", "show", "--week", "2026-11-30", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["week"] == {"first": "2026-11-29", "last": "2026-12-05"}
    assert [p["date"] for p in data["plans"]] == ["2026-12-05"]
