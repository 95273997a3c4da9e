"""What every screen and dialog of the app shares: the app's services and translator, key
labels in the current language, and the supervisor-only guard.

Screens never make a `Translator` or take `Services` in their constructor: both come from the
running app (`Host`), so F2 switches every screen at once. Screens never open other screens
either: they call the app's routing methods (`Host`) or `dismiss()` a result.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from shiftcheck.domain.staff import Employee
from shiftcheck.i18n import Translator
from shiftcheck.services.context import Services
from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.host import Host
from shiftcheck.tui.keys import is_catalog_key, translate_bindings

__all__ = [
    "Host",
    "KioskModal",
    "KioskScreen",
    "SupervisorOnly",
    "is_catalog_key",
    "translate_bindings",
]

ResultT = TypeVar("ResultT")


class KioskMixin:
    """Helpers every screen and dialog of the app shares."""

    @property
    def kiosk(self) -> Host:
        """The running app."""
        return cast(Host, cast(DOMNode, self).app)

    @property
    def services(self) -> Services:
        """The open data folder."""
        return self.kiosk.services

    @property
    def tr(self) -> Translator:
        """Messages in the session's current language (`self.tr("key")`, `self.tr.lang`)."""
        return self.kiosk.tr

    def retranslate(self) -> None:
        """Re-read the key hints (the screen's and its fields') in the current language."""
        node = cast(DOMNode, self)
        translate_bindings(node, self.tr)
        for child in node.query("*"):
            if hasattr(child, "_source_bindings"):
                translate_bindings(child, self.tr)
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


class KioskScreen(KioskMixin, Screen[ResultT]):
    """A full screen of the app.

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


class KioskModal(KioskMixin, ModalScreen[ResultT]):
    """A dialog of the app: it `dismiss()`es its result to whoever opened it."""

    def on_mount(self) -> None:
        self.retranslate()


async def redraw_keeping_input(screen: Screen[Any]) -> None:
    """Compose `screen` again (its texts in the current language), keeping what was typed in
    its fields and the field that had the focus."""
    typed = {field.id: field.value for field in screen.query(Input) if field.id}
    focused = screen.focused.id if screen.focused is not None else None
    await screen.recompose()
    for field in screen.query(Input):
        if field.id in typed:
            field.value = typed[field.id]
    if focused is not None:
        again = screen.query(f"#{focused}")
        if again:
            again.first().focus()
    cast(KioskMixin, screen).retranslate()


class SupervisorOnly(KioskMixin):
    """For screens only a supervisor may use: on opening, the role is asked of the service
    again (a supervisor demoted or deactivated meanwhile is refused, the screen closes before
    it shows anything). Screens using it put their opening work in `opened()`, not
    `on_mount` (Textual runs a subclass's `on_mount` before this one)."""

    supervisor: Employee
    """Who signed in (the actor of every service call)."""
    denied: bool = False
    """Set when the re-check refused the supervisor; the screen then closes."""

    @property
    def actor(self) -> str:
        """The acting supervisor's id."""
        return self.supervisor.id

    def on_mount(self) -> None:
        try:
            self.services.staff.require_supervisor(self.actor)
        except ServiceError as exc:
            self.denied = True
            screen = cast(Screen[Any], self)
            screen.notify(exc.message(self.tr.lang), severity="error")
            screen.app.pop_screen()
            return
        self.opened()

    def opened(self) -> None:
        """What the screen does once the supervisor is confirmed."""
