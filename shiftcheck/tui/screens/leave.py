"""Leaving the kiosk: a supervisor signs in before the terminal drops back to the shell."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static

from shiftcheck.domain.staff import PIN_MAX
from shiftcheck.services.errors import StoreError
from shiftcheck.services.wording import sign_in_refusal
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import KioskModal
from shiftcheck.tui.widgets.inputs import KioskInput, PinInput


class LeaveKioskScreen(KioskModal[None]):
    """Ask for a supervisor's id and PIN; the kiosk closes only once they are accepted."""

    CSS_PATH = "habits.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stay", "habits.key.stay"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-box"):
            yield Static(id="leave-title")
            yield Static(id="leave-id-label", classes="kiosk-subtitle")
            yield KioskInput(id="leave-id", max_length=32, compact=True)
            yield Static(id="leave-pin-label", classes="kiosk-subtitle")
            yield PinInput(
                password=True, restrict=r"[0-9]*", max_length=PIN_MAX, id="leave-pin", compact=True
            )
            yield Static(id="leave-message", classes="kiosk-error")
        yield Footer()

    def __init__(self) -> None:
        super().__init__()
        self.message: Callable[[], str] | None = None
        """Why the kiosk stays open, written in the language shown (F2 writes it again)."""

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_texts()
        self.query_one("#leave-id", Input).focus()

    def refresh_texts(self) -> None:
        """Every fixed text in the current language."""
        self.query_one("#leave-title", Static).update(self.tr("habits.leave.title"))
        self.query_one("#leave-id-label", Static).update(self.tr("habits.leave.id"))
        self.query_one("#leave-pin-label", Static).update(self.tr("habits.leave.pin"))
        if self.message is not None:
            self.query_one("#leave-message", Static).update(plain(self.message()))
        self.retranslate()

    def say(self, message: Callable[[], str]) -> None:
        """Show why the kiosk stays open (`message` writes it in the current language)."""
        self.message = message
        self.query_one("#leave-message", Static).update(plain(message()))

    @on(Input.Submitted, "#leave-id")
    def _id_entered(self) -> None:
        self.query_one("#leave-pin", Input).focus()

    @on(Input.Submitted, "#leave-pin")
    def _pin_entered(self, event: Input.Submitted) -> None:
        event.input.value = ""
        employee_id = self.query_one("#leave-id", Input).value.strip()
        if not employee_id:
            self.say(lambda: self.tr("habits.leave.no_id"))
            self.query_one("#leave-id", Input).focus()
            return
        if not event.value:
            self.say(lambda: self.tr("kiosk.pin.empty"))
            return
        try:
            result = self.services.auth.login(employee_id, event.value)
        except StoreError as exc:
            failure = exc
            self.say(lambda: formatting.save_failed(self.kiosk.tr, failure))
            return
        if result.employee is None and not result.terminal_paused:
            # Whoever stands at a locked-down kiosk learns nothing of which ids exist.
            self.say(lambda: self.tr("kiosk.pin.refused"))
            return
        if not result.ok or result.employee is None:
            tz, now = self.services.config.tz, self.kiosk.clock()
            self.say(lambda: sign_in_refusal(result, employee_id, self.kiosk.tr.lang, tz, now))
            return
        if not result.employee.is_supervisor:
            self.say(lambda: self.tr("habits.leave.not_supervisor"))
            return
        self.app.exit()

    def action_stay(self) -> None:
        self.dismiss()
