"""The screens' shared backbone through the real kiosk: a supervisor's sign-in opens the
workspace, its keys all fit the 80-column footer in both languages, their own check goes back
to it, the review answers with a bool, and F1/F2 work on the supervisor's screens."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets._footer import FooterKey

from shiftcheck import tui
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.tui.app import SUPERVISOR_SCREENS, ShiftcheckApp, build_app
from shiftcheck.tui.screens.base import KioskModal, KioskScreen
from shiftcheck.tui.screens.checklist import ChecklistScreen
from shiftcheck.tui.screens.key_help import KeyHelpScreen
from shiftcheck.tui.screens.review import ReviewScreen
from shiftcheck.tui.screens.supervisor import DaySummaryScreen, SupervisorWorkspace
from shiftcheck.tui.screens.supervisor.workspace import ENTRIES
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.hosts import ScreenHost
from tests.tui.conftest import screen_text, sign_in, wait_for

MakeApp = Callable[[Path], ShiftcheckApp]


def footer_keys(app: ShiftcheckApp) -> dict[str, str]:
    """The keys the footer shows whole within the terminal's width: key → label."""
    width = app.size.width
    footer = app.screen.query_one(Footer)
    return {
        key.key: key.description
        for key in footer.query(FooterKey)
        if key.region.width and key.region.x >= 0 and key.region.right <= width
    }


def help_lines(app: ShiftcheckApp) -> set[tuple[str, str]]:
    """The (key, what it does) lines the key help shows."""
    screen = app.screen
    assert isinstance(screen, KeyHelpScreen)
    return set(screen.lines)


def set_language(folder: Path, employee_id: str, lang: str) -> None:
    services = open_services(folder)
    try:
        services.staff.set_language(employee_id, lang)
    finally:
        services.close()


async def test_a_supervisor_sign_in_lands_on_the_workspace(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E001", "2580")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        assert [type(s).__name__ for s in app.screen_stack[1:]] == [
            "WelcomeScreen",
            "SupervisorWorkspace",
        ]
        await pilot.press("d")  # a letter key acts at once: no menu in between
        await wait_for(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await pilot.press("escape")  # signs out
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_every_workspace_key_is_in_the_footer_at_80_columns(
    kiosk_dir: Path, make_app: MakeApp, lang: str
) -> None:
    set_language(kiosk_dir, "E001", lang)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E001", "2580")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await pilot.pause()
        shown = footer_keys(app)
        assert set(shown) == {"escape", *(key for _, key in ENTRIES)}
        labels = {entry: app.tr(f"workspace.key.{entry}") for entry, _ in ENTRIES}
        assert {shown[key] for _, key in ENTRIES} == set(labels.values())
        assert shown["escape"] == app.tr("supervisor.key.sign_out")


async def test_esc_from_the_supervisors_own_check_returns_to_the_workspace(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E001", "2580")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        check = app.screen
        assert isinstance(check, ChecklistScreen) and check.employee.id == "E001"
        await pilot.press("p")  # one answer, kept as a draft
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        assert not any(isinstance(s, ChecklistScreen) for s in app.screen_stack)
        await pilot.press("m")  # the draft is offered again, over the workspace
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))


