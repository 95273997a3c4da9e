"""The clock rule: a check whose time the terminal's own history contradicts is not recorded.

A terminal's clock that was set back (a flat battery, a wrong manual change) would otherwise
record a clock-out before its clock-in, which pairs with nothing: the shift stays open and pays
nothing. So a check may be submitted only at a time not before its own start, the clock-in of
the shift it closes, and the last check record this terminal wrote. When the rule refuses, an
audit event names the shift concerned so the supervisor sees it flagged `clock_backwards`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from shiftcheck.domain.records import AuditEvent, format_time

FLAG_CLOCK_BACKWARDS = "clock_backwards"
"""A check of this shift was refused because the terminal's clock had gone back."""

CLOCK_BACKWARDS_ACTION = "clock_backwards"
"""The audit action that records such a refusal (`detail`: see `clock_backwards_detail`)."""

_SHIFT_RE = re.compile(
    r"(?:^| )shift=((?:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}:)?[0-9a-fA-F-]{36})(?: |$)"
)
"""The shift a refusal names: its id, store-qualified (`S001:<id>`) in all-store reports."""


class ClockReference(StrEnum):
    """Which earlier time the clock reads before (also part of the message key)."""

    CLOCK_IN = "clock_in"
    LAST_RECORD = "last_record"
    STARTED = "started"


@dataclass(frozen=True, slots=True)
class ClockBehind:
    """The terminal's clock reads `now`, before `after` (the latest time it has vouched for)."""

    now: datetime
    after: datetime
    reference: ClockReference


def clock_behind(
    now: datetime,
    *,
    started_at: datetime,
    clock_in: datetime | None = None,
    last_record: datetime | None = None,
) -> ClockBehind | None:
    """Whether submitting at `now` contradicts an earlier time; None when `now` is plausible.

    `started_at` is when the check began, `clock_in` the clock-in of the shift an end check
    closes, `last_record` the time of the last check record this terminal wrote.
    """
    # In the order that tells the employee most: their own clock-in first.
    known = (
        (clock_in, ClockReference.CLOCK_IN),
        (last_record, ClockReference.LAST_RECORD),
        (started_at, ClockReference.STARTED),
    )
    for earlier, reference in known:
        if earlier is not None and now < earlier:
            return ClockBehind(now, earlier, reference)
    return None


def clock_backwards_detail(shift_id: str, behind: ClockBehind) -> str:
    """The audit detail of a refusal: `shift=<id> terminal=<time> after=<time> ref=<which>`."""
    return (
        f"shift={shift_id} terminal={format_time(behind.now)} "
        f"after={format_time(behind.after)} ref={behind.reference.value}"
    )


def qualify_clock_backwards(event: AuditEvent, prefix: str) -> AuditEvent:
    """`event` for all-store reports, where shift ids are qualified by their store
    (`prefix`, e.g. `S001:`): a refusal then names the qualified shift id."""
    found = _SHIFT_RE.search(event.detail) if event.action == CLOCK_BACKWARDS_ACTION else None
    if found is None:
        return event
    start = found.start(1)
    return replace(event, detail=event.detail[:start] + prefix + event.detail[start:])


def clock_backwards_shift(event: AuditEvent) -> str | None:
    """The shift id a `clock_backwards` audit event names, else None."""
    if event.action != CLOCK_BACKWARDS_ACTION:
        return None
    found = _SHIFT_RE.search(event.detail)
    return found.group(1).lower() if found else None
