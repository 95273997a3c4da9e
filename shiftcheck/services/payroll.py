"""Payroll export: shift rows and per-employee totals for a period, and the files made of them.

The history comes from any `HistorySource` (this terminal's store, or the chain's central
database), so head office and the store export the same numbers the same way.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shiftcheck.config import Config
from shiftcheck.domain.clock_rule import FLAG_CLOCK_BACKWARDS
from shiftcheck.domain.payroll import (
    NO_HOURS,
    EmployeeTotals,
    OvertimeRules,
    PayrollRow,
    employee_totals,
    pay_shifts,
    payroll_row,
)
from shiftcheck.domain.records import AuditEvent, PlannedShift
from shiftcheck.domain.shifts import Shift, since_epoch
from shiftcheck.domain.text import neutralise
from shiftcheck.domain.weeks import week_start_of
from shiftcheck.services.context import Services
from shiftcheck.services.damaged import refuse_damaged_export
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.export_profiles import Profile, load_profile
from shiftcheck.services.history import HistoryService, HistorySource, local_day_bounds
from shiftcheck.services.payroll_report import PayrollReport
from shiftcheck.services.payroll_roster import roster_comparison, roster_totals, with_roster
from shiftcheck.services.payroll_writers import Format, render
from shiftcheck.services.roster import source_roster
from shiftcheck.store.atomic import atomic_write_bytes
from shiftcheck.store.errors import StoreWriteError

EXPORTS_DIR = "exports"
SUFFIXES: dict[str, Format] = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}


class PayrollService:
    """Builds payroll reports from a history source under the store's config."""

    def __init__(self, source: HistorySource, config: Config, now: datetime | None = None) -> None:
        self.source = source
        self.config = config
        self.now = now
        """The time no-shows are judged at (default: the moment of the report)."""
        self.tz: ZoneInfo = config.tz
        self.history = HistoryService(source, self.tz, config.max_shift_hours)
        self.rules = config.payroll.pay_rules()
        p = config.payroll
        self.overtime = OvertimeRules.from_hours(
            p.daily_overtime_hours, p.weekly_overtime_hours, p.week_start
        )

    def report(
        self, first: date, last: date, employees: Sequence[str] | None = None
    ) -> PayrollReport:
        """Rows for shifts dated `first`..`last` (inclusive) and totals per employee.

        Rows are ordered by employee id, then clock-in.

        With weekly overtime, shifts from the start of the week holding `first` are read too
        (and counted towards that week), but only shifts dated in the period are exported.
        Employees asked for by id appear in the totals even with no shift.
        """
        if first > last:
            raise ServiceError("payroll.bad_period", first=first.isoformat(), last=last.isoformat())
        # A name is shown as text in every format: a control character in the staff file
        # (which no spreadsheet can hold) becomes a visible symbol.
        names = {e.id: neutralise(e.name) for e in self.source.list_staff(include_inactive=True)}
        wanted = list(dict.fromkeys(employees)) if employees else None
        if wanted:
            unknown = [e for e in wanted if e not in names]
            if unknown:
                raise ServiceError("payroll.unknown_employee", ids=", ".join(unknown))
        return self._report(first, last, names, wanted)

    def _report(
        self, first: date, last: date, names: dict[str, str], wanted: list[str] | None
    ) -> PayrollReport:
        lookback = first
        if self.overtime.weekly_minutes is not None:
            lookback = week_start_of(first, self.overtime.week_start)
        pairing = self.history.pairing(lookback, last, wanted)
        shifts = list(pairing.shifts)
        pays = pay_shifts(shifts, self.tz, self.rules, self.overtime)
        pays.sort(key=lambda p: (p.shift.employee_id, since_epoch(p.shift.clock_in), p.shift.id))
        backwards = self.history.clock_backwards(lookback, last)
        rows = tuple(
            with_clock_flag(
                payroll_row(
                    p,
                    names.get(p.shift.employee_id, ""),
                    self.tz,
                    self.rules,
                    self.config.max_shift_hours,
                ),
                backwards,
            )
            for p in pays
            if p.date >= first
        )
        versions = self._roster_versions()
        comparison = None
        if versions:
            now = self.now or datetime.now(self.tz)
            rules = self.config.roster.rules()
            # the shifts of the day before meet the plans near midnight (a plan at 00:00 on
            # `first` worked from 23:55 the evening before), as in a longer period
            near: list[Shift] = []
            if lookback >= first:
                before = first - timedelta(days=1)
                near = self.history.shifts(before, before, wanted)
            comparison = roster_comparison(
                versions, [*shifts, *near], first, last, self.tz, rules, now
            )
            shown = {p.shift.id: p.shift for p in pays if p.date >= first}
            rows = tuple(with_roster(r, shown[r.shift_id], comparison, self.tz) for r in rows)
        start, _ = local_day_bounds(first, first, self.tz)
        missed_starts = [r for r in pairing.orphan_ends if r.submitted_at >= start]
        totals = employee_totals(rows, missed_starts, names)
        have = {t.employee_id for t in totals}
        for employee_id in wanted or ():
            if employee_id not in have:
                totals.append(
                    EmployeeTotals(
                        employee_id, names[employee_id], 0, NO_HOURS, NO_HOURS, NO_HOURS, 0, 0, 0, 0
                    )
                )
        if comparison is not None:
            totals = roster_totals(totals, rows, comparison, first, last, names, wanted)
        totals.sort(key=lambda t: t.employee_id)
        return PayrollReport(
            first=first,
            last=last,
            store_id=self.config.store_id,
            store_name=self.config.store_name,
            timezone=self.config.timezone,
            rules=self.rules,
            overtime=self.overtime,
            rows=rows,
            totals=tuple(totals),
            has_roster=bool(versions),
        )

    def _roster_versions(self) -> list[PlannedShift]:
        """The roster versions of the source: the terminal's own store, or the central
        database (head office gets the figures the terminal gets)."""
        return list(source_roster(self.source).versions)


