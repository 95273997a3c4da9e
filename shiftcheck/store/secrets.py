"""The PIN pepper: a random secret in its own file (mode 0600), never synced, never logged."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from shiftcheck.store.atomic import atomic_write_bytes
from shiftcheck.store.errors import DataFolderError, StoreError

PEPPER_NAME = "pepper"


def read_pepper(data_dir: Path, *, create: bool) -> bytes:
    """The data folder's pepper; made (0600) when missing only if `create` is set, which the
    caller does only while no PIN hash exists. Otherwise `DataFolderError` names the file."""
    path = data_dir / PEPPER_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise DataFolderError("trust.pepper_missing", path=path) from None
        value = secrets.token_hex(32).encode("ascii")
        atomic_write_bytes(path, value, mode=0o600)
        os.chmod(path, 0o600)
        return bytes.fromhex(value.decode("ascii"))
    try:
        pepper = bytes.fromhex(raw.decode("ascii").strip())
    except ValueError:
        raise StoreError(f"{path} is damaged: PINs cannot be checked") from None
    if len(pepper) < 16:
        raise StoreError(f"{path} is damaged (too short): PINs cannot be checked")
    return pepper
