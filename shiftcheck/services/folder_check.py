"""Before anything runs on a data folder: a store that was set up is never taken for a new one.

A folder is new only when it has no set-up mark in `meta.json`, no staff file, no history and
nothing quarantined. Any other folder must have a readable staff list: when it is damaged or
missing, `DataFolderError` stops the kiosk and every command with the file's name and the way
back (`shiftcheck staff restore FILE`), instead of opening first-run setup over the store's
history (where anyone at the counter could make themselves supervisor).
"""

from __future__ import annotations

from shiftcheck.store import CorruptFileError, DataStore
from shiftcheck.store.datastore import STAFF_NAME
from shiftcheck.store.errors import DataFolderError


def check_data_folder(store: DataStore) -> None:
    """Raise `DataFolderError` if a set-up folder lacks a usable staff list.

    A writer records the set-up mark on a folder from before the mark existed.
    """
    if store.is_new():
        return
    where = {"path": store.staff_path, "data_dir": store.data_dir}
    copies = ", ".join(str(p) for p in store.quarantined_copies(STAFF_NAME))
    if not store.staff_path.exists():
        if copies:
            raise DataFolderError("trust.staff_missing_copies", copies=copies, **where)
        raise DataFolderError("trust.staff_missing", **where)
    try:
        staff = store.list_staff(include_inactive=True)
    except CorruptFileError as exc:
        if exc.moved_to is not None:
            raise DataFolderError(
                "trust.staff_damaged_moved", problem=exc.problem, moved=exc.moved_to, **where
            ) from None
        raise DataFolderError("trust.staff_damaged", problem=exc.problem, **where) from None
    if not staff:
        raise DataFolderError("trust.staff_empty", **where)
    if store.writer and not store.is_set_up:
        store.mark_set_up()
