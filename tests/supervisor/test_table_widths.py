"""Tables refilled while on screen show whole cells, whenever the terminal repaints."""

from __future__ import annotations

from textual.widgets import DataTable

from shiftcheck.services.context import Services
from tests.supervisor.test_screens import (
    SIZE,
    DaySummaryScreen,
    PeriodScreen,
    SupervisorHome,
    SupervisorTestApp,
    home_app,
    until,
)


def line_text(table: DataTable[object], y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


async def test_day_table_repainted_before_it_measures_shows_whole_cells(team: Services) -> None:
    app = home_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorHome))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        screen = app.screen
        assert isinstance(screen, DaySummaryScreen)
        table = screen.query_one("#day-table", DataTable)
        # A clerk's `[` lands while the terminal repaints: the table is drawn before its idle
        # measuring of the new rows.
        screen.action_move(-1)
        line_text(table, 1)
        await pilot.pause()
        await pilot.pause()
        first = line_text(table, 1)
        assert "E001 张伟" in first and "17:30" in first, first


async def test_period_table_repainted_before_it_measures_shows_whole_cells(team: Services) -> None:
    app = SupervisorTestApp(lambda: PeriodScreen(team, team.staff.get("E001")))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PeriodScreen))
        screen = app.screen
        assert isinstance(screen, PeriodScreen)
        table = screen.query_one("#employee-table", DataTable)
        screen.refresh_data()  # as after `[`, `m` or a typed range
        line_text(table, 1)
        await pilot.pause()
        await pilot.pause()
        first = line_text(table, 1)
        assert "E001 张伟" in first, first
