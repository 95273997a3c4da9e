"""What a walk through the kiosk found: a supervisor screen left idle after F2 goes back to
the start like any other, and the app keeps running; F2 on the leave dialog writes its
refusal again in the new language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from shiftcheck.services.clock import ManualClock
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.leave import LeaveKioskScreen
from shiftcheck.tui.screens.supervisor import PeriodScreen, SupervisorWorkspace
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import screen_text, sign_in, wait_for


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


async def test_f2_on_the_leave_dialog_writes_its_refusal_in_the_new_language(
    kiosk_dir: Path, make_app: Callable[[Path], ShiftcheckApp]
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaveKioskScreen))
        await pilot.press(*"E001", "enter", *"1111", "enter")
        await wait_for(pilot, lambda: "PIN 错误" in message(app))
        await pilot.press("f2")
        await wait_for(pilot, lambda: "Closing the kiosk" in screen_text(app))
        assert "PIN" in message(app) and not any("\u4e00" <= c <= "\u9fff" for c in message(app))
        await pilot.press("f2")
        await wait_for(pilot, lambda: "PIN 错误" in message(app))


def message(app: ShiftcheckApp) -> str:
    return str(app.screen.query_one("#leave-message", Static).render())


async def test_f2_on_the_pin_screen_writes_its_refusal_in_the_new_language(
    kiosk_dir: Path, make_app: Callable[[Path], ShiftcheckApp]
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "1111")
        await wait_for(pilot, lambda: "PIN 错误" in pin_message(app))
        await pilot.press("f2")
        await wait_for(pilot, lambda: "Enter your PIN" in screen_text(app))
        assert "Wrong PIN" in pin_message(app), pin_message(app)
        await pilot.press("f2")
        await wait_for(pilot, lambda: "PIN 错误" in pin_message(app))


def pin_message(app: ShiftcheckApp) -> str:
    return str(app.screen.query_one("#pin-message", Static).render())
