"""Setting the store's sync key on a terminal (see `store.sync_key` and `signing`).

Once a terminal has the key (or a new one), everything it ever wrote is sent again to its
folder targets, signed: terminals that already imported it skip it by id, terminals that had
not (an old bundle, unsigned, is refused) get it now; its own old unsigned bundles are then
removed from the share once a signed one holds them (`FolderSession._compact`).
"""

from __future__ import annotations

from dataclasses import dataclass

from shiftcheck.config import Config
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.sync.outbox import cursor_key
from shiftcheck.services.sync.signing import key_id
from shiftcheck.store import DataStore
from shiftcheck.store.sync_key import (
    KEY_MAX,
    KEY_MIN,
    SyncKeyError,
    key_problem,
    read_sync_key,
    write_sync_key,
)
from shiftcheck.store.sync_key import new_sync_key as new_sync_key  # offered to the faces


@dataclass(frozen=True, slots=True)
class KeySet:
    """What setting the key did."""

    fingerprint: str
    changed: bool
    """False when the terminal held this very key already."""
    resend: tuple[str, ...]
    """Folder targets that will get everything again, signed, at the next sync."""


def key_fingerprint(store: DataStore) -> str | None:
    """The fingerprint of the terminal's key (never the key), None when none is set."""
    key = read_sync_key(store.data_dir)
    return key_id(key) if key is not None else None


def set_sync_key(store: DataStore, config: Config, text: str, *, replace: bool) -> KeySet:
    """Keep `text` as this terminal's sync key. A different key already set is replaced only
    with `replace` (the other terminals must get the same new key). `ServiceError` names what
    is wrong; nothing is changed then."""
    text = text.strip()
    if not KEY_MIN <= len(text) <= KEY_MAX:
        raise ServiceError("share.key_length", low=KEY_MIN, high=KEY_MAX, count=len(text))
    if key_problem(text) is not None:
        raise ServiceError("share.key_chars")
    try:
        old = read_sync_key(store.data_dir)
    except SyncKeyError:
        old = None  # a damaged key file is what this replaces
    new = text.encode("ascii")
    if old == new:
        return KeySet(key_id(new), False, ())
    if old is not None and not replace:
        raise ServiceError("share.key_exists", fingerprint=key_id(old))
    write_sync_key(store.data_dir, text)
    folders = tuple(t.name for t in config.sync.targets if t.path is not None)
    for name in folders:
        store.put_state(cursor_key(name), {"seq": 0, "where": None})
    return KeySet(key_id(new), True, folders)
