"""The team's day: one row per employee, a totals line, and each employee's day in full."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from shiftcheck.domain.checklist import ItemKind, Result
from shiftcheck.domain.records import CheckRecord
from shiftcheck.domain.roster import plan_span
from shiftcheck.domain.staff import Employee
from shiftcheck.domain.text import neutralise
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.wording import day_roster_line, day_totals_line
from shiftcheck.tui.damaged_note import with_damaged_note
from shiftcheck.tui.plain import plain_rich
from shiftcheck.tui.screens.supervisor.common import (
    SupervisorScreen,
    SupervisorTitle,
    check_cell,
    hhmm,
)
from shiftcheck.tui.screens.supervisor.corrections import CorrectionDialog
from shiftcheck.tui.table_fill import fill_table

if TYPE_CHECKING:
    from shiftcheck.services.summary import DayRow, DaySummary

WIDE_TABLE = 90
"""From this terminal width on, the day table shows worked hours beside paid hours; narrower (the
80-column counter terminal) it shows paid hours, and worked hours are in the totals line and in
each employee's day, so the flags stay in view."""


SCROLLBAR = 2
"""Cells a vertical scrollbar takes."""
FIXED_LINES = 7
"""Screen lines that are not table rows: title, header, two totals lines, the roster line and
the footer, and one to spare."""


def checks_cell(row: DayRow) -> Text:
    """Both checks in a few cells: `✓` all passed, `✗2` two failed, `—` not done (start, end)."""
    out = Text()
    for outcome in (row.start, row.end):
        if out:
            out.append(" ")
        if outcome is None:
            out.append("—", style="dim")
        elif outcome.failed:
            out.append(f"✗{outcome.failed}", style="bold red")
        else:
            out.append("✓", style="green")
    return out


def _hours(value: object) -> str:
    return "—" if value is None else str(value)


FLAG_STYLES = {"open": "bold red", "long": "bold red", "no_show": "bold red", "on_shift": "green"}
"""Flag colours (yellow for the others)."""


def flag_text(row: DayRow, screen: SupervisorScreen, width: int | None = None) -> Text:
    """The row's flags, short and coloured; with `width`, broken onto more lines where they do
    not fit on one (a flag is never cut)."""
    out = Text()
    used = 0
    for flag in row.flags:
        word = neutralise(screen.tr(f"supervisor.flag.{flag}"))
        size = cell_len(word)
        if used and width is not None and used + 1 + size > width:
            out.append("\n")
            used = 0
        elif used:
            out.append(" ")
            used += 1
        out.append(word, style=FLAG_STYLES.get(flag, "yellow"))
        used += size
    return out


def flags_width(cells: list[list[str | Text]], labels: list[str], total: int) -> int:
    """Room left for the flags column (the last) at a table `total` cells wide: every other
    column as wide as its widest cell, with one cell of padding each side."""
    used = sum(
        max([cell_len(labels[i])] + [_cell_width(row[i]) for row in cells]) + 2
        for i in range(len(labels) - 1)
    )
    return total - used - 2


