"""JSON files that are replaced atomically and checked on every read; TinyDB's storage for them."""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from shiftcheck.store.atomic import atomic_write_bytes, fsync_dir
from shiftcheck.store.errors import CorruptFileError, StoreWriteError

QUARANTINE_DIR = "quarantine"
PROMOTE_AFTER = 50_000
"""Objects made in one `many_objects` batch beyond which they skip the young generations."""

Quarantine = Callable[[Path, str], Path | None]
"""Moves a damaged file aside and says where it went (None when it is left in place)."""


def encode(data: Any) -> bytes:
    """Compact UTF-8 JSON, Chinese kept readable: for the plain JSON values the store writes,
    the same bytes as `json.dumps` with `ensure_ascii=False` and no spaces, several times
    faster (orjson; `orjson.Fragment` is JSON text written as it stands)."""
    try:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # what orjson refuses (a whole number beyond 64 bits) json can do
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_fragment)
        return text.encode("utf-8")


def _fragment(value: object) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON the standard library can write")


def decode(raw: bytes | str) -> Any:
    """Parse JSON bytes: orjson first (fast, strict RFC 8259), the standard library for what
    orjson refuses (NaN, invalid text), so each error message stays the standard library's.
    Unlike the standard library, a whole number beyond 64 bits is read as a float (documents
    refuse it either way)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


@contextlib.contextmanager
def many_objects() -> Iterator[None]:
    """Pause Python's cycle collector while many small objects are made (a year of parsed
    records): it would otherwise rescan them again and again.

    When many were made, they go straight to the oldest generation afterwards (freeze, then
    unfreeze) instead of being scanned all at once by the next young collection; they hold
    no cycles, so nothing is kept longer. A small batch is left to the usual young collection.
    The collector runs as usual from then on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > PROMOTE_AFTER:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


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
        atomic_write_bytes(self.path, encode(data))

    def close(self) -> None:
        """Nothing stays open between calls."""
