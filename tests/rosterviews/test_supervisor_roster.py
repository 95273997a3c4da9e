"""The supervisor's day, period and home against the roster (the `team` seed, clock Friday
2026-11-27 20:00 Shanghai): planned times beside actual ones, every flag in view at 80×24,
late arrivals and no-shows counted; without a roster the screens are as before (the
supervisor snapshots prove it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from shiftcheck.services.context import Services, SupervisorTools
from shiftcheck.services.roster import RosterService
from shiftcheck.tui.screens.supervisor import DaySummaryScreen, PeriodScreen, SupervisorWorkspace
from tests.supervisor.test_screens import SupervisorTestApp, home_app, table_text, text_of, until

THURSDAY = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)


def roster_week(team: Services) -> None:
    """Thursday: 李娜 08:30–18:00 (in 08:55: late), Amy 22:00–06:00 and 10:00–14:00 (the day
    plan never worked: no-show), 王强 09:30–18:00 (in 10:00: late, still open and long); 张伟
    has no plan (unplanned). Friday: 李娜 08:00–17:00 (in 08:50: late), Amy 09:00–17:00
    (no-show)."""
    roster = RosterService(team.store, team.config, team.clock, team.staff.require_supervisor)
    for employee, day, start, end in (
        ("E002", THURSDAY, "08:30", "18:00"),
        ("E003", THURSDAY, "22:00", "06:00"),
        ("E003", THURSDAY, "10:00", "14:00"),
        ("E004", THURSDAY, "09:30", "18:00"),
        ("E002", FRIDAY, "08:00", "17:00"),
        ("E003", FRIDAY, "09:00", "17:00"),
    ):
        roster.save(employee, day, time.fromisoformat(start), time.fromisoformat(end), actor="E001")


def day_app(team: Services, lang: str = "zh-CN") -> SupervisorTestApp:
    sup = team.staff.set_language("E001", lang)
    return SupervisorTestApp(team, lambda: DaySummaryScreen(sup, day=THURSDAY))


def period_app(team: Services, lang: str = "zh-CN") -> SupervisorTestApp:
    sup = team.staff.set_language("E001", lang)
    return SupervisorTestApp(team, lambda: PeriodScreen(sup))


def test_the_day_summary_carries_plans_and_flags(team: Services, tools: SupervisorTools) -> None:
    roster_week(team)
    day = tools.summary.day(THURSDAY, team.clock(), actor="E001")
    rows = [(r.employee_id, r.plan is not None, r.flags) for r in day.rows]
    assert ("E001", False, ("corrected", "unscheduled")) in rows
    assert ("E002", True, ("forms_unacked", "late")) in rows
    assert ("E004", True, ("open", "long", "late")) in rows
    assert ("E003", True, ("no_show",)) in rows  # the day plan nobody worked, a row of its own
    assert (day.late, day.no_shows, day.planned_hours) == (2, 1, Decimal("30.00"))


async def test_the_day_view_shows_planned_times_and_every_flag_at_80x24(team: Services) -> None:
    roster_week(team)
    app = day_app(team)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        await until(pilot, lambda: app.screen.query_one("#day-table", DataTable).row_count > 0)
        table = app.screen.query_one("#day-table", DataTable)
        assert str(table.columns[ColumnKey("planned")].label) == "计划"
        rows = table_text(app, "#day-table")
        assert "E002 李娜 08:30–18:00 08:55" in rows
        assert "E003 Amy Chen 22:00–06:00+1 22:00" in rows
        assert "E003 Amy Chen 10:00–14:00 —" in rows and "缺勤" in rows
        # 王强's three flags: none of them cut; the row is as tall as its lines of flags
        e004 = next(i for i in range(table.row_count) if "王强" in str(table.get_row_at(i)[0]))
        flags = table.get_row_at(e004)[-1]
        assert isinstance(flags, Text)
        assert flags.plain.split() == ["未下班", "超时", "迟到"]
        width = table.columns[ColumnKey("flags")].width
        assert all(cell_len(line) <= width for line in flags.plain.split("\n"))
        used = sum(c.get_render_width(table) for c in table.columns.values())
        assert used <= 80
        assert table.rows[list(table.rows)[e004]].height == len(flags.plain.split("\n"))
        assert "排班：计划 4 班 · 迟到 2 · 缺勤 1 · 计划 30.00 小时" in text_of(app, "#sv-totals")


async def test_home_counts_late_and_no_shows_today(team: Services) -> None:
    roster_week(team)
    app = home_app(team)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        assert "今日排班：迟到 1 · 缺勤 1" in text_of(app, "#sv-attention")


async def test_home_without_a_roster_says_nothing_of_it(team: Services) -> None:
    app = home_app(team)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        assert "排班" not in text_of(app, "#sv-attention")


async def test_the_period_view_has_a_roster_tab_per_person(team: Services) -> None:
    roster_week(team)
    app = period_app(team, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PeriodScreen))
        await until(pilot, lambda: bool(app.screen.query("#roster-table")))
        await pilot.press("4")
        await until(pilot, lambda: app.screen.query_one("#roster-table", DataTable).row_count > 0)
        rows = table_text(app, "#roster-table").splitlines()
        assert "E002 李娜 18.50 9.17 -9.33 2 0" in rows  # 9.5 h + 9 h planned; today still open
        assert "E003 Amy Chen 20.00 8.50 -11.50 0 2" in rows
        assert "E004 王强 8.50 0.00 -8.50 1 0" in rows
        assert "E001 张伟 0.00 8.50 +8.50 0 0" in rows
        totals = text_of(app, "#sv-totals")
        assert "Roster: late 3 · no-shows 2 · planned 47.00 h · worked 26.17 h" in totals


async def test_the_period_view_without_a_roster_has_no_roster_tab(team: Services) -> None:
    app = period_app(team)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PeriodScreen))
        await until(pilot, lambda: app.screen.query_one("#employee-table", DataTable).row_count)
        await pilot.press("4")  # nothing to switch to
        assert not app.screen.query("#roster-table")
        assert "排班" not in text_of(app, "#sv-totals")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_day_view_with_a_roster_looks(
    team: Services, snap_compare: Callable[..., Any], lang: str
) -> None:
    roster_week(team)
    assert snap_compare(day_app(team, lang), terminal_size=(80, 24))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_period_roster_tab_looks(
    team: Services, snap_compare: Callable[..., Any], lang: str
) -> None:
    roster_week(team)

    async def roster_tab(pilot: Any) -> None:
        await until(pilot, lambda: bool(pilot.app.screen.query("#roster-table")))
        await pilot.press("4")
        await until(
            pilot, lambda: pilot.app.screen.query_one("#roster-table", DataTable).row_count > 0
        )
        await pilot.pause()

    assert snap_compare(period_app(team, lang), run_before=roster_tab, terminal_size=(80, 24))