async def test_review_dismisses_with_a_bool(kiosk_dir: Path, make_app: MakeApp) -> None:
    app = make_app(kiosk_dir)
    results: list[bool | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        check = app.screen
        assert isinstance(check, ChecklistScreen)
        await pilot.press(*["p"] * 9)
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")  # the app's own review: back to change an answer
        await wait_for(pilot, lambda: app.screen is check)
        review = ReviewScreen(check.check, "李娜")
        assert isinstance(review, KioskModal)
        app.push_screen(review, callback=results.append)
        await wait_for(pilot, lambda: app.screen is review)
        await pilot.press("escape")
        await wait_for(pilot, lambda: results == [False])
        assert app.screen is check and review.submitted is None
        review = ReviewScreen(check.check, "李娜")
        app.push_screen(review, callback=results.append)
        await wait_for(pilot, lambda: app.screen is review)
        await pilot.press("enter")
        await wait_for(pilot, lambda: results == [False, True])
        assert review.submitted is not None
        assert review.submitted.record.employee_id == "E002"


async def test_f1_and_f2_in_the_workspace_and_a_supervisor_screen(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E001", "2580")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        assert footer_keys(app)["d"] == "当天"
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, KeyHelpScreen))
        assert help_lines(app) >= {("m", "我的检查"), ("s", "同步"), ("esc", "退出")}
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await pilot.press("f2")
        await wait_for(pilot, lambda: footer_keys(app).get("d") == "Day")
        assert app.tr.lang == "en"
        assert "Supervisor · E001" in screen_text(app)
        menu = app.screen.query_one("#sv-menu", OptionList)
        assert "Team summary" in str(menu.get_option_at_index(1).prompt)
        await pilot.press("d")  # the next screen opens in the session's language
        await wait_for(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        await wait_for(pilot, lambda: "Team day" in screen_text(app) or "2026" in screen_text(app))
        assert footer_keys(app).get("t") == "Today"
        await pilot.press("f2")  # and F2 switches it back, there too
        await wait_for(pilot, lambda: footer_keys(app).get("t") == "今天")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, KeyHelpScreen))
        assert ("[", "前一天") in help_lines(app)
        await pilot.press("escape")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await wait_for(pilot, lambda: footer_keys(app).get("d") == "当天")


def test_screens_read_their_sheet_beside_them() -> None:
    """Every screen's `CSS_PATH` is a file name read beside its module; the app keeps only
    its own sheet."""
    assert ShiftcheckApp.CSS_PATH == "app.tcss"
    assert (Path(tui.__file__).parent / "app.tcss").is_file()
    screens = [*SUPERVISOR_SCREENS.values(), *_subclasses(KioskScreen), *_subclasses(KioskModal)]
    for screen in screens:
        css = getattr(screen, "CSS_PATH", None)
        if css is None:
            continue
        assert isinstance(css, str), screen
        assert (Path(inspect.getfile(screen)).parent / css).is_file(), screen
    for source in Path(tui.__file__).parent.rglob("*.py"):
        assert "with_name(" not in source.read_text(encoding="utf-8"), source


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_workspace_looks(
    kiosk_dir: Path,
    clock: ManualClock,
    snap_compare: Callable[..., bool],
    lang: str,
    size: tuple[int, int],
) -> None:
    """The workspace right after the supervisor's PIN, in their language."""

    async def sign_in_e001(pilot: Pilot[None]) -> None:
        await sign_in(pilot, "E001", "2580")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SupervisorWorkspace))
        await pilot.pause()

    set_language(kiosk_dir, "E001", lang)
    app = build_app(kiosk_dir, clock=clock, cursor_blink=False)
    assert snap_compare(app, run_before=sign_in_e001, terminal_size=size)


@pytest.mark.parametrize("screen", ["export", "sync"])
async def test_f2_on_export_and_sync_switches_them_and_keeps_what_was_typed(
    kiosk_dir: Path, clock: ManualClock, screen: str
) -> None:
    services = open_services(kiosk_dir, clock=clock)
    try:
        boss = services.staff.get("E001")
        app = ScreenHost(services, lambda: SUPERVISOR_SCREENS[screen](boss))
        async with app.run_test(size=(100, 32)) as pilot:
            await wait_for(pilot, lambda: bool(app.screen.query("#title")))
            if screen == "export":
                app.screen.query_one("#from", Input).value = "2026-11-02"
            assert title(app) == {"export": "工资导出", "sync": "同步"}[screen]
            await pilot.press("f2")
            await wait_for(
                pilot, lambda: title(app) == {"export": "Payroll export", "sync": "Sync"}[screen]
            )
            assert app.tr.lang == "en"
            if screen == "export":
                assert app.screen.query_one("#from", Input).value == "2026-11-02"
    finally:
        services.close()


def title(app: ShiftcheckApp) -> str:
    return str(app.screen.query_one("#title", Static).render())
