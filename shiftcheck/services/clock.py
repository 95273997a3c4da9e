"""Where services get the time: an injected clock, so rules are testable without freezing time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from shiftcheck.domain.records import fixed_offset

Clock = Callable[[], datetime]
"""Returns the current time in the store's zone, as a fixed UTC offset (see `fixed_offset`)."""


def system_clock(tz: ZoneInfo) -> Clock:
    """The machine's clock, in `tz`, to the second."""

    def now() -> datetime:
        return fixed_offset(datetime.now(tz).replace(microsecond=0))

    return now


class ManualClock:
    """A clock that moves only when told (tests, demo data, benchmarks)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a clock's time must carry a zone")
        self.tz: tzinfo = start.tzinfo
        self._utc = start.astimezone(UTC)

    @property
    def current(self) -> datetime:
        """The clock's time, in its zone, as a fixed offset."""
        return fixed_offset(self._utc.astimezone(self.tz))

    def __call__(self) -> datetime:
        return self.current

    def set(self, value: datetime) -> datetime:
        """Jump to `value` (an aware time)."""
        self._utc = value.astimezone(UTC)
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move forward by real time `timedelta(**delta)` and return the new time."""
        self._utc = self._utc + timedelta(**delta)
        return self.current
