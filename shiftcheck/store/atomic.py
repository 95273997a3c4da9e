"""Atomic, durable file writes: temp file in the same folder, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from pathlib import Path

from shiftcheck.i18n import Phrase
from shiftcheck.store.errors import StoreWriteError

_REASONS = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "quota",
    errno.EROFS: "read_only",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.EIO: "io",
}
"""OS errors a store clerk can act on, by `errors.REASONS` name."""


def describe_os_error(exc: OSError) -> str:
    """A short reason for an OS error: English words (a `Phrase`, so a message that takes it
    says it in the user's language) or, for an error we have no words for, the system's."""
    name = _REASONS.get(exc.errno or 0)
    return Phrase(f"store.reason.{name}") if name is not None else exc.strerror or str(exc)


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_TEMP_RE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)(?:\.[0-9a-f]{16})?\.tmp$")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_TEMP_ATTEMPTS = 100


def temp_name(name: str) -> str:
    """An unpredictable temp name for `name`: `.NAME.PID.RANDOM.tmp` (the pid lets a later
    writer remove what a killed one left; the random part keeps anyone from planting it)."""
    return f".{name}.{os.getpid()}.{secrets.token_hex(8)}.tmp"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete temp files in `folder` left by writers that died mid-save; returns them.

    A temp file is never the only copy of anything (the rename had not happened), so removing
    it loses nothing. Files of a process that is still running are left alone.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_RE.match(entry.name)
        if match is None or int(match["pid"]) == os.getpid() or _alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def open_folder(folder: Path, *, follow: bool = True) -> int:
    """A descriptor of `folder` to write in with `write_in_folder`. With `follow=False` the
    folder itself may not be a symlink (`OSError` ELOOP or ENOTDIR if it is)."""
    flags = os.O_RDONLY | _DIRECTORY | _CLOEXEC | (0 if follow else _NOFOLLOW)
    return os.open(folder, flags)


def write_in_folder(
    folder_fd: int, name: str, data: bytes, *, mode: int = 0o644, durable: bool = True
) -> None:
    """Replace the file `name` in the open folder with `data`, atomically.

    The temp file gets an unpredictable name and is created with `O_EXCL|O_NOFOLLOW`, so a
    file or symlink planted in the folder is never opened, followed or truncated; the rename
    replaces a symlink named `name` itself, never the file it points to. `OSError` on failure,
    with the temp file removed.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    for _ in range(_TEMP_ATTEMPTS):
        tmp = temp_name(name)
        try:
            fd = os.open(tmp, flags, mode, dir_fd=folder_fd)
        except FileExistsError:
            continue
        break
    else:
        raise FileExistsError(errno.EEXIST, "no unused temp name", name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        if durable:
            os.fsync(folder_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder_fd)
        raise


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o644, durable: bool = True) -> None:
    """Replace `path` with `data` so that readers see the old or the new file, never a mix.

    Returns only once the new contents and the rename are on disk. On any failure the old file
    is untouched, the temp file is removed and `StoreWriteError` says why. `durable=False`
    skips the fsyncs: only for caches that are checked when read and rebuilt if lost. The temp
    file is made as `write_in_folder` makes it: a planted symlink is never followed.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        folder_fd = open_folder(folder)
        try:
            write_in_folder(folder_fd, path.name, data, mode=mode, durable=durable)
        finally:
            os.close(folder_fd)
    except OSError as exc:
        raise StoreWriteError(path, describe_os_error(exc)) from exc


def durable_unlink(path: Path) -> None:
    """Remove `path` (if there) and make the removal durable."""
    try:
        path.unlink(missing_ok=True)
        fsync_dir(path.parent)
    except OSError as exc:
        raise StoreWriteError(path, describe_os_error(exc)) from exc
