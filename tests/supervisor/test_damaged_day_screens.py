"""Supervisor screens over a day whose history went to quarantine say so (hours are missing)."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input, Static

from shiftcheck.services.context import Services
from shiftcheck.store import CorruptFileError
from shiftcheck.tui.screens.payroll_export import PayrollExportScreen
from shiftcheck.tui.screens.supervisor import DaySummaryScreen, PeriodScreen
from tests.conftest import TZ
from tests.supervisor.test_screens import SIZE, SupervisorTestApp, text_of, until


@pytest.fixture
def damaged(team: Services) -> Services:
    """The seeded team with 2026-11-26's shard damaged and moved to quarantine/ by the writer."""
    shard = team.data_dir / "history" / "2026" / "2026-11-26.json"
    raw = shard.read_bytes()
    shard.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(CorruptFileError):
        team.store.records(datetime(2026, 11, 26, tzinfo=TZ), datetime(2026, 11, 27, tzinfo=TZ))
    assert team.store.quarantined_days(datetime(2026, 11, 26).date(), datetime(2026, 11, 26).date())
    return team


async def test_day_summary_says_the_day_is_damaged(damaged: Services) -> None:
    boss = damaged.staff.get("E001")
    day = datetime(2026, 11, 26).date()
    app = SupervisorTestApp(damaged, lambda: DaySummaryScreen(boss, day=day))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        totals = text_of(app, "#sv-totals")
        assert "历史记录已损坏" in totals and "2026-11-26" in totals
        await pilot.press("]")  # the 27th: the day before is damaged, its shifts may end here
        assert "2026-11-26" in text_of(app, "#sv-totals")


async def test_period_summary_says_a_day_is_damaged(damaged: Services) -> None:
    boss = damaged.staff.get("E001").with_changes(language="en")
    app = SupervisorTestApp(damaged, lambda: PeriodScreen(boss))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PeriodScreen))
        totals = text_of(app, "#sv-totals")
        assert "Damaged history" in totals and "2026-11-26" in totals


async def test_payroll_export_screen_refuses_a_damaged_period(damaged: Services) -> None:
    boss = damaged.staff.get("E001").with_changes(language="en")
    app = SupervisorTestApp(damaged, lambda: PayrollExportScreen(boss))
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PayrollExportScreen))
        screen = app.screen
        screen.query_one("#from", Input).value = "2026-11-23"
        screen.query_one("#to", Input).value = "2026-11-29"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(screen.query_one("#status", Static).render())
        assert "Not exported" in status and "2026-11-26" in status
        assert not (damaged.data_dir / "exports").exists()
