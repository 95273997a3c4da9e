"""The countdown shown in the last seconds before an idle kiosk returns to the start."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Static

IDLE_WARNING_SECONDS = 10
"""How long before the idle timeout the countdown appears."""


class IdleWarning(Static):
    """`Back to the start in N s`, over the top of the screen it was put on."""

    def __init__(self, on_screen: Screen[Any], text: str, *, id: str | None = None) -> None:
        super().__init__(text, id=id)
        self.on_screen = on_screen
        """The screen the countdown was put on (a new screen gets its own)."""

    def show_seconds(self, text: str) -> None:
        """Show the countdown's current text."""
        self.update(text)
