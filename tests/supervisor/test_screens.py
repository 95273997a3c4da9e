"""The supervisor screens driven with Textual's Pilot over the seeded team (see conftest)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from shiftcheck.domain.records import Acknowledgement, AuditEvent, Correction
from shiftcheck.services.context import Services
from shiftcheck.tui.app import build_app
from shiftcheck.tui.screens.staff_admin import StaffAdminScreen
from shiftcheck.tui.screens.supervisor import (
    CorrectionDialog,
    CorrectionsScreen,
    DaySummaryScreen,
    EmployeeDayScreen,
    FormsScreen,
    PeriodScreen,
    SupervisorWorkspace,
)
from tests.hosts import ScreenHost
from tests.supervisor.conftest import Seed, at

SIZE = (80, 24)


class SupervisorTestApp(ScreenHost):
    """The app opened on one supervisor screen, in the supervisor's language."""


def home_app(services: Services, employee: str = "E001") -> SupervisorTestApp:
    return SupervisorTestApp(services, lambda: SupervisorWorkspace(services.staff.get(employee)))


def text_of(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def table_text(app: App[Any], selector: str) -> str:
    table = app.screen.query_one(selector, DataTable)
    return "\n".join(" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count))


async def until(pilot: Pilot[Any], holds: Callable[[], bool]) -> None:
    for _ in range(200):
        if holds():
            return
        await pilot.pause()
    raise AssertionError("condition never held")


def audit_actions(services: Services) -> list[tuple[str, str]]:
    return [
        (d.actor, d.action) for d in services.store.all_documents() if isinstance(d, AuditEvent)
    ]


async def test_home_shows_what_needs_attention_and_records_the_opening(team: Services) -> None:
    app = home_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        attention = text_of(app, "#sv-attention")
        assert "在岗：1" in attention  # E002 today
        assert "忘记打卡下班：1" in attention  # E004
        assert "待确认登记表：5 份" in attention  # E002's 5 forms, counted as forms
    assert audit_actions(team) == [("E001", "open:supervisor_home")]


async def test_staff_cannot_open_the_supervisor_screens(team: Services) -> None:
    app = home_app(team, "E002")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: not isinstance(app.screen, SupervisorWorkspace))
        assert any(
            "E002 is not a supervisor" in n.message or "E002" in n.message
            for n in app._notifications
        )
    assert audit_actions(team) == []


async def test_day_navigation_and_drill_down(team: Services) -> None:
    app = home_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        assert "2026-11-27" in text_of(app, "#sv-title")
        await pilot.press("]")  # tomorrow is refused
        assert "2026-11-27" in text_of(app, "#sv-title")
        assert any("将来" in n.message for n in app._notifications)
        await pilot.press("[")
        assert "2026-11-26 星期四" in text_of(app, "#sv-title")
        rows = table_text(app, "#day-table")
        assert "E003 Amy Chen 22:00 全部通过 06:30+1 1项未通过 8.50 2 过快" in rows
        assert "E004 王强 10:00 1项未通过 — — — — 未下班 超时" in rows
        totals = text_of(app, "#sv-totals")
        assert (
            "已下班 3 · 缺检查 1 · 未通过项 4 · 登记表 7 · 实际工时 26.17 · 计薪工时 26.17"
            in totals
        )
        await pilot.press("down", "enter")  # E002
        await until(pilot, lambda: isinstance(app.screen, EmployeeDayScreen))
        detail = text_of(app, "#detail")
        assert "✗ 工作台整洁，无与工作无关的物品 — wiped the desk" in detail
        assert "份数: 5" in detail and "尚未确认" in detail
        assert "实际工时 9.17 小时 · 计薪工时 9.17 小时" in detail
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        assert app.screen.query_one("#day-table", DataTable).cursor_row == 1
        await pilot.press("t")
        assert "2026-11-27" in text_of(app, "#sv-title")
    assert ("E001", "open:team_day") in audit_actions(team)
    assert ("E001", "open:employee_day") in audit_actions(team)


async def test_correct_a_forgotten_clock_out(team: Services, seed: Seed) -> None:
    sup = team.staff.get("E001")
    app = SupervisorTestApp(team, lambda: CorrectionsScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CorrectionsScreen))
        first = table_text(app, "#shift-table").splitlines()[0]
        assert first.startswith("E004 王强 2026-11-26 10:00 —")  # open shifts first
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CorrectionDialog))
        await pilot.press(*"09:30", "enter", *"forgot", "enter")
        assert "不晚于上班时间 2026-11-26 10:00" in text_of(app, "#sv-error")
        assert sum(isinstance(d, Correction) for d in team.store.all_documents()) == 1
        app.screen.query_one("#time", Input).value = "18:00"
        app.screen.query_one("#reason", Input).value = ""
        await pilot.press("ctrl+s")
        assert "必须填写原因" in text_of(app, "#sv-error")
        app.screen.query_one("#reason", Input).value = "按排班 18:00 离店"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CorrectionsScreen))
        assert "E004 王强 2026-11-26 10:00 18:00 已更正" in table_text(app, "#shift-table")
    fixes = [d for d in team.store.all_documents() if isinstance(d, Correction)]
    new = next(c for c in fixes if c.employee_id == "E004")
    assert (new.target, new.value, new.reason, new.by) == (
        seed.e004_start.id,
        at(26, 18),
        "按排班 18:00 离店",
        "E001",
    )
    assert ("E001", "correct:clock_out") in audit_actions(team)


