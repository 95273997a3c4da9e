"""The real app opened on one screen, for tests of a screen on its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from shiftcheck import tui
from shiftcheck.services.context import Services, SupervisorTools
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.base import SupervisorOnly


class ScreenHost(ShiftcheckApp):
    """`ShiftcheckApp` showing `make()` where the welcome screen would be; a supervisor
    screen is shown in its supervisor's language, as after their sign-in. The window title
    is the test class's name (`TITLE = None`), as in the snapshots."""

    TITLE = None
    CSS_PATH = Path(tui.__file__).with_name("app.tcss")
    """The app's sheet (a relative path would be read beside this file)."""

    def __init__(
        self,
        services: Services,
        make: Callable[[], Screen[Any]],
        tools: SupervisorTools | None = None,
    ) -> None:
        super().__init__(services, owns_services=False, cursor_blink=False)
        self.make = make
        self.tools = tools
        """Supervisor services to use instead of the app's own (e.g. other pay rules)."""

    @property
    def supervisor_tools(self) -> SupervisorTools:
        return self.tools or super().supervisor_tools

    def first_screen(self) -> Screen[Any]:
        screen = self.make()
        if isinstance(screen, SupervisorOnly):
            self.set_language(screen.supervisor.language)
        return screen
