"""What staff expect of a kiosk: pinyin search, lock-down, idle warning, F2 and F1 anywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input, OptionList

from shiftcheck.cli import cli
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.tui.app import ShiftcheckApp, build_app
from shiftcheck.tui.screens.checklist import ChecklistScreen
from shiftcheck.tui.screens.key_help import KeyHelpScreen
from shiftcheck.tui.screens.leave import LeaveKioskScreen
from shiftcheck.tui.screens.onboarding import OnboardingScreen
from shiftcheck.tui.screens.pin import PinScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import screen_text, sign_in, type_text, wait_for

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


def help_lines(app: ShiftcheckApp) -> list[str]:
    """The key help's lines as `key description`."""
    screen = app.screen
    assert isinstance(screen, KeyHelpScreen)
    return [f"{key} {description}" for key, description in screen.lines]


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


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_quit_keys_ask_for_a_supervisor_and_stay_open_for_a_clerk(
    kiosk_dir: Path, make_app: MakeApp, key: str
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, LeaveKioskScreen))
        assert "关闭终端需要主管登录" in screen_text(app)
        await type_text(pilot, "E002")  # a clerk with her right PIN
        await pilot.press("enter", *"2468", "enter")
        await wait_for(pilot, lambda: "只有主管可以关闭终端" in screen_text(app))
        await type_text(pilot, "9999")  # wrong PIN of the field's id
        await pilot.press("enter")
        await wait_for(pilot, lambda: "只有主管" not in screen_text(app))
        assert app.is_running
        assert not any("quit" in str(n.message).casefold() for n in app._notifications)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert app.is_running


async def test_an_unknown_id_on_the_leave_dialog_gets_the_plain_refusal(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaveKioskScreen))
        await type_text(pilot, "E999")
        await pilot.press("enter", *"2580", "enter")
        await wait_for(pilot, lambda: "PIN 未通过" in screen_text(app))
        assert "E999" not in screen_text(app).replace("E999", "", 1)  # only the typed field
        assert "没有工号" not in screen_text(app)
        assert app.is_running


async def test_a_supervisor_sign_in_closes_the_kiosk(kiosk_dir: Path, make_app: MakeApp) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("ctrl+q", *"E001", "enter", *"2580", "enter")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_allow_quit_closes_at_once(kiosk_dir: Path, clock: ManualClock) -> None:
    app = build_app(kiosk_dir, clock=clock, cursor_blink=False, allow_quit=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: not app.is_running)


def test_kiosk_command_offers_allow_quit_for_development() -> None:
    result = CliRunner().invoke(cli, ["kiosk", "--help"])
    assert result.exit_code == 0
    assert "--allow-quit" in result.output


async def test_first_run_setup_closes_without_a_supervisor(
    tmp_path: Path, clock: ManualClock
) -> None:
    app = build_app(tmp_path / "fresh", clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, OnboardingScreen))
        await pilot.press("ctrl+q")  # no supervisor exists yet who could sign in
        await wait_for(pilot, lambda: not app.is_running)


async def test_idle_countdown_shows_in_the_last_seconds_and_any_key_cancels_it(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        timeout = app.services.config.idle_timeout_seconds
        clock.advance(seconds=timeout - 12)
        await wait_for(pilot, lambda: app.idle_warning is None and "0/9" in screen_text(app))
        clock.advance(seconds=4)  # 8 s left
        await wait_for(pilot, lambda: "8 秒后回到首页" in screen_text(app))
        await pilot.press("p")  # cancels the countdown and answers nothing
        await wait_for(pilot, lambda: "秒后回到首页" not in screen_text(app))
        assert isinstance(app.screen, ChecklistScreen)
        assert "0/9" in screen_text(app)
        clock.advance(seconds=timeout - 3)
        await wait_for(pilot, lambda: "3 秒后回到首页" in screen_text(app))
        clock.advance(seconds=4)
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert app.idle_warning is None
        assert "秒后回到首页" not in screen_text(app)


async def test_f2_switches_the_language_on_pin_checklist_and_its_open_note(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "E002")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        await pilot.press("f2")
        await wait_for(pilot, lambda: "Enter your PIN" in screen_text(app))
        await pilot.press(*"2468", "enter")  # 李娜's own language, Chinese, from her PIN on
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert "上班自检" in screen_text(app)
        await pilot.press("f", *"mop")  # a failed item: its note field opens
        await pilot.press("f2")
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        await wait_for(pilot, lambda: "Start-of-shift check" in screen_text(app))
        assert "What was done?" in screen_text(app)
        assert screen.query_one("#field", Input).value == "mop"  # the typing is kept
        await pilot.press("enter", "ctrl+s")
        await wait_for(pilot, lambda: "still need an answer" in screen_text(app))
        await pilot.press("f2")
        await wait_for(pilot, lambda: "上班自检" in screen_text(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert "输入姓名或工号" in screen_text(app)  # the store's language for the next person


async def test_f2_on_the_leave_dialog(kiosk_dir: Path, make_app: MakeApp) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("ctrl+q", "f2")
        await wait_for(pilot, lambda: "Closing the kiosk needs a supervisor" in screen_text(app))


async def test_f2_on_the_setup_form_changes_its_language_field(
    tmp_path: Path, clock: ManualClock
) -> None:
    app = build_app(tmp_path / "fresh", clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, OnboardingScreen))
        language = app.screen.query_one("#language", Input)
        assert language.value == "zh-CN"
        await pilot.press("f2")
        await wait_for(pilot, lambda: "first-time setup" in screen_text(app))
        assert language.value == "en"
        await pilot.press("f2")
        await wait_for(pilot, lambda: "首次设置" in screen_text(app))
        assert language.value == "zh-CN"


async def test_f1_lists_the_checklist_keys_in_the_current_language(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, KeyHelpScreen))
        assert "本界面的按键" in screen_text(app)
        keys = help_lines(app)
        for line in ("p 合格", "f 不合格", "^s 核对", "↑↓ 上下选择", "F2 English"):
            assert line in keys, keys
        assert any(line.endswith("关闭终端（主管）") and "^q" in line for line in keys)
        assert not any("Scroll" in line or "Copy" in line for line in keys)  # Textual's own
        await pilot.press("f2")  # the list in English at once
        await wait_for(pilot, lambda: "Keys on this screen" in screen_text(app))
        assert "f Fail" in help_lines(app)
        await pilot.press("p")  # any key closes the list and answers nothing
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert "0/9" in screen_text(app)
        await pilot.press("?")  # no field open: ? shows the keys too
        await wait_for(pilot, lambda: isinstance(app.screen, KeyHelpScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))


async def test_question_mark_in_an_open_field_is_typed_not_help(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.press("f", *"why?")
        screen = app.screen
        await wait_for(pilot, lambda: screen.query_one("#field", Input).value == "why?")
        assert app.screen is screen


async def test_key_help_says_quitting_is_free_where_it_is(
    kiosk_dir: Path, clock: ManualClock
) -> None:
    app = build_app(kiosk_dir, clock=clock, cursor_blink=False, allow_quit=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.press("?")
        await wait_for(pilot, lambda: isinstance(app.screen, KeyHelpScreen))
        assert any(line.endswith(" 关闭终端") for line in help_lines(app))
        assert not any("主管" in line for line in help_lines(app))
