"""How the kiosk's own dialogs look at 80×24 in both languages: leaving it, the key help and
the idle countdown (fixed clock, no cursor blink)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from shiftcheck.services.clock import ManualClock
from shiftcheck.tui.app import ShiftcheckApp, build_app
from shiftcheck.tui.screens.checklist import ChecklistScreen
from tests.tui.conftest import wait_for

SIGN_IN_E002 = [*"E002", "enter", *"2468", "enter"]
SIGN_IN_E003 = [*"E003", "enter", *"1357", "enter"]

SCENES: dict[str, list[str]] = {
    "leave_zh": ["ctrl+q", *"E002", "enter", *"2468", "enter"],
    "leave_en": ["ctrl+q", "f2"],
    "help_zh": [*SIGN_IN_E002, "f1"],
    "help_en": [*SIGN_IN_E003, "p", "f1"],
    "idle_zh": SIGN_IN_E002,
    "idle_en": SIGN_IN_E003,
}


@pytest.mark.parametrize("scene", list(SCENES))
def test_habits_look(
    scene: str, kiosk_dir: Path, clock: ManualClock, snap_compare: Callable[..., Any]
) -> None:
    app = build_app(kiosk_dir, clock=clock, cursor_blink=False)

    async def settle(pilot: Pilot[None]) -> None:
        await pilot.press(*SCENES[scene])
        if scene.startswith("idle"):
            await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
            clock.advance(seconds=app.services.config.idle_timeout_seconds - 7)
            await wait_for(pilot, lambda: warning_shown(app))
        await pilot.pause()

    assert snap_compare(app, run_before=settle, terminal_size=(80, 24))


def warning_shown(app: ShiftcheckApp) -> bool:
    return app.idle_warning is not None and app.idle_warning.is_mounted