async def test_acknowledge_forms(team: Services, seed: Seed) -> None:
    sup = team.staff.get("E001")
    app = SupervisorTestApp(team, lambda: FormsScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FormsScreen))
        assert table_text(app, "#forms-table") == "E002 李娜 2026-11-26 18:05 5"
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query_one("#forms-table", DataTable).row_count == 0)
        assert "没有待确认的登记表" in text_of(app, "#sv-hint")
    acks = [d for d in team.store.all_documents() if isinstance(d, Acknowledgement)]
    assert {(a.record, a.forms, a.by) for a in acks} >= {(seed.e002_end.id, 5, "E001")}


async def test_period_tabs_and_ranges(team: Services) -> None:
    sup = team.staff.get("E001").with_changes(language="en")
    app = SupervisorTestApp(team, lambda: PeriodScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PeriodScreen))
        assert "week 2026-11-23 – 2026-11-29" in text_of(app, "#sv-title")
        assert "E002 李娜 2 3/3 100% 2" in table_text(app, "#employee-table")
        assert "checks 7/9 (78%)" in text_of(app, "#sv-totals")
        await pilot.press("2")
        assert table_text(app, "#item-table").splitlines()[0].startswith("1 50% 1/2 end Customer")
        await pilot.press("m")
        assert "month 2026-11-01 – 2026-11-30" in text_of(app, "#sv-title")
        await pilot.press("[")
        assert "month 2026-10-01 – 2026-10-31" in text_of(app, "#sv-title")
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#from", Input).value = "2026-11-26"
        app.screen.query_one("#to", Input).value = "2026-11-20"
        app.screen.query_one("#to", Input).focus()
        await pilot.press("enter")
        assert "ends (2026-11-20) before it starts" in text_of(app, "#sv-error")
        app.screen.query_one("#to", Input).value = "2026-11-26"
        app.screen.query_one("#to", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PeriodScreen))
        assert "2026-11-26 – 2026-11-26" in text_of(app, "#sv-title")
        await pilot.press("3")
        assert "Customer" in text_of(app, "#failure-bars")


async def test_staff_admin_changes_go_through_the_service(team: Services) -> None:
    for _ in range(5):
        team.auth.login("E002", "0000")  # five wrong PINs lock E002
    team.store.put_state("terminal_pin_guard", {"failures": [], "paused": True})
    sup = team.staff.get("E001")
    app = SupervisorTestApp(team, lambda: StaffAdminScreen(sup))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StaffAdminScreen))
        assert "按 T 恢复" in text_of(app, "#sv-hint")
        await pilot.press("T")
        assert not team.auth.terminal_paused()
        await pilot.press("x")  # E001 is under the cursor: not themselves
        assert team.staff.get("E001").active
        assert "E002 李娜 员工 zh-CN 已锁定" in table_text(app, "#staff-table")
        await pilot.press("down", "u")  # E002
        assert not team.staff.get("E002").is_locked(team.clock())
        assert "E002 李娜 员工 zh-CN 在职" in table_text(app, "#staff-table")
        await pilot.press("down", "down", "x")  # E004
        assert not team.staff.get("E004").active
        await pilot.press("l")
        assert team.staff.get("E004").language == "en"
        await pilot.press("n")
        await pilot.pause()
        for field, value in (("new-id", "E005"), ("new-name", "赵敏"), ("new-pin", "4826")):
            app.screen.query_one(f"#{field}", Input).value = value
        app.screen.query_one("#new-pin2", Input).value = "4827"
        app.screen.query_one("#new-pin2", Input).focus()
        await pilot.press("enter")
        assert "两次输入的 PIN 不一致" in text_of(app, "#sv-error")
        assert team.store.get_employee("E005") is None
        app.screen.query_one("#new-pin2", Input).value = "4826"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StaffAdminScreen))
        assert team.staff.get("E005").name == "赵敏"
    actions = audit_actions(team)
    for action in (
        "staff:unlock_terminal",
        "staff:unlock",
        "staff:deactivate",
        "staff:language",
        "staff:add",
    ):
        assert ("E001", action) in actions


async def test_kiosk_flow_supervisor_pin_to_team_summary(team: Services) -> None:
    """Through the real kiosk: pick E001, enter the PIN, `d` in the workspace."""
    app = build_app(team.data_dir, services=team, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.query("#filter").first() is not None)
        await pilot.press(*"E001", "enter")
        await until(pilot, lambda: bool(app.screen.query("#pin")))
        await pilot.press(*"2580", "enter")
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        assert "E002 李娜 08:50 全部通过" in table_text(app, "#day-table")
    assert audit_actions(team)[:2] == [("E001", "open:supervisor_home"), ("E001", "open:team_day")]
