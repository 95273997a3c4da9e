"""The small TinyDB files: `staff.json` (employees with their PIN hashes: never synced) and
`state.json` (small keyed state: the PIN-failure window, sync cursors...).

Each call opens the file afresh through `AtomicJSONStorage`, so another process's save is
always seen and every write replaces the file atomically and durably. Writers are checked by
the caller (the data store holds the lock).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from shiftcheck.domain.staff import Employee, Role, employee_id_ok
from shiftcheck.store.errors import CorruptFileError, StoreError
from shiftcheck.store.jsonfile import AtomicJSONStorage, Quarantine, write_json_file

STAFF_NAME = "staff.json"
STATE_NAME = "state.json"


def require_employee_id(employee_id: str) -> None:
    """Refuse an employee id that could name a path outside its folder (`../x`, "")."""
    if not employee_id_ok(employee_id):
        raise StoreError(f"not a valid employee id: {employee_id!r}; nothing was saved")


def _employee_to_json(e: Employee) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "role": e.role.value,
        "language": e.language,
        "pin_hash": e.pin_hash,
        "active": e.active,
        "failed_pins": e.failed_pins,
        "locked_until": e.locked_until.isoformat() if e.locked_until else None,
        "locks": e.locks,
    }


def _employee_from_json(d: dict[str, Any]) -> Employee:
    locked = d.get("locked_until")
    return Employee(
        id=str(d["id"]),
        name=str(d["name"]),
        role=Role(d.get("role", "staff")),
        language=str(d.get("language", "zh-CN")),
        pin_hash=str(d.get("pin_hash", "")),
        active=bool(d.get("active", True)),
        failed_pins=int(d.get("failed_pins", 0)),
        locked_until=datetime.fromisoformat(locked) if locked else None,
        locks=int(d.get("locks", 0)),
    )


class _SmallTable:
    def __init__(self, path: Path, quarantine: Quarantine) -> None:
        self.path = path
        self._quarantine = quarantine

    def _db(self) -> TinyDB:
        return TinyDB(self.path, storage=AtomicJSONStorage, quarantine=self._quarantine)

    def _malformed(self, what: str, exc: Exception) -> CorruptFileError:
        """A file that parses but holds something of the wrong shape: quarantined too."""
        problem = f"holds an invalid {what}: {type(exc).__name__}: {exc}"
        return CorruptFileError(self.path, problem, self._quarantine(self.path, problem))


class StaffTable(_SmallTable):
    """`staff.json`: the employees."""

    def employees(self, *, include_inactive: bool = False) -> list[Employee]:
        """Employees ordered by id; active only unless asked."""
        try:
            with self._db() as db:
                staff = [_employee_from_json(d) for d in db.table("staff").all()]
        except (KeyError, TypeError, ValueError) as exc:
            raise self._malformed("employee", exc) from None
        if not include_inactive:
            staff = [e for e in staff if e.active]
        return sorted(staff, key=lambda e: e.id)

    def get(self, employee_id: str) -> Employee | None:
        """One employee (active or not), or None."""
        try:
            with self._db() as db:
                doc = db.table("staff").get(Query().id == employee_id)
                return _employee_from_json(doc) if doc is not None else None
        except (KeyError, TypeError, ValueError) as exc:
            raise self._malformed("employee", exc) from None

    def save(self, employee: Employee) -> None:
        """Add or replace an employee, durably."""
        require_employee_id(employee.id)
        with self._db() as db:
            db.table("staff").upsert(_employee_to_json(employee), Query().id == employee.id)

    def replace_all(self, staff: list[Employee]) -> None:
        """Write `staff` as the whole file, atomically and durably."""
        rows = {str(n): _employee_to_json(e) for n, e in enumerate(staff, start=1)}
        write_json_file(self.path, {"staff": rows})


class StateTable(_SmallTable):
    """`state.json`: small JSON objects by key."""

    def get(self, key: str) -> dict[str, Any] | None:
        """The object kept under `key`, or None."""
        try:
            with self._db() as db:
                doc = db.table("state").get(Query().key == key)
                return dict(doc["value"]) if doc is not None else None
        except (KeyError, TypeError, ValueError) as exc:
            raise self._malformed("entry", exc) from None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Keep `value` under `key`, durably."""
        with self._db() as db:
            db.table("state").upsert({"key": key, "value": value}, Query().key == key)
