"""Files a user asks for (exports, backups, marker files), saved the way the data folder is."""

from __future__ import annotations

from pathlib import Path

from shiftcheck.store.atomic import atomic_write_bytes


def save_file(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically and durably: readers see the old file or the whole
    new one. `StoreWriteError` (see `services.errors`) names the file and why it could not be
    saved; the old file is then unchanged."""
    atomic_write_bytes(path, data)
