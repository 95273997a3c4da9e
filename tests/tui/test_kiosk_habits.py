"""What staff expect of a kiosk: pinyin search, lock-down, idle warning, F2 and F1 anywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList

from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.pin import PinScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import type_text, wait_for

MakeApp = Callable[[Path], ShiftcheckApp]


@pytest.fixture
def staffed_dir(kiosk_dir: Path, clock: ManualClock) -> Path:
    """The kiosk folder with 王芳 (E004, PIN 1470) besides 张伟, 李娜 and Amy Chen."""
    services = open_services(kiosk_dir, clock=clock)
    try:
        services.staff.add("E004", "王芳", "1470")
    finally:
        services.close()
    return kiosk_dir


def listed(app: ShiftcheckApp) -> list[str]:
    """The ids the welcome screen's staff list shows."""
    staff = app.screen.query_one("#staff", OptionList)
    return [o.id for o in (staff.get_option_at_index(i) for i in range(staff.option_count)) if o.id]


@pytest.mark.parametrize(
    ("typed", "expected"), [("wang", ["E004"]), ("wf", ["E004"]), ("lina", ["E002"])]
)
async def test_pinyin_typed_on_welcome_finds_the_name(
    staffed_dir: Path, make_app: MakeApp, typed: str, expected: list[str]
) -> None:
    app = make_app(staffed_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await type_text(pilot, typed)
        await wait_for(pilot, lambda: listed(app) == expected)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        assert isinstance(app.screen, PinScreen)
        assert app.screen.employee.id == expected[0]
