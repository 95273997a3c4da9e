"""The period view's roster tab: per person, planned against worked hours, late arrivals and
no-shows (only for a store with a roster)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import DataTable, TabbedContent, TabPane

from shiftcheck.domain.roster import RosterTally
from shiftcheck.i18n import Translator
from shiftcheck.tui.plain import plain_rich
from shiftcheck.tui.table_fill import fill_table

if TYPE_CHECKING:
    from shiftcheck.services.summary import PeriodSummary

ROSTER_TAB = "tab-roster"
COLUMNS = ("planned_hours", "worked_hours", "difference", "late", "no_shows")


class RosterTable(DataTable[Any]):
    """One row per person: planned h, worked h, the difference, late arrivals, no-shows."""

    def __init__(self) -> None:
        super().__init__(id="roster-table", cursor_type="row", zebra_stripes=True)
        self.pending: tuple[PeriodSummary, Translator] | None = None
        """What to show once mounted."""

    def on_mount(self) -> None:
        if self.pending is not None:
            self.fill(*self.pending)

    def show(self, summary: PeriodSummary, tr: Translator) -> None:
        """Show the period's figures (now, or as soon as the table is mounted)."""
        self.pending = (summary, tr)
        if self.is_mounted:
            self.fill(summary, tr)

    def fill(self, summary: PeriodSummary, tr: Translator) -> None:
        """Refill the rows."""
        rows: list[list[str | Text]] = []
        for e in summary.employees:
            tally = e.roster or RosterTally()
            worked = e.worked_hours or Decimal("0.00")
            diff = worked - tally.planned_hours
            rows.append(
                [
                    plain_rich(f"{e.employee_id} {e.name}"),
                    str(tally.planned_hours),
                    str(worked),
                    Text(f"{diff:+}", style="yellow" if diff < 0 else ""),
                    Text(str(tally.late), style="yellow" if tally.late else "dim"),
                    Text(str(tally.no_shows), style="bold red" if tally.no_shows else "dim"),
                ]
            )
        columns = [(tr("supervisor.col.employee"), "employee")]
        columns += [(tr(f"rosterviews.col.{key}"), key) for key in COLUMNS]
        fill_table(self, columns, rows)


def show_roster_tab(tabs: TabbedContent, summary: PeriodSummary, tr: Translator) -> None:
    """Add the roster tab the first time a period with a roster is shown; fill it."""
    if not summary.has_roster:
        return
    found = tabs.query(RosterTable)
    if found:
        found.first().show(summary, tr)
        return
    table = RosterTable()
    table.show(summary, tr)
    tabs.add_pane(TabPane(tr("rosterviews.period.tab"), table, id=ROSTER_TAB))
