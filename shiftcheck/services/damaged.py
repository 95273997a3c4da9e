"""Days whose history was damaged: reports over them must say so, never show fewer hours.

Once a writer finds a day's shard damaged, the shard goes to `quarantine/` and that day's
records are missing from every summary and payroll export. The payroll export and `summary`
refuse such a period (exit 1, naming the files and days) unless told to go on with
`--allow-damaged`; the supervisor screens show a line saying which days are damaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from shiftcheck.config import Config
from shiftcheck.domain.weeks import week_start_of, weekday_number
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.history import HistorySource
from shiftcheck.store import DataStore

MARGIN = timedelta(days=1)
"""Shards are filed by each document's own date: a day either side of a period can hold its
records (a shift across midnight, a record written with another offset)."""


@dataclass(frozen=True, slots=True)
class DamagedDay:
    """One day whose history shard is in quarantine."""

    day: date
    copy: Path
    """The damaged copy kept in `quarantine/`."""


class DamagedPeriodError(ServiceError):
    """A report over days whose history is damaged (refused unless `--allow-damaged`); the
    command line exits with 1 for it (a damaged folder, not a bad argument)."""


def damaged_days(source: HistorySource, first: date, last: date) -> list[DamagedDay]:
    """Damaged days from the day before `first` to the day after `last` (a terminal's store;
    the central database keeps no files and has none)."""
    if not isinstance(source, DataStore):
        return []
    found = source.quarantined_days(first - MARGIN, last + MARGIN)
    return [DamagedDay(day, copy) for day, copy in found]


def payroll_first_day(config: Config, first: date) -> date:
    """The first day a payroll export reads (with weekly overtime: the start of the week)."""
    if config.payroll.weekly_overtime_hours is None:
        return first
    return week_start_of(first, weekday_number(config.payroll.week_start))


def listing(days: list[DamagedDay]) -> str:
    """`2026-11-26 (path)` for each day, `; `-separated."""
    return "; ".join(f"{d.day.isoformat()} ({d.copy})" for d in days)


def refuse_or_list(days: list[DamagedDay], *, allow: bool) -> str:
    """Raise `DamagedPeriodError` for damaged days unless `allow`; else the English listing
    ("" when no day is damaged)."""
    if days and not allow:
        raise DamagedPeriodError("trust.damaged_refused", days=listing(days), count=len(days))
    return listing(days)


def dates(days: list[DamagedDay]) -> str:
    """The damaged days' dates, `, `-separated (short enough for a screen line)."""
    return ", ".join(d.day.isoformat() for d in days)


def refuse_damaged_export(source: HistorySource, config: Config, first: date, last: date) -> None:
    """The supervisor screen's payroll export: `DamagedPeriodError` if a day it reads is
    damaged (the command line's `--allow-damaged` is the way to go on without them)."""
    days = damaged_days(source, payroll_first_day(config, first), last)
    if days:
        raise DamagedPeriodError("trust.damaged_screen", days=dates(days))
