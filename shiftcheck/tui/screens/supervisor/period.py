"""A period (week, month or custom range): completion per employee, failure rate per item,
a bar chart of failures by item and the daily completion trend."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Static, TabbedContent, TabPane

from shiftcheck.domain.staff import Employee
from shiftcheck.domain.weeks import MAX_PERIOD_DAYS, month_of, week_of, weekday_number
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.wording import period_roster_line
from shiftcheck.tui.damaged_note import with_damaged_note
from shiftcheck.tui.plain import plain_rich
from shiftcheck.tui.screens.supervisor.common import (
    SupervisorDialog,
    SupervisorScreen,
    SupervisorTitle,
)
from shiftcheck.tui.screens.supervisor.roster_period import (
    ROSTER_TAB,
    RosterTable,
    show_roster_tab,
)
from shiftcheck.tui.table_fill import fill_table
from shiftcheck.tui.widgets.guarded_input import GuardedInput

if TYPE_CHECKING:
    from shiftcheck.services.summary import PeriodSummary

Mode = Literal["week", "month", "custom"]
BLOCKS = " ▁▂▃▄▅▆▇█"


def bars(labels: list[str], values: list[int], width: int, label_width: int = 30) -> Text:
    """Horizontal bars, one line per label (cut to `label_width` cells), longest = `width`."""
    out = Text()
    top = max(values, default=0) or 1
    cut = []
    for label in labels:
        text = plain_rich(label)
        text.truncate(label_width, overflow="ellipsis")
        cut.append(text)
    pad = max((t.cell_len for t in cut), default=0)
    for text, value in zip(cut, values, strict=True):
        out.append_text(text)
        out.append(" " * (pad - text.cell_len) + " ")
        out.append("█" * round(value / top * width), style="red")
        out.append(f" {value}\n")
    return out


def columns(values: list[float | None], height: int) -> list[str]:
    """A column chart of values in [0, 1], `height` lines tall, one column per value; None
    (no shifts that day) draws as a dot on the base line."""
    lines: list[str] = []
    steps = height * 8
    for level in range(height, 0, -1):
        line = ""
        for v in values:
            if v is None:
                line += "·" if level == 1 else " "
                continue
            filled = round(v * steps) - (level - 1) * 8
            line += BLOCKS[max(0, min(8, filled))]
        lines.append(line)
    return lines


def trend_chart(summary: PeriodSummary, tr_no_data: str) -> Text:
    """The daily completion trend: one column per day (three cells wide for up to 15 days,
    else two) over a day-of-month axis."""
    values = [d.completion for d in summary.trend]
    out = Text()
    if all(v is None for v in values):
        out.append(tr_no_data, style="dim")
        return out
    wide = len(values) <= 15
    cell = 3 if wide else 2
    for i, line in enumerate(columns(values, 4)):
        label = ("100%" if i == 0 else "  0%" if i == 3 else "    ") + " ┤"
        out.append(label, style="dim")
        out.append("".join((ch * 2).ljust(cell) for ch in line).rstrip(), style="green")
        out.append("\n")
    axis = ""
    for i, d in enumerate(summary.trend):
        shown = wide or i % 5 == 0
        axis += f"{d.day.day:<{cell}}" if shown else " " * cell
    out.append("      " + axis.rstrip() + "\n", style="dim")
    return out


class PeriodScreen(SupervisorScreen):
    """The team over a week, a month or a custom range."""

    SCREEN_NAME = "team_period"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "mode('week')", "supervisor.key.week"),
        Binding("m", "mode('month')", "supervisor.key.month"),
        Binding("r", "custom", "supervisor.key.custom"),
        Binding("[", "move(-1)", "supervisor.key.prev_period"),
        Binding("]", "move(1)", "supervisor.key.next_period"),
        Binding("1", "tab('tab-employees')", "supervisor.key.tab_employees", show=False),
        Binding("2", "tab('tab-items')", "supervisor.key.tab_items", show=False),
        Binding("3", "tab('tab-charts')", "supervisor.key.tab_charts", show=False),
        Binding("4", "roster_tab", "supervisor.key.tab_roster", show=False),
    ]

    def __init__(self, supervisor: Employee, mode: Mode = "week") -> None:
        super().__init__(supervisor)
        self.mode: Mode = mode
        """Week, month or custom range."""
        self.first = self.last = date.min
        """The period shown (set when the screen opens)."""
        self.summary: PeriodSummary | None = None
        """What the tabs show."""

    def _range(self, day: date) -> tuple[date, date]:
        if self.mode == "month":
            return month_of(day)
        week_start = weekday_number(self.services.config.payroll.week_start)
        return week_of(day, week_start)

    def compose(self) -> ComposeResult:
        tr = self.tr
        yield SupervisorTitle(id="sv-title")
        with TabbedContent(initial="tab-employees", id="tabs"):
            with TabPane(tr("supervisor.period.tab_employees"), id="tab-employees"):
                yield DataTable(id="employee-table", cursor_type="row", zebra_stripes=True)
            with TabPane(tr("supervisor.period.tab_items"), id="tab-items"):
                yield DataTable(id="item-table", cursor_type="row", zebra_stripes=True)
            with TabPane(tr("supervisor.period.tab_charts"), id="tab-charts"), VerticalScroll():
                yield Static(tr("supervisor.period.chart_failures"), classes="chart-title")
                yield Static(id="failure-bars")
                yield Static(tr("supervisor.period.chart_trend"), classes="chart-title")
                yield Static(id="trend")
        yield Static(id="sv-totals")
        yield from self.compose_footer()

    def opened(self) -> None:
        self.first, self.last = self._range(self.today())
        super().opened()

    def audit_detail(self) -> str:
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    def refresh_data(self) -> None:
        tr = self.tr
        try:
            summary = self.tools.summary.period(
                self.first, self.last, self.services.clock(), actor=self.actor
            )
        except ServiceError as exc:
            self.fail(exc)
            return
        self.summary = summary
        self.query_one("#sv-title", SupervisorTitle).update(
            tr(
                f"supervisor.period.title_{self.mode}",
                first=self.first.isoformat(),
                last=self.last.isoformat(),
            )
        )
        emp = self.query_one("#employee-table", DataTable)
        emp_rows: list[list[str | Text]] = []
        for e in summary.employees:
            top = sorted(e.failed_by_item.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
            top_txt = ", ".join(
                f"{self.tools.summary.item_label(item, tr.lang)}×{n}" for item, n in top
            )
            pct = Text(f"{e.completion:.0%}", style="green" if e.completion >= 1 else "yellow")
            emp_rows.append(
                [
                    plain_rich(f"{e.employee_id} {e.name}"),
                    str(e.shifts),
                    f"{e.checks_done}/{e.checks_expected}",
                    pct if e.shifts else Text("—", style="dim"),
                    str(e.failed_items),
                    plain_rich(top_txt),
                ]
            )
        emp_keys = ("employee", "shifts", "checks", "completion", "failed", "top_failed")
        fill_table(emp, [(tr(f"supervisor.col.{key}"), key) for key in emp_keys], emp_rows)
        items = self.query_one("#item-table", DataTable)
        item_rows: list[list[str | Text]] = [
            [
                str(rank),
                Text(f"{r.rate:.0%}", style="bold red" if r.failed else "green"),
                f"{r.failed}/{r.answered}",
                tr(f"supervisor.checklist_short.{r.checklist}"),
                plain_rich(self.tools.summary.item_label(r.item, tr.lang)),
            ]
            for rank, r in enumerate(summary.items, 1)
        ]
        item_keys = ("rank", "rate", "failed_answered", "checklist", "item")
        fill_table(items, [(tr(f"supervisor.col.{key}"), key) for key in item_keys], item_rows)
        failing = sorted((r for r in summary.items if r.failed), key=lambda r: -r.failed)[:8]
        chart = self.query_one("#failure-bars", Static)
        if failing:
            labels = [self.tools.summary.item_label(r.item, tr.lang) for r in failing]
            pad = min(30, max(plain_rich(label).cell_len for label in labels))
            width = max(10, min(40, self.size.width - pad - 8))
            chart.update(bars(labels, [r.failed for r in failing], width))
        else:
            chart.update(Text(tr("supervisor.period.no_failures"), style="green"))
        self.query_one("#trend", Static).update(
            trend_chart(summary, tr("supervisor.period.no_shifts"))
        )
        show_roster_tab(self.query_one("#tabs", TabbedContent), summary, tr)
        done, expected = summary.checks_done, summary.checks_expected
        totals = tr(
            "supervisor.period.totals",
            shifts=summary.shifts,
            done=done,
            expected=expected,
            completion=f"{done / expected:.0%}" if expected else "—",
            failed=summary.failed_items,
        )
        if (roster_line := period_roster_line(summary, tr.lang)) is not None:
            totals += "\n" + roster_line
        self.query_one("#sv-totals", Static).update(
            with_damaged_note(totals, self.services, self.first, self.last, tr)
        )

    def action_mode(self, mode: Mode) -> None:
        """Show the week or month holding the current period's start."""
        self.mode = mode
        self.first, self.last = self._range(self.first)
        self.refresh_data()

    def action_move(self, step: int) -> None:
        """The previous or next period of the same length."""
        if self.mode == "month":
            anchor = self.first - timedelta(days=1) if step < 0 else self.last + timedelta(days=1)
            first, last = month_of(anchor)
        else:
            length = (self.last - self.first).days + 1
            first = self.first + timedelta(days=length * step)
            last = self.last + timedelta(days=length * step)
        if first > self.today():
            self.notify(self.tr("supervisor.no_future"), severity="warning")
            return
        self.first, self.last = first, last
        self.refresh_data()

    def action_tab(self, tab: str) -> None:
        """Switch to a tab."""
        self.query_one("#tabs", TabbedContent).active = tab

    def action_roster_tab(self) -> None:
        """Switch to the roster tab (a store with a roster has one)."""
        if self.query(RosterTable):
            self.action_tab(ROSTER_TAB)

    def action_custom(self) -> None:
        """Ask for a custom range."""
        self.app.push_screen(RangeDialog(self), callback=self._custom)

    def _custom(self, result: object) -> None:
        if isinstance(result, tuple):
            self.mode = "custom"
            self.first, self.last = result
            self.refresh_data()


