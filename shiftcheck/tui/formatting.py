"""Small text helpers shared by the screens: times, durations, dates, error messages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from shiftcheck.i18n import Translator
from shiftcheck.services.errors import StoreError, StoreWriteError


def hhmm(value: datetime, tz: ZoneInfo) -> str:
    """`08:55` in the store's zone."""
    return value.astimezone(tz).strftime("%H:%M")


def clock_in_at(tr: Translator, value: datetime, tz: ZoneInfo, now: datetime) -> str:
    """`08:55` when `value` is today in the store's zone, else with its date:
    `30 November 08:55` / `11月30日 08:55`."""
    local = value.astimezone(tz)
    time = local.strftime("%H:%M")
    if local.date() == now.astimezone(tz).date():
        return time
    return tr("shifts.at", date=short_date(tr, local), time=time)


def short_date(tr: Translator, value: datetime) -> str:
    """`30 November` / `11月30日`."""
    return tr("shifts.date.short", month_name=tr(f"kiosk.month.{value.month}"), day=value.day)


def duration(tr: Translator, span: timedelta) -> str:
    """`7 h 40 min` / `7小时40分钟` (rounded down to the minute)."""
    minutes = max(0, int(span.total_seconds() // 60))
    hours, mins = divmod(minutes, 60)
    if hours == 0:
        return tr("kiosk.duration.minutes", m=mins)
    return tr("kiosk.duration.hours", h=hours, m=mins)


def long_date(tr: Translator, value: datetime) -> str:
    """`Friday 27 November 2026` / `2026年11月27日 星期五`."""
    return tr(
        "kiosk.date.long",
        year=value.year,
        month_name=tr(f"kiosk.month.{value.month}"),
        day=value.day,
        weekday=tr(f"kiosk.weekday.{value.weekday()}"),
    )


def save_failed(tr: Translator, exc: StoreError) -> str:
    """A plain message for a failed save."""
    if isinstance(exc, StoreWriteError):
        return tr("kiosk.save.failed", reason=exc.reason)
    return tr("kiosk.save.failed", reason=str(exc))
