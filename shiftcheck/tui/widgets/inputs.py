"""Text fields whose Enter key is described in the footer (in the kiosk's language)."""

from __future__ import annotations

from typing import ClassVar, cast

from textual import events
from textual.binding import Binding, BindingType

from shiftcheck.domain.text import FREE_TEXT_MAX, NAME_MAX
from shiftcheck.tui.host import Host
from shiftcheck.tui.keys import translate_bindings
from shiftcheck.tui.widgets.guarded_input import GuardedInput


class KioskInput(GuardedInput):
    """An `Input` whose key hints are translated; Enter submits as usual."""

    def on_mount(self) -> None:
        app = cast(Host, self.app)
        self.cursor_blink = app.cursor_blink
        translate_bindings(self, app.tr)


class FilterInput(KioskInput):
    """The welcome screen's name filter: ↑↓ move in the staff list, Enter picks."""

    DEFAULT_MAX_LENGTH = NAME_MAX

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "kiosk.key.pick", key_display="Enter"),
        Binding("down", "screen.move(1)", "kiosk.key.move", key_display="↑↓"),
        Binding("up", "screen.move(-1)", "kiosk.key.move", show=False),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            # Submit the name as typed up to Enter: the binding's action would run only after
            # keys typed behind Enter (the PIN, meant for the next screen) reached this field.
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.value))
            return
        await super()._on_key(event)


class PinInput(KioskInput):
    """The masked PIN field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "kiosk.key.pin_ok", key_display="Enter"),
    ]


EDITING_KEYS = {
    "backspace": "delete_left",
    "delete": "delete_right",
    "left": "cursor_left",
    "right": "cursor_right",
    "home": "home",
    "end": "end",
}
"""Keys that edit the text of an answer field, and the field's action for each."""


class AnswerInput(KioskInput):
    """The checklist's note / number / text field.

    Its screen hands it each key as the key arrives (`take`), so a burst of keys typed while
    the field opens goes into it in order; it never selects its text on focus, so a first
    digit typed is kept, not replaced by the next.
    """

    DEFAULT_MAX_LENGTH = FREE_TEXT_MAX

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "kiosk.key.field_save", key_display="Enter"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True, select_on_focus=False)

    def take(self, event: events.Key) -> bool:
        """Apply a typed character or an editing key; False for any other key."""
        action = EDITING_KEYS.get(event.key)
        if action is not None:
            getattr(self, f"action_{action}")()
            return True
        if event.is_printable and event.character is not None:
            self.insert_text_at_cursor(event.character)
            return True
        return False
