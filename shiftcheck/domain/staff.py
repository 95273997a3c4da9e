"""Employees and the PIN policy."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """What an employee may do: staff check in and out; supervisors also manage the team."""

    STAFF = "staff"
    SUPERVISOR = "supervisor"


EMPLOYEE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
"""Employee ids: letters, digits, `_ . -`, up to 32 characters, e.g. `E001`."""

PIN_MIN, PIN_MAX = 4, 8
SUPERVISOR_PIN_MIN = 6
"""New and reset supervisor PINs have at least this many digits (older 4-digit ones still work)."""


@dataclass(frozen=True, slots=True)
class Employee:
    """One person on the terminal's staff list. `pin_hash` never leaves the terminal."""

    id: str
    name: str
    role: Role = Role.STAFF
    language: str = "zh-CN"
    pin_hash: str = field(default="", repr=False)
    active: bool = True
    failed_pins: int = 0
    locked_until: datetime | None = None
    locks: int = 0
    """Wrong-PIN locks since the last right PIN or unlock (each lock after the first is longer)."""

    @property
    def is_supervisor(self) -> bool:
        """Whether the employee may open the supervisor screens."""
        return self.role is Role.SUPERVISOR

    def with_changes(self, **changes: object) -> Employee:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def is_locked(self, now: datetime) -> bool:
        """Whether PIN entry is locked for this employee at `now`."""
        return self.locked_until is not None and now < self.locked_until

    @property
    def has_pin(self) -> bool:
        """Whether a PIN is set on this terminal (one arriving from another terminal has none)."""
        return bool(self.pin_hash)


class PinProblem(StrEnum):
    """Why a PIN is refused when it is set (also the i18n message key)."""

    NOT_DIGITS = "pin.not_digits"
    LENGTH = "pin.length"
    TRIVIAL = "pin.trivial"
    SUPERVISOR_LENGTH = "shifts.pin.supervisor_length"


def pin_problem(pin: str, role: Role = Role.STAFF) -> PinProblem | None:
    """Why `pin` may not be used, or None: 4–8 digits (a supervisor's 6–8), not one digit
    repeated, not a run."""
    if not pin.isascii() or not pin.isdigit():
        return PinProblem.NOT_DIGITS
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        return PinProblem.LENGTH
    if len(set(pin)) == 1:
        return PinProblem.TRIVIAL
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps in ({1}, {9}):
        return PinProblem.TRIVIAL
    if role is Role.SUPERVISOR and len(pin) < SUPERVISOR_PIN_MIN:
        return PinProblem.SUPERVISOR_LENGTH
    return None


def employee_id_ok(employee_id: str) -> bool:
    """Whether `employee_id` has the allowed form."""
    return bool(EMPLOYEE_ID_RE.fullmatch(employee_id))


_NUMBERED_ID = re.compile(r"^(.*?)(\d+)$")


def next_employee_id(ids: Iterable[str]) -> str | None:
    """The id after the highest of the most used numbered series, padded alike (`E001`…`E006`
    → `E007`); `E001` when there are no ids, None when no id ends in digits."""
    taken = set(ids)
    if not taken:
        return "E001"
    series: dict[str, list[str]] = {}
    for employee_id in taken:
        match = _NUMBERED_ID.match(employee_id)
        if match:
            series.setdefault(match[1], []).append(match[2])
    if not series:
        return None
    prefix, digits = max(series.items(), key=lambda s: (len(s[1]), max(int(d) for d in s[1])))
    width = max(len(d) for d in digits)
    candidate = f"{prefix}{max(int(d) for d in digits) + 1:0{width}d}"
    return candidate if employee_id_ok(candidate) else None
