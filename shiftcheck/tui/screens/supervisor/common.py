"""What every supervisor screen shares: the acting supervisor, the role re-check on opening, the
audit event, translations and time formatting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.visual import VisualType
from textual.widgets import Button, Footer, Static

from shiftcheck.domain.shifts import Shift
from shiftcheck.domain.staff import Employee
from shiftcheck.i18n import Translator
from shiftcheck.services.context import Services, SupervisorTools, supervisor_tools
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.summary import CheckOutcome
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.guard import still_supervisor

CSS_FILE = str(Path(__file__).with_name("supervisor.tcss"))


def hhmm(value: datetime | None, day: date, services: Services) -> str:
    """`HH:MM` in the store's zone, with `+1` (or `+n`) when on a later day than `day`."""
    if value is None:
        return "—"
    local = value.astimezone(services.config.tz)
    shift = (local.date() - day).days
    suffix = f"{shift:+d}" if shift else ""
    return local.strftime("%H:%M") + suffix


def check_cell(outcome: CheckOutcome | None, tr: Translator) -> Text:
    """A check's result for a table cell: all passed (green) / N failed (red) / none."""
    if outcome is None:
        return Text(tr("supervisor.check.none"), style="dim")
    if outcome.failed:
        return Text(tr("supervisor.check.failed", n=outcome.failed), style="bold red")
    return Text(tr("supervisor.check.passed"), style="green")


def shift_label(shift: Shift, services: Services, tr: Translator) -> str:
    """`E002 李娜 2026-11-27 08:55–18:02`."""
    day = shift.local_date(services.config.tz)
    return (
        f"{day.isoformat()} {hhmm(shift.clock_in, day, services)}"
        f"–{hhmm(shift.clock_out, day, services)}"
    )


def translate_bindings(node: DOMNode, tr: Translator) -> None:
    """Show key descriptions written as `supervisor.key.*` message keys in `tr`'s language."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=tr(b.description))
            if b.description.startswith("supervisor.")
            else b
            for b in bindings
        ]


class SupervisorScreen(Screen[None]):
    """A supervisor screen: checks the role again when opened and writes an audit event."""

    CSS_PATH = CSS_FILE
    SCREEN_NAME: ClassVar[str] = "supervisor"
    """Audit name of the screen (`open:<name>`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "supervisor.key.back"),
    ]

    def __init__(
        self, services: Services, supervisor: Employee, tools: SupervisorTools | None = None
    ) -> None:
        super().__init__()
        self.services = services
        """The open data folder."""
        self.supervisor = supervisor
        """Who unlocked the supervisor screens."""
        self.tools = tools or supervisor_tools(services)
        """Summary, corrections, acknowledgements and audit services."""
        self.tr = Translator(supervisor.language)
        """Messages in the supervisor's language."""
        self.denied = False
        """Set when the role re-check refused the supervisor; the screen then closes."""
        translate_bindings(self, self.tr)

    @property
    def actor(self) -> str:
        """The acting supervisor's id (passed to every service call)."""
        return self.supervisor.id

    def today(self) -> date:
        """The store's local date."""
        return self.services.clock().astimezone(self.services.config.tz).date()

    def compose_footer(self) -> ComposeResult:
        """The footer that teaches the keys."""
        yield Footer()

    def on_mount(self) -> None:
        """Re-check the role, record the opening, translate the key labels."""
        if not still_supervisor(self, self.services, self.actor, self.tr):
            self.denied = True
            return
        self.tools.audit.opened(self.actor, self.SCREEN_NAME, self.audit_detail())
        self.refresh_data()

    def audit_detail(self) -> str:
        """What the audit event of the opening names (e.g. the day shown)."""
        return ""

    def refresh_data(self) -> None:
        """Load or reload what the screen shows."""

    def fail(self, exc: ServiceError) -> None:
        """Show a refused request."""
        self.notify(exc.message(self.tr.lang), severity="error")

    def action_back(self) -> None:
        """Close this screen."""
        self.app.pop_screen()


class SupervisorTitle(Static):
    """A screen's title line (it often names an employee): always shown as plain text."""

    def __init__(self, content: str = "", **kwargs: Any) -> None:
        super().__init__(plain(content), **kwargs)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show `content`; a string as plain text, never markup."""
        super().update(plain(content) if isinstance(content, str) else content, layout=layout)


class SupervisorDialog(ModalScreen[object]):
    """A dialog over a supervisor screen; shows refused input in `#error`."""

    CSS_PATH = CSS_FILE

    def __init__(self, owner: SupervisorScreen) -> None:
        super().__init__()
        self.owner = owner
        """The screen that opened the dialog."""
        self.tr = owner.tr
        translate_bindings(self, self.tr)

    def show_error(self, message: str) -> None:
        """Put the message next to the fields."""
        self.query_one("#sv-error", Static).update(Text(message, style="bold red"))

    def buttons(self, save_key: str = "supervisor.key.save") -> ComposeResult:
        """The error line, then Save (labelled `save_key`) and Cancel."""
        yield Static(id="sv-error")
        with Horizontal(id="sv-buttons"):
            yield Button(self.tr(save_key), variant="primary", id="save", compact=True)
            yield Button(self.tr("supervisor.key.cancel"), id="cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Save the dialog's change."""

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
