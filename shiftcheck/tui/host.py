"""What screens and widgets ask of the running app (`ShiftcheckApp` is the host).

The app does the routing: screens say what happened through these methods (or `dismiss()` a
result to whoever opened them), the app picks the next screen. Screens never import the app
or each other, so `tui/` has no import loop.
"""

from __future__ import annotations

from typing import Any, Protocol

from shiftcheck.domain.staff import Employee
from shiftcheck.i18n import Translator
from shiftcheck.services.check_session import CheckSession
from shiftcheck.services.checks import DueCheck, Started
from shiftcheck.services.clock import Clock
from shiftcheck.services.context import Services, SupervisorTools


class Host(Protocol):
    """What screens ask of the running app (`ShiftcheckApp` is the host; it does the routing:
    screens say what happened, the app picks the next screen)."""

    services: Services
    tr: Translator
    demo_people: list[tuple[str, str, str, bool]] | None
    exit_when_ready: bool
    cursor_blink: bool
    notice: str

    @property
    def clock(self) -> Clock:
        """The services' clock."""
        ...

    @property
    def supervisor_tools(self) -> SupervisorTools:
        """Summary, corrections, acknowledgements and audit for the supervisor screens."""
        ...

    def touch(self) -> None:
        """Note activity now (resets the idle timeout)."""
        ...

    def set_language(self, lang: str) -> None:
        """Switch the session's language."""
        ...

    def go_welcome(self) -> None:
        """Back to the start for the next person (a supervisor is signed out)."""
        ...

    def back_to_base(self) -> None:
        """Back to the supervisor's workspace when one is open, else to the start."""
        ...

    def welcome_ready(self) -> None:
        """The welcome screen has been drawn for the first time."""
        ...

    def leaving_needs_supervisor(self) -> bool:
        """Whether ctrl+q / ctrl+c ask for a supervisor's sign-in."""
        ...

    def set_up(self) -> None:
        """First-run setup is saved: show the welcome screen."""
        ...

    def pick(self, employee: Employee) -> None:
        """An employee was picked on the welcome screen: ask for their PIN."""
        ...

    def signed_in(self, employee: Employee) -> str | None:
        """A PIN was accepted; a message if what is due cannot start."""
        ...

    def open_due_check(self, employee: Employee) -> str | None:
        """Open the check due for `employee`; a message if it cannot start."""
        ...

    def resume_check(self, employee: Employee, due: DueCheck) -> None:
        """Go on with the unfinished check of `due`."""
        ...

    def open_started(self, employee: Employee, started: Started) -> None:
        """Open a check begun after the forgotten-clock-out choice."""
        ...

    def review(self, check: CheckSession, name: str) -> None:
        """Every item is answered: show the review before submitting."""
        ...

    def open_supervisor(self, entry: str, supervisor: Employee, **options: Any) -> None:
        """Open a supervisor screen by its workspace entry (`day`, `period`, …)."""
        ...
