"""How the kiosk looks, at 80×24 and 120×40, on a fixed clock with no cursor blink.

Update with `pytest tests/tui --snapshot-update` only after reading the report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from shiftcheck.domain.checklist import START_OF_SHIFT, Answer, Result
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.tui.app import build_app

SIZES = [(80, 24), (120, 40)]
SIGN_IN_E002 = [*"E002", "enter", *"2468", "enter"]
SIGN_IN_E003 = [*"E003", "enter", *"1357", "enter"]
START_ALL_BUT_TWO = ["p", "p", "p", "f", *"cleared the desk", "enter", "p", "n", "p", "p"]

SCENES: dict[str, list[str]] = {
    "welcome": [],
    "pin": [*"E002", "enter", *"13"],
    "checklist_zh": [*SIGN_IN_E002, "p", "p", "down"],
    "checklist_en": [*SIGN_IN_E003, "p", "p", "p", "f", *"moved"],
    "review": [*SIGN_IN_E003, *START_ALL_BUT_TWO, "p"],
    "confirmation": [*SIGN_IN_E002, *["p"] * 9, "enter"],
}


def clock_in(folder: Path, clock: ManualClock, employee_id: str, minutes_ago: int) -> None:
    """Store an all-pass start check for the employee, begun `minutes_ago` before the clock."""
    now = clock()
    clock.advance(minutes=-minutes_ago)
    services = open_services(folder, clock=clock)
    try:
        draft = services.checks.begin(employee_id, START_OF_SHIFT)
        for item in services.checklists[START_OF_SHIFT].items:
            draft = services.checks.answer(draft, Answer(item.id, Result.PASS))
        clock.advance(seconds=40)
        services.checks.submit(draft)
    finally:
        services.close()
        clock.set(now)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_kiosk_looks(
    scene: str,
    size: tuple[int, int],
    kiosk_dir: Path,
    clock: ManualClock,
    snap_compare: Callable[..., Any],
) -> None:
    async def settle(pilot: Pilot[None]) -> None:
        await pilot.press(*SCENES[scene])
        await pilot.pause()

    if scene == "welcome":
        clock_in(kiosk_dir, clock, "E003", minutes_ago=45)
    app = build_app(kiosk_dir, clock=clock, cursor_blink=False)
    assert snap_compare(app, run_before=settle, terminal_size=size)


END_CHECK = ["3", "enter", "enter", "enter", "p", "p", "p", "p", "p"]
"""An end check: three forms, no open question (Enter opens it, Enter leaves it blank), five
passes (the review opens)."""

COUNTER_SCENES: dict[str, list[str]] = {
    "optional_note_zh": [*SIGN_IN_E002, "p", "f", *"spare"],
    "optional_note_en": [*SIGN_IN_E003, "p", "f", *"lent a spare"],
    "clock_back_zh": [*SIGN_IN_E002, *END_CHECK, "enter"],
    "clock_back_en": [*SIGN_IN_E003, *END_CHECK, "enter"],
}


@pytest.mark.parametrize("scene", list(COUNTER_SCENES))
def test_counter_looks(
    scene: str, kiosk_dir: Path, clock: ManualClock, snap_compare: Callable[..., Any]
) -> None:
    """A fail's optional note being typed; an end check refused because the clock went back
    (clocked in 90 minutes after what the terminal's clock now says)."""

    async def settle(pilot: Pilot[None]) -> None:
        await pilot.press(*COUNTER_SCENES[scene])
        await pilot.pause()

    if scene.startswith("clock_back"):
        clock_in(kiosk_dir, clock, "E002" if scene.endswith("zh") else "E003", minutes_ago=-90)
    app = build_app(kiosk_dir, clock=clock, cursor_blink=False)
    assert snap_compare(app, run_before=settle, terminal_size=(80, 24))
