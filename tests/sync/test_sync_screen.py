"""The supervisor's Sync screen, driven with Textual's Pilot on real data folders."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from shiftcheck.config import Config, SyncConfig, SyncTarget
from shiftcheck.domain.staff import Employee
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services, save_config
from shiftcheck.services.sync import SyncService
from shiftcheck.store.sync_key import write_sync_key
from shiftcheck.tui.screens.sync import IntervalSync, SyncScreen
from tests.conftest import legacy_supervisor
from tests.hosts import ScreenHost
from tests.sync.conftest import TZ, store_key, work_day


class Host(ScreenHost):
    """The app opened on the screen, for `who`."""

    def __init__(self, services: Services, who: Employee) -> None:
        super().__init__(services, lambda: SyncScreen(who))


def terminal(
    folder: Path, targets: list[SyncTarget], interval: int | None = None
) -> tuple[Services, Employee]:
    folder.mkdir()
    save_config(
        folder,
        Config(
            store_id="S001",
            terminal_id="T1",
            timezone="Asia/Shanghai",
            sync=SyncConfig(targets=targets, interval_minutes=interval),
        ),
    )
    write_sync_key(folder, store_key("S001"))
    s = open_services(folder, clock=ManualClock(datetime(2026, 11, 27, 18, 5, tzinfo=TZ)))
    boss = legacy_supervisor(s, "E001", "Wei Zhang", "2580", language="en")
    s.staff.add("E002", "Na Li", "2468")
    work_day(s, "E002", datetime(2026, 11, 27, 9, 0, tzinfo=TZ))
    return s, boss


async def wait_for_results(pilot: Pilot[None]) -> None:
    """Press "Sync now" and wait until the screen has shown the results."""
    await pilot.press("s")
    await pilot.app.workers.wait_for_complete()
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, SyncScreen) and screen.results is not None:
            break
        await pilot.pause()
    await pilot.pause()


def text_of(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_sync_now_sends_and_shows_results(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    s, boss = terminal(tmp_path / "T1", [SyncTarget(name="share", path=str(share))])
    try:
        app = Host(s, boss)
        async with app.run_test(size=(110, 28)) as pilot:
            assert "2 waiting" in text_of(app, "#targets")
            assert "last success never" in text_of(app, "#targets")
            await wait_for_results(pilot)
            screen = app.screen
            assert isinstance(screen, SyncScreen) and screen.results is not None
            assert "share: sent 2 (already there 0), received 0" in text_of(app, "#results")
            assert text_of(app, "#phase") == "Sync finished."
            assert "0 waiting" in text_of(app, "#targets")
        assert (share / "S001" / "T1" / "staff.json").exists()
    finally:
        s.close()


async def test_staff_member_is_sent_back(tmp_path: Path) -> None:
    s, _ = terminal(tmp_path / "T1", [SyncTarget(name="share", path=str(tmp_path))])
    try:
        staff = s.store.get_employee("E002")
        assert staff is not None
        app = Host(s, staff)
        async with app.run_test(size=(110, 28)) as pilot:
            await pilot.pause()
            assert not isinstance(app.screen, SyncScreen)
    finally:
        s.close()


def test_unreachable_target_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    s, boss = terminal(tmp_path / "T1", [SyncTarget(name="usb", path="/nonexistent/usb-stick")])

    try:
        assert snap_compare(Host(s, boss), terminal_size=(110, 20), run_before=wait_for_results)
        assert s.store.count_local_since(0) == 2
    finally:
        s.close()


async def test_screen_stays_while_a_sync_runs(tmp_path: Path) -> None:
    """The worker writes to the data folder: the supervisor cannot leave until it is done."""
    s, boss = terminal(tmp_path / "T1", [SyncTarget(name="share", path=str(tmp_path))])
    try:
        app = Host(s, boss)
        async with app.run_test(size=(110, 28), notifications=True) as pilot:
            screen = app.screen
            assert isinstance(screen, SyncScreen)
            screen.running = True
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            assert any("wait until it has finished" in n.message for n in app._notifications)
            screen.running = False
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not screen
    finally:
        s.close()


async def test_interval_sync_runs_in_the_background_when_due(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    s, boss = terminal(tmp_path / "T1", [SyncTarget(name="share", path=str(share))], interval=15)
    try:
        app = Host(s, boss)
        async with app.run_test(size=(110, 28)) as pilot:
            background = IntervalSync(app, s)
            assert background.start() is not None
            background.tick()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert background.last_results is not None
            assert background.last_results[0].pushed == 2 and not background.running
            work_day(s, "E002", datetime(2026, 11, 28, 9, 0, tzinfo=TZ))
            background.tick()  # not due yet: nothing starts
            assert not background.running and s.store.count_local_since(2) == 2
            s.clock.advance(minutes=16)  # type: ignore[attr-defined]
            background.tick()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert background.last_results[0].pushed == 2
        status = SyncService(s.store, s.config, s.clock).status()[0]
        assert status.pending == 0 and status.last_success == "2026-11-27T18:21:00+08:00"
    finally:
        s.close()


def test_no_interval_no_timer(tmp_path: Path) -> None:
    s, boss = terminal(tmp_path / "T1", [SyncTarget(name="share", path=str(tmp_path))])
    try:
        assert IntervalSync(Host(s, boss), s).start() is None
    finally:
        s.close()


async def test_welcome_sync_line_follows_the_language_key(tmp_path: Path) -> None:
    from shiftcheck.tui.app import build_app

    share = tmp_path / "share"
    share.mkdir()
    s, _ = terminal(tmp_path / "t1", [SyncTarget(name="share", path=str(share))])
    app = build_app(s.data_dir, services=s, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#sync-status", Static)
        chinese = str(line.render())
        assert "同步" in chinese
        await pilot.press("f2")
        await pilot.pause()
        english = str(line.render())
        assert english.startswith("Sync: 2 waiting"), english
        await pilot.press("f2")
        await pilot.pause()
        assert str(line.render()) == chinese
