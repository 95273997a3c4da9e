"""PIN entry: masked digits, then Enter; wrong PINs count towards the locks."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static

from shiftcheck.domain.staff import PIN_MAX, Employee
from shiftcheck.services.auth import LoginResult
from shiftcheck.services.errors import StoreError
from shiftcheck.services.wording import sign_in_refusal
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import KioskScreen
from shiftcheck.tui.widgets.inputs import PinInput


class PinScreen(KioskScreen[None]):
    """Ask one employee for their PIN."""

    CSS_PATH = "pin.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "kiosk.key.back"),
    ]

    def __init__(self, employee: Employee) -> None:
        super().__init__()
        self.employee = employee
        self.message: Callable[[], str] | None = None
        """The message under the field, written in the language shown (F2 writes it again)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield Static(id="pin-who")
            yield Static(id="pin-prompt")
            yield PinInput(
                password=True,
                restrict=r"[0-9]*",
                max_length=PIN_MAX,
                id="pin",
            )
            yield Static(id="pin-message")
        yield Footer()

    def on_mount(self) -> None:
        field = self.query_one("#pin", Input)
        field.focus()
        self.query_one("#pin-who", Static).update(
            plain(f"{self.employee.name}  ({self.employee.id})")
        )
        self.refresh_texts()
        auth = self.services.auth
        now = self.kiosk.clock()
        if not self.employee.has_pin:
            no_pin = LoginResult(False, self.employee, no_pin=True)
            self.say(lambda: self.refusal(no_pin))
        elif auth.terminal_paused():
            paused = LoginResult(False, self.employee, terminal_paused=True)
            self.say(lambda: self.refusal(paused))
        elif self.employee.is_locked(now):
            locked = LoginResult(False, self.employee, locked_until=self.employee.locked_until)
            self.say(lambda: self.refusal(locked))

    def refresh_texts(self) -> None:
        """The prompt and key hints in the current language."""
        super().refresh_texts()
        self.query_one("#pin-prompt", Static).update(self.tr("kiosk.pin.prompt"))
        if self.message is not None:
            self.query_one("#pin-message", Static).update(plain(self.message()))

    def say(self, message: Callable[[], str]) -> None:
        """Show a message under the field (`message` writes it in the current language)."""
        self.message = message
        self.query_one("#pin-message", Static).update(plain(message()))

    @on(Input.Submitted, "#pin")
    def _entered(self, event: Input.Submitted) -> None:
        event.input.value = ""
        self.check_pin(event.value)

    def action_back(self) -> None:
        self.kiosk.go_welcome()

    def check_pin(self, pin: str) -> None:
        """Try the PIN; go on to the check, or say why not."""
        if not pin:
            self.say(lambda: self.tr("kiosk.pin.empty"))
            return
        try:
            result = self.services.auth.login(self.employee.id, pin)
        except StoreError as exc:
            failure = exc
            self.say(lambda: formatting.save_failed(self.kiosk.tr, failure))
            return
        if result.ok and result.employee is not None:
            problem = self.kiosk.signed_in(result.employee)
            if problem is not None:
                said = problem
                self.say(lambda: said)
            return
        self.say(lambda: self.refusal(result))

    def refusal(self, result: LoginResult) -> str:
        """Why the PIN was not accepted, and what happens next."""
        tz, now = self.services.config.tz, self.kiosk.clock()
        return sign_in_refusal(result, self.employee.id, self.kiosk.tr.lang, tz, now)
