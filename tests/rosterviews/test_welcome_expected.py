"""The welcome screen's "expected now": planned to be in, not clocked in, with the planned
start; nothing of it for a store without a roster."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.services.roster import expected_now
from shiftcheck.tui.app import ShiftcheckApp, build_app
from shiftcheck.tui.widgets.expected_now import ExpectedNow
from tests.rosterviews.conftest import plan
from tests.tui.conftest import screen_text, wait_for
from tests.tui.test_snapshots import clock_in


def planned_day(folder: Path, clock: ManualClock) -> None:
    """李娜 (E002) planned from 08:30 and not in; Amy (E003) planned from 08:00 and clocked in
    at 08:10; 张伟 (E001) planned from 13:00, not yet due."""
    plan(folder, clock, "E002", "08:30", "17:00")
    plan(folder, clock, "E003", "08:00", "16:00")
    plan(folder, clock, "E001", "13:00", "21:00")
    clock_in(folder, clock, "E003", minutes_ago=45)


def expected_text(app: ShiftcheckApp) -> str:
    widget = app.screen.query_one(ExpectedNow)
    return screen_text(app) if widget.display else ""


async def test_the_welcome_names_who_is_expected_in_both_languages(
    kiosk_dir: Path, clock: ManualClock, make_app: Callable[[Path], ShiftcheckApp]
) -> None:
    planned_day(kiosk_dir, clock)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ExpectedNow).display)
        text = screen_text(app)
        assert "应到未到" in text and "李娜 计划 08:30" in text
        assert "Amy Chen 计划" not in text and "张伟 计划" not in text
        await pilot.press("f2")
        await wait_for(pilot, lambda: "Expected now" in screen_text(app))
        assert "李娜 planned 08:30" in screen_text(app)


async def test_nothing_changes_without_a_roster(
    kiosk_dir: Path, clock: ManualClock, make_app: Callable[[Path], ShiftcheckApp]
) -> None:
    clock_in(kiosk_dir, clock, "E003", minutes_ago=45)
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(ExpectedNow).display
        assert "应到未到" not in screen_text(app)


def test_a_clock_in_or_the_plan_ending_takes_a_person_off_the_list(
    kiosk_dir: Path, clock: ManualClock
) -> None:
    planned_day(kiosk_dir, clock)

    def expected() -> list[str] | None:
        s = open_services(kiosk_dir, clock=clock, writer=False)
        try:
            found = expected_now(s.store, s.config, clock(), ["E001", "E002", "E003"])
        finally:
            s.close()
        return None if found is None else [p.employee_id for p in found]

    assert expected() == ["E002"]
    assert expected_now_of_staff(kiosk_dir, clock, ["E001", "E003"]) == []  # E002 left the staff
    clock.advance(minutes=4 * 60 + 10)  # 13:05: 张伟 is due too
    assert expected() == ["E002", "E001"]
    clock_in(kiosk_dir, clock, "E002", minutes_ago=1)
    assert expected() == ["E001"]
    clock.set(clock() + timedelta(hours=9))  # 22:05: every plan of the day has ended
    assert expected() == []


def expected_now_of_staff(folder: Path, clock: ManualClock, staff: list[str]) -> list[str]:
    s = open_services(folder, clock=clock, writer=False)
    try:
        found = expected_now(s.store, s.config, clock(), staff)
    finally:
        s.close()
    assert found is not None
    return [p.employee_id for p in found]


def test_no_roster_is_none(kiosk_dir: Path, clock: ManualClock) -> None:
    s = open_services(kiosk_dir, clock=clock, writer=False)
    try:
        assert expected_now(s.store, s.config, clock(), ["E002"]) is None
    finally:
        s.close()


def test_welcome_with_a_roster_looks(
    kiosk_dir: Path, clock: ManualClock, snap_compare: Callable[..., Any]
) -> None:
    planned_day(kiosk_dir, clock)

    async def settle(pilot: Pilot[None]) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.query_one(ExpectedNow).display)
        await pilot.pause()

    app = build_app(kiosk_dir, clock=clock, cursor_blink=False)
    assert snap_compare(app, run_before=settle, terminal_size=(80, 24))


def test_welcome_with_a_roster_looks_in_english(
    kiosk_dir: Path, clock: ManualClock, snap_compare: Callable[..., Any]
) -> None:
    planned_day(kiosk_dir, clock)

    async def settle(pilot: Pilot[None]) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.query_one(ExpectedNow).display)
        await pilot.press("f2")
        await wait_for(pilot, lambda: "Expected now" in screen_text(pilot.app))
        await pilot.pause()

    app = build_app(kiosk_dir, clock=clock, cursor_blink=False)
    assert snap_compare(app, run_before=settle, terminal_size=(80, 24))
