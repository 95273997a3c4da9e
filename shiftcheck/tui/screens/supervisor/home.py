"""The supervisor's menu, opened by the kiosk after a supervisor's PIN."""

from __future__ import annotations

import importlib
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.screens.supervisor.common import SupervisorScreen, SupervisorTitle

MENU = (
    ("day", "d"),
    ("period", "p"),
    ("corrections", "c"),
    ("forms", "f"),
    ("staff", "a"),
    ("export", "e"),
    ("sync", "s"),
)
"""Menu entries (action name, key) in order."""

LATER_SCREENS = {
    "export": ("shiftcheck.tui.screens.payroll_export", "PayrollExportScreen"),
    "sync": ("shiftcheck.tui.screens.sync", "SyncScreen"),
}
"""Screens other parts of the app provide; opened only if installed."""


class SupervisorHome(SupervisorScreen):
    """What needs attention now, and the way to every supervisor screen."""

    SCREEN_NAME = "supervisor_home"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "supervisor.key.sign_out"),
        Binding("d", "day", "supervisor.key.day"),
        Binding("p", "period", "supervisor.key.period"),
        Binding("c", "corrections", "supervisor.key.corrections"),
        Binding("f", "forms", "supervisor.key.forms"),
        Binding("a", "staff", "supervisor.key.staff"),
        Binding("e", "export", "supervisor.key.export", show=False),
        Binding("s", "sync", "supervisor.key.sync", show=False),
    ]

    def compose(self) -> ComposeResult:
        tr = self.tr
        yield SupervisorTitle(
            tr("supervisor.home.title", id=self.supervisor.id, name=self.supervisor.name),
            id="sv-title",
        )
        yield Static(id="sv-attention")
        yield OptionList(
            *(
                Option(Text(f"[{key}] {tr(f'supervisor.menu.{name}')}"), id=name)
                for name, key in MENU
            ),
            id="sv-menu",
        )
        yield from self.compose_footer()

    def refresh_data(self) -> None:
        try:
            open_ = self.tools.corrections.forgotten(actor=self.actor)
            forms = self.tools.acknowledgements.pending_forms(actor=self.actor)
            day = self.tools.summary.day(self.today(), self.services.clock(), actor=self.actor)
        except ServiceError as exc:
            self.fail(exc)
            return
        attention = self.tr(
            "supervisor.home.attention",
            on_shift=day.totals.on_shift,
            open=len(open_),
            forms=forms,
            failed=day.totals.failed_items,
        )
        if day.roster is not None:  # late arrivals and no-shows today, for a store with a roster
            attention += "\n" + self.tr(
                "rosterviews.home.attention", late=day.late, no_shows=day.no_shows
            )
        self.query_one("#sv-attention", Static).update(attention)
        self.query_one("#sv-menu", OptionList).focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            await self.run_action(event.option.id)

    def on_screen_resume(self) -> None:
        """Coming back from a screen: the figures may have changed."""
        if self.is_mounted and not self.denied:
            self.refresh_data()

    def action_day(self) -> None:
        """Open today's team summary."""
        from shiftcheck.tui.screens.supervisor.day import DaySummaryScreen

        self.app.push_screen(DaySummaryScreen(self.services, self.supervisor, self.tools))

    def action_period(self) -> None:
        """Open the week's summary."""
        from shiftcheck.tui.screens.supervisor.period import PeriodScreen

        self.app.push_screen(PeriodScreen(self.services, self.supervisor, self.tools))

    def action_corrections(self) -> None:
        """Open the corrections list."""
        from shiftcheck.tui.screens.supervisor.corrections import CorrectionsScreen

        self.app.push_screen(CorrectionsScreen(self.services, self.supervisor, self.tools))

    def action_forms(self) -> None:
        """Open the pending form handovers."""
        from shiftcheck.tui.screens.supervisor.forms import FormsScreen

        self.app.push_screen(FormsScreen(self.services, self.supervisor, self.tools))

    def action_staff(self) -> None:
        """Open staff administration."""
        from shiftcheck.tui.screens.staff_admin import StaffAdminScreen

        self.app.push_screen(StaffAdminScreen(self.services, self.supervisor, self.tools))

    def _later(self, name: str) -> None:
        module_name, attr = LATER_SCREENS[name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            self.notify(self.tr(f"supervisor.missing.{name}"), severity="warning")
            return
        self.app.push_screen(getattr(module, attr)(self.services, self.supervisor))

    def action_export(self) -> None:
        """Open the payroll export (when installed)."""
        self._later("export")

    def action_sync(self) -> None:
        """Open "Sync now" (when installed)."""
        self._later("sync")
