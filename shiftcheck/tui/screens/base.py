"""What every kiosk screen shares: the app, its services, translated messages and key hints."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen, Screen

from shiftcheck.services.context import Services

if TYPE_CHECKING:
    from shiftcheck.tui.app import ShiftcheckApp

CATALOG_PREFIXES = ("kiosk.", "habits.")
"""Binding descriptions starting with these are catalog keys, shown translated."""


def translate_bindings(node: DOMNode, app: ShiftcheckApp) -> None:
    """Give `node`'s bindings descriptions in the app's language (catalog keys → text)."""
    source = getattr(node, "_source_bindings", None)
    if source is None:
        source = list(node._bindings)
        node._source_bindings = source  # type: ignore[attr-defined]
    bindings = []
    for _, binding in source:
        if binding.description.startswith(CATALOG_PREFIXES):
            binding = replace(binding, description=app.tr(binding.description))
        bindings.append(binding)
    node._bindings = BindingsMap(bindings)


class KioskMixin:
    """Helpers for screens of the kiosk app."""

    @property
    def kiosk(self) -> ShiftcheckApp:
        """The running kiosk app."""
        return cast("ShiftcheckApp", cast(DOMNode, self).app)

    @property
    def services(self) -> Services:
        """The open data folder."""
        return self.kiosk.services

    def tr(self, key: str, /, **values: object) -> str:
        """A message in the app's current language."""
        return self.kiosk.tr(key, **values)

    def retranslate(self) -> None:
        """Re-read the key hints (the screen's and its fields') in the current language."""
        node = cast(DOMNode, self)
        translate_bindings(node, self.kiosk)
        for child in node.query("*"):
            if hasattr(child, "_source_bindings"):
                translate_bindings(child, self.kiosk)
        node.refresh_bindings()

    def refresh_texts(self) -> None:
        """Show every text in the app's current language; screens with texts of their own
        extend this."""
        self.retranslate()

    def help_keys(self) -> list[tuple[str, str]]:
        """Keys the screen acts on without a binding (shown by F1 with its bindings)."""
        return []

    def language_changed(self) -> None:
        """F2 switched the session's language: show the screen in it."""
        self.refresh_texts()


STALE_WHEN_HIDDEN = frozenset(
    {"on_input_submitted", "on_button_pressed", "on_option_list_option_selected"}
)
"""Handlers of what a person did on a screen (a field's Enter, a button, a picked line):
acted on only while that screen is the one shown."""


class KioskScreen(KioskMixin, Screen[None]):
    """A full kiosk screen.

    A key typed just before the screen was replaced may still be on its way through one of
    its fields (Enter on the PIN, say, typed twice in a burst); what it would do is dropped
    once another screen is shown, so it never acts a second time or on someone else's check.
    """

    def on_mount(self) -> None:
        self.retranslate()

    async def _on_message(self, message: Message) -> None:
        if message.handler_name in STALE_WHEN_HIDDEN and not self.is_current:
            return
        await super()._on_message(message)


class KioskModal(KioskMixin, ModalScreen[None]):
    """A kiosk dialog."""

    def on_mount(self) -> None:
        self.retranslate()
