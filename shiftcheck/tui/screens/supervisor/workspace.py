"""The supervisor's workspace, opened by the app right after a supervisor's PIN: what needs
attention now, and one letter key per entry (their own due check among them)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.screens.supervisor.common import SupervisorScreen, SupervisorTitle

ENTRIES: tuple[tuple[str, str], ...] = (
    ("check", "m"),
    ("day", "d"),
    ("period", "p"),
    ("corrections", "c"),
    ("forms", "f"),
    ("roster", "w"),
    ("staff", "a"),
    ("export", "e"),
    ("sync", "s"),
)
"""Workspace entries (the app's name for the screen, its key), in the order shown. The
footer's short labels are `workspace.key.<entry>`, the list's long ones
`workspace.entry.<entry>`."""


class SupervisorWorkspace(SupervisorScreen):
    """What needs attention now, and the way to every supervisor screen."""

    SCREEN_NAME = "supervisor_home"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "supervisor.key.sign_out"),
        *(Binding(key, f"open('{entry}')", f"workspace.key.{entry}") for entry, key in ENTRIES),
    ]

    def compose(self) -> ComposeResult:
        yield SupervisorTitle(
            self.tr("supervisor.home.title", id=self.supervisor.id, name=self.supervisor.name),
            id="sv-title",
        )
        yield Static(id="sv-attention")
        yield OptionList(
            *(
                Option(Text(f"[{key}] {self.entry_label(entry)}"), id=entry)
                for entry, key in ENTRIES
            ),
            id="sv-menu",
        )
        yield Footer(compact=True)

    def entry_label(self, entry: str) -> str:
        """An entry's long label; their own check is named by the checklist now due."""
        if entry == "check":
            try:
                due = self.services.checks.due(self.supervisor.id)
            except ServiceError:
                return self.tr("workspace.entry.check")
            return self.tr(
                "workspace.entry.own", check=self.tr(f"checklist.title.{due.checklist.id}")
            )
        return self.tr(f"supervisor.menu.{entry}")

    def refresh_data(self) -> None:
        try:
            open_ = self.tools.corrections.forgotten(actor=self.actor)
            forms = self.tools.acknowledgements.pending_forms(actor=self.actor)
            day = self.tools.summary.day(self.today(), self.services.clock(), actor=self.actor)
        except ServiceError as exc:
            self.fail(exc)
            return
        attention = self.tr(
            "supervisor.home.attention",
            on_shift=day.totals.on_shift,
            open=len(open_),
            forms=forms,
            failed=day.totals.failed_items,
        )
        if day.roster is not None:  # late arrivals and no-shows today, for a store with a roster
            attention += "\n" + self.tr(
                "rosterviews.home.attention", late=day.late, no_shows=day.no_shows
            )
        self.query_one("#sv-attention", Static).update(attention)
        menu = self.query_one("#sv-menu", OptionList)
        menu.replace_option_prompt("check", Text(f"[m] {self.entry_label('check')}"))
        menu.focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.action_open(event.option.id)

    def action_open(self, entry: str) -> None:
        """Open an entry: the supervisor's own due check, or a supervisor screen."""
        self.kiosk.open_supervisor(entry, self.supervisor)

    def action_back(self) -> None:
        """Sign out: back to the welcome screen for the next person."""
        self.kiosk.go_welcome()
