"""Text that the command line and the screens both show, written once, in the user's language.

Face-neutral: plain strings, no Textual and no Rich (a screen adds its own styles around them).
The day totals line, clock times past midnight ("06:30+1"), a check's result, a sync target's
status line and why a sign-in was refused all read the same in `summary`, `sync status`, the
supervisor's screens and the kiosk.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from shiftcheck.i18n import t

if TYPE_CHECKING:
    from shiftcheck.services.auth import LoginResult
    from shiftcheck.services.summary import CheckOutcome, DaySummary, DayTotals, PeriodSummary
    from shiftcheck.services.sync.service import TargetStatus


def day_totals_line(totals: DayTotals, lang: str) -> str:
    """A day's totals as one line: the day screen's foot and the `summary` command's."""
    return t(
        "reports.day.totals",
        lang,
        on_shift=totals.on_shift,
        checked_out=totals.checked_out,
        missing=totals.missing_checks,
        failed=totals.failed_items,
        forms=totals.forms,
        worked=totals.worked_hours,
        paid=totals.paid_hours,
    )


def later_day_time(clock: time | datetime, days_later: int) -> str:
    """`18:05`, or `06:30+1` (`+n`) for a time `days_later` days after the day it belongs to."""
    return f"{clock:%H:%M}" + (f"{days_later:+d}" if days_later else "")


def clock_time(value: datetime | None, day: date, tz: ZoneInfo, *, missing: str = "") -> str:
    """A time of the shift dated `day` in the store's zone: `08:55`, or `06:30+1` when it falls
    on a later day (an overnight clock-out); `missing` when there is none (an open shift)."""
    if value is None:
        return missing
    local = value.astimezone(tz)
    return later_day_time(local, (local.date() - day).days)


def check_result(outcome: CheckOutcome | None, lang: str) -> str:
    """A check's result in a summary: all passed / N failed / not done."""
    if outcome is None:
        return t("supervisor.check.none", lang)
    if outcome.failed:
        return t("supervisor.check.failed", lang, n=outcome.failed)
    return t("supervisor.check.passed", lang)


def sync_kind(status: TargetStatus, lang: str) -> str:
    """A sync target's kind in words: folder / PostgreSQL."""
    return t(f"table.sync.kind.{status.kind}", lang)


def sync_last_success(status: TargetStatus, lang: str) -> str:
    """When a sync target last took everything, or "never"."""
    return status.last_success or t("sync.status.never", lang)


def sync_last_error(status: TargetStatus, lang: str) -> str:
    """A sync target's last error with its time, or "none"."""
    if not status.last_error:
        return t("sync.status.none", lang)
    return f"{status.last_error_at}: {status.last_error}"


def sync_status_line(status: TargetStatus, lang: str) -> str:
    """A sync target on one line: kind, place, documents waiting, last success, last error."""
    return t(
        "sync.status.line",
        lang,
        target=status.target,
        kind=sync_kind(status, lang),
        where=status.where,
        pending=status.pending,
        success=sync_last_success(status, lang),
        error=sync_last_error(status, lang),
    )


def sign_in_refusal(
    result: LoginResult, employee_id: str, lang: str, tz: ZoneInfo, now: datetime
) -> str:
    """Why a PIN sign-in (at the kiosk or the command line) was refused and what happens next."""
    if result.terminal_paused:
        return t("pin.terminal_paused", lang)
    if result.employee is None:
        return t("staff.unknown", lang, id=employee_id)
    if result.no_pin:
        return t("shifts.pin.none", lang, name=result.employee.name)
    if result.locked_until is not None:
        until = result.locked_until.astimezone(tz)
        text = f"{until:%H:%M}"
        if until.date() != now.astimezone(tz).date():
            text = f"{until:%Y-%m-%d %H:%M}"
        return t("pin.locked", lang, until=text)
    if result.tries_left is not None and result.next_lock is not None:
        lock = span(result.next_lock, lang)
        return t("shifts.pin.wrong", lang, left=result.tries_left, lock=lock)
    return t("kiosk.pin.refused", lang)


def span(length: timedelta, lang: str) -> str:
    """`7 h 40 min` / `7小时40分钟` (whole minutes, rounded down)."""
    minutes = max(0, int(length.total_seconds() // 60))
    hours, mins = divmod(minutes, 60)
    if hours == 0:
        return t("kiosk.duration.minutes", lang, m=mins)
    return t("kiosk.duration.hours", lang, h=hours, m=mins)


def day_roster_line(summary: DaySummary, lang: str) -> str | None:
    """The day's roster figures as one line in `lang`; None for a store without a roster."""
    if summary.roster is None:
        return None
    return t(
        "rosterviews.day.totals",
        lang,
        plans=len(summary.roster),
        late=summary.late,
        no_shows=summary.no_shows,
        planned=summary.planned_hours,
    )


def period_roster_line(summary: PeriodSummary, lang: str) -> str | None:
    """The period's roster figures as one line in `lang`; None for a store without a roster."""
    if not summary.has_roster:
        return None
    return t(
        "rosterviews.period.totals",
        lang,
        late=summary.late,
        no_shows=summary.no_shows,
        planned=summary.planned_hours,
        worked=summary.worked_hours,
    )
