"""The supervisor sees a missed clock-out: E004 clocked in on the 26th at 10:00, never clocked
out, and chose "start today's shift" on the 27th at 09:00 (issue 11 §3)."""

from __future__ import annotations

from shiftcheck.domain.checklist import START_OF_SHIFT
from shiftcheck.domain.shifts import FLAG_MISSED_CLOCK_OUT
from shiftcheck.services.checks import ForgottenChoice
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services
from shiftcheck.services.payroll import PayrollService
from shiftcheck.tui.screens.supervisor import DaySummaryScreen, SupervisorWorkspace
from tests.services.test_checks import answer_all
from tests.supervisor.conftest import at
from tests.supervisor.test_screens import SIZE, home_app, table_text, text_of, until


def start_today(team: Services, clock: ManualClock) -> None:
    now = clock()
    clock.set(at(27, 9))
    started = team.checks.choose("E004", ForgottenChoice.START_TODAY)
    assert started.checklist.id == START_OF_SHIFT
    team.checks.submit(answer_all(team, started.draft, clock))
    clock.set(now)


async def test_home_and_day_screens_show_the_missed_clock_out(
    team: Services, clock: ManualClock
) -> None:
    start_today(team, clock)
    app = home_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        assert "忘记打卡下班：1" in text_of(app, "#sv-attention")
        await pilot.press("d", "[")
        await until(pilot, lambda: isinstance(app.screen, DaySummaryScreen))
        await until(pilot, lambda: "2026-11-26" in text_of(app, "#sv-title"))
        assert "E004 王强 10:00 1项未通过 — — — — 漏打卡 超时" in table_text(app, "#day-table")


def test_payroll_flags_the_missed_clock_out(team: Services, clock: ManualClock) -> None:
    start_today(team, clock)
    report = PayrollService(team.store, team.config).report(at(26, 0).date(), at(27, 0).date())
    e004 = [r for r in report.rows if r.employee_id == "E004"]
    assert [(r.date.isoformat(), FLAG_MISSED_CLOCK_OUT in r.flags) for r in e004] == [
        ("2026-11-26", True),
        ("2026-11-27", False),
    ]
    assert e004[0].status == "open" and e004[0].paid_hours is None  # never closed for them
