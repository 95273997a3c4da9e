"""Hostile text as it arrives from a share: names, notes and reasons that look like markup or
hold terminal controls; and a way to read what a screen really shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from shiftcheck.domain.staff import Employee, Role
from shiftcheck.store import DataStore
from tests.supervisor.conftest import seed, team  # noqa: F401 (fixtures used here too)
from tests.tui.conftest import kiosk_dir, make_app  # noqa: F401

MARKUP_NAME = "[/]Eve [bold]"
"""Made Rich/Textual markup fail at start (`MarkupError`)."""

ESCAPE_NAME = "Mal\x1b]0;pwn\x07\x1b[2J"
"""Retitled the terminal and cleared the screen when shown raw."""

ESCAPE_SHOWN = "Mal␛]0;pwn␇␛[2J"
"""The same name as every screen and command shows it."""


def plant_names(data_dir: Path) -> None:
    """Staff as `sync` used to copy them from another terminal's directory on the share:
    inactive, no PIN; plus one active employee renamed in the staff file itself."""
    store = DataStore.open(data_dir)
    try:
        store.save_employee(Employee("E101", MARKUP_NAME, Role.STAFF, active=True))
        store.save_employee(Employee("E102", ESCAPE_NAME, Role.STAFF, active=True))
    finally:
        store.close()


def screen_lines(app: App[Any]) -> list[str]:
    """The text of every row of the screen as the terminal would show it."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


@pytest.fixture
def hostile_dir(kiosk_dir: Path) -> Path:  # noqa: F811 (the fixture imported above)
    """The kiosk folder with two hostile names in its staff file."""
    plant_names(kiosk_dir)
    return kiosk_dir
