"""The forgotten clock-out choice and clock-ins with their dates, driven through the kiosk.

The fixed clock says Friday 2026-11-27 08:55; E002 (Chinese) and E003 (English) clocked in on
Thursday at 10:00 and never clocked out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.tui.app import ShiftcheckApp, build_app
from shiftcheck.tui.screens.checklist import ChecklistScreen
from shiftcheck.tui.screens.forgotten import ForgottenShiftScreen
from shiftcheck.tui.screens.resume import ResumeScreen
from shiftcheck.tui.screens.review import DoneScreen, ReviewScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import screen_text, sign_in, wait_for
from tests.tui.test_snapshots import clock_in

MakeApp = Callable[[Path], ShiftcheckApp]
YESTERDAY_10 = 22 * 60 + 55
"""Minutes from Thursday 10:00 to the clock's Friday 08:55."""


async def test_old_open_shift_asks_before_anything_and_start_today_keeps_it_open(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    clock_in(kiosk_dir, clock, "E003", minutes_ago=YESTERDAY_10)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ForgottenShiftScreen))
        text = screen_text(app)
        assert "You clocked in on 26 November at 10:00, 22 h 55 min ago" in text
        assert "Start today's shift" in text and "End that shift now" in text
        assert app.services.store.load_draft("E003") is None  # nothing recorded yet
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.checklist.id == START_OF_SHIFT and app.screen.open_shift is None
        assert "Clocked in at" not in screen_text(app)
        draft = app.services.store.load_draft("E003")
        assert draft is not None and draft.started_at == clock()


async def test_end_that_shift_now_opens_its_end_check_with_the_date(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    clock_in(kiosk_dir, clock, "E002", minutes_ago=YESTERDAY_10)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(app.screen, ForgottenShiftScreen))
        assert "您在 11月26日 10:00 打卡上班（22小时55分钟前）" in screen_text(app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.checklist.id == END_OF_SHIFT
        assert "11月26日 10:00" in screen_text(app)
        await pilot.press("3", "enter", "enter", "enter", *"ppppp")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DoneScreen))
        # The confirmation dates yesterday's clock-in too, so the long shift reads right.
        assert "本班工作 22小时55分钟（11月26日 10:00–08:55）" in screen_text(app)


async def test_escape_leaves_the_choice_and_records_nothing(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    clock_in(kiosk_dir, clock, "E003", minutes_ago=YESTERDAY_10)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ForgottenShiftScreen))
        await pilot.press("p", "f", "escape")  # stray keys answer nothing
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert app.services.store.load_draft("E003") is None


async def test_clock_ins_of_another_day_show_their_date(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    # E003 in at 23:30 last night (9 h 25 min ago): still on shift, shown with the date.
    clock_in(kiosk_dir, clock, "E003", minutes_ago=9 * 60 + 25)
    clock_in(kiosk_dir, clock, "E002", minutes_ago=30)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        text = screen_text(app)
        assert "Amy Chen  11月26日 23:30" in text and "李娜  08:25" in text
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert "Clocked in at 26 November 23:30, 9 h 25 min ago" in screen_text(app)


async def test_resume_prompt_dates_a_draft_begun_yesterday(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    services = open_services(kiosk_dir, clock=clock)
    try:
        clock.advance(hours=-10)
        services.checks.begin("E003", START_OF_SHIFT)
        clock.advance(hours=10)
    finally:
        services.close()
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeScreen))
        assert "started at 26 November 22:55" in screen_text(app)


async def test_starting_again_from_the_resume_prompt_asks_about_the_old_shift(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    clock_in(kiosk_dir, clock, "E003", minutes_ago=YESTERDAY_10)
    services = open_services(kiosk_dir, clock=clock)
    try:
        services.checks.begin("E003", END_OF_SHIFT)
    finally:
        services.close()
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ForgottenShiftScreen))
        assert app.services.store.load_draft("E003") is None


@pytest.mark.parametrize("who", ["E002", "E003"], ids=["zh", "en"])
def test_choice_screen_looks(
    who: str, kiosk_dir: Path, clock: ManualClock, snap_compare: Callable[..., Any]
) -> None:
    pins = {"E002": "2468", "E003": "1357"}

    async def settle(pilot: Pilot[None]) -> None:
        await pilot.press(*who, "enter", *pins[who], "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ForgottenShiftScreen))
        await pilot.pause()

    clock_in(kiosk_dir, clock, who, minutes_ago=YESTERDAY_10)
    app = build_app(kiosk_dir, clock=clock, cursor_blink=False)
    assert snap_compare(app, run_before=settle, terminal_size=(80, 24))
