"""What a payroll export shows: the period, the rules, the rows and the totals.

Its own module so that the writers (`payroll_writers`) and the service that builds it
(`payroll`) both depend on it and not on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shiftcheck.domain.payroll import EmployeeTotals, OvertimeRules, PayrollRow
from shiftcheck.domain.shifts import PayRules
from shiftcheck.services.export_profiles import Profile

SHIFT_DATE_RULE = (
    "the local date of the clock-in before rounding (after any correction): "
    "a clock-in at 23:58 rounded to 00:00 stays on the day it was made"
)
"""How a row's date is found, as the Export sheet says it (the README says the same)."""


@dataclass(frozen=True, slots=True)
class PayrollReport:
    """Everything an export file shows: the period, the rules, the rows and the totals."""

    first: date
    last: date
    store_id: str
    store_name: str
    timezone: str
    rules: PayRules
    overtime: OvertimeRules
    rows: tuple[PayrollRow, ...]
    totals: tuple[EmployeeTotals, ...]
    skipped: tuple[str, ...] = ()
    """Invalid source documents left out (head office's `--skip-invalid`), each described."""
    damaged: str = ""
    """Damaged days left out (`--allow-damaged`), listed on the XLSX "Export" sheet."""
    has_roster: bool = False
    """Whether the store has a roster: only then do profiles show their roster columns."""

    def about(self, profile: Profile) -> list[tuple[str, str]]:
        """Key–value lines that say how the file was made (the XLSX "Export" sheet)."""

        def limit(minutes: Decimal | int | None) -> str:
            return "none" if minutes is None else f"{Decimal(minutes).normalize():f} min"

        brk = self.rules.break_after_minutes
        return [
            ("store", f"{self.store_id} {self.store_name}"),
            ("period", f"{self.first.isoformat()} to {self.last.isoformat()}"),
            ("time zone", self.timezone),
            ("shift date", SHIFT_DATE_RULE),
            ("profile", f"{profile.name} ({profile.title})"),
            ("rounding", limit(self.rules.rounding_minutes or None)),
            (
                "unpaid break",
                "none"
                if brk is None
                else f"{self.rules.break_minutes} min when a shift is over {brk} min",
            ),
            ("daily overtime after", limit(self.overtime.daily_minutes)),
            ("weekly overtime after", limit(self.overtime.weekly_minutes)),
            (
                "week starts on",
                ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[
                    self.overtime.week_start
                ],
            ),
            ("shifts", str(len(self.rows))),
            *(("skipped invalid document", text) for text in self.skipped),
            *([("damaged days left out", self.damaged)] if self.damaged else []),
        ]
