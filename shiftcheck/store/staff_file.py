"""The staff file (`staff.json`) read strictly: every field of every employee checked.

Used before a file replaces the staff list (`shiftcheck staff restore FILE`), so that a damaged,
edited or foreign file is refused with the entry and field at fault and changes nothing.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from shiftcheck.domain.staff import Employee, Role, employee_id_ok
from shiftcheck.domain.text import NAME_MAX, name_problem
from shiftcheck.i18n import LANGUAGES
from shiftcheck.store.codec import decode

STAFF_TABLE = "staff"
FIELDS = frozenset(
    {"id", "name", "role", "language", "pin_hash", "active", "failed_pins", "locked_until"}
)
OPTIONAL_FIELDS = frozenset({"locks"})
"""Fields a staff file written by an older version may lack."""
PIN_HASH_RE = re.compile(r"^scrypt(\$\d{1,10}){3}(\$[A-Za-z0-9+/]+={0,2}){2}$")
"""How `PinHasher.hash` writes a PIN hash."""


class StaffFileProblem(ValueError):
    """What is wrong with a staff file (the message names the entry and field)."""


def parse_staff_file(raw: bytes) -> list[Employee]:
    """Every employee of a staff file, or `StaffFileProblem` naming the first thing wrong.

    A file that is accepted holds at least one active supervisor with a PIN, no repeated id,
    and nothing but the fields the terminal writes.
    """
    if not raw.strip():
        raise StaffFileProblem("the file is empty")
    try:
        data = decode(raw)
    except UnicodeDecodeError:
        raise StaffFileProblem("the file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise StaffFileProblem(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise StaffFileProblem("values nested too deeply") from None
    if not isinstance(data, dict) or set(data) != {STAFF_TABLE}:
        raise StaffFileProblem('expected a JSON object with one key, "staff"')
    table = data[STAFF_TABLE]
    if not isinstance(table, dict) or not table:
        raise StaffFileProblem('"staff" must be a JSON object holding at least one employee')
    staff: list[Employee] = []
    seen: set[str] = set()
    for key, entry in table.items():
        employee = _employee(key, entry)
        if employee.id in seen:
            raise StaffFileProblem(f"entry {key}: employee id {employee.id} appears twice")
        seen.add(employee.id)
        staff.append(employee)
    if not any(e.active and e.is_supervisor and e.pin_hash for e in staff):
        raise StaffFileProblem("no active supervisor with a PIN: nobody could manage the terminal")
    return sorted(staff, key=lambda e: e.id)


def _employee(key: str, entry: Any) -> Employee:
    where = f"entry {key}"
    if not key.isdigit() or not isinstance(entry, dict):
        raise StaffFileProblem(f"{where}: not an employee object")
    if not FIELDS <= set(entry) <= FIELDS | OPTIONAL_FIELDS:
        missing = sorted(FIELDS - set(entry))
        extra = sorted(set(entry) - FIELDS - OPTIONAL_FIELDS)
        what = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(extra)}" if extra else "",
            )
            if part
        )
        raise StaffFileProblem(f"{where}: {what}")
    ident = entry["id"]
    if not isinstance(ident, str) or not employee_id_ok(ident):
        raise StaffFileProblem(f"{where}: id must be letters, digits, _ . - (up to 32)")
    where = f"{where} ({ident})"
    name = entry["name"]
    if not isinstance(name, str) or name_problem(name) is not None:
        raise StaffFileProblem(
            f"{where}: name must be one line of 1 to {NAME_MAX} characters, no control characters"
        )
    if entry["role"] not in tuple(Role):
        raise StaffFileProblem(f"{where}: role must be staff or supervisor")
    if entry["language"] not in LANGUAGES:
        raise StaffFileProblem(f"{where}: language must be zh-CN or en")
    pin_hash = entry["pin_hash"]
    if not isinstance(pin_hash, str) or (pin_hash and not PIN_HASH_RE.fullmatch(pin_hash)):
        raise StaffFileProblem(f"{where}: pin_hash is not a PIN hash this terminal writes")
    if type(entry["active"]) is not bool:
        raise StaffFileProblem(f"{where}: active must be true or false")
    failed = entry["failed_pins"]
    if type(failed) is not int or not 0 <= failed <= 1000:
        raise StaffFileProblem(f"{where}: failed_pins must be a whole number from 0")
    locks = entry.get("locks", 0)
    if type(locks) is not int or not 0 <= locks <= 1000:
        raise StaffFileProblem(f"{where}: locks must be a whole number from 0")
    return Employee(
        id=ident,
        name=name,
        role=Role(entry["role"]),
        language=entry["language"],
        pin_hash=pin_hash,
        active=entry["active"],
        failed_pins=failed,
        locked_until=_locked_until(where, entry["locked_until"]),
        locks=locks,
    )


def _locked_until(where: str, value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise StaffFileProblem(f"{where}: locked_until must be null or a time with its offset")
    return when
