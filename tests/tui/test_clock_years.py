"""A terminal whose clock is outside the years records may hold (a dead clock battery resets
it to 1970) refuses to start a check, with a message, instead of failing at the end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from shiftcheck.services.clock import ManualClock
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.checklist import ChecklistScreen
from shiftcheck.tui.screens.resume import ResumeScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.conftest import TZ
from tests.tui.conftest import screen_text, sign_in, wait_for


async def test_a_clock_in_1970_refuses_to_start_a_check(
    kiosk_dir: Path, make_app: Callable[[Path], ShiftcheckApp], clock: ManualClock
) -> None:
    clock.set(datetime(1970, 1, 1, 8, 0, tzinfo=TZ))
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: "1970-01-01 08:00" in screen_text(app))
        assert "2000 至 2100 年" in screen_text(app)
        assert not isinstance(app.screen, ChecklistScreen)
        assert app.services.store.draft_employees() == []
        assert app.services.store.shard_days() == []


async def test_starting_again_with_a_clock_in_1970_says_why(
    kiosk_dir: Path, make_app: Callable[[Path], ShiftcheckApp], clock: ManualClock
) -> None:
    first = make_app(kiosk_dir)
    async with first.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(first.screen, ChecklistScreen))
    clock.set(datetime(1970, 1, 1, 8, 0, tzinfo=TZ))
    second = make_app(kiosk_dir)
    async with second.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(second.screen, ResumeScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: "1970-01-01 08:00" in screen_text(second))
        assert isinstance(second.screen, ResumeScreen)
