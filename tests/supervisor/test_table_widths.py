"""Tables refilled while on screen show whole cells, whenever the terminal repaints."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from shiftcheck.services.context import Services
from shiftcheck.tui.screens.staff_admin import StaffAdminScreen
from shiftcheck.tui.screens.supervisor.common import SupervisorScreen
from shiftcheck.tui.screens.supervisor.corrections import CorrectionsScreen
from shiftcheck.tui.screens.supervisor.day import DaySummaryScreen
from shiftcheck.tui.screens.supervisor.forms import FormsScreen
from shiftcheck.tui.screens.supervisor.period import PeriodScreen
from shiftcheck.tui.screens.supervisor.workspace import SupervisorWorkspace
from tests.supervisor.test_screens import SIZE, SupervisorTestApp, home_app, until


def line_text(table: DataTable[object], y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


async def test_day_table_repainted_before_it_measures_shows_whole_cells(team: Services) -> None:
    app = home_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
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


@pytest.mark.parametrize(
    ("make", "selector", "first_cell"),
    [
        (PeriodScreen, "#employee-table", "E001 张伟"),
        (FormsScreen, "#forms-table", "E002 李娜"),
        (StaffAdminScreen, "#staff-table", "销售主管"),
        (CorrectionsScreen, "#shift-table", "E004 王强"),
    ],
)
async def test_tables_refilled_on_screen_show_whole_cells(
    team: Services, make: type[SupervisorScreen], selector: str, first_cell: str
) -> None:
    app = SupervisorTestApp(team, lambda: make(team.staff.get("E001")))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, make))
        screen = app.screen
        assert isinstance(screen, SupervisorScreen)
        table = screen.query_one(selector, DataTable)
        screen.refresh_data()  # as after `[`, an acknowledgement or a staff change
        line_text(table, 1)
        await pilot.pause()
        await pilot.pause()
        first = line_text(table, 1)
        assert first_cell in first, first
