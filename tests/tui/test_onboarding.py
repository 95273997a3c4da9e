"""First run: the onboarding form creates the store and its first supervisor."""

from __future__ import annotations

from pathlib import Path

from shiftcheck.config import load_config
from shiftcheck.domain.staff import Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.tui.app import build_app
from shiftcheck.tui.screens.onboarding import OnboardingScreen
from shiftcheck.tui.screens.pin import PinScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import screen_text, sign_in, wait_for


async def test_onboarding_creates_store_and_supervisor(tmp_path: Path, clock: ManualClock) -> None:
    folder = tmp_path / "fresh"
    app = build_app(folder, clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, OnboardingScreen))
        screen = app.screen
        values = {
            "store_id": "S009",
            "store_name": "南京西路店",
            "timezone": "Asia/Shanghai",
            "language": "zh-CN",
            "supervisor_id": "E100",
            "supervisor_name": "陈静",
            "pin": "482613",
            "pin_again": "482631",
        }
        for name, value in values.items():
            screen.query_one(f"#{name}").value = value  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert "两次输入的 PIN 不一致" in screen_text(app)
        assert load_config(folder) is None  # nothing saved
        assert app.services.staff.list() == []
        field = screen.query_one("#pin_again")
        field.value = ""  # type: ignore[attr-defined]
        field.focus()
        await pilot.press(*"482613")
        await pilot.press("enter")  # Enter on the last field saves
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert "南京西路店" in screen_text(app)
        await sign_in(pilot, "E100", "482613")
        await wait_for(pilot, lambda: not isinstance(app.screen, WelcomeScreen | PinScreen))
    config = load_config(folder)
    assert config is not None
    assert (config.store_id, config.store_name, config.timezone) == (
        "S009",
        "南京西路店",
        "Asia/Shanghai",
    )
    reopened = build_app(folder, clock=clock)
    supervisor = reopened.services.staff.get("E100")
    reopened.services.close()
    assert supervisor.role is Role.SUPERVISOR and supervisor.name == "陈静"


async def test_onboarding_names_each_bad_field(tmp_path: Path, clock: ManualClock) -> None:
    app = build_app(tmp_path / "fresh", clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, OnboardingScreen))
        await pilot.press("f2")  # English
        screen = app.screen
        for name, value in {
            "store_id": "my store",
            "store_name": "Store",
            "timezone": "Mars/Olympus",
            "supervisor_id": "E1",
            "supervisor_name": "Ann",
            "pin": "1234",
            "pin_again": "1234",
        }.items():
            screen.query_one(f"#{name}").value = value  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        text = screen_text(app)
        assert "store id 'my store' is not valid" in text
        assert "unknown time zone 'Mars/Olympus'" in text
        assert "too easy to guess" in text
        assert "nothing was saved" in text
        assert isinstance(app.screen, OnboardingScreen)
