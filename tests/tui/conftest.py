"""Kiosk fixtures: a staffed data folder on a fixed clock, and helpers to drive the app."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from shiftcheck.domain.staff import Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.tui.app import ShiftcheckApp, build_app
from tests.conftest import legacy_supervisor

STAFF = (
    ("E001", "张伟", "2580", Role.SUPERVISOR, "zh-CN"),
    ("E002", "李娜", "2468", Role.STAFF, "zh-CN"),
    ("E003", "Amy Chen", "1357", Role.STAFF, "en"),
)


@pytest.fixture
def kiosk_dir(data_dir: Path, clock: ManualClock) -> Path:
    """The conftest data folder with a supervisor (E001 2580) and staff E002 2468, E003 1357
    (English). Nothing holds its lock."""
    services = open_services(data_dir, clock=clock)
    try:
        for employee_id, name, pin, role, lang in STAFF:
            if role is Role.SUPERVISOR:
                legacy_supervisor(services, employee_id, name, pin, lang)
            else:
                services.staff.add(employee_id, name, pin, role=role, language=lang)
    finally:
        services.close()
    return data_dir


@pytest.fixture
def make_app(clock: ManualClock) -> Callable[[Path], ShiftcheckApp]:
    """Build the kiosk on a folder with the fixed clock and no cursor blink."""

    def make(folder: Path) -> ShiftcheckApp:
        return build_app(folder, clock=clock, cursor_blink=False)

    return make


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0
) -> None:
    """Let the app run until `condition()` holds (fails after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the kiosk did not reach the expected state in time")
        await pilot.pause(0.02)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` key by key."""
    await pilot.press(*text)


async def sign_in(pilot: Pilot[None], employee_id: str, pin: str) -> None:
    """Pick the employee on the welcome screen and enter their PIN."""
    from shiftcheck.tui.screens.pin import PinScreen

    await type_text(pilot, employee_id)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PinScreen))
    await type_text(pilot, pin)
    await pilot.press("enter")
    await pilot.pause()


def screen_text(app: ShiftcheckApp) -> str:
    """Every Static's text on the current screen, joined (what a person reads)."""
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query(Static):
        parts.append(str(widget.render()))
    return "\n".join(parts)


def plain(renderable: object) -> str:
    """A Rich renderable as plain text, 100 columns wide."""
    from rich.console import Console

    console = Console(width=100, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()
