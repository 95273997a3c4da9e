"""F1 (or `?` where no field is open): the keys of the screen shown and what they do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer, Static

from shiftcheck.tui.screens.base import KioskMixin, KioskModal, is_catalog_key

KeyLine = tuple[str, str]
"""A key as shown (`Enter`, `ctrl+s`) and what it does, in the current language."""


def screen_keys(
    screen: Screen[Any], extra: list[KeyLine], translate: Callable[[str], str], lang: str
) -> list[KeyLine]:
    """What each kiosk key bound on `screen` (its fields and the app included) does, one line
    per action; keys hidden from the footer are named too, next to the shown key of the same
    action."""
    by_description: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = catalog_key(active.node, binding)
        if not is_catalog_key(description, lang) or not active.enabled:
            continue  # Textual's own keys of a list or field (scrolling, copying)
        description = translate(description)
        display = binding.key_display or screen.app.get_key_display(binding)
        if binding.show and description not in shown:
            shown[description] = display
        by_description.setdefault(description, []).append(display or key)
    lines = [
        (shown.get(d) or " ".join(dict.fromkeys(keys)), d) for d, keys in by_description.items()
    ]
    known = {d for _, d in lines}
    return [*lines, *(line for line in extra if line[1] not in known)]


def catalog_key(node: DOMNode, binding: Binding) -> str:
    """The catalog key `binding` was described with (descriptions are shown translated)."""
    source: list[tuple[str, Binding]] = getattr(node, "_source_bindings", [])
    for _, original in source:
        if original.key == binding.key and original.action == binding.action:
            return original.description
    return binding.description


class KeyHelpScreen(KioskModal[None]):
    """The keys of the screen underneath; any key closes it."""

    CSS_PATH = "habits.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "habits.key.close"),
    ]

    def __init__(self, shown: KioskMixin) -> None:
        super().__init__()
        self.shown = shown
        """The screen whose keys are listed."""
        self.lines: list[KeyLine] = []
        """The lines shown, in the current language."""

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(id="help-title")
            yield Static(id="help-keys")
            yield Static(id="help-hint", classes="kiosk-subtitle")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_texts()

    def refresh_texts(self) -> None:
        """The keys, title and hint in the current language."""
        self.retranslate()
        self.shown.retranslate()
        extra = [
            *self.shown.help_keys(),
            ("F1 ?", self.tr("habits.key.help")),
            ("F2", self.tr("kiosk.key.language")),
        ]
        self.lines = screen_keys(cast(Screen[Any], self.shown), extra, self.describe, self.tr.lang)
        self.query_one("#help-title", Static).update(self.tr("habits.help.title"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description in self.lines:
            table.add_row(Text(key), Text(description))
        self.query_one("#help-keys", Static).update(table)
        self.query_one("#help-hint", Static).update(self.tr("habits.help.hint"))

    def describe(self, key: str) -> str:
        """A key's description from the catalog; closing the kiosk as it works here."""
        if key == "habits.key.quit" and not self.kiosk.leaving_needs_supervisor():
            key = "habits.key.quit_now"
        return self.tr(key)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.action_close()

    def on_click(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if self.is_current:
            self.dismiss()