class RangeDialog(SupervisorDialog[tuple[date, date]]):
    """Two dates for a custom period."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "supervisor.key.cancel"),
    ]

    owner: PeriodScreen

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="sv-dialog"):
            yield Label(tr("supervisor.range.title"), id="sv-dialog-title")
            yield Label(tr("supervisor.range.from"))
            yield GuardedInput(self.owner.first.isoformat(), id="from", compact=True, max_length=10)
            yield Label(tr("supervisor.range.to"))
            yield GuardedInput(self.owner.last.isoformat(), id="to", compact=True, max_length=10)
            yield from self.buttons("supervisor.key.show")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#from", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "from":
            self.query_one("#to", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        """Check the dates and show the range."""
        values: list[date] = []
        for field in ("from", "to"):
            raw = self.query_one(f"#{field}", Input).value.strip()
            try:
                values.append(date.fromisoformat(raw))
            except ValueError:
                self.show_error(self.tr("supervisor.range.bad_date", value=raw))
                return
        first, last = values
        if last < first:
            self.show_error(
                self.tr(
                    "supervisor.period_reversed", first=first.isoformat(), last=last.isoformat()
                )
            )
            return
        if first > self.owner.today():
            self.show_error(self.tr("supervisor.future_date", date=first.isoformat()))
            return
        if (last - first).days + 1 > MAX_PERIOD_DAYS:
            self.show_error(self.tr("supervisor.period_too_long", days=MAX_PERIOD_DAYS))
            return
        self.dismiss((first, last))
