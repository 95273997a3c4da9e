"""The supervisor's payroll export: pick a period, a format and a profile; the file is written
under the data folder's `exports/` by a worker thread, and its path is shown."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Select, Static

from shiftcheck.domain.staff import Employee
from shiftcheck.domain.weeks import week_start_of, weekday_number
from shiftcheck.services.errors import ServiceError, StoreError
from shiftcheck.tui.plain import plain, plain_rich
from shiftcheck.tui.screens.base import KioskScreen, SupervisorOnly, redraw_keeping_input
from shiftcheck.tui.widgets.guarded_input import GuardedInput

if TYPE_CHECKING:
    from shiftcheck.services.payroll import ExportResult
    from shiftcheck.services.payroll_writers import Format


class PayrollExportScreen(SupervisorOnly, KioskScreen[None]):
    """Period picker, format and profile, and the export button."""

    CSS_PATH = "payroll_export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "payroll.back"),
        Binding("ctrl+s", "export", "payroll.export"),
    ]

    def __init__(self, supervisor: Employee) -> None:
        super().__init__()
        self.supervisor = supervisor
        self.last_result: ExportResult | None = None
        """The last export written from this screen."""

    def default_period(self) -> tuple[date, date]:
        """The last full week (weeks start on the store's `week_start`)."""
        config = self.services.config
        today = self.services.clock().astimezone(config.tz).date()
        start = week_start_of(today, weekday_number(config.payroll.week_start)) - timedelta(7)
        return start, start + timedelta(days=6)

    def compose(self) -> ComposeResult:
        # Payroll modules load when a supervisor first opens the export: the kiosk starts sooner.
        from shiftcheck.services.export_profiles import DEFAULT_PROFILE, Profile, list_profiles
        from shiftcheck.services.payroll_writers import FORMATS

        tr = self.tr
        first, last = self.default_period()
        profiles = [
            (plain(f"{name} — {p.title_in(self.tr.lang)}"), name)
            for name, p in list_profiles(self.services.data_dir)
            if isinstance(p, Profile)
        ]
        yield Static(tr("payroll.title"), id="title")
        with Vertical(id="form"):
            with Horizontal(classes="field"):
                yield Label(tr("payroll.from"))
                yield GuardedInput(first.isoformat(), id="from", max_length=10)
            with Horizontal(classes="field"):
                yield Label(tr("payroll.to"))
                yield GuardedInput(last.isoformat(), id="to", max_length=10)
            with Horizontal(classes="field"):
                yield Label(tr("payroll.format"))
                yield Select(
                    [(f.upper(), f) for f in FORMATS], value="xlsx", id="format", allow_blank=False
                )
            with Horizontal(classes="field"):
                yield Label(tr("payroll.profile"))
                yield Select(profiles, value=DEFAULT_PROFILE, id="profile", allow_blank=False)
            yield Button(tr("payroll.export"), id="export", variant="primary")
            yield Static(tr("payroll.hint"), id="hint")
            yield Static(id="status")
        yield Footer()

    def opened(self) -> None:
        """The supervisor is confirmed: the period's first field takes the keys."""
        self.query_one("#from", Input).focus()

    def language_changed(self) -> None:
        """F2: the form again in the new language, with what was typed kept."""
        self.call_next(redraw_keeping_input, self)

    def _date(self, field: str) -> date | None:
        raw = self.query_one(f"#{field}", Input).value.strip()
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.show_error(self.tr("payroll.bad_date", value=raw or "—"))
            self.query_one(f"#{field}", Input).focus()
            return None

    def show_error(self, message: str) -> None:
        """Show a refused request under the form."""
        self.query_one("#status", Static).update(plain_rich(message, style="bold red"))

    def show_done(self, result: ExportResult) -> None:
        """Show where the file went and record the export in the audit trail."""
        self.last_result = result
        self.query_one("#status", Static).update(
            plain_rich(
                self.tr(
                    "payroll.done",
                    path=str(result.path),
                    shifts=result.shifts,
                    employees=result.employees,
                ),
                style="bold green",
            )
        )
        self.query_one("#export", Button).disabled = False
        from shiftcheck.services.payroll import record_export

        try:
            record_export(self.services, self.supervisor.id, result)
        except StoreError as exc:
            self.notify(exc.message(self.tr.lang), severity="warning")

    def show_failed(self, message: str) -> None:
        """Show why the export was not written."""
        self.show_error(message)
        self.query_one("#export", Button).disabled = False

    @on(Button.Pressed, "#export")
    def _pressed(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        """Check the period and start the export in a worker."""
        first = self._date("from")
        last = first and self._date("to")
        if first is None or last is None:
            return
        fmt = cast("Format", self.query_one("#format", Select).value)
        profile = cast(str, self.query_one("#profile", Select).value)
        self.query_one("#status", Static).update(self.tr("payroll.working"))
        self.query_one("#export", Button).disabled = True
        self.run_export(first, last, fmt, profile)

    @work(thread=True, exclusive=True, exit_on_error=False, group="payroll-export")
    def run_export(self, first: date, last: date, fmt: Format, profile: str) -> None:
        """Build and write the file off the UI thread; report back on the UI thread."""
        from shiftcheck.services.payroll import export_for_supervisor

        try:
            result = export_for_supervisor(
                self.services, self.supervisor.id, first, last, fmt, profile
            )
        except ServiceError as exc:
            self.app.call_from_thread(self.show_failed, exc.message(self.tr.lang))
            return
        except StoreError as exc:
            self.app.call_from_thread(self.show_failed, exc.message(self.tr.lang))
            return
        self.app.call_from_thread(self.show_done, result)

    def action_back(self) -> None:
        """Close this screen."""
        self.dismiss()
