"""The roster week grid driven with Textual's Pilot over a real data folder.

The seeded team (see conftest; Friday 2026-11-27 20:00 Shanghai) with a week of plans:
E002 李娜 Monday 09:00–17:00 "front desk"; E003 Amy Chen Monday 22:00–06:00 "night";
E004 王强 Friday 08:00–12:00 and 14:00–18:00. Rows: E001, E002, E003, E004; columns Monday
2026-11-23 to Sunday 2026-11-29 (the store's week starts on Monday).
"""

from __future__ import annotations

import errno
from datetime import date, time
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from shiftcheck.domain.records import AuditEvent, PlannedShift
from shiftcheck.domain.staff import Role
from shiftcheck.services.context import Services
from shiftcheck.tui.screens.supervisor import SupervisorWorkspace
from shiftcheck.tui.screens.supervisor.roster_week import (
    ChoosePlanDialog,
    ConfirmDeleteDialog,
    PlanDialog,
    RosterWeekScreen,
)
from tests.faults.test_disk_errors import inject
from tests.roster.conftest import roster_of
from tests.supervisor.test_screens import SupervisorTestApp, text_of, until

MON = date(2026, 11, 23)
WED = date(2026, 11, 25)
FRI = date(2026, 11, 27)
SIZE = (80, 24)


@pytest.fixture
def planned(team: Services) -> Services:
    """The seeded team with the week's plans, made by E001."""
    roster = roster_of(team)
    roster.add("E002", MON, time(9), time(17), "front desk", actor="E001")
    roster.add("E003", MON, time(22), time(6), "night", actor="E001")
    roster.add("E004", FRI, time(8), time(12), actor="E001")
    roster.add("E004", FRI, time(14), time(18), actor="E001")
    return team


def grid_app(services: Services, employee: str = "E001") -> SupervisorTestApp:
    return SupervisorTestApp(services, lambda: RosterWeekScreen(services.staff.get(employee)))


def plans(services: Services) -> list[tuple[str, str, str, str, str]]:
    """The plans that stand: (employee, date, start, end, note)."""
    return [
        (p.employee_id, p.day.isoformat(), f"{p.start:%H:%M}", f"{p.end:%H:%M}", p.note)
        for p in roster_of(services).plans()
    ]


def roster_audits(services: Services) -> list[tuple[str, str]]:
    events = [d for d in services.store.all_documents() if isinstance(d, AuditEvent)]
    return [(a.actor, a.action) for a in sorted(events, key=lambda a: a.at)]


def version_count(services: Services) -> int:
    return sum(isinstance(d, PlannedShift) for d in services.store.all_documents())


def cell(app: App[Any], employee: str, day: date) -> list[str]:
    """The lines of a grid cell, without the leading space."""
    table = app.screen.query_one("#roster-grid", DataTable)
    return [line.strip() for line in str(table.get_cell(employee, day.isoformat())).splitlines()]


def notes(app: App[Any]) -> list[str]:
    return [n.message for n in app._notifications]


async def opened(pilot: Pilot[Any]) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, RosterWeekScreen))
    await until(pilot, lambda: pilot.app.screen.query_one("#roster-grid", DataTable).row_count > 0)


def fill(app: App[Any], **values: str) -> None:
    for name, value in values.items():
        app.screen.query_one(f"#{name}", Input).value = value


async def test_the_workspace_opens_the_week_grid_with_w(planned: Services) -> None:
    app = SupervisorTestApp(planned, lambda: SupervisorWorkspace(planned.staff.get("E001")))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        menu = app.screen.query_one("#sv-menu", OptionList)
        assert str(menu.get_option("roster").prompt) == "[w] 排班周表"
        await pilot.press("w")
        await opened(pilot)
        assert "排班 · 2026-11-23 至 2026-11-29" in text_of(app, "#sv-title")
        assert cell(app, "E002", MON) == ["09:00–", "17:00"]
        assert cell(app, "E003", MON) == ["22:00–", "06:00+1"]
        assert cell(app, "E004", FRI) == ["08:00–", "12:00", "14:00–", "18:00"]
        assert "本周计划班次 4 个 · 共 24.00 小时" in text_of(app, "#sv-totals")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
    assert ("E001", "open:roster_week") in roster_audits(planned)


