"""The day summary shows the hours payroll pays: same rules, rounding and break, every shift."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import load_config
from shiftcheck.domain.shifts import PayRules, hours
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services, save_config, supervisor_tools
from shiftcheck.services.demo import DEMO_DAYS, seed_demo
from shiftcheck.services.payroll import PayrollService
from shiftcheck.services.summary import SummaryService
from shiftcheck.tui.screens.supervisor import DaySummaryScreen
from tests.payroll.conftest import RULES
from tests.supervisor.test_screens import SupervisorTestApp, table_text, text_of, until

THURSDAY = date(2026, 11, 26)

STORE_RULES = RULES.model_copy(update={"rounding_minutes": 15})
"""Break of 30 min after 6 h, overtime after 8 h / 40 h, clock times to the quarter hour."""


def demo_store(services: Services) -> tuple[Path, datetime]:
    """The demo store's two weeks under pay rules with rounding and a break; released."""
    now = datetime.fromisoformat("2026-11-27T14:00:00+08:00")
    seed_demo(services, now)
    folder = services.data_dir
    services.close()
    config = load_config(folder)
    assert config is not None
    save_config(folder, config.model_copy(update={"payroll": STORE_RULES}))
    return folder, now


def test_every_demo_shift_has_the_same_hours_in_summary_and_payroll_export(
    services: Services, clock: ManualClock
) -> None:
    folder, now = demo_store(services)
    first, last = (now - timedelta(days=DEMO_DAYS)).date(), now.date()
    s = open_services(folder, writer=False, clock=ManualClock(now))
    try:
        paid = {r.shift_id: r for r in PayrollService(s.store, s.config).report(first, last).rows}
        summary = supervisor_tools(s).summary
        seen = 0
        with_break = 0
        day = first
        while day <= last:
            rows = [r for r in summary.day(day, now).rows if r.shift is not None]
            for row in rows:
                assert row.shift is not None
                payroll = paid[row.shift.id]
                assert payroll.date == day
                assert row.paid_hours == payroll.paid_hours
                if payroll.worked_minutes is None:
                    assert row.worked_hours is None
                else:
                    assert row.worked_hours == hours(payroll.worked_minutes)
                    with_break += payroll.break_minutes not in (None, 0)
                seen += 1
            day += timedelta(days=1)
        assert seen == len(paid) > DEMO_DAYS * 4
        assert with_break > 0  # the break rule really applied to some shifts
    finally:
        s.close()
    # the command line says the same: `summary --format json` beside `export payroll`
    shown_day = (now - timedelta(days=2)).date().isoformat()
    runner = CliRunner()
    base = ["--data-dir", str(folder)]
    out = runner.invoke(cli, [*base, "summary", "--date", shown_day, "--format", "json"])
    assert out.exit_code == 0, out.stderr
    summary = json.loads(out.stdout, parse_float=Decimal)
    exported = runner.invoke(
        cli,
        [*base, "export", "payroll", "--from", shown_day, "--to", shown_day, "--format", "json"],
    )
    assert exported.exit_code == 0, exported.stderr
    rows = json.loads(exported.stdout, parse_float=Decimal)
    by_employee: dict[str, list[Decimal | None]] = {}
    for r in rows:
        by_employee.setdefault(r["employee_id"], []).append(r["paid_hours"])
    shown = {
        r["employee_id"]: [
            x["paid_hours"] for x in summary["rows"] if x["employee_id"] == r["employee_id"]
        ]
        for r in summary["rows"]
        if r["shift_id"] is not None
    }
    assert shown == by_employee
    assert summary["totals"]["paid_hours"] == sum(
        (h for hs in by_employee.values() for h in hs if h is not None), Decimal("0.00")
    )


async def test_day_screen_shows_worked_and_paid_hours_with_the_break(team: Services) -> None:
    """An overnight 22:00–06:30 with a 30 min break after 6 h: worked 8.50, paid 8.00."""
    base = supervisor_tools(team)
    summary = SummaryService(
        team.store,
        team.config.tz,
        max_shift_hours=team.config.max_shift_hours,
        checklists=team.checklists,
        authorise=team.staff.require_supervisor,
        rules=PayRules(rounding_minutes=0, break_after_minutes=6 * 60, break_minutes=30),
    )
    tools = replace(base, summary=summary)
    sup = team.staff.get("E001")
    assert sup is not None
    app = SupervisorTestApp(team, lambda: DaySummaryScreen(sup, day=THURSDAY), tools)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        rows = table_text(app, "#day-table")
        assert "E003 Amy Chen 22:00 全部通过 06:30+1 1项未通过 8.50 8.00 2" in rows
        assert "实际工时 26.17 · 计薪工时 24.67" in text_of(app, "#sv-totals")
        await pilot.resize_terminal(80, 24)  # the counter terminal: paid hours only
        await until(pilot, lambda: "06:30+1 1项未通过 8.00 2" in table_text(app, "#day-table"))
