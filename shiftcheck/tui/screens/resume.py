"""An unfinished check was found: resume it (same answers, same start time) or start again."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from shiftcheck.domain.staff import Employee
from shiftcheck.services.checks import DueCheck
from shiftcheck.services.errors import StoreError
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import KioskScreen


class ResumeScreen(KioskScreen[None]):
    """Offer to resume an unfinished check."""

    CSS_PATH = "resume.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,r", "resume", "kiosk.key.resume", key_display="Enter"),
        Binding("s", "restart", "kiosk.key.restart"),
        Binding("escape", "back", "kiosk.key.back"),
    ]

    def __init__(self, employee: Employee, due: DueCheck) -> None:
        super().__init__()
        self.employee = employee
        self.due = due

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box"):
            yield Static(id="resume-text")
            with Horizontal(id="resume-buttons"):
                yield Button(id="resume", variant="primary")
                yield Button(id="restart")
            yield Static(id="resume-message")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_texts()
        self.query_one("#resume", Button).focus()

    def refresh_texts(self) -> None:
        """The unfinished check and the buttons in the current language."""
        super().refresh_texts()
        draft = self.due.draft
        assert draft is not None
        started = formatting.clock_in_at(
            self.kiosk.tr, draft.started_at, self.services.config.tz, self.kiosk.clock()
        )
        self.query_one("#resume-text", Static).update(
            plain(
                self.tr(
                    "kiosk.resume.text",
                    name=self.employee.name,
                    check=self.tr(f"kiosk.resume.check.{draft.checklist}"),
                    time=started,
                    answered=len(draft.answers),
                    total=len(self.due.checklist.items),
                )
            )
        )
        self.query_one("#resume", Button).label = self.tr("kiosk.resume.resume")
        self.query_one("#restart", Button).label = self.tr("kiosk.resume.restart")

    def action_back(self) -> None:
        self.kiosk.back_to_base()

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        self.kiosk.resume_check(self.employee, self.due)

    @on(Button.Pressed, "#restart")
    def action_restart(self) -> None:
        """Drop the unfinished check and open the one due now (a forgotten clock-out asks
        first, as after a PIN)."""
        try:
            self.services.checks.discard(self.employee.id)
        except StoreError as exc:
            self.say(formatting.save_failed(self.kiosk.tr, exc))
            return
        problem = self.kiosk.open_due_check(self.employee)
        if problem is not None:
            self.say(problem)

    def say(self, message: str) -> None:
        """Show a message under the buttons."""
        self.query_one("#resume-message", Static).update(plain(message))
