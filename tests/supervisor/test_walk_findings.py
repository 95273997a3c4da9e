"""What a walk through the supervisor screens at 80×24 found: F2 keeps the tab and row being
read, the week grid's footer teaches every key, and its totals speak of one plan in the
singular."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from textual.widgets import DataTable, Footer, TabbedContent
from textual.widgets._footer import FooterKey

from shiftcheck.services.context import Services
from shiftcheck.tui.screens.supervisor import DaySummaryScreen, PeriodScreen
from shiftcheck.tui.screens.supervisor.roster_week import RosterWeekScreen
from tests.roster.conftest import roster_of
from tests.rosterviews.test_supervisor_roster import THURSDAY, roster_week
from tests.supervisor.test_screens import SupervisorTestApp, text_of, until

SIZE = (80, 24)


def footer_keys(app: Any) -> dict[str, str]:
    """The keys the footer shows whole within the terminal's width: key → label."""
    footer = app.screen.query_one(Footer)
    return {
        key.key: key.description
        for key in footer.query(FooterKey)
        if key.region.width and key.region.x >= 0 and key.region.right <= app.size.width
    }


async def test_f2_on_the_period_view_stays_on_the_roster_tab(team: Services) -> None:
    roster_week(team)
    sup = team.staff.set_language("E001", "en")
    app = SupervisorTestApp(team, lambda: PeriodScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#roster-table")))
        await pilot.press("4")
        await until(
            pilot, lambda: app.screen.query_one("#tabs", TabbedContent).active == "tab-roster"
        )
        await pilot.press("f2")
        await until(pilot, lambda: "排班" in str(app.screen.query_one("#sv-totals").render()))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#tabs", TabbedContent).active == "tab-roster"
        await pilot.press("2")  # the other tabs still answer
        assert app.screen.query_one("#tabs", TabbedContent).active == "tab-items"


async def test_f2_on_the_day_view_keeps_the_row_under_the_cursor(team: Services) -> None:
    sup = team.staff.set_language("E001", "en")
    app = SupervisorTestApp(team, lambda: DaySummaryScreen(sup, day=THURSDAY))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        table = app.screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count > 2)
        await pilot.press("down", "down")
        row = table.cursor_row
        assert row == 2
        await pilot.press("f2")
        await until(pilot, lambda: "团队" in text_of(app, "#sv-title"))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(DataTable).cursor_row == row


async def test_the_week_grid_footer_shows_every_key_at_80_columns(team: Services) -> None:
    for lang in ("en", "zh-CN"):
        sup = team.staff.set_language("E001", lang)
        app = SupervisorTestApp(team, lambda sup=sup: RosterWeekScreen(sup))
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda app=app: isinstance(app.screen, RosterWeekScreen))
            await pilot.pause()
            keys = footer_keys(app)
            assert {"enter", "escape", "a", "m", "d", "left_square_bracket", "t"} <= set(keys), keys
            assert "right_square_bracket" in keys, keys


async def test_the_week_grid_counts_one_plan_in_the_singular(team: Services) -> None:
    roster_of(team).add("E002", date(2026, 11, 23), time(9), time(17), actor="E001")
    sup = team.staff.set_language("E001", "en")
    app = SupervisorTestApp(team, lambda: RosterWeekScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
        await until(pilot, lambda: "planned" in text_of(app, "#sv-totals"))
        assert "1 planned shift · 8.00 h planned" in text_of(app, "#sv-totals")
