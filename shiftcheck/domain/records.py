"""Check records, corrections, acknowledgements, audit events and roster plans: the contract.

Every kind is immutable once written; each has a UUID `id` that is its sync key. `to_json` gives
the contract's JSON object and `from_json` checks one strictly, raising `RecordFormatError` that
names the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, ClassVar, Literal, TypeAlias
from uuid import UUID
from zoneinfo import ZoneInfo

from shiftcheck.domain.checklist import CHECKLIST_IDS, LARGEST_NUMBER, Answer, Result
from shiftcheck.domain.text import (
    DETAIL_MAX,
    FREE_TEXT_MAX,
    LABEL_MAX,
    TextProblem,
    text_problem,
)

RECORD_SCHEMA = "shiftcheck.record/1"
CORRECTION_SCHEMA = "shiftcheck.correction/1"
ACK_SCHEMA = "shiftcheck.ack/1"
AUDIT_SCHEMA = "shiftcheck.audit/1"
ROSTER_SCHEMA = "shiftcheck.roster/1"

MAX_PLAN_HOURS = 16
"""The longest planned shift a roster may hold."""
MAX_NOTE_CHARS = 200
"""The longest note a planned shift may carry."""

CorrectionField: TypeAlias = Literal["clock_in", "clock_out"]
CORRECTION_FIELDS: tuple[CorrectionField, ...] = ("clock_in", "clock_out")

FLAG_FAST = "fast"
"""A check submitted faster than the configured minimum time per item."""

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
"""The usual written form of a UUID; other forms `uuid.UUID` takes are checked by it."""


class RecordFormatError(ValueError):
    """A JSON object that does not follow the record contract; the message names the field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def fixed_offset(value: datetime) -> datetime:
    """The same instant with a fixed UTC offset instead of a zone's rules.

    Python compares and subtracts two datetimes of the same zone by wall clock, which is wrong
    across a DST change; fixed offsets (as in stored records) always compare by real time.
    """
    offset = value.utcoffset()
    if offset is None:
        raise ValueError("time has no UTC offset")
    return value.astimezone(timezone(offset))


def format_time(value: datetime) -> str:
    """ISO 8601 with the UTC offset, to the second: `2026-11-27T08:55:02+08:00`."""
    return value.isoformat(timespec="seconds")


FIRST_YEAR, LAST_YEAR = 2000, 2100
"""Times of documents lie in these years (inclusive): a terminal clock reset to 1970 or a
forged year 9999 is refused, and date arithmetic never overflows."""


def in_record_years(value: datetime) -> bool:
    """Whether a document may hold a time of `value`'s year."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def check_time(value: datetime, field: str) -> datetime:
    """`value` if a document may hold it: in the years `FIRST_YEAR`–`LAST_YEAR` and in whole
    seconds (what `format_time` writes, so a stored time reads back the same)."""
    if not in_record_years(value):
        raise RecordFormatError(
            field, f"{format_time(value)} is outside the years {FIRST_YEAR}–{LAST_YEAR}"
        )
    if value.microsecond:
        raise RecordFormatError(
            field,
            f"{value.isoformat()} has fractional seconds; times are kept to the whole second",
        )
    return value


def parse_time(raw: object, field: str) -> datetime:
    """An aware datetime from an ISO 8601 string that carries its offset (see `check_time`)."""
    if not isinstance(raw, str):
        raise RecordFormatError(field, "expected an ISO 8601 time with a UTC offset")
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise RecordFormatError(field, f"not an ISO 8601 time: {raw!r}") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise RecordFormatError(field, f"time has no UTC offset: {raw!r}")
    return check_time(value, field)


def _str(data: Mapping[str, Any], key: str, *, empty_ok: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise RecordFormatError(key, "expected a string")
    if not empty_ok and not value.strip():
        raise RecordFormatError(key, "must not be empty")
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    """A non-empty string field (the common case checked in one step, else `_str` says why)."""
    value = data.get(key)
    if type(value) is str and value and not value.isspace():
        return value
    return _str(data, key)


_TEXT_PROBLEMS = {
    TextProblem.EMPTY: "must not be empty",
    TextProblem.TOO_LONG: "longer than {limit} characters",
    TextProblem.CONTROL: "holds a control character or a bidi override",
    TextProblem.LINE_BREAK: "holds a line break or a tab",
}


def checked_text(
    value: str, field: str, limit: int, *, one_line: bool, empty_ok: bool = False
) -> str:
    """`value` if it is within `limit` characters and holds no control character (nor a line
    break, if `one_line`); else `RecordFormatError` naming `field`."""
    problem = text_problem(value, limit, one_line=one_line, empty_ok=empty_ok)
    if problem is not None:
        raise RecordFormatError(field, _TEXT_PROBLEMS[problem].format(limit=limit))
    return value


def _label(data: Mapping[str, Any], key: str) -> str:
    """A short one-line text field: a terminal id, a checklist version, an actor."""
    return checked_text(_text(data, key), key, LABEL_MAX, one_line=True)


def _ident(data: Mapping[str, Any], key: str) -> str:
    value = _text(data, key)
    if not _ID_RE.fullmatch(value):
        raise RecordFormatError(key, f"not a valid id: {value!r}")
    return value


def _uuid(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if type(value) is str and _UUID_RE.fullmatch(value):
        return value
    value = _str(data, key)
    try:
        UUID(value)
    except ValueError:
        raise RecordFormatError(key, f"not a UUID: {value!r}") from None
    return value


def _keys(data: Mapping[str, Any], allowed: frozenset[str], schema: str) -> None:
    if not isinstance(data, Mapping):
        raise RecordFormatError("(object)", "expected a JSON object")
    if data.get("schema") != schema:
        raise RecordFormatError("schema", f"expected {schema!r}, got {data.get('schema')!r}")
    if not data.keys() <= allowed:
        raise RecordFormatError(sorted(set(data) - allowed)[0], "unknown field")


_ANSWER_KEYS = frozenset({"item", "result", "value", "note"})


def answers_from_json(raw: object) -> tuple[Answer, ...]:
    """A record's `answers` from JSON: a list of answers, each checked."""
    if not isinstance(raw, list):
        raise RecordFormatError("answers", "expected a list")
    return tuple([answer_from_json(a, i) for i, a in enumerate(raw)])


