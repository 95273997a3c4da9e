"""A forgotten clock-out: the employee's open shift began more than `max_shift_hours` ago.

Before anything else they choose: `s` start today's shift (the old one stays open, flagged
`missed_clock_out` for the supervisor) or `e` end the old shift now (flagged `long`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from shiftcheck.domain.shifts import Shift
from shiftcheck.domain.staff import Employee
from shiftcheck.services.checks import ForgottenChoice
from shiftcheck.services.errors import ServiceError, StoreError
from shiftcheck.tui import formatting
from shiftcheck.tui.screens.base import KioskScreen


class ForgottenShiftScreen(KioskScreen[None]):
    """Ask what to do about an open shift that should have ended long ago."""

    CSS_PATH = "forgotten.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('start_today')", "kiosk.shifts.key.start"),
        Binding("e", "choose('end_shift')", "kiosk.shifts.key.end"),
        Binding("escape", "back", "kiosk.key.back"),
    ]

    def __init__(self, employee: Employee, shift: Shift) -> None:
        super().__init__()
        self.employee = employee
        self.shift = shift
        """The open shift, begun more than `max_shift_hours` ago."""

    def compose(self) -> ComposeResult:
        with Vertical(id="forgotten-box"):
            yield Static(id="forgotten-title")
            yield Static(id="forgotten-text")
            yield Static(id="forgotten-start", classes="forgotten-choice")
            yield Static(id="forgotten-end", classes="forgotten-choice")
            yield Static(id="forgotten-message")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_texts()

    def refresh_texts(self) -> None:
        """The forgotten clock-out and the two choices in the current language."""
        super().refresh_texts()
        tz = self.services.config.tz
        now = self.kiosk.clock()
        clock_in = self.shift.clock_in
        ago = formatting.duration(self.kiosk.tr, now - clock_in)
        self.query_one("#forgotten-title", Static).update(
            self.tr("shifts.choice.title", name=self.employee.name)
        )
        self.query_one("#forgotten-text", Static).update(
            self.tr(
                "shifts.choice.text",
                date=formatting.short_date(self.kiosk.tr, clock_in.astimezone(tz)),
                time=formatting.hhmm(clock_in, tz),
                ago=ago,
            )
        )
        self.query_one("#forgotten-start", Static).update(self.tr("shifts.choice.start"))
        self.query_one("#forgotten-end", Static).update(self.tr("shifts.choice.end", hours=ago))

    def action_back(self) -> None:
        self.kiosk.back_to_base()

    def action_choose(self, choice: str) -> None:
        """Begin the chosen check (saved at once) and open it."""
        try:
            started = self.services.checks.choose(self.employee.id, ForgottenChoice(choice))
        except StoreError as exc:
            self.say(formatting.save_failed(self.kiosk.tr, exc))
            return
        except ServiceError as exc:
            self.say(exc.message(self.kiosk.tr.lang))
            return
        self.kiosk.open_started(self.employee, started)

    def say(self, message: str) -> None:
        """Show a message under the choices."""
        self.query_one("#forgotten-message", Static).update(message)
