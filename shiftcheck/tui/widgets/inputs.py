"""Text fields whose Enter key is described in the footer (in the kiosk's language)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType

from shiftcheck.domain.text import FREE_TEXT_MAX, NAME_MAX
from shiftcheck.tui.screens.base import translate_bindings
from shiftcheck.tui.widgets.guarded_input import GuardedInput

if TYPE_CHECKING:
    from shiftcheck.tui.app import ShiftcheckApp


class KioskInput(GuardedInput):
    """An `Input` whose key hints are translated; Enter submits as usual."""

    def on_mount(self) -> None:
        app = cast("ShiftcheckApp", self.app)
        self.cursor_blink = app.cursor_blink
        translate_bindings(self, app)


class FilterInput(KioskInput):
    """The welcome screen's name filter: ↑↓ move in the staff list, Enter picks."""

    DEFAULT_MAX_LENGTH = NAME_MAX

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

    DEFAULT_MAX_LENGTH = FREE_TEXT_MAX

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "kiosk.key.field_save", key_display="Enter"),
    ]
