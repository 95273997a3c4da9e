"""Handover of registration forms: what is waiting for the supervisor's acknowledgement."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from shiftcheck.services.acknowledgements import PendingForms
from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.plain import plain_rich
from shiftcheck.tui.screens.supervisor.common import SupervisorScreen, SupervisorTitle, hhmm


class FormsScreen(SupervisorScreen):
    """Pending form handovers; Enter confirms receipt of the one under the cursor."""

    SCREEN_NAME = "forms"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "supervisor.key.acknowledge", priority=True),
    ]

    pending: list[PendingForms]

    def compose(self) -> ComposeResult:
        yield SupervisorTitle(self.tr("supervisor.forms.title"), id="sv-title")
        yield DataTable(id="forms-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="sv-hint")
        yield from self.compose_footer()

    def refresh_data(self) -> None:
        tr = self.tr
        try:
            self.pending = self.tools.acknowledgements.pending(actor=self.actor)
        except ServiceError as exc:
            self.fail(exc)
            return
        people = self.tools.summary.names()
        table = self.query_one("#forms-table", DataTable)
        table.clear(columns=True)
        for key in ("employee", "date", "out", "forms"):
            table.add_column(tr(f"supervisor.col.{key}"), key=key)
        tz = self.services.config.tz
        for i, p in enumerate(self.pending):
            day = p.shift.local_date(tz)
            name = people[p.record.employee_id].name if p.record.employee_id in people else ""
            table.add_row(
                plain_rich(f"{p.record.employee_id} {name}"),
                day.isoformat(),
                hhmm(p.shift.clock_out, day, self.services),
                str(p.forms),
                key=str(i),
            )
        hint = "supervisor.forms.none" if not self.pending else "supervisor.forms.hint"
        self.query_one("#sv-hint", Static).update(tr(hint))
        table.focus()

    def action_acknowledge(self) -> None:
        """Confirm receipt of the forms under the cursor."""
        table = self.query_one("#forms-table", DataTable)
        if not self.pending or table.cursor_row < 0:
            return
        item = self.pending[table.cursor_row]
        try:
            self.tools.acknowledgements.acknowledge(item.record.id, actor=self.actor)
        except ServiceError as exc:
            self.fail(exc)
            return
        people = self.tools.summary.names()
        name = people[item.record.employee_id].name if item.record.employee_id in people else ""
        self.notify(self.tr("supervisor.forms.done", forms=item.forms, name=name))
        self.refresh_data()