def answer_from_json(raw: object, index: int) -> Answer:
    """An answer from JSON (the `index`-th of its record), checked."""
    where = f"answers[{index}]"
    if not isinstance(raw, Mapping):
        raise RecordFormatError(where, "expected an object")
    unknown = set(raw) - _ANSWER_KEYS
    if unknown:
        raise RecordFormatError(f"{where}.{sorted(unknown)[0]}", "unknown field")
    item = raw.get("item")
    if not isinstance(item, str) or not item:
        raise RecordFormatError(f"{where}.item", "expected an item id")
    checked_text(item, f"{where}.item", LABEL_MAX, one_line=True)
    result_raw = raw.get("result")
    result: Result | None = None
    if result_raw is not None:
        try:
            result = Result(result_raw)
        except ValueError:
            raise RecordFormatError(
                f"{where}.result", f"not pass/fail/na: {result_raw!r}"
            ) from None
    value = raw.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | str)):
        raise RecordFormatError(f"{where}.value", "expected a whole number, a string or null")
    if isinstance(value, int) and not -LARGEST_NUMBER <= value <= LARGEST_NUMBER:
        raise RecordFormatError(f"{where}.value", f"out of range (±{LARGEST_NUMBER})")
    if isinstance(value, str):
        checked_text(value, f"{where}.value", FREE_TEXT_MAX, one_line=False, empty_ok=True)
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise RecordFormatError(f"{where}.note", "expected a string")
    checked_text(note, f"{where}.note", FREE_TEXT_MAX, one_line=False, empty_ok=True)
    return Answer(item=item, result=result, value=value, note=note)


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """One submitted check: the clock-in (start) or clock-out (end) of a shift."""

    SCHEMA: ClassVar[str] = RECORD_SCHEMA

    id: str
    store_id: str
    terminal_id: str
    employee_id: str
    checklist: str
    checklist_version: str
    started_at: datetime
    submitted_at: datetime
    answers: tuple[Answer, ...]
    flags: tuple[str, ...] = ()

    @property
    def event_time(self) -> datetime:
        """The time that places the record in a shift: start for clock-in, submit for clock-out."""
        return self.started_at if self.checklist == CHECKLIST_IDS[0] else self.submitted_at

    def answer(self, item_id: str) -> Answer | None:
        """The answer to one item, if given."""
        for answer in self.answers:
            if answer.item == item_id:
                return answer
        return None

    def to_json(self) -> dict[str, Any]:
        """The record as in the contract."""
        return {
            "schema": RECORD_SCHEMA,
            "id": self.id,
            "store_id": self.store_id,
            "terminal_id": self.terminal_id,
            "employee_id": self.employee_id,
            "checklist": self.checklist,
            "checklist_version": self.checklist_version,
            "started_at": format_time(self.started_at),
            "submitted_at": format_time(self.submitted_at),
            "answers": [a.to_json() for a in self.answers],
            "flags": list(self.flags),
        }

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], answers: tuple[Answer, ...] | None = None
    ) -> CheckRecord:
        """A record from its contract JSON, checked field by field.

        `answers`, when given, are this record's answers already checked with
        `answers_from_json` (a bulk reader that parsed them on its own), and `data` has no
        "answers" key.
        """
        _keys(data, _RECORD_KEYS, RECORD_SCHEMA)
        checklist = _text(data, "checklist")
        if checklist not in CHECKLIST_IDS:
            raise RecordFormatError("checklist", f"expected one of {', '.join(CHECKLIST_IDS)}")
        if answers is None:
            answers = answers_from_json(data.get("answers"))
        flags_raw = data.get("flags", [])
        if not isinstance(flags_raw, list) or not all(isinstance(f, str) for f in flags_raw):
            raise RecordFormatError("flags", "expected a list of strings")
        for flag in flags_raw:
            checked_text(flag, "flags", LABEL_MAX, one_line=True)
        started = parse_time(data.get("started_at"), "started_at")
        submitted = parse_time(data.get("submitted_at"), "submitted_at")
        if submitted < started:
            raise RecordFormatError("submitted_at", "is before started_at")
        # Positional, in field order: id, store, terminal, employee, checklist, version, times.
        return cls(
            _uuid(data, "id"),
            _ident(data, "store_id"),
            _label(data, "terminal_id"),
            _ident(data, "employee_id"),
            checklist,
            _label(data, "checklist_version"),
            started,
            submitted,
            answers,
            tuple(flags_raw),
        )


