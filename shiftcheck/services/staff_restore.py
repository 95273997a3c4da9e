"""`staff restore`: put back a staff list from a backup, checked whole before anything changes."""

from __future__ import annotations

from pathlib import Path

from shiftcheck.domain.staff import Employee
from shiftcheck.services.errors import ServiceError
from shiftcheck.store import CorruptFileError, DataStore
from shiftcheck.store.staff_file import StaffFileProblem, parse_staff_file

MAX_STAFF_FILE = 16 * 1024 * 1024
"""A staff file larger than this is no staff file (thousands of employees fit in 1 MB)."""


def read_staff_backup(source: Path) -> bytes:
    """The bytes of a staff file to restore; `ServiceError` if it cannot be read."""
    try:
        with source.open("rb") as handle:
            raw = handle.read(MAX_STAFF_FILE + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ServiceError("trust.restore_unreadable", source=source, reason=reason) from None
    if len(raw) > MAX_STAFF_FILE:
        problem = f"larger than {MAX_STAFF_FILE // (1024 * 1024)} MB"
        raise ServiceError("trust.restore_refused", source=source, problem=problem)
    return raw


def restore_staff(data_dir: Path, source: Path, *, force: bool = False) -> list[Employee]:
    """Replace the data folder's staff list with `source`, taking the writer lock.

    Every employee and field is checked first: a bad file raises `ServiceError` naming the
    entry and field, and nothing changes. An intact current staff list is replaced only with
    `force`; the replaced file is kept in `quarantine/`.
    """
    raw = read_staff_backup(source)
    try:
        parse_staff_file(raw)  # a bad file is refused before anything else is looked at
    except StaffFileProblem as exc:
        raise ServiceError("trust.restore_refused", source=source, problem=str(exc)) from None
    with DataStore.open(data_dir) as store:
        if not force and store.staff_path.exists():
            try:
                intact = bool(store.list_staff(include_inactive=True))
            except CorruptFileError:
                intact = False  # now in quarantine/: nothing to keep
            if intact:
                raise ServiceError("trust.restore_intact", path=store.staff_path)
        try:
            return store.restore_staff_file(raw)
        except StaffFileProblem as exc:
            raise ServiceError("trust.restore_refused", source=source, problem=str(exc)) from None
