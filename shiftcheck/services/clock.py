"""Where services get the time: an injected clock, so rules are testable without freezing time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]
"""Returns the current time, aware, in the store's zone."""


def system_clock(tz: ZoneInfo) -> Clock:
    """The machine's clock, in `tz`, to the second."""

    def now() -> datetime:
        return datetime.now(tz).replace(microsecond=0)

    return now


class ManualClock:
    """A clock that moves only when told (tests, demo data, benchmarks)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a clock's time must carry a zone")
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move forward by `timedelta(**delta)` and return the new time."""
        self.current = self.current + timedelta(**delta)
        return self.current
