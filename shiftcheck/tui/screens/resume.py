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
from shiftcheck.services.errors import ServiceError
from shiftcheck.store import StoreError
from shiftcheck.tui import formatting
from shiftcheck.tui.screens.base import KioskScreen


class ResumeScreen(KioskScreen):
    """Offer to resume an unfinished check."""

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
        draft = self.due.draft
        assert draft is not None
        tz = self.services.config.tz
        self.query_one("#resume-text", Static).update(
            self.tr(
                "kiosk.resume.text",
                name=self.employee.name,
                check=self.tr(f"kiosk.resume.check.{draft.checklist}"),
                time=formatting.hhmm(draft.started_at, tz),
                answered=len(draft.answers),
                total=len(self.due.checklist.items),
            )
        )
        self.query_one("#resume", Button).label = self.tr("kiosk.resume.resume")
        self.query_one("#restart", Button).label = self.tr("kiosk.resume.restart")
        self.query_one("#resume", Button).focus()

    def action_back(self) -> None:
        self.kiosk.go_welcome()

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        from shiftcheck.tui.screens.checklist import ChecklistScreen

        draft = self.due.draft
        assert draft is not None
        screen = ChecklistScreen(self.employee, self.due.checklist, draft, self.due.open_shift)
        self.app.switch_screen(screen)

    @on(Button.Pressed, "#restart")
    def action_restart(self) -> None:
        from shiftcheck.tui.screens.checklist import ChecklistScreen

        checks = self.services.checks
        try:
            checks.discard(self.employee.id)
            due = checks.due(self.employee.id)
            draft = checks.begin(self.employee.id, due.checklist.id)
        except StoreError as exc:
            self.query_one("#resume-message", Static).update(
                formatting.save_failed(self.kiosk.tr, exc)
            )
            return
        except ServiceError as exc:  # e.g. a terminal clock records cannot hold
            self.query_one("#resume-message", Static).update(exc.message(self.kiosk.tr.lang))
            return
        self.app.switch_screen(ChecklistScreen(self.employee, due.checklist, draft, due.open_shift))
