"""SVG snapshots of the roster week grid at 80×24 and 120×40, in Chinese and English, with the
plan dialog showing a refused time and a plan being moved (fixed clock: Friday 2026-11-27 20:00
Shanghai; plans as in test_roster_week; no blinking text cursor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from shiftcheck.services.context import Services
from shiftcheck.tui.screens.supervisor.roster_week import PlanDialog, RosterWeekScreen
from tests.supervisor.test_roster_week import planned as planned  # the fixture
from tests.supervisor.test_screens import SupervisorTestApp, until

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh-CN", "en"]


def _app(services: Services, lang: str) -> SupervisorTestApp:
    sup = services.staff.set_language("E001", lang)
    return SupervisorTestApp(services, lambda: RosterWeekScreen(sup))


async def _grid(pilot: Pilot[Any]) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, RosterWeekScreen))
    await until(pilot, lambda: pilot.app.screen.query_one("#roster-grid", DataTable).row_count > 0)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_week_grid(
    planned: Services, snap_compare: Callable[..., bool], lang: str, size: tuple[int, int]
) -> None:
    async def settle(pilot: Pilot[Any]) -> None:
        await _grid(pilot)
        await pilot.press("down", "down")  # E003's overnight plan under the cursor
        await pilot.pause()

    assert snap_compare(_app(planned, lang), run_before=settle, terminal_size=size)


@pytest.mark.parametrize("lang", LANGS)
def test_plan_dialog_names_the_bad_field(
    planned: Services, snap_compare: Callable[..., bool], lang: str
) -> None:
    async def settle(pilot: Pilot[Any]) -> None:
        await _grid(pilot)
        await pilot.press("down", "right", "right", "a")
        await until(pilot, lambda: isinstance(pilot.app.screen, PlanDialog))
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.press(*"25:00", "ctrl+s")
        await pilot.pause()

    assert snap_compare(_app(planned, lang), run_before=settle, terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_moving_a_plan(planned: Services, snap_compare: Callable[..., bool], lang: str) -> None:
    async def settle(pilot: Pilot[Any]) -> None:
        await _grid(pilot)
        await pilot.press("down", "m", "down", "right", "right")
        await pilot.pause()

    assert snap_compare(_app(planned, lang), run_before=settle, terminal_size=(80, 24))
