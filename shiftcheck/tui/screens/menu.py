"""After a supervisor's PIN: their own due check, the team summary, or staff admin."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from shiftcheck.domain.staff import Employee
from shiftcheck.services.context import Services
from shiftcheck.services.errors import StoreError
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import KioskScreen, translate_bindings

if TYPE_CHECKING:
    from shiftcheck.tui.app import ShiftcheckApp

ScreenFactory = Callable[[Services, Employee], Screen[Any]]
"""How a supervisor screen is opened: `Screen(services, supervisor)`."""

OPTIONAL_SCREENS: dict[str, tuple[str, str]] = {
    "summary": ("shiftcheck.tui.screens.supervisor", "SupervisorHome"),
    "staff": ("shiftcheck.tui.screens.staff_admin", "StaffAdminScreen"),
}
"""Menu entry → (module, screen class); an entry whose module is not installed is hidden."""


def _optional_screen(entry: str) -> ScreenFactory | None:
    module_name, attr = OPTIONAL_SCREENS[entry]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    screen: ScreenFactory = getattr(module, attr)
    return screen


def menu_entries() -> list[str]:
    """The entries this build offers: the due check, then the supervisor screens present."""
    return ["check", *(e for e in OPTIONAL_SCREENS if _optional_screen(e) is not None)]


class MenuList(OptionList):
    """The menu's entries; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "kiosk.key.open", key_display="Enter"),
    ]

    def on_mount(self) -> None:
        translate_bindings(self, cast("ShiftcheckApp", self.app))


class SupervisorMenu(KioskScreen):
    """A small menu for a supervisor who has just entered their PIN."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "kiosk.key.sign_out"),
    ]

    def __init__(self, supervisor: Employee) -> None:
        super().__init__()
        self.supervisor = supervisor

    def compose(self) -> ComposeResult:
        with Vertical(id="menu-box"):
            yield Static(id="menu-title")
            yield MenuList(id="menu")
            yield Static(id="menu-message")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_texts()
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = 0
        menu.focus()

    def refresh_texts(self) -> None:
        """The title and the entries in the current language (the highlight kept)."""
        super().refresh_texts()
        self.query_one("#menu-title", Static).update(
            plain(self.tr("kiosk.menu.title", name=self.supervisor.name))
        )
        due = self.services.checks.due(self.supervisor.id)
        labels = {
            "check": self.tr(f"checklist.title.{due.checklist.id}"),
            "summary": self.tr("kiosk.menu.summary"),
            "staff": self.tr("kiosk.menu.staff"),
        }
        menu = self.query_one("#menu", OptionList)
        if menu.option_count:
            for entry in menu_entries():
                menu.replace_option_prompt(entry, labels[entry])
        else:
            menu.add_options(Option(labels[e], id=e) for e in menu_entries())

    def action_back(self) -> None:
        self.kiosk.go_welcome()

    @on(OptionList.OptionSelected, "#menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        entry = event.option.id
        if entry == "check":
            problem = self.kiosk.open_due_check(self.supervisor)
            if problem is not None:
                self.query_one("#menu-message", Static).update(plain(problem))
            return
        if entry is None:
            return
        screen = _optional_screen(entry)
        if screen is None:
            return
        try:
            opened = screen(self.services, self.supervisor)
        except StoreError as exc:
            self.query_one("#menu-message", Static).update(
                plain(formatting.save_failed(self.kiosk.tr, exc))
            )
            return
        self.app.push_screen(opened)