async def test_wide_terminal_shows_a_plan_on_one_line(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        assert cell(app, "E003", MON) == ["22:00–06:00+1"]
        await pilot.press("down", "down")
        assert "E003 Amy Chen · 周一 2026-11-23 · 22:00–06:00+1（8.00 小时） · night" in text_of(
            app, "#sv-hint"
        )


async def test_add_a_plan_with_the_keyboard(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("down", "right", "right")  # E002, Wednesday
        assert "E002 李娜 · 周三 2026-11-25 · 无排班" in text_of(app, "#sv-hint")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        # A new plan starts from the person's times this week; typing replaces them.
        assert app.screen.query_one("#start", Input).value == "09:00"
        await pilot.press(*"10:00", "enter", *"18:30", "enter", *"till 2", "enter")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
        assert ("E002", "2026-11-25", "10:00", "18:30", "till 2") in plans(planned)
        assert cell(app, "E002", WED) == ["10:00–", "18:30"]
        assert "已保存：E002 李娜 周三 2026-11-25 10:00–18:30" in notes(app)
        assert "本周计划班次 5 个" in text_of(app, "#sv-totals")
    assert roster_audits(planned)[-1] == ("E001", "roster:add")


async def test_edit_makes_a_new_version_and_keeps_the_old(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        before = version_count(planned)
        await pilot.press("down", "enter")  # E002 Monday
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        assert "修改计划班次：E002 李娜，周一 2026-11-23" in str(
            app.screen.query_one("#sv-dialog-title").render()
        )
        assert app.screen.query_one("#note", Input).value == "front desk"
        fill(app, end="18:00")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
        assert ("E002", "2026-11-23", "09:00", "18:00", "front desk") in plans(planned)
        assert version_count(planned) == before + 1
        # Saving again unchanged writes nothing.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
        assert "没有改动。" in notes(app)
        assert version_count(planned) == before + 1
    assert roster_audits(planned).count(("E001", "roster:edit")) == 1


async def test_enter_on_an_empty_cell_adds(planned: Services) -> None:
    app = grid_app(planned)
    adds = roster_audits(planned).count(("E001", "roster:add"))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("enter")  # E001 Monday, empty
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        assert "新增计划班次：E001 张伟，周一 2026-11-23" in str(
            app.screen.query_one("#sv-dialog-title").render()
        )
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
    assert roster_audits(planned).count(("E001", "roster:add")) == adds


async def test_move_to_another_day_and_person(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("down", "m")  # E002 Monday
        assert "正在移动 E002 李娜 周一 2026-11-23 的 09:00–17:00" in text_of(app, "#sv-hint")
        # Onto E004's Friday morning: refused beside the grid, still moving, nothing written.
        before = version_count(planned)
        await pilot.press("down", "down", *["right"] * 4, "enter")
        assert "未保存：开始：与 E004 在 2026-11-27 08:00-12:00 的计划重叠" in text_of(
            app, "#sv-hint"
        )
        assert version_count(planned) == before
        assert app.screen.moving is not None
        await pilot.press("up", "left", "left", "enter")  # E003 Wednesday
        await until(pilot, lambda: app.screen.moving is None)
        assert ("E003", "2026-11-25", "09:00", "17:00", "front desk") in plans(planned)
        assert not any(p[:2] == ("E002", "2026-11-23") for p in plans(planned))
        assert cell(app, "E002", MON) == ["·"]
        assert "已移动：E003 Amy Chen 周三 2026-11-25 09:00–17:00" in notes(app)
        table = app.screen.query_one("#roster-grid", DataTable)
        assert (table.cursor_row, table.cursor_column) == (2, 3)
    assert roster_audits(planned)[-1] == ("E001", "roster:move")


async def test_a_move_can_go_to_another_week_and_esc_cancels_one(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("down", "down", "m", "escape")  # E003: cancelled
        assert app.screen.moving is None and isinstance(app.screen, RosterWeekScreen)
        await pilot.press("m", "]")
        assert "2026-11-30 至 2026-12-06" in text_of(app, "#sv-title")
        await pilot.press("right", "enter")  # E003, Tuesday of next week
        await until(pilot, lambda: app.screen.moving is None)
        assert ("E003", "2026-12-01", "22:00", "06:00", "night") in plans(planned)
        assert cell(app, "E003", date(2026, 12, 1)) == ["22:00–", "06:00+1"]


async def test_delete_asks_first_and_picks_among_two_plans(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("down", "down", "d")  # E003 Monday
        await until(pilot, lambda: isinstance(app.screen, ConfirmDeleteDialog))
        await pilot.press("n")  # kept
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
        assert len(plans(planned)) == 4
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDeleteDialog))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
        assert not any(p[0] == "E003" for p in plans(planned))
        assert "已删除：E003 Amy Chen 周一 2026-11-23 22:00–06:00+1" in notes(app)
        # E004's Friday holds two plans: choose the afternoon one.
        await pilot.press("down", *["right"] * 4, "d")
        await until(pilot, lambda: isinstance(app.screen, ChoosePlanDialog))
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDeleteDialog))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
        assert [p for p in plans(planned) if p[0] == "E004"] == [
            ("E004", "2026-11-27", "08:00", "12:00", "")
        ]
    deleted = [
        d for d in planned.store.all_documents() if isinstance(d, PlannedShift) and d.deleted
    ]
    assert len(deleted) == 2
    assert roster_audits(planned).count(("E001", "roster:delete")) == 2


async def test_week_navigation(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("]")
        assert "2026-11-30 至 2026-12-06" in text_of(app, "#sv-title")
        assert "本周计划班次 0 个" in text_of(app, "#sv-totals")
        await pilot.press("[", "[")
        assert "2026-11-16 至 2026-11-22" in text_of(app, "#sv-title")
        await pilot.press("t")
        assert "2026-11-23 至 2026-11-29" in text_of(app, "#sv-title")
        assert "本周计划班次 4 个" in text_of(app, "#sv-totals")


async def test_bad_input_is_named_beside_the_field_and_changes_nothing(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        before = version_count(planned)
        await pilot.press("a")  # E001 Monday
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        cases = [
            (
                {"start": "25:00", "end": "17:00"},
                "开始：25:00 不是有效时间：请写成 HH:MM，例如 09:00",
            ),
            ({"start": "09:00", "end": ""}, "结束：请输入时间，格式为 HH:MM"),
            ({"start": "06:00", "end": "23:00"}, "结束：一个计划班次最长 16 小时"),
        ]
        for values, message in cases:
            fill(app, **values)
            await pilot.press("ctrl+s")
            assert message in text_of(app, "#sv-error")
        assert isinstance(app.screen, PlanDialog)
        assert app.screen.focused is app.screen.query_one("#end", Input)
        await pilot.press("escape")
        await pilot.press("down", "down", "down", "right", "a")  # E004 Tuesday
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        fill(app, start="x", end="12:00")
        await pilot.press("ctrl+s")
        assert "开始：x 不是有效时间" in text_of(app, "#sv-error")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
    assert version_count(planned) == before


async def test_an_overlap_in_the_dialog_names_the_other_plan(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("down", "down", "right", "a")  # E003 Tuesday
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        fill(app, start="05:00", end="13:00")
        await pilot.press("ctrl+s")
        assert "开始：与 E003 在 2026-11-23 22:00-06:00 的计划重叠" in text_of(app, "#sv-error")


async def test_a_supervisor_demoted_while_the_grid_is_open_is_refused(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        fill(app, start="09:00", end="17:00")
        before = {d.id for d in planned.store.all_documents()}
        planned.staff.set_role("E001", Role.STAFF)  # at the back office, meanwhile
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, (PlanDialog, RosterWeekScreen)))
        assert "E001 不是销售主管" in notes(app)
    assert {d.id for d in planned.store.all_documents()} == before


async def test_a_demoted_supervisor_cannot_finish_a_move_or_a_delete(planned: Services) -> None:
    for keys in (["down", "m", "right", "enter"], ["down", "d", "enter"]):
        app = grid_app(planned)
        planned.store.save_employee(planned.staff.get("E001").with_changes(role=Role.SUPERVISOR))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await opened(pilot)
            await pilot.press(*keys[:-1])
            before = {d.id for d in planned.store.all_documents()}
            planned.staff.deactivate("E001")
            await pilot.press(keys[-1])
            await until(pilot, lambda a=app: not isinstance(a.screen, RosterWeekScreen))
            assert "E001 不是销售主管" in notes(app)
            assert {d.id for d in planned.store.all_documents()} == before
        planned.staff.reactivate("E001")


async def test_a_plan_changed_on_another_terminal_is_not_overwritten(planned: Services) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("down", "d")  # E002 Monday, as shown
        await until(pilot, lambda: isinstance(app.screen, ConfirmDeleteDialog))
        shown = roster_of(planned).plans(MON, MON)[0]
        roster_of(planned).edit(shown.plan, time(12), time(20), "moved later", actor="E001")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
        assert any("此排班刚被修改过" in n for n in notes(app))
        assert ("E002", "2026-11-23", "12:00", "20:00", "moved later") in plans(planned)
        assert cell(app, "E002", MON) == ["12:00–", "20:00"]


async def test_many_people_scroll_and_the_names_stay_in_view(planned: Services) -> None:
    for n in range(5, 31):
        planned.staff.add(f"E{n:03d}", f"员工{n}", "2468")
    app = grid_app(planned)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        table = app.screen.query_one("#roster-grid", DataTable)
        assert table.row_count == 30
        await pilot.press(*["down"] * 29)
        assert table.cursor_row == 29
        await until(pilot, lambda: table.scroll_y > 0)
        assert "E030 员工30" in text_of(app, "#sv-hint")


async def test_a_deactivated_employee_with_a_plan_keeps_a_row(planned: Services) -> None:
    planned.staff.deactivate("E003")
    app = grid_app(planned)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        table = app.screen.query_one("#roster-grid", DataTable)
        assert [str(k.value) for k in table.rows] == ["E001", "E002", "E003", "E004"]
        await pilot.press("]")
        assert [str(k.value) for k in table.rows] == ["E001", "E002", "E004"]


async def test_staff_cannot_open_the_grid(planned: Services) -> None:
    app = grid_app(planned, "E002")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: not isinstance(app.screen, RosterWeekScreen))
        assert "E002 不是销售主管" in notes(app)
    assert ("E002", "open:roster_week") not in roster_audits(planned)


async def test_a_full_disk_is_said_in_the_dialog_and_nothing_changes(
    planned: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = grid_app(planned)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, PlanDialog))
        fill(app, start="09:00", end="17:00")
        before = {d.id for d in planned.store.all_documents()}
        inject(monkeypatch, planned.data_dir, errno.ENOSPC, "replace")
        await pilot.press("ctrl+s")
        assert "未保存：数据文件夹无法写入" in text_of(app, "#sv-error")
        assert isinstance(app.screen, PlanDialog)
        assert {d.id for d in planned.store.all_documents()} == before
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RosterWeekScreen))
    assert ("E001", "2026-11-23", "09:00", "17:00", "") in plans(planned)


async def test_weeks_stop_at_the_years_the_roster_is_read_over(planned: Services) -> None:
    sup = planned.staff.get("E001")
    app = SupervisorTestApp(planned, lambda: RosterWeekScreen(sup, day=date(2000, 1, 5)))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert "2000-01-03 至 2000-01-09" in text_of(app, "#sv-title")
        await pilot.press("[")
        assert "2000-01-03 至 2000-01-09" in text_of(app, "#sv-title")
        await pilot.press("]")
        assert "2000-01-10 至 2000-01-16" in text_of(app, "#sv-title")
