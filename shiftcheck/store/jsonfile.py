"""JSON files that are replaced atomically and checked on every read; TinyDB's storage for them."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from shiftcheck.store.atomic import atomic_write_bytes, fsync_dir
from shiftcheck.store.codec import decode, encode
from shiftcheck.store.errors import CorruptFileError, StoreWriteError

QUARANTINE_DIR = "quarantine"

Quarantine = Callable[[Path, str], Path | None]
"""Moves a damaged file aside and says where it went (None when it is left in place)."""


def quarantine_file(data_dir: Path) -> Quarantine:
    """A quarantine that moves damaged files into `data_dir/quarantine/`, keeping every copy."""

    def move(path: Path, problem: str) -> Path | None:
        target_dir = data_dir / QUARANTINE_DIR
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        rel = path.relative_to(data_dir) if path.is_relative_to(data_dir) else Path(path.name)
        name = "__".join(rel.parts)
        target = target_dir / f"{name}.{stamp}.damaged"
        try:
            target_dir.mkdir(exist_ok=True)
            n = 1
            while target.exists():  # never replace an earlier damaged copy
                n += 1
                target = target_dir / f"{name}.{stamp}-{n}.damaged"
            os.replace(path, target)
            fsync_dir(target_dir)
            fsync_dir(path.parent)
        except OSError:
            return None  # cannot move it (read-only or full disk): it stays where it is
        with contextlib.suppress(StoreWriteError):  # never through a planted symlink
            why = (problem + "\n").encode("utf-8")
            atomic_write_bytes(target_dir / f"{target.name}.why.txt", why, durable=False)
        return target

    return move


def leave_in_place(path: Path, problem: str) -> Path | None:
    """The quarantine used by read-only processes: the file stays where it is."""
    return None


def read_json_file(path: Path, quarantine: Quarantine) -> Any | None:
    """The parsed contents of `path`, None if there is no such file.

    A zero-byte, truncated or otherwise unparseable file is never taken for an empty one: it is
    handed to `quarantine` and `CorruptFileError` names it.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    problem: str | None = None
    data: Any = None
    if not raw:
        problem = "the file is empty (zero bytes)"
    else:
        try:
            data = decode(raw)
        except UnicodeDecodeError:
            problem = "the file is not UTF-8 text"
        except json.JSONDecodeError as exc:
            problem = f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        except RecursionError:
            problem = "not valid here: values nested too deeply"
        else:
            if not isinstance(data, dict):
                problem = "expected a JSON object at the top"
    if problem is not None:
        moved = quarantine(path, problem)
        raise CorruptFileError(path, problem, moved)
    return data


def write_json_file(path: Path, data: Any, *, durable: bool = True) -> None:
    """Replace `path` atomically with `data` as compact JSON; durable (fsynced) unless asked."""
    atomic_write_bytes(path, encode(data), durable=durable)


class AtomicJSONStorage(Storage):
    """A TinyDB storage that re-reads the file on every read and replaces it atomically on write.

    Unlike TinyDB's `JSONStorage` it keeps no open handle (so a replaced file is always seen),
    never rewrites in place, and refuses a damaged file instead of reading it as empty.
    """

    def __init__(self, path: Path, quarantine: Quarantine = leave_in_place) -> None:
        self.path = path
        self.quarantine = quarantine

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = read_json_file(self.path, self.quarantine)
        if data is not None:
            for name, table in data.items():
                if not isinstance(table, dict):
                    problem = f"table {name!r} is not a JSON object"
                    raise CorruptFileError(self.path, problem, self.quarantine(self.path, problem))
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_json_file(self.path, data)

    def close(self) -> None:
        """Nothing stays open between calls."""
