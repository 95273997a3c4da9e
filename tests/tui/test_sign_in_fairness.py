"""Sign-in fair to staff (issue 11 §6) through the kiosk: a paused terminal says so on the
welcome screen, an employee with no PIN is told to ask the supervisor and nothing counts, and
reactivating someone with no PIN asks for one in the same dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from shiftcheck.domain.staff import Employee
from shiftcheck.services.auth import TERMINAL_MAX_FAILURES
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services
from shiftcheck.tui.app import ShiftcheckApp, build_app
from shiftcheck.tui.screens.pin import PinScreen
from shiftcheck.tui.screens.staff_admin import PinDialog, StaffAdminScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.supervisor.test_screens import SupervisorTestApp, audit_actions, table_text, until
from tests.tui.conftest import screen_text, sign_in, type_text, wait_for

MakeApp = Callable[[Path], ShiftcheckApp]


def pause_terminal(folder: Path, clock: ManualClock) -> None:
    services = open_services(folder, clock=clock)
    try:
        for i in range(TERMINAL_MAX_FAILURES):
            services.auth.login(("E002", "E003")[i % 2], "1111")
        assert services.auth.terminal_paused()
    finally:
        services.close()


def add_without_pin(folder: Path, clock: ManualClock, *, active: bool) -> None:
    """赵敏 E007 as another terminal's staff directory brings her: no PIN here."""
    services = open_services(folder, clock=clock)
    try:
        services.store.save_employee(Employee("E007", "赵敏", active=active))
    finally:
        services.close()


async def test_paused_terminal_says_so_before_anyone_types_a_pin(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    pause_terminal(kiosk_dir, clock)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert "本终端 PIN 错误次数过多，已暂停输入 PIN" in screen_text(app)
        await pilot.press("f2")
        assert "PIN entry is paused: too many wrong PINs on this terminal" in screen_text(app)
        await sign_in(pilot, "E001", "2580")  # the supervisor may sign in and lift it
        app.services.staff.unlock_terminal(actor="E001")
        app.go_welcome()
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert not app.screen.query_one("#paused", Static).display
        assert "暂停" not in screen_text(app)


async def test_no_pin_yet_is_said_at_once_and_counts_no_try(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    add_without_pin(kiosk_dir, clock, active=True)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "E007")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        assert "赵敏 还没有设置 PIN：请找销售主管。" in screen_text(app)
        for _ in range(TERMINAL_MAX_FAILURES + 2):
            await type_text(pilot, "2468")
            await pilot.press("enter")
        assert "赵敏 还没有设置 PIN：请找销售主管。" in screen_text(app)
        assert not app.services.auth.terminal_paused()
        assert app.services.staff.get("E007").failed_pins == 0


async def test_reactivating_someone_without_a_pin_asks_for_it(
    staffed: Services, clock: ManualClock
) -> None:
    staffed.store.save_employee(Employee("E007", "赵敏", active=False))
    sup = staffed.staff.get("E001")
    app = SupervisorTestApp(staffed, lambda: StaffAdminScreen(sup))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StaffAdminScreen))
        rows = table_text(app, "#staff-table").splitlines()
        await pilot.press(*["down"] * rows.index(next(r for r in rows if "E007" in r)), "x")
        await until(pilot, lambda: isinstance(app.screen, PinDialog))
        assert "重新启用 E007 赵敏：设置 PIN" in str(
            app.screen.query_one("#sv-dialog-title").render()
        )
        assert not staffed.staff.get("E007").active  # nothing changes until a PIN is set
        app.screen.query_one("#pin", Input).value = "4826"
        app.screen.query_one("#pin2", Input).value = "4826"
        app.screen.query_one("#pin2", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StaffAdminScreen))
        assert [n.message for n in app._notifications] == ["已重新启用 E007 赵敏。"]
    e007 = staffed.staff.get("E007")
    assert e007.active and staffed.auth.login("E007", "4826").ok
    assert ("E001", "staff:reactivate") in audit_actions(staffed)


def test_paused_welcome_looks(
    kiosk_dir: Path, clock: ManualClock, snap_compare: Callable[..., Any]
) -> None:
    async def settle(pilot: Pilot[None]) -> None:
        await pilot.press("f2")
        await pilot.pause()

    pause_terminal(kiosk_dir, clock)
    app = build_app(kiosk_dir, clock=clock, cursor_blink=False)
    assert snap_compare(app, run_before=settle, terminal_size=(80, 24))