_RECORD_KEYS = frozenset(
    {
        "schema",
        "id",
        "store_id",
        "terminal_id",
        "employee_id",
        "checklist",
        "checklist_version",
        "started_at",
        "submitted_at",
        "answers",
        "flags",
    }
)


@dataclass(frozen=True, slots=True)
class Correction:
    """A supervisor's change of a shift's clock-in or clock-out, with the reason on record.

    `target` is the id of the shift (its start record's id) being corrected.
    """

    SCHEMA: ClassVar[str] = CORRECTION_SCHEMA

    id: str
    store_id: str
    employee_id: str
    target: str
    field: CorrectionField
    value: datetime
    reason: str
    by: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        """The correction as in the contract."""
        return {
            "schema": CORRECTION_SCHEMA,
            "id": self.id,
            "store_id": self.store_id,
            "employee_id": self.employee_id,
            "target": self.target,
            "field": self.field,
            "value": format_time(self.value),
            "reason": self.reason,
            "by": self.by,
            "at": format_time(self.at),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Correction:
        """A correction from its contract JSON, checked field by field."""
        _keys(data, _CORRECTION_KEYS, CORRECTION_SCHEMA)
        field = data.get("field")
        if field not in CORRECTION_FIELDS:
            raise RecordFormatError("field", f"expected one of {', '.join(CORRECTION_FIELDS)}")
        return cls(
            id=_uuid(data, "id"),
            store_id=_ident(data, "store_id"),
            employee_id=_ident(data, "employee_id"),
            target=_uuid(data, "target"),
            field=field,
            value=parse_time(data.get("value"), "value"),
            reason=checked_text(_str(data, "reason"), "reason", FREE_TEXT_MAX, one_line=False),
            by=_ident(data, "by"),
            at=parse_time(data.get("at"), "at"),
        )


_CORRECTION_KEYS = frozenset(
    {
        "schema",
        "id",
        "store_id",
        "employee_id",
        "target",
        "field",
        "value",
        "reason",
        "by",
        "at",
    }
)


def _count(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RecordFormatError(key, "expected a whole number ≥ 0")
    if value > LARGEST_NUMBER:
        raise RecordFormatError(key, f"out of range (≤ {LARGEST_NUMBER})")
    return value


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """A supervisor's receipt of the registration forms an employee handed in at an end check.

    `forms` is the count the employee declared; `received`, when set, the different count the
    supervisor found (absent: received as declared).
    """

    SCHEMA: ClassVar[str] = ACK_SCHEMA

    id: str
    store_id: str
    employee_id: str
    record: str
    forms: int
    by: str
    at: datetime
    received: int | None = None

    @property
    def forms_received(self) -> int:
        """How many forms the supervisor received."""
        return self.forms if self.received is None else self.received

    def to_json(self) -> dict[str, Any]:
        """The acknowledgement as JSON (`received` only when it was recorded)."""
        data: dict[str, Any] = {
            "schema": ACK_SCHEMA,
            "id": self.id,
            "store_id": self.store_id,
            "employee_id": self.employee_id,
            "record": self.record,
            "forms": self.forms,
            "by": self.by,
            "at": format_time(self.at),
        }
        if self.received is not None:
            data["received"] = self.received
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Acknowledgement:
        """An acknowledgement from JSON, checked field by field."""
        _keys(data, _ACK_KEYS, ACK_SCHEMA)
        return cls(
            id=_uuid(data, "id"),
            store_id=_ident(data, "store_id"),
            employee_id=_ident(data, "employee_id"),
            record=_uuid(data, "record"),
            forms=_count(data, "forms"),
            by=_ident(data, "by"),
            at=parse_time(data.get("at"), "at"),
            received=_count(data, "received") if "received" in data else None,
        )


_ACK_KEYS = frozenset(
    {"schema", "id", "store_id", "employee_id", "record", "forms", "by", "at", "received"}
)


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Who did what on a terminal, e.g. a supervisor opening the team summary."""

    SCHEMA: ClassVar[str] = AUDIT_SCHEMA

    id: str
    store_id: str
    terminal_id: str
    actor: str
    action: str
    detail: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        """The event as JSON."""
        return {
            "schema": AUDIT_SCHEMA,
            "id": self.id,
            "store_id": self.store_id,
            "terminal_id": self.terminal_id,
            "actor": self.actor,
            "action": self.action,
            "detail": self.detail,
            "at": format_time(self.at),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AuditEvent:
        """An audit event from JSON, checked field by field."""
        _keys(data, _AUDIT_KEYS, AUDIT_SCHEMA)
        return cls(
            id=_uuid(data, "id"),
            store_id=_ident(data, "store_id"),
            terminal_id=_label(data, "terminal_id"),
            actor=_label(data, "actor"),
            action=_label(data, "action"),
            detail=checked_text(
                _str(data, "detail", empty_ok=True),
                "detail",
                DETAIL_MAX,
                one_line=False,
                empty_ok=True,
            ),
            at=parse_time(data.get("at"), "at"),
        )


_AUDIT_KEYS = frozenset(
    {"schema", "id", "store_id", "terminal_id", "actor", "action", "detail", "at"}
)


def parse_clock(raw: str, field: str) -> time:
    """A wall-clock time written `HH:MM` (00:00–23:59)."""
    found = _CLOCKS.get(raw)  # a roster repeats a few times thousands of times
    if found is not None:
        return found
    text = raw.strip()
    hours, sep, minutes = text.partition(":")
    if (
        not sep
        or not (1 <= len(hours) <= 2 and hours.isdigit() and hours.isascii())
        or not (len(minutes) == 2 and minutes.isdigit() and minutes.isascii())
    ):
        raise RecordFormatError(field, f"expected a time as HH:MM, got {raw!r}")
    h, m = int(hours), int(minutes)
    if h > 23 or m > 59:
        raise RecordFormatError(field, f"not a time of day: {raw!r}")
    found = time(h, m)
    if len(_CLOCKS) < 4096:
        _CLOCKS[raw] = found
    return found


_CLOCKS: dict[str, time] = {}
"""Texts `parse_clock` has read, and their times (only good ones; at most 4096)."""


def parse_day(raw: str, field: str) -> date:
    """A calendar date written `YYYY-MM-DD`."""
    text = raw.strip()
    try:
        if len(text) != 10 or not text.isascii():
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise RecordFormatError(field, f"expected a date as YYYY-MM-DD, got {raw!r}") from None


def local_instant(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The instant `clock` on `day` in the store's zone, as a fixed-offset time."""
    return fixed_offset(datetime.combine(day, clock, tzinfo=tz))


def plan_length(start: time, end: time) -> timedelta:
    """Wall-clock length of a plan (an end at or before the start runs into the next day)."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes <= 0:
        minutes += 24 * 60
    return timedelta(minutes=minutes)


@dataclass(frozen=True, slots=True)
class PlannedShift:
    """One version of a planned shift (the roster document)."""

    SCHEMA: ClassVar[str] = ROSTER_SCHEMA

    id: str
    """This version's id (the sync key)."""
    plan: str
    """The planned shift's id, the same in every version of it."""
    store_id: str
    employee_id: str
    day: date
    start: time
    end: time
    note: str
    deleted: bool
    by: str
    """Who made this version (a supervisor's id)."""
    at: datetime
    """When this version was made."""

    @property
    def overnight(self) -> bool:
        """True when the plan ends on the next day."""
        return self.end <= self.start

    def interval(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """Planned start and end as instants in the store's zone (fixed offsets)."""
        begin = local_instant(self.day, self.start, tz)
        end_day = self.day + timedelta(days=1) if self.overnight else self.day
        return begin, local_instant(end_day, self.end, tz)

    def minutes(self, tz: ZoneInfo) -> Decimal:
        """Planned minutes in real time (a DST night changes them)."""
        begin, end = self.interval(tz)
        return Decimal(int((end - begin).total_seconds())) / 60

    def to_json(self) -> dict[str, Any]:
        """The plan as in the contract."""
        return {
            "schema": ROSTER_SCHEMA,
            "id": self.id,
            "plan": self.plan,
            "store_id": self.store_id,
            "employee_id": self.employee_id,
            "date": self.day.isoformat(),
            "start": f"{self.start.hour:02d}:{self.start.minute:02d}",
            "end": f"{self.end.hour:02d}:{self.end.minute:02d}",
            "note": self.note,
            "deleted": self.deleted,
            "by": self.by,
            "at": format_time(self.at),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlannedShift:
        """A plan from its contract JSON, checked field by field."""
        _keys(data, _ROSTER_KEYS, ROSTER_SCHEMA)
        start = parse_clock(_str(data, "start"), "start")
        end = parse_clock(_str(data, "end"), "end")
        if plan_length(start, end) > timedelta(hours=MAX_PLAN_HOURS):
            raise RecordFormatError("end", f"a planned shift is at most {MAX_PLAN_HOURS} h")
        note = checked_text(
            _str(data, "note", empty_ok=True), "note", MAX_NOTE_CHARS, one_line=True, empty_ok=True
        )
        deleted = data.get("deleted")
        if not isinstance(deleted, bool):
            raise RecordFormatError("deleted", "expected true or false")
        return cls(
            id=_uuid(data, "id"),
            plan=_uuid(data, "plan"),
            store_id=_ident(data, "store_id"),
            employee_id=_ident(data, "employee_id"),
            day=parse_day(_str(data, "date"), "date"),
            start=start,
            end=end,
            note=note,
            deleted=deleted,
            by=_ident(data, "by"),
            at=parse_time(data.get("at"), "at"),
        )


_ROSTER_KEYS = frozenset(
    {
        "schema",
        "id",
        "plan",
        "store_id",
        "employee_id",
        "date",
        "start",
        "end",
        "note",
        "deleted",
        "by",
        "at",
    }
)


Document: TypeAlias = CheckRecord | Correction | Acknowledgement | AuditEvent | PlannedShift
"""Anything the store keeps in its history and sync carries."""

DOCUMENT_TYPES: dict[str, type[Document]] = {
    RECORD_SCHEMA: CheckRecord,
    CORRECTION_SCHEMA: Correction,
    ACK_SCHEMA: Acknowledgement,
    AUDIT_SCHEMA: AuditEvent,
    ROSTER_SCHEMA: PlannedShift,
}

DOCUMENT_FIELDS: dict[type[Document], frozenset[str]] = {
    CheckRecord: _RECORD_KEYS,
    Correction: _CORRECTION_KEYS,
    Acknowledgement: _ACK_KEYS,
    AuditEvent: _AUDIT_KEYS,
    PlannedShift: _ROSTER_KEYS,
}
"""The JSON keys each kind may have (`schema` included); `from_json` refuses any other."""


def document_from_json(data: Mapping[str, Any]) -> Document:
    """Any history document from JSON, by its `schema` field."""
    if not isinstance(data, Mapping):
        raise RecordFormatError("(object)", "expected a JSON object")
    schema = data.get("schema")
    kind = DOCUMENT_TYPES.get(schema) if isinstance(schema, str) else None
    if kind is None:
        raise RecordFormatError("schema", f"unknown schema {schema!r}")
    return kind.from_json(data)


def document_time(doc: Document) -> datetime:
    """The time that files a document under a day: submit time of a record, `at` otherwise."""
    return doc.submitted_at if isinstance(doc, CheckRecord) else doc.at
