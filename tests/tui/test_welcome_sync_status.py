"""The welcome screen tells how many records wait for sync and when the last good sync was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shiftcheck.config import Config, SyncConfig, SyncTarget, load_config
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services, save_config
from shiftcheck.services.sync.service import SyncService
from shiftcheck.store.sync_key import write_sync_key
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.services.test_checks import answer_all
from tests.tui.conftest import screen_text, wait_for


async def test_pending_and_last_sync_on_welcome(
    kiosk_dir: Path,
    tmp_path: Path,
    clock: ManualClock,
    make_app: Callable[[Path], ShiftcheckApp],
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    config = load_config(kiosk_dir)
    assert config is not None
    data = config.model_dump()
    data["sync"] = SyncConfig(targets=[SyncTarget(name="share", path=str(share))]).model_dump()
    data["language"] = "en"
    save_config(kiosk_dir, Config.model_validate(data))
    write_sync_key(kiosk_dir, "test-sync-key-of-the-kiosk-store")

    s = open_services(kiosk_dir, clock=clock)
    s.checks.submit(answer_all(s, s.checks.begin("E002", "start_of_shift"), clock))
    s.close()

    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        before = screen_text(app)
    assert "Sync: 1 waiting · last never" in before

    s = open_services(kiosk_dir, clock=clock)
    SyncService(s.store, s.config, s.clock).sync()
    s.close()
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        after = screen_text(app)
    assert f"Sync: 0 waiting · last {clock().strftime('%H:%M')}" in after
