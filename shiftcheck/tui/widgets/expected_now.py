"""The welcome screen's "expected now": people planned to be in now who have not clocked in."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from shiftcheck.domain.records import PlannedShift
from shiftcheck.tui.plain import plain_lines

MAX_SHOWN = 5
"""Lines of names at most; more are summed up as `+N`."""


class ExpectedNow(Vertical):
    """A title and one line per expected person (`李娜 planned 09:00`); hidden for a store with
    no roster."""

    def compose(self) -> ComposeResult:
        yield Static(id="expected-title", classes="kiosk-subtitle")
        yield Static(id="expected-list")

    def on_mount(self) -> None:
        self.display = False

    def show(
        self,
        plans: Sequence[PlannedShift] | None,
        names: Mapping[str, str],
        tr: Callable[..., str],
    ) -> None:
        """Show `plans` in the current language (None: no roster, nothing shown)."""
        self.display = plans is not None
        if plans is None:
            return
        self.query_one("#expected-title", Static).update(tr("rosterviews.welcome.expected"))
        lines = [
            "○ "
            + tr(
                "rosterviews.welcome.planned",
                name=names.get(p.employee_id, p.employee_id),
                time=f"{p.start:%H:%M}",
            )
            for p in plans[:MAX_SHOWN]
        ]
        if len(plans) > MAX_SHOWN:
            lines.append(f"  +{len(plans) - MAX_SHOWN}")
        self.query_one("#expected-list", Static).update(
            plain_lines(lines or [tr("rosterviews.welcome.all_in")])
        )
