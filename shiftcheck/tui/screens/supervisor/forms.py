"""Handover of registration forms: what is waiting for the supervisor's acknowledgement, one row
per employee and day, counted in forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Input, Label, Static

from shiftcheck.domain.checklist import LARGEST_NUMBER
from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.plain import plain, plain_rich
from shiftcheck.tui.screens.supervisor.common import (
    SupervisorDialog,
    SupervisorScreen,
    SupervisorTitle,
    hhmm,
)
from shiftcheck.tui.table_fill import fill_table

if TYPE_CHECKING:
    from shiftcheck.services.acknowledgements import Handover


class FormsScreen(SupervisorScreen):
    """Pending handovers. Enter: received as declared; r: a different count received;
    d: the whole day under the cursor at once."""

    SCREEN_NAME = "forms"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "supervisor.key.acknowledge", priority=True),
        Binding("r", "received", "supervisor.key.forms_received"),
        Binding("d", "acknowledge_day", "supervisor.key.forms_day"),
    ]

    handovers: list[Handover]

    def compose(self) -> ComposeResult:
        yield SupervisorTitle(self.tr("supervisor.forms.title"), id="sv-title")
        yield DataTable(id="forms-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="sv-hint")
        yield from self.compose_footer()

    def refresh_data(self) -> None:
        tr = self.tr
        try:
            self.handovers = self.tools.acknowledgements.handovers(actor=self.actor)
        except ServiceError as exc:
            self.fail(exc)
            return
        table = self.query_one("#forms-table", DataTable)
        row = table.cursor_row
        columns = [(tr(f"supervisor.col.{key}"), key) for key in ("employee", "date", "out")]
        columns.append((tr("forms.col.declared"), "forms"))
        rows: list[list[str | Text]] = [
            [
                plain_rich(f"{h.employee_id} {self.name_of(h.employee_id)}"),
                h.day.isoformat(),
                ", ".join(hhmm(p.shift.clock_out, h.day, self.services) for p in h.checks),
                str(h.forms),
            ]
            for h in self.handovers
        ]
        fill_table(table, columns, rows, [str(i) for i in range(len(rows))])
        if self.handovers:
            table.move_cursor(row=min(max(row, 0), len(self.handovers) - 1))
            total = sum(h.forms for h in self.handovers)
            hint = tr("forms.screen.hint", forms=total, handovers=len(self.handovers))
        else:
            hint = tr("supervisor.forms.none")
        self.query_one("#sv-hint", Static).update(hint)
        table.focus()

    def name_of(self, employee_id: str) -> str:
        """An employee's name, or "" if the directory does not know them."""
        people = self.tools.summary.names()
        return people[employee_id].name if employee_id in people else ""

    def selected(self) -> Handover | None:
        """The handover under the cursor."""
        table = self.query_one("#forms-table", DataTable)
        if not self.handovers or not 0 <= table.cursor_row < len(self.handovers):
            return None
        return self.handovers[table.cursor_row]

    def run_acknowledgement(self, write: Callable[[], object], message: str) -> bool:
        """Write acknowledgements; a refusal is shown and nothing is written."""
        try:
            write()
        except ServiceError as exc:
            self.fail(exc)
            return False
        self.notify(message)
        self.refresh_data()
        return True

    def action_acknowledge(self) -> None:
        """The forms under the cursor were received as declared."""
        h = self.selected()
        if h is None:
            return
        self.run_acknowledgement(
            lambda: self.tools.acknowledgements.acknowledge_handover(
                h.employee_id, h.day, actor=self.actor
            ),
            self.tr("supervisor.forms.done", forms=h.forms, name=self.name_of(h.employee_id)),
        )

    def action_received(self) -> None:
        """Record how many forms were actually received for the row under the cursor."""
        h = self.selected()
        if h is not None:
            self.app.push_screen(ReceivedDialog(self, h))

    def action_acknowledge_day(self) -> None:
        """Every form of the day under the cursor was received as declared."""
        h = self.selected()
        if h is None:
            return
        forms = sum(x.forms for x in self.handovers if x.day == h.day)
        self.run_acknowledgement(
            lambda: self.tools.acknowledgements.acknowledge_day(h.day, actor=self.actor),
            self.tr("forms.screen.day_done", date=h.day.isoformat(), forms=forms),
        )


class ReceivedDialog(SupervisorDialog[int]):
    """How many forms of one handover were actually received (both counts are kept)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "supervisor.key.cancel"),
        Binding("ctrl+s", "save", "supervisor.key.save"),
    ]

    def __init__(self, owner: FormsScreen, handover: Handover) -> None:
        super().__init__(owner)
        self.forms_screen = owner
        self.handover = handover
        """The forms being acknowledged."""

    def compose(self) -> ComposeResult:
        tr, h = self.tr, self.handover
        with Vertical(id="sv-dialog"):
            yield Label(
                plain(
                    tr(
                        "forms.received.title",
                        id=h.employee_id,
                        name=self.forms_screen.name_of(h.employee_id),
                        date=h.day.isoformat(),
                        forms=h.forms,
                    )
                ),
                id="sv-dialog-title",
            )
            yield Label(tr("forms.received.label"))
            yield Input(
                type="integer",
                max_length=len(str(LARGEST_NUMBER)),
                placeholder=str(h.forms),
                id="received",
                compact=True,
            )
            yield from self.buttons()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#received", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Write the acknowledgement with the received count; a bad count shows why."""
        raw = self.query_one("#received", Input).value.strip()
        if not raw.isdigit():
            self.show_error(self.tr("forms.received.needed"))
            return
        received, h = int(raw), self.handover
        tools, owner = self.forms_screen.tools, self.forms_screen
        try:
            tools.acknowledgements.acknowledge_handover(
                h.employee_id, h.day, actor=owner.actor, received=received
            )
        except ServiceError as exc:
            self.show_error(exc.message(self.tr.lang))
            return
        name = owner.name_of(h.employee_id)
        owner.notify(self.tr("forms.received.done", name=name, forms=h.forms, received=received))
        self.dismiss(received)
        owner.refresh_data()
