"""Supervisor screens show hostile names, notes and reasons literally, in both languages."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable

from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.records import Correction
from shiftcheck.domain.staff import Role
from shiftcheck.services.context import Services
from shiftcheck.tui.app import build_app
from shiftcheck.tui.screens.staff_admin import PinDialog, StaffAdminScreen
from shiftcheck.tui.screens.supervisor import (
    CorrectionDialog,
    CorrectionsScreen,
    DaySummaryScreen,
    EmployeeDayScreen,
    FormsScreen,
    PeriodScreen,
    SupervisorWorkspace,
)
from tests.supervisor.conftest import Seed, at, start_record
from tests.supervisor.test_screens import SupervisorTestApp, until
from tests.text.conftest import ESCAPE_NAME, ESCAPE_SHOWN, MARKUP_NAME, screen_lines
from tests.tui.conftest import type_text

SIZE = (110, 30)
MARKUP_NOTE = "[/]wiped [bold]the desk"
MARKUP_REASON = "[red]forgot[/] [/]to clock out"


def shown(app: App[Any]) -> str:
    text = "\n".join(screen_lines(app))
    assert "\x1b" not in text and "\x07" not in text
    return text


async def shows(pilot: Pilot[Any], *texts: str) -> None:
    """Wait until the screen shows every one of `texts` (and never a raw control)."""
    await until(pilot, lambda: all(t in shown(pilot.app) for t in texts))


@pytest.fixture(params=["zh-CN", "en"])
def hostile_team(request: pytest.FixtureRequest, team: Services, seed: Seed) -> Services:
    """The seeded team with E002 and E004 renamed to hostile names (as a share's directory
    brought them), a markup-looking note and correction reason, and E001's language."""
    store = team.store
    for employee_id, name in (("E002", MARKUP_NAME), ("E004", ESCAPE_NAME)):
        store.save_employee(store.get_employee(employee_id).with_changes(name=name))  # type: ignore[union-attr]
    team.staff.set_language("E001", request.param)
    note_record = replace(
        start_record("E002", at(26, 8, 56), (Result.PASS, Result.FAIL, Result.PASS)),
        answers=(Answer("desk_tidy", Result.FAIL, note=MARKUP_NOTE),),
    )
    fix = Correction(
        id=str(uuid.uuid4()),
        store_id="S001",
        employee_id="E004",
        target=seed.e004_start.id,
        field="clock_out",
        value=at(26, 18),
        reason=MARKUP_REASON,
        by="E001",
        at=at(27, 9, 30),
    )
    store.add_many([note_record, fix], local=True)
    return team


async def test_kiosk_staff_admin_lists_and_changes_hostile_names(hostile_team: Services) -> None:
    app = build_app(hostile_team.data_dir, services=hostile_team, cursor_blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.screen.query("#filter").first() is not None)
        assert MARKUP_NAME in shown(app)
        await pilot.press(*"E001", "enter")
        await until(pilot, lambda: bool(app.screen.query("#pin")))
        await pilot.press(*"2580", "enter")
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, StaffAdminScreen))
        await shows(pilot, MARKUP_NAME, ESCAPE_SHOWN)
        table = app.screen.query_one("#staff-table", DataTable)
        table.move_cursor(row=1)  # E002, the markup name
        await pilot.press("x")
        await until(pilot, lambda: not hostile_team.staff.get("E002").active)
        assert any(MARKUP_NAME in n.message for n in app._notifications)
        table.move_cursor(row=3)  # E004, the escape name
        await pilot.press("r")  # a new supervisor gets a six-digit PIN in the same step
        await until(pilot, lambda: isinstance(app.screen, PinDialog))
        assert ESCAPE_SHOWN in shown(app)  # the dialog's title names them as text
        await type_text(pilot, "583920")
        await pilot.press("tab")
        await type_text(pilot, "583920")
        await pilot.press("enter")
        await until(pilot, lambda: hostile_team.staff.get("E004").role is Role.SUPERVISOR)
        await pilot.pause()
        assert "\x1b" not in "".join(n.message for n in app._notifications)
        assert MARKUP_NAME in shown(app)


async def test_day_detail_and_corrections_show_names_notes_reasons_literally(
    hostile_team: Services,
) -> None:
    sup = hostile_team.staff.get("E001")
    day = date(2026, 11, 26)
    app = SupervisorTestApp(hostile_team, lambda: DaySummaryScreen(sup, day=day))
    async with app.run_test(size=SIZE) as pilot:
        await shows(pilot, f"E002 {MARKUP_NAME}", f"E004 {ESCAPE_SHOWN}")
        app.push_screen(EmployeeDayScreen(sup, "E002", day))
        await shows(pilot, MARKUP_NAME, MARKUP_NOTE)
        app.pop_screen()
        app.push_screen(EmployeeDayScreen(sup, "E004", day))
        await shows(pilot, ESCAPE_SHOWN, MARKUP_REASON)
        app.pop_screen()
        app.push_screen(CorrectionsScreen(sup))
        await shows(pilot, MARKUP_NAME, ESCAPE_SHOWN)
        screen = app.screen
        assert isinstance(screen, CorrectionsScreen)
        row = next(i for i, s in enumerate(screen.shifts) if s.employee_id == "E002")
        screen.query_one("#shift-table", DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CorrectionDialog))
        await shows(pilot, MARKUP_NAME)


async def test_forms_and_period_show_hostile_names_literally(hostile_team: Services) -> None:
    sup = hostile_team.staff.get("E001")
    app = SupervisorTestApp(hostile_team, lambda: FormsScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await shows(pilot, MARKUP_NAME)  # E002's 5 forms are pending
        app.push_screen(PeriodScreen(sup))
        await shows(pilot, MARKUP_NAME, ESCAPE_SHOWN)
