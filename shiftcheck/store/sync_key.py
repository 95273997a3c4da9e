"""The store's sync key: a secret every terminal of the store holds (mode 0600), never synced.

Bundles and staff directories a terminal leaves on a shared folder are signed with it
(HMAC-SHA256), so someone who can write to the share but does not hold the key cannot make a
terminal import anything. The key is entered by store IT on each terminal; it never goes into
a bundle, an export, the central database or a log.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from shiftcheck.store.atomic import atomic_write_bytes
from shiftcheck.store.errors import StoreError

SYNC_KEY_NAME = "sync.key"
KEY_MIN, KEY_MAX = 20, 200
"""Length bounds of a key as typed (characters)."""


class SyncKeyError(StoreError):
    """A key that cannot be used; the message says why (never the key itself)."""


def new_sync_key() -> str:
    """A fresh random key as text: 256 bits, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def key_problem(text: str) -> str | None:
    """Why `text` cannot be a sync key, or None."""
    if not KEY_MIN <= len(text) <= KEY_MAX:
        return f"a sync key has {KEY_MIN} to {KEY_MAX} characters (this one has {len(text)})"
    if not text.isascii() or not text.isprintable() or any(c.isspace() for c in text):
        return "a sync key is printable ASCII without spaces"
    return None


def write_sync_key(data_dir: Path, text: str) -> None:
    """Keep `text` as the data folder's sync key (0600); `SyncKeyError` if it is not usable."""
    problem = key_problem(text)
    if problem is not None:
        raise SyncKeyError(problem)
    path = data_dir / SYNC_KEY_NAME
    atomic_write_bytes(path, text.encode("ascii") + b"\n", mode=0o600)
    os.chmod(path, 0o600)


def read_sync_key(data_dir: Path) -> bytes | None:
    """The data folder's sync key, None when none was set; `SyncKeyError` if it is damaged."""
    path = data_dir / SYNC_KEY_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SyncKeyError(f"{path} cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        text = ""
    if key_problem(text) is not None:
        raise SyncKeyError(
            f"{path} is damaged; set the store's key again (shiftcheck sync key set)"
        )
    return text.encode("ascii")
