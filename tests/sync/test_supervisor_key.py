"""From the supervisor workspace, `s` opens the Sync screen."""

from __future__ import annotations

from pathlib import Path

from shiftcheck.config import SyncTarget
from shiftcheck.tui.screens.supervisor import SupervisorWorkspace
from shiftcheck.tui.screens.sync import SyncScreen
from tests.hosts import ScreenHost
from tests.sync.test_sync_screen import terminal


async def test_supervisor_home_opens_sync(tmp_path: Path) -> None:
    s, boss = terminal(tmp_path / "T1", [SyncTarget(name="share", path=str(tmp_path))])
    try:
        app = ScreenHost(s, lambda: SupervisorWorkspace(boss))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("s")
            for _ in range(100):
                if isinstance(app.screen, SyncScreen):
                    break
                await pilot.pause()
            assert isinstance(app.screen, SyncScreen)
            waiting = s.store.count_local_since(0)  # records and audit events alike
            assert f"{waiting} waiting" in str(app.screen.query_one("#targets").render())
    finally:
        s.close()
