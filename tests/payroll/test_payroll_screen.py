"""The supervisor's payroll export screen, driven with Textual's Pilot on a real data folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from shiftcheck.domain.records import AuditEvent
from shiftcheck.domain.staff import Employee, Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services
from shiftcheck.tui.screens.payroll_export import PayrollExportScreen
from tests.hosts import ScreenHost
from tests.payroll.conftest import SH


class Host(ScreenHost):
    """The app opened on the screen, for `who`."""

    def __init__(self, services: Services, who: Employee) -> None:
        super().__init__(services, lambda: PayrollExportScreen(who))


def services_for(folder: Path) -> Services:
    return open_services(folder, clock=ManualClock(datetime(2026, 12, 2, 10, 0, tzinfo=SH)))


async def test_export_writes_under_exports_and_shows_path(shanghai: Path) -> None:
    s = services_for(shanghai)
    try:
        boss = s.store.get_employee("E001")
        assert boss is not None
        app = Host(s, boss)
        async with app.run_test(size=(100, 32)) as pilot:
            screen = app.screen
            assert isinstance(screen, PayrollExportScreen)
            # the last full week (Mon 23 – Sun 29) is offered
            assert screen.query_one("#from", Input).value == "2026-11-23"
            assert screen.query_one("#to", Input).value == "2026-11-29"
            assert screen.query_one("#format", Select).value == "xlsx"
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            result = screen.last_result
            assert result is not None and result.shifts == 12
            assert result.path == shanghai / "exports" / "payroll-S001-2026-11-23-2026-11-29.xlsx"
            status = str(screen.query_one("#status", Static).render())
            assert "payroll-S001-2026-11-23-2026-11-29.xlsx" in status
            assert openpyxl.load_workbook(result.path).sheetnames[:2] == ["Shifts", "Totals"]
            # a second export never replaces the first
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.last_result is not None
            assert screen.last_result.path.name == "payroll-S001-2026-11-23-2026-11-29-2.xlsx"
        events = [
            d
            for d in s.store.history(
                datetime(2026, 12, 1, tzinfo=SH), datetime(2026, 12, 3, tzinfo=SH)
            )
            if isinstance(d, AuditEvent)
        ]
        assert [e.action for e in events] == ["export:payroll", "export:payroll"]
        assert events[0].actor == "E001"
    finally:
        s.close()


async def test_bad_date_is_shown_next_to_the_form_and_nothing_written(shanghai: Path) -> None:
    s = services_for(shanghai)
    try:
        boss = s.store.get_employee("E001")
        assert boss is not None
        app = Host(s, boss)
        async with app.run_test(size=(100, 32)) as pilot:
            screen = app.screen
            screen.query_one("#to", Input).value = "2026-11-31"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "2026-11-31 不是日期" in str(screen.query_one("#status", Static).render())
            screen.query_one("#to", Input).value = "2026-11-01"
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "晚于" in str(screen.query_one("#status", Static).render())
        assert not (shanghai / "exports").exists() or not any((shanghai / "exports").iterdir())
    finally:
        s.close()


async def test_non_supervisor_is_turned_away(shanghai: Path) -> None:
    s = services_for(shanghai)
    try:
        staff = s.store.get_employee("E002")
        assert staff is not None
        app = Host(s, staff)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert not isinstance(app.screen, PayrollExportScreen)
    finally:
        s.close()


def _blinkless(pilot: Pilot[None]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def test_screen_snapshot_zh(shanghai: Path, snap_compare: Callable[..., bool]) -> None:
    s = services_for(shanghai)
    try:
        boss = s.store.get_employee("E001")
        assert boss is not None
        assert snap_compare(Host(s, boss), terminal_size=(90, 26), run_before=_blinkless)
    finally:
        s.close()


def test_screen_snapshot_en(shanghai: Path, snap_compare: Callable[..., bool]) -> None:
    s = services_for(shanghai)
    try:
        boss = s.store.get_employee("E003")
        assert boss is not None
        boss = boss.with_changes(language="en")
        s.store.save_employee(boss.with_changes(role=Role.SUPERVISOR))
        boss = s.store.get_employee("E003")
        assert boss is not None
        assert snap_compare(Host(s, boss), terminal_size=(90, 26), run_before=_blinkless)
    finally:
        s.close()
