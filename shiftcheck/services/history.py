"""Shifts and documents for a period, from any history source (a terminal's store or the
chain's central database), so summaries and payroll read the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from shiftcheck.domain.checklist import START_OF_SHIFT
from shiftcheck.domain.clock_rule import clock_backwards_shift
from shiftcheck.domain.records import (
    Acknowledgement,
    AuditEvent,
    CheckRecord,
    Correction,
    Document,
)
from shiftcheck.domain.shifts import MISSED_CLOCK_OUT_WITHIN, Pairing, Shift, pair_shifts
from shiftcheck.domain.staff import Employee

END_OF_TIME = datetime(9999, 12, 31, tzinfo=ZoneInfo("UTC"))


class HistorySource(Protocol):
    """Where history is read from. `DataStore` is one; the central database is another."""

    def history(
        self,
        start: datetime,
        end: datetime,
        kinds: tuple[type, ...] = (CheckRecord, Correction, Acknowledgement, AuditEvent),
    ) -> list[Document]:
        """Documents of the given kinds whose time is in `[start, end)`, oldest first."""
        ...

    def list_staff(self, *, include_inactive: bool = False) -> list[Employee]:
        """The staff directory (ids, names, roles)."""
        ...


def local_day_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of local day `first` to the end of local day `last` in `tz`."""
    return (
        datetime.combine(first, time(0), tz),
        datetime.combine(last + timedelta(days=1), time(0), tz),
    )


class HistoryService:
    """Shifts (with corrections applied) and documents by local day."""

    def __init__(self, source: HistorySource, tz: ZoneInfo, max_shift_hours: float) -> None:
        self.source = source
        self.tz = tz
        self.reach = timedelta(hours=max(max_shift_hours, 24) * 2)
        """How far around a period to read so shifts that cross its edges pair correctly."""

    def shifts(
        self, first: date, last: date, employees: Iterable[str] | None = None
    ) -> list[Shift]:
        """Shifts whose date (clock-in's local day) is in `[first, last]`, oldest first.

        Records a little before and after the period are read too, so an overnight shift or one
        closed after the period pairs correctly; corrections made at any time after are applied.
        """
        return list(self.pairing(first, last, employees).shifts)

    def pairing(self, first: date, last: date, employees: Iterable[str] | None = None) -> Pairing:
        """`shifts`, with the end-of-shift checks in the period that no start check opened
        (a missed clock-in), dated by their own local day."""
        start, end = local_day_bounds(first, last, self.tz)
        records = [
            d
            for d in self.source.history(start - self.reach, end + self.reach, (CheckRecord,))
            if isinstance(d, CheckRecord)
        ]
        corrections = [
            d
            for d in self.source.history(start - self.reach, END_OF_TIME, (Correction,))
            if isinstance(d, Correction)
        ]
        wanted = set(employees) if employees is not None else None
        pairing = pair_shifts(records, corrections)
        kept = [
            s
            for s in pairing.shifts
            if first <= s.local_date(self.tz) <= last
            and (wanted is None or s.employee_id in wanted)
        ]
        return Pairing(
            self._superseded_later(kept, pairing.shifts, end + self.reach),
            tuple(
                r
                for r in pairing.orphan_ends
                if start <= r.submitted_at < end and (wanted is None or r.employee_id in wanted)
            ),
        )

    def _superseded_later(
        self, kept: list[Shift], read: tuple[Shift, ...], read_until: datetime
    ) -> tuple[Shift, ...]:
        """`kept`, with each employee's last open shift marked superseded when their next
        record, beyond what was read, is a start (at most `MISSED_CLOCK_OUT_WITHIN` after the
        clock-in), so any period shows the same `missed_clock_out` flag."""
        last: dict[str, Shift] = {}
        for shift in read:
            last[shift.employee_id] = shift
        tails = {
            s.id
            for s in kept
            if s.end is None
            and not s.superseded
            and last[s.employee_id] is s
            and s.recorded_clock_in + MISSED_CLOCK_OUT_WITHIN >= read_until
        }
        if not tails:
            return tuple(kept)
        until = max(s.recorded_clock_in for s in kept if s.id in tails) + MISSED_CLOCK_OUT_WITHIN
        first_after: dict[str, CheckRecord] = {}
        for doc in self.source.history(read_until, until + timedelta(seconds=1), (CheckRecord,)):
            if isinstance(doc, CheckRecord):
                first_after.setdefault(doc.employee_id, doc)
        out = []
        for shift in kept:
            after = first_after.get(shift.employee_id)
            if (
                shift.id in tails
                and after is not None
                and after.checklist == START_OF_SHIFT
                and after.event_time - shift.recorded_clock_in <= MISSED_CLOCK_OUT_WITHIN
            ):
                shift = replace(shift, superseded=True)
            out.append(shift)
        return tuple(out)

    def clock_backwards(self, first: date, last: date) -> set[str]:
        """Ids (lower case) of shifts around `[first, last]` with a check refused because the
        terminal's clock had gone back (`clock_backwards` audit events)."""
        start, end = local_day_bounds(first, last, self.tz)
        found: set[str] = set()
        for doc in self.source.history(start - self.reach, end + self.reach, (AuditEvent,)):
            if isinstance(doc, AuditEvent):
                shift_id = clock_backwards_shift(doc)
                if shift_id is not None:
                    found.add(shift_id)
        return found

    def documents(self, first: date, last: date, kinds: tuple[type, ...]) -> list[Document]:
        """Documents of `kinds` dated in local days `[first, last]`."""
        start, end = local_day_bounds(first, last, self.tz)
        return self.source.history(start, end, kinds)

    def acknowledgements(self, since: date) -> list[Acknowledgement]:
        """Form acknowledgements made on or after local day `since`."""
        start, _ = local_day_bounds(since, since, self.tz)
        return [
            d
            for d in self.source.history(start, END_OF_TIME, (Acknowledgement,))
            if isinstance(d, Acknowledgement)
        ]