def _cell_width(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


class DaySummaryScreen(SupervisorScreen):
    """Who worked on one day, how their checks went, and what needs attention."""

    SCREEN_NAME = "team_day"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("[", "move(-1)", "supervisor.key.prev_day"),
        Binding("]", "move(1)", "supervisor.key.next_day"),
        Binding("t", "today", "supervisor.key.today"),
        Binding("enter", "open_row", "supervisor.key.open", priority=True),
        Binding("p", "period", "supervisor.key.period"),
        Binding("c", "corrections", "supervisor.key.corrections"),
    ]

    def __init__(self, supervisor: Employee, day: date | None = None) -> None:
        super().__init__(supervisor)
        self.chosen_day = day
        """The day asked for (None: today)."""
        self.day = day or date.min
        """The day shown (today unless asked for, set when the screen opens)."""
        self.summary: DaySummary | None = None
        """What the table shows."""
        self.wide = False
        """Whether the table has room for the worked hours beside the paid hours."""

    def compose(self) -> ComposeResult:
        yield SupervisorTitle(id="sv-title")
        yield DataTable(id="day-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="sv-totals")
        yield from self.compose_footer()

    def opened(self) -> None:
        self.day = self.chosen_day or self.today()
        super().opened()

    def audit_detail(self) -> str:
        return self.day.isoformat()

    def refresh_data(self) -> None:
        tr = self.tr
        try:
            summary = self.tools.summary.day(self.day, self.services.clock(), actor=self.actor)
        except ServiceError as exc:
            self.fail(exc)
            return
        self.summary = summary
        weekday = tr(f"supervisor.weekday.{self.day.weekday()}")
        self.query_one("#sv-title", SupervisorTitle).update(
            tr("supervisor.day.title", date=self.day.isoformat(), weekday=weekday)
        )
        table = self.query_one("#day-table", DataTable)
        cursor = table.cursor_row
        self.wide = self.app.size.width >= WIDE_TABLE
        keys = ("employee", "in", "start", "out", "end", "worked", "paid", "forms", "flags")
        columns = [
            (tr(f"{'reports' if key in ('worked', 'paid') else 'supervisor'}.col.{key}"), key)
            for key in keys
            if key != "worked" or self.wide
        ]
        planned = summary.roster is not None  # planned start–end beside the actual in–out
        # narrow, the planned times take the room of the two check columns: one short one
        compact = planned and not self.wide
        if planned:
            columns.insert(1, (tr("rosterviews.col.planned"), "planned"))
        if compact:
            columns = [c for c in columns if c[1] not in ("start", "end")]
            columns.insert(4, (tr("rosterviews.col.checks"), "checks"))
        rows: list[list[str | Text]] = []
        for row in summary.rows:
            name = plain_rich(f"{row.employee_id} {row.name}")
            plan: list[str | Text] = (
                [plan_span(row.plan.plan) if row.plan is not None else ""] if planned else []
            )
            if row.shift is None:
                blanks: list[str | Text] = [""] * (len(columns) - 3 - len(plan))
                rows.append([name, *plan, "—", *blanks, Text()])
                continue
            rows.append(
                [
                    name,
                    *plan,
                    hhmm(row.clock_in, self.day, self.services),
                    *([] if compact else [check_cell(row.start, tr)]),
                    hhmm(row.clock_out, self.day, self.services),
                    *([checks_cell(row)] if compact else [check_cell(row.end, tr)]),
                    *([_hours(row.worked_hours)] if self.wide else []),
                    _hours(row.paid_hours),
                    str(row.forms) if row.forms is not None else "—",
                    Text(),
                ]
            )
        room = flags_width(rows, [label for label, _ in columns], self.app.size.width)
        # rows below the table's last line bring a scrollbar (two cells) that takes flag room
        for reserve in (0, SCROLLBAR):
            for cells, row in zip(rows, summary.rows, strict=True):
                if row.shift is None and not row.flags:
                    cells[-1] = Text(tr("supervisor.no_shift_row"), style="dim")
                else:
                    cells[-1] = flag_text(row, self, room - reserve)
            heights = [len(cells[-1].split("\n")) for cells in rows]
            if sum(heights) <= self.app.size.height - FIXED_LINES:
                break
        fill_table(table, columns, rows, [str(i) for i in range(len(rows))], heights)
        if summary.rows:
            table.move_cursor(row=min(max(cursor, 0), len(summary.rows) - 1))
        totals = day_totals_line(summary.totals, tr.lang)
        roster_line = day_roster_line(summary, tr.lang)
        if roster_line is not None:
            totals += "\n" + roster_line
        self.query_one("#sv-totals", Static).update(
            with_damaged_note(totals, self.services, self.day, self.day, tr)
        )
        table.focus()

    def on_resize(self) -> None:
        """Show or hide the worked hours column when the terminal is widened or narrowed."""
        if self.summary is not None and (self.app.size.width >= WIDE_TABLE) != self.wide:
            self.refresh_data()

    def action_move(self, days: int) -> None:
        """Show the previous or next day (never a day in the future)."""
        target = self.day + timedelta(days=days)
        if target > self.today():
            self.notify(self.tr("supervisor.no_future"), severity="warning")
            return
        self.day = target
        self.refresh_data()

    def action_today(self) -> None:
        """Back to today."""
        self.day = self.today()
        self.refresh_data()

    def action_open_row(self) -> None:
        """Open the employee's day under the cursor."""
        table = self.query_one("#day-table", DataTable)
        if self.summary is None or not self.summary.rows or table.cursor_row < 0:
            return
        row = self.summary.rows[table.cursor_row]
        self.kiosk.open_supervisor(
            "employee_day", self.supervisor, employee_id=row.employee_id, day=self.day
        )

    def action_period(self) -> None:
        """Open the period summary."""
        self.kiosk.open_supervisor("period", self.supervisor)

    def action_corrections(self) -> None:
        """Open the corrections list."""
        self.kiosk.open_supervisor("corrections", self.supervisor)


class EmployeeDayScreen(SupervisorScreen):
    """One employee's day: each shift's times, corrections, and every answer with its note."""

    SCREEN_NAME = "employee_day"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "correct", "supervisor.key.correct"),
        Binding("a", "acknowledge", "supervisor.key.acknowledge"),
    ]

    def __init__(self, supervisor: Employee, employee_id: str, day: date) -> None:
        super().__init__(supervisor)
        self.employee_id = employee_id
        """Whose day."""
        self.day = day
        """Which day."""
        self.rows: list[DayRow] = []
        """The employee's shifts that day."""

    def compose(self) -> ComposeResult:
        yield SupervisorTitle(id="sv-title")
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="detail")
        yield from self.compose_footer()

    def audit_detail(self) -> str:
        return f"{self.employee_id} {self.day.isoformat()}"

    def refresh_data(self) -> None:
        tr = self.tr
        try:
            self.rows = self.tools.summary.employee_day(
                self.employee_id, self.day, self.services.clock(), actor=self.actor
            )
        except ServiceError as exc:
            self.fail(exc)
            return
        people = self.tools.summary.names()
        name = people[self.employee_id].name if self.employee_id in people else ""
        self.query_one("#sv-title", SupervisorTitle).update(
            tr("supervisor.detail.title", id=self.employee_id, name=name, date=self.day.isoformat())
        )
        parts: list[RenderableType] = []
        if not self.rows:
            parts.append(Text(tr("supervisor.detail.no_shift"), style="dim"))
        for row in self.rows:
            self._shift(parts, row, people)
        if any(row.pay is not None for row in self.rows):
            parts.append(Text(tr("reports.hours_note"), style="dim"))
        self.query_one("#detail", Static).update(Group(*parts))

    @staticmethod
    def _lines(parts: list[RenderableType], out: Text) -> None:
        """Add `out`, lines that each end in a newline, to `parts` (each shown on lines of its
        own, so the last newline goes)."""
        if out.plain:
            if out.plain.endswith("\n"):
                out.right_crop(1)
            parts.append(out)

    def _shift(self, parts: list[RenderableType], row: DayRow, people: dict[str, Employee]) -> None:
        tr, s = self.tr, self.services
        assert row.shift is not None
        out = Text()
        hours_txt = (
            tr("reports.detail.hours", worked=row.worked_hours, paid=row.paid_hours)
            if row.pay is not None
            else tr("supervisor.flag.open")
        )
        out.append(
            tr(
                "supervisor.detail.shift",
                clock_in=hhmm(row.clock_in, self.day, s),
                clock_out=hhmm(row.clock_out, self.day, s),
                hours=hours_txt,
            )
            + "\n",
            style="bold",
        )
        for c in row.corrections:
            who = people[c.by].name if c.by in people else c.by
            out.append(
                "  "
                + tr(
                    f"supervisor.detail.corrected.{c.field}",
                    value=hhmm(c.value, self.day, s),
                    by=neutralise(f"{c.by} {who}"),
                    at=c.at.astimezone(s.config.tz).strftime("%Y-%m-%d %H:%M"),
                    reason=neutralise(c.reason),
                )
                + "\n",
                style="yellow",
            )
        if row.forms:
            if row.acknowledgement is not None:
                a = row.acknowledgement
                who = people[a.by].name if a.by in people else a.by
                line = (
                    tr("supervisor.detail.forms_acked", forms=row.forms, by=f"{a.by} {who}")
                    if a.received is None
                    else tr("forms.detail.received", forms=a.forms, received=a.received, by=a.by)
                )
                out.append("  " + line + "\n", style="green")
            else:
                out.append(
                    "  " + tr("supervisor.detail.forms_pending", forms=row.forms) + "\n",
                    style="yellow",
                )
        for record, title in ((row.shift.start, "start_of_shift"), (row.shift.end, "end_of_shift")):
            out.append("\n" + tr(f"checklist.title.{title}"), style="bold underline")
            if record is None:
                out.append("  " + tr("supervisor.detail.no_check") + "\n", style="red")
                continue
            fast = " · " + tr("supervisor.flag.fast") if "fast" in record.flags else ""
            out.append(f"  {hhmm(record.submitted_at, self.day, s)}{fast}\n", style="dim")
            self._lines(parts, out)
            parts.append(self._answers(record))
            out = Text()
        out.append("\n")
        self._lines(parts, out)

    def _answers(self, record: CheckRecord) -> Table:
        """One row per answer: its mark, then the item, value and note, which wrap under the
        item's first letter, not under the mark."""
        tr = self.tr
        checklist = self.services.checklists.get(record.checklist)
        grid = Table.grid()
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for a in record.answers:
            label = self.tools.summary.item_label(a.item, tr.lang)
            kind = (
                checklist.item(a.item).kind
                if checklist is not None and checklist.has_item(a.item)
                else ItemKind.CHECK
            )
            if a.result is Result.FAIL:
                mark = Text("  ✗ ", style="bold red")
            elif a.result is Result.PASS:
                mark = Text("  ✓ ", style="green")
            elif a.result is Result.NA:
                mark = Text("  – ", style="dim")
            else:
                mark = Text("  · ")
            out = Text(neutralise(label))
            if kind is not ItemKind.CHECK and a.value is not None:
                out.append(f": {neutralise(str(a.value))}", style="bold")
            elif a.result is Result.NA:
                out.append(f" ({tr('result.na')})", style="dim")
            if a.note:
                out.append(f" — {neutralise(a.note)}", style="italic")
            grid.add_row(mark, out)
        return grid

    def action_correct(self) -> None:
        """Correct this day's shift (the open one first)."""
        shifts = [r.shift for r in self.rows if r.shift is not None]
        if not shifts:
            self.notify(self.tr("supervisor.detail.no_shift"), severity="warning")
            return
        open_ = [s for s in shifts if s.clock_out is None]
        shift = open_[0] if open_ else shifts[-1]
        self.app.push_screen(CorrectionDialog(self, shift), callback=lambda _: self.refresh_data())

    def action_acknowledge(self) -> None:
        """Confirm receipt of this employee's forms of the day, as declared."""
        try:
            acks = self.tools.acknowledgements.acknowledge_handover(
                self.employee_id, self.day, actor=self.actor
            )
        except ServiceError as exc:
            self.fail(exc)
            return
        name = self.tools.summary.names().get(self.employee_id)
        forms = sum(a.forms for a in acks)
        self.notify(self.tr("supervisor.forms.done", forms=forms, name=name.name if name else ""))
        self.refresh_data()
