"""What every supervisor screen shares: the acting supervisor, the role re-check on opening, the
audit event, translations and time formatting."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.visual import VisualType
from textual.widgets import Button, Footer, Static

from shiftcheck.domain.shifts import Shift
from shiftcheck.domain.staff import Employee
from shiftcheck.i18n import Translator
from shiftcheck.services.context import Services, SupervisorTools
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.wording import check_result, clock_time
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import (
    KioskModal,
    KioskScreen,
    SupervisorOnly,
    redraw_keeping_input,
)

if TYPE_CHECKING:
    from shiftcheck.services.summary import CheckOutcome

ResultT = TypeVar("ResultT")


def hhmm(value: datetime | None, day: date, services: Services) -> str:
    """`HH:MM` in the store's zone, with `+1` (or `+n`) when on a later day than `day`."""
    return clock_time(value, day, services.config.tz, missing="—")


def check_cell(outcome: CheckOutcome | None, tr: Translator) -> Text:
    """A check's result for a table cell: all passed (green) / N failed (red) / none."""
    style = "dim" if outcome is None else "bold red" if outcome.failed else "green"
    return Text(check_result(outcome, tr.lang), style=style)


def shift_label(shift: Shift, services: Services, tr: Translator) -> str:
    """`E002 李娜 2026-11-27 08:55–18:02`."""
    day = shift.local_date(services.config.tz)
    return (
        f"{day.isoformat()} {hhmm(shift.clock_in, day, services)}"
        f"–{hhmm(shift.clock_out, day, services)}"
    )


class SupervisorScreen(SupervisorOnly, KioskScreen[None]):
    """A supervisor screen: re-checks the role when opened (`SupervisorOnly`), writes an
    audit event, and reads services and the session's language from the app."""

    CSS_PATH = "supervisor.tcss"
    SCREEN_NAME: ClassVar[str] = "supervisor"
    """Audit name of the screen (`open:<name>`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "supervisor.key.back"),
    ]

    def __init__(self, supervisor: Employee) -> None:
        super().__init__()
        self.supervisor = supervisor
        self.shown_in = ""
        """The language the screen's texts were drawn in (redrawn when it differs)."""
        self.covered = False
        """Whether another screen or a dialog has been shown over this one since it was
        drawn (its figures are read again when it is back on top)."""

    @property
    def tools(self) -> SupervisorTools:
        """Summary, corrections, acknowledgements and audit services."""
        return self.kiosk.supervisor_tools

    def today(self) -> date:
        """The store's local date."""
        return self.services.clock().astimezone(self.services.config.tz).date()

    def compose_footer(self) -> ComposeResult:
        """The footer that teaches the keys."""
        yield Footer()

    def opened(self) -> None:
        """Record the opening and show the data."""
        self.tools.audit.opened(self.actor, self.SCREEN_NAME, self.audit_detail())
        self.shown_in = self.tr.lang
        self.refresh_data()

    def audit_detail(self) -> str:
        """What the audit event of the opening names (e.g. the day shown)."""
        return ""

    def refresh_data(self) -> None:
        """Load or reload what the screen shows."""

    def language_changed(self) -> None:
        """F2: draw the screen again in the new language (now if shown, else on return)."""
        if self.is_current:
            self.call_next(self.redraw)

    async def redraw(self) -> None:
        """Compose the screen again in the current language and reload its data."""
        if self.denied or not self.is_mounted:
            return
        self.shown_in = self.tr.lang
        await self.recompose()
        self.retranslate()
        self.refresh_data()

    def on_screen_suspend(self) -> None:
        self.covered = True

    def on_screen_resume(self) -> None:
        """Back on top: in the session's language, with figures that may have changed."""
        if not self.covered or self.denied or not self.shown_in:
            return
        self.covered = False
        if self.shown_in != self.tr.lang:
            self.call_next(self.redraw)
        else:
            self.refresh_data()

    def fail(self, exc: ServiceError) -> None:
        """Show a refused request."""
        self.notify(exc.message(self.tr.lang), severity="error")

    def action_back(self) -> None:
        """Close this screen."""
        self.dismiss()


class SupervisorTitle(Static):
    """A screen's title line (it often names an employee): always shown as plain text."""

    def __init__(self, content: str = "", **kwargs: Any) -> None:
        super().__init__(plain(content), **kwargs)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show `content`; a string as plain text, never markup."""
        super().update(plain(content) if isinstance(content, str) else content, layout=layout)


class SupervisorDialog(KioskModal[ResultT]):
    """A dialog over a supervisor screen; shows refused input in `#sv-error` and
    `dismiss()`es its result."""

    CSS_PATH = "supervisor.tcss"

    def __init__(self, owner: SupervisorScreen) -> None:
        super().__init__()
        self.owner = owner
        """The screen that opened the dialog (its supervisor is the actor)."""

    def show_error(self, message: str) -> None:
        """Put the message next to the fields."""
        self.query_one("#sv-error", Static).update(Text(message, style="bold red"))

    def buttons(self, save_key: str = "supervisor.key.save") -> ComposeResult:
        """The error line, then Save (labelled `save_key`) and Cancel."""
        yield Static(id="sv-error")
        with Horizontal(id="sv-buttons"):
            yield Button(self.tr(save_key), variant="primary", id="save", compact=True)
            yield Button(self.tr("supervisor.key.cancel"), id="cancel", compact=True)

    def language_changed(self) -> None:
        """F2: the dialog again in the new language, with what was typed kept."""
        self.call_next(self.redraw)

    async def redraw(self) -> None:
        """Compose the dialog again in the current language, keeping typed values."""
        await redraw_keeping_input(self)

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
