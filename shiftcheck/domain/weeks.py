"""Weeks and months of the calendar: which days a week or a month holds.

One rule for every reader: the payroll's overtime weeks, the supervisor's period summary, the
roster's week and the export's default period all start a week on the store's `week_start`.
"""

from __future__ import annotations

from datetime import date, timedelta

MAX_PERIOD_DAYS = 366
"""The longest period a summary covers (a leap year)."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Weekday names as the config writes them; the index is the weekday number (0 = Monday)."""


def weekday_number(name: str) -> int:
    """The weekday number (0 = Monday … 6 = Sunday) of a config weekday name such as "sunday"."""
    return WEEKDAYS.index(name)


def week_start_of(day: date, week_start: int = 0) -> date:
    """The first day of the week holding `day`, for weeks starting on weekday `week_start`
    (0 = Monday … 6 = Sunday)."""
    if not 0 <= week_start <= 6:
        raise ValueError("week_start must be 0 (Monday) to 6 (Sunday)")
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def week_of(day: date, week_start: int = 0) -> tuple[date, date]:
    """The first and last day of the week holding `day` (Monday-first by default)."""
    first = week_start_of(day, week_start)
    return first, first + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of the calendar month holding `day`."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)
