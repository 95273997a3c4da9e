"""The kiosk shows hostile names from the staff file literally and never sends their controls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.pin import PinScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.text.conftest import ESCAPE_SHOWN, MARKUP_NAME, screen_lines
from tests.tui.conftest import wait_for

SIZE = (100, 30)


async def test_welcome_and_pin_show_hostile_names_literally(
    hostile_dir: Path, make_app: Callable[[Path], ShiftcheckApp]
) -> None:
    app = make_app(hostile_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        shown = "\n".join(screen_lines(app))
        assert MARKUP_NAME in shown
        assert ESCAPE_SHOWN in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await pilot.press(*"E101", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        assert MARKUP_NAME in "\n".join(screen_lines(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press(*"E102", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        shown = "\n".join(screen_lines(app))
        assert ESCAPE_SHOWN in shown
        assert "\x1b" not in shown
