"""Text fields whose Enter key is described in the footer (in the kiosk's language)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.widgets import Input

from shiftcheck.tui.screens.base import translate_bindings

if TYPE_CHECKING:
    from shiftcheck.tui.app import ShiftcheckApp


class KioskInput(Input):
    """An `Input` whose key hints are translated; Enter submits as usual."""

    def on_mount(self) -> None:
        app = cast("ShiftcheckApp", self.app)
        self.cursor_blink = app.cursor_blink
        translate_bindings(self, app)


class FilterInput(KioskInput):
    """The welcome screen's name filter: ↑↓ move in the staff list, Enter picks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "kiosk.key.pick", key_display="Enter"),
        Binding("down", "screen.move(1)", "kiosk.key.move", key_display="↑↓"),
        Binding("up", "screen.move(-1)", "kiosk.key.move", show=False),
    ]


class PinInput(KioskInput):
    """The masked PIN field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "kiosk.key.pin_ok", key_display="Enter"),
    ]


class AnswerInput(KioskInput):
    """The checklist's note / number / text field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "kiosk.key.field_save", key_display="Enter"),
    ]
