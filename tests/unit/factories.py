"""Small builders of domain objects for tests."""

from __future__ import annotations

import uuid
from datetime import datetime

from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT, Answer, Result
from shiftcheck.domain.records import CheckRecord, Correction


def record(
    employee: str,
    checklist: str,
    started: datetime,
    submitted: datetime | None = None,
    *,
    answers: tuple[Answer, ...] = (Answer("desk_tidy", Result.PASS),),
    store: str = "S001",
    record_id: str | None = None,
) -> CheckRecord:
    """A check record; `submitted` defaults to one minute after `started`."""
    from datetime import timedelta

    return CheckRecord(
        id=record_id or str(uuid.uuid4()),
        store_id=store,
        terminal_id="T1",
        employee_id=employee,
        checklist=checklist,
        checklist_version="1+abc",
        started_at=started,
        submitted_at=submitted or started + timedelta(minutes=1),
        answers=answers,
    )


def start(employee: str, at: datetime, **kw: object) -> CheckRecord:
    """A start-of-shift record begun at `at`."""
    return record(employee, START_OF_SHIFT, at, **kw)  # type: ignore[arg-type]


def end(employee: str, at: datetime, **kw: object) -> CheckRecord:
    """An end-of-shift record submitted at `at` (begun a minute earlier)."""
    from datetime import timedelta

    return record(employee, END_OF_SHIFT, at - timedelta(minutes=1), at, **kw)  # type: ignore[arg-type]


def correction(
    target: CheckRecord, field: str, value: datetime, at: datetime, reason: str = "forgot"
) -> Correction:
    """A supervisor's correction of the shift that `target` opened."""
    return Correction(
        id=str(uuid.uuid4()),
        store_id=target.store_id,
        employee_id=target.employee_id,
        target=target.id,
        field=field,  # type: ignore[arg-type]
        value=value,
        reason=reason,
        by="E001",
        at=at,
    )