def with_clock_flag(row: PayrollRow, clock_backwards: AbstractSet[str]) -> PayrollRow:
    """`row`, flagged `clock_backwards` when a check of its shift was refused because the
    terminal's clock had gone back."""
    if row.shift_id.lower() not in clock_backwards:
        return row
    return row._replace(flags=tuple(sorted({*row.flags, FLAG_CLOCK_BACKWARDS})))


def format_for(path: Path | None, given: str | None) -> Format:
    """The format asked for, else the one the file name's suffix says, else CSV."""
    if given is not None:
        if given not in ("csv", "xlsx", "json"):
            raise ServiceError("payroll.bad_format", format=given)
        return SUFFIXES[f".{given}"]
    if path is not None:
        return SUFFIXES.get(path.suffix.lower(), "csv")
    return "csv"


def check_target(path: Path, *, force: bool) -> None:
    """Refuse an output path that cannot or may not be written, before any work is done."""
    if path.is_dir():
        raise ServiceError("payroll.target_is_folder", path=str(path))
    if path.exists() and not force:
        raise ServiceError("payroll.target_exists", path=str(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ServiceError("payroll.no_folder", path=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ServiceError("payroll.cannot_write", path=str(path), reason="permission denied")


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Write an export atomically: readers see the old file or the whole new one, never a part."""
    check_target(path, force=force)
    try:
        atomic_write_bytes(path, data)
    except StoreWriteError as exc:
        raise ServiceError("payroll.cannot_write", path=str(path), reason=exc.reason) from None


def export_name(report: PayrollReport, profile: Profile, fmt: Format) -> str:
    """The file name an export gets in the data folder's `exports/`."""
    tail = "" if profile.name == "generic" else f"-{profile.name}"
    return f"payroll-{report.store_id}-{report.first}-{report.last}{tail}.{fmt}"


def export_to_folder(data_dir: Path, report: PayrollReport, profile: Profile, fmt: Format) -> Path:
    """Write the export under `<data>/exports/` with a name that is free; return its path."""
    folder = data_dir / EXPORTS_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServiceError("payroll.cannot_write", path=str(folder), reason=str(exc)) from None
    base = export_name(report, profile, fmt)
    path = folder / base
    n = 2
    while path.exists():
        stem, dot, ext = base.rpartition(".")
        path = folder / f"{stem}-{n}{dot}{ext}"
        n += 1
    write_file(path, render(report, profile, fmt), force=False)
    return path


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What a finished export wrote."""

    path: Path
    first: date
    last: date
    profile: str
    shifts: int
    employees: int


def export_for_supervisor(
    services: Services,
    actor: str,
    first: date,
    last: date,
    fmt: Format,
    profile_name: str,
) -> ExportResult:
    """The supervisor screen's export: re-check the role and write under `<data>/exports/`
    (never replacing a file). Reads the store only, so it may run in a worker thread; record
    the export afterwards with `record_export` (a store write, done where the store was opened).
    """
    services.staff.require_supervisor(actor)
    profile = load_profile(profile_name, services.data_dir)
    refuse_damaged_export(services.store, services.config, first, last)
    report = PayrollService(services.store, services.config).report(first, last)
    path = export_to_folder(services.data_dir, report, profile, fmt)
    return ExportResult(path, first, last, profile.name, len(report.rows), len(report.totals))


def record_export(services: Services, actor: str, result: ExportResult) -> None:
    """An audit event naming the supervisor, the period, the profile and the file."""
    config = services.config
    services.store.add(
        AuditEvent(
            id=str(uuid.uuid4()),
            store_id=config.store_id,
            terminal_id=config.terminal_id,
            actor=actor,
            action="export:payroll",
            detail=(
                f"{result.first.isoformat()}..{result.last.isoformat()} "
                f"{result.profile} {result.path.name}"
            ),
            at=services.clock(),
        )
    )
