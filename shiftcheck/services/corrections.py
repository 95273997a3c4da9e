"""Supervisor corrections of clock-in and clock-out, each with a reason on record.

A correction is a record of its own (`Correction`, targeting the shift's id = its start record's
id); the original records stay as they were, and every reader (summary, history, payroll) shows
the corrected time with who corrected it and why.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from shiftcheck.domain.records import Correction, CorrectionField, fixed_offset, format_time
from shiftcheck.domain.shifts import Shift, overlapping
from shiftcheck.domain.text import FREE_TEXT_MAX
from shiftcheck.services.audit import AuditService, Authorise, DocumentSink, require_actor
from shiftcheck.services.clock import Clock
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.history import HistoryService
from shiftcheck.services.text_checks import require_text

if TYPE_CHECKING:
    from shiftcheck.services.summary import StaffDirectory

RECENT_DAYS = 14
"""How far back the corrections list looks for shifts."""
MAX_CORRECTED_SHIFT = timedelta(hours=48)
"""A correction may not make a shift longer than this (a typo in the date, most likely)."""


def parse_clock_time(text: str, day: date, tz: ZoneInfo) -> datetime:
    """A corrected time: `HH:MM` on `day` in the store's zone, or a full ISO time
    (`2026-11-28T01:30`, local if it has no offset) for a time on another day."""
    raw = text.strip()
    try:
        if len(raw) <= 5 and ":" in raw:
            value = datetime.combine(day, time.fromisoformat(raw.zfill(5)), tz)
        else:
            value = datetime.fromisoformat(raw)
            if value.tzinfo is None:
                value = value.replace(tzinfo=tz)
    except ValueError:
        raise ServiceError("supervisor.bad_time", value=raw) from None
    return fixed_offset(value.replace(microsecond=0))


class CorrectionService:
    """Lists shifts that need fixing and writes corrections, re-checking the supervisor."""

    def __init__(
        self,
        history: HistoryService,
        sink: DocumentSink,
        directory: StaffDirectory,
        clock: Clock,
        authorise: Authorise,
        audit: AuditService,
        max_shift_hours: float = 12.0,
    ) -> None:
        self.max_shift_hours = max_shift_hours
        """An open shift longer than this is a forgotten clock-out."""
        self.history = history
        self.sink = sink
        self.directory = directory
        self.clock = clock
        self.authorise = authorise
        self.audit = audit

    def _require(self, actor: str | None) -> str:
        return require_actor(self.authorise, actor)

    def today(self) -> date:
        """The store's local date now."""
        return self.clock().astimezone(self.history.tz).date()

    def shifts(self, *, actor: str, days: int = RECENT_DAYS) -> list[Shift]:
        """Shifts of the last `days` days: open ones (forgotten clock-outs) first, oldest first;
        then closed ones, newest first."""
        self._require(actor)
        today = self.today()
        found = self.history.shifts(today - timedelta(days=days - 1), today)
        open_ = [s for s in found if s.clock_out is None]
        closed = [s for s in reversed(found) if s.clock_out is not None]
        return open_ + closed

    def open_shifts(self, *, actor: str, days: int = RECENT_DAYS) -> list[Shift]:
        """Shifts still without a clock-out, oldest first."""
        return [s for s in self.shifts(actor=actor, days=days) if s.clock_out is None]

    def is_running(self, shift: Shift) -> bool:
        """Whether an open shift is still within `max_shift_hours` (the employee is working)."""
        return shift.is_running(self.clock(), self.max_shift_hours)

    def forgotten(self, *, actor: str, days: int = RECENT_DAYS) -> list[Shift]:
        """Open shifts that have run past `max_shift_hours`: forgotten clock-outs."""
        now = self.clock()
        return [
            s
            for s in self.open_shifts(actor=actor, days=days)
            if s.is_forgotten(now, self.max_shift_hours)
        ]

    def shift_on(self, employee_id: str, shift_date: date, *, actor: str) -> Shift:
        """The employee's shift dated `shift_date` (an open one if there are several, else the
        latest); `ServiceError` naming the problem if there is none."""
        self._require(actor)
        if employee_id not in {e.id for e in self.directory.list_staff(include_inactive=True)}:
            raise ServiceError("staff.unknown", id=employee_id)
        if shift_date > self.today():
            raise ServiceError("supervisor.future_date", date=shift_date.isoformat())
        found = self.history.shifts(shift_date, shift_date, [employee_id])
        if not found:
            raise ServiceError("supervisor.no_shift", id=employee_id, date=shift_date.isoformat())
        open_ = [s for s in found if s.clock_out is None]
        return open_[-1] if open_ else found[-1]

    def correct(
        self,
        shift: Shift,
        field: CorrectionField,
        value: datetime,
        reason: str,
        *,
        actor: str,
    ) -> Correction:
        """Set the shift's clock-in or clock-out to `value`, with `reason`; nothing is written
        if anything is wrong."""
        by = self._require(actor)
        reason = reason.strip()
        if not reason:
            raise ServiceError("supervisor.reason_needed")
        require_text(reason, "text.field.reason", FREE_TEXT_MAX, one_line=False)
        now = self.clock()
        if value > now:
            raise ServiceError("supervisor.future_time", value=self._show(value))
        if field == "clock_out":
            if value <= shift.clock_in:
                raise ServiceError(
                    "supervisor.out_before_in",
                    value=self._show(value),
                    clock_in=self._show(shift.clock_in),
                )
            if value - shift.clock_in > MAX_CORRECTED_SHIFT:
                raise ServiceError("supervisor.too_long", hours=48)
            current = shift.clock_out
        elif field == "clock_in":
            out = shift.clock_out
            if out is not None and value >= out:
                raise ServiceError(
                    "supervisor.in_after_out", value=self._show(value), clock_out=self._show(out)
                )
            if out is not None and out - value > MAX_CORRECTED_SHIFT:
                raise ServiceError("supervisor.too_long", hours=48)
            current = shift.clock_in
        else:
            raise ServiceError("supervisor.bad_field", field=field)
        if current is not None and current == value:
            raise ServiceError("supervisor.unchanged", value=self._show(value))
        if field == "clock_in":
            self._refuse_overlap(shift, value, shift.clock_out)
        else:
            self._refuse_overlap(shift, shift.clock_in, value)
        correction = Correction(
            id=str(uuid.uuid4()),
            store_id=shift.start.store_id,
            employee_id=shift.employee_id,
            target=shift.id,
            field=field,
            value=value,
            reason=reason,
            by=by,
            at=now,
        )
        self.sink.add(correction, local=True)
        self.audit.record(
            by,
            f"correct:{field}",
            f"{shift.employee_id} {shift.id} {format_time(value)}: {reason}",
        )
        return correction

    def correct_on_date(
        self,
        employee_id: str,
        shift_date: date,
        field: CorrectionField,
        text: str,
        reason: str,
        *,
        actor: str,
    ) -> Correction:
        """`correct` for the command line: the shift by employee and date, the time as text
        (see `parse_clock_time`)."""
        self._require(actor)
        if not reason.strip():
            raise ServiceError("supervisor.reason_needed")
        shift = self.shift_on(employee_id, shift_date, actor=actor)
        value = parse_clock_time(text, shift_date, self.history.tz)
        return self.correct(shift, field, value, reason, actor=actor)

    def _refuse_overlap(self, shift: Shift, clock_in: datetime, clock_out: datetime | None) -> None:
        """Refuse a correction that would make the shift overlap another of the employee's
        shifts (the same hour would be paid twice), naming the other shift."""
        tz = self.history.tz
        first = clock_in.astimezone(tz).date() - timedelta(days=3)  # a shift of up to 48 h
        last = (clock_out or clock_in).astimezone(tz).date()
        found = self.history.shifts(first, last, [shift.employee_id])
        other = overlapping(found, shift, clock_in, clock_out)
        if other is None:
            return
        out = other.clock_out
        named = {
            "id": other.employee_id,
            "date": other.local_date(tz).isoformat(),
            "clock_in": self._show(other.clock_in),
        }
        if out is None:
            raise ServiceError("shifts.overlap_open", **named)
        raise ServiceError("shifts.overlap", clock_out=self._show(out), **named)

    def _show(self, value: datetime) -> str:
        return value.astimezone(self.history.tz).strftime("%Y-%m-%d %H:%M")
