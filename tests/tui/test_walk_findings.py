"""What a walk through the kiosk found: a supervisor screen left idle after F2 goes back to
the start like any other, and the app keeps running."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shiftcheck.services.clock import ManualClock
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.supervisor import PeriodScreen, SupervisorWorkspace
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import sign_in, wait_for


async def test_idle_timeout_after_f2_on_a_supervisor_screen_keeps_the_app_running(
    kiosk_dir: Path, make_app: Callable[[Path], ShiftcheckApp], clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E001", "2580")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PeriodScreen))
        await pilot.press("f2")  # the workspace underneath was drawn in the other language
        await pilot.pause()
        clock.advance(seconds=app.services.config.idle_timeout_seconds + 1)
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        for _ in range(10):
            await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, WelcomeScreen)
