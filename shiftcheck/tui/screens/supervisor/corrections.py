"""Corrections: open shifts (forgotten clock-outs) first, then recent shifts; a dialog sets a
clock-out or changes a clock-in with a required reason."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Input, Label, RadioButton, RadioSet, Static

from shiftcheck.domain.records import Correction, CorrectionField
from shiftcheck.domain.shifts import Shift
from shiftcheck.domain.text import FREE_TEXT_MAX
from shiftcheck.services.corrections import parse_clock_time
from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.plain import plain, plain_rich
from shiftcheck.tui.screens.supervisor.common import (
    SupervisorDialog,
    SupervisorScreen,
    SupervisorTitle,
    hhmm,
)
from shiftcheck.tui.table_fill import fill_table
from shiftcheck.tui.widgets.guarded_input import GuardedInput

TIME_MAX = 32
"""Characters in a corrected time: `HH:MM`, or a date and time with its offset."""


class CorrectionsScreen(SupervisorScreen):
    """Shifts of the last two weeks that a supervisor may correct."""

    SCREEN_NAME = "corrections"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "correct", "supervisor.key.correct", priority=True),
    ]

    shifts: list[Shift]

    def compose(self) -> ComposeResult:
        yield SupervisorTitle(self.tr("supervisor.corrections.title"), id="sv-title")
        yield DataTable(id="shift-table", cursor_type="row", zebra_stripes=True)
        yield Static(self.tr("supervisor.corrections.hint"), id="sv-hint")
        yield from self.compose_footer()

    def refresh_data(self) -> None:
        tr = self.tr
        try:
            self.shifts = self.tools.corrections.shifts(actor=self.actor)
        except ServiceError as exc:
            self.fail(exc)
            return
        people = self.tools.summary.names()
        table = self.query_one("#shift-table", DataTable)
        tz = self.services.config.tz
        rows: list[list[str | Text]] = []
        for s in self.shifts:
            day = s.local_date(tz)
            name = people[s.employee_id].name if s.employee_id in people else ""
            if s.clock_out is None and self.tools.corrections.is_running(s):
                status = Text(tr("supervisor.flag.on_shift"), style="green")
            elif s.clock_out is None:
                status = Text(tr("supervisor.flag.open"), style="bold red")
            elif s.corrections:
                status = Text(tr("supervisor.flag.corrected"), style="yellow")
            else:
                status = Text("")
            rows.append(
                [
                    plain_rich(f"{s.employee_id} {name}"),
                    day.isoformat(),
                    hhmm(s.clock_in, day, self.services),
                    hhmm(s.clock_out, day, self.services),
                    status,
                ]
            )
        columns = [(tr(f"supervisor.col.{key}"), key) for key in ("employee", "date", "in", "out")]
        columns.append((tr("supervisor.col.status"), "status"))
        fill_table(table, columns, rows, [str(i) for i in range(len(rows))])
        if not self.shifts:
            self.query_one("#sv-hint", Static).update(tr("supervisor.corrections.empty"))
        table.focus()

    def action_correct(self) -> None:
        """Correct the shift under the cursor."""
        table = self.query_one("#shift-table", DataTable)
        if not self.shifts or table.cursor_row < 0:
            return
        shift = self.shifts[table.cursor_row]
        self.app.push_screen(CorrectionDialog(self, shift), callback=self._done)

    def _done(self, result: object) -> None:
        self.refresh_data()


class CorrectionDialog(SupervisorDialog[Correction]):
    """Set a clock-out or change a clock-in of one shift, with a reason."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "supervisor.key.cancel"),
        Binding("ctrl+s", "save", "supervisor.key.save"),
    ]

    def __init__(self, owner: SupervisorScreen, shift: Shift) -> None:
        super().__init__(owner)
        self.shift = shift
        """The shift being corrected."""

    def compose(self) -> ComposeResult:
        tr, s = self.tr, self.services
        day = self.shift.local_date(s.config.tz)
        people = self.owner.tools.summary.names()
        name = people[self.shift.employee_id].name if self.shift.employee_id in people else ""
        with Vertical(id="sv-dialog"):
            yield Label(
                plain(
                    tr(
                        "supervisor.correct.title",
                        id=self.shift.employee_id,
                        name=name,
                        date=day.isoformat(),
                        clock_in=hhmm(self.shift.clock_in, day, s),
                        clock_out=hhmm(self.shift.clock_out, day, s),
                    )
                ),
                id="sv-dialog-title",
            )
            with RadioSet(id="sv-field"):
                yield RadioButton(tr("supervisor.correct.clock_out"), value=True, id="clock_out")
                yield RadioButton(tr("supervisor.correct.clock_in"), id="clock_in")
            yield Label(tr("supervisor.correct.time_label"))
            yield GuardedInput(
                placeholder=tr("supervisor.correct.time_hint"),
                id="time",
                compact=True,
                max_length=TIME_MAX,
            )
            yield Label(tr("supervisor.correct.reason_label"))
            yield GuardedInput(
                placeholder=tr("supervisor.correct.reason_hint"),
                id="reason",
                compact=True,
                max_length=FREE_TEXT_MAX,
            )
            yield from self.buttons()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#time", Input).focus()

    def field(self) -> CorrectionField:
        """Which time is being corrected."""
        pressed = self.query_one("#sv-field", RadioSet).pressed_button
        return "clock_in" if pressed is not None and pressed.id == "clock_in" else "clock_out"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "time":
            self.query_one("#reason", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        """Write the correction; a refused one shows why and writes nothing."""
        s = self.services
        raw = self.query_one("#time", Input).value
        reason = self.query_one("#reason", Input).value
        if not raw.strip():
            self.show_error(self.tr("supervisor.time_needed"))
            return
        try:
            value = parse_clock_time(raw, self.shift.local_date(s.config.tz), s.config.tz)
            correction: Correction = self.owner.tools.corrections.correct(
                self.shift, self.field(), value, reason, actor=self.owner.actor
            )
        except ServiceError as exc:
            self.show_error(exc.message(self.tr.lang))
            return
        self.owner.notify(self.tr("supervisor.correct.saved"))
        self.dismiss(correction)
