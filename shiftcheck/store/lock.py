"""One writer per data folder: a lock on the folder itself, which cannot be deleted under us.

The writer takes an exclusive `flock` on the data folder's own directory (not on a file in it):
deleting `.lock`, or any other file, cannot let a second writer in, so two processes never hand
out the same outbox sequence number. `.lock` only says who holds the folder (pid, host, since).
Before each write the holder checks that the path still names the folder it locked (a folder
moved away and replaced under a running kiosk is refused, not written).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import stat
from datetime import UTC, datetime
from pathlib import Path

from shiftcheck.store.atomic import describe_os_error, write_in_folder
from shiftcheck.store.errors import StoreLockedError, StoreWriteError, reason_text

LOCK_NAME = ".lock"
"""Who holds the folder (JSON: pid, host, since); informative only, the lock is the folder."""
OLD_OWNER_NAME = ".lock.owner"
"""Where earlier versions kept the holder's details (removed when found)."""


def _identity(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


class WriterLock:
    """Held by the one process that may write a data folder; released when it exits or dies."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None

    def acquire(self) -> None:
        """Take the lock at once, or raise `StoreLockedError` naming the holder.

        `StoreWriteError` if the folder cannot be written (a read-only folder, for one).
        """
        try:
            fd = os.open(self.data_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise StoreWriteError(self.data_dir, describe_os_error(exc)) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreLockedError(self.data_dir, self._owner()) from None
        except OSError as exc:
            os.close(fd)
            raise StoreWriteError(self.data_dir, describe_os_error(exc)) from exc
        self._fd = fd
        self._identity = _identity(os.fstat(fd))
        owner = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        path = self.data_dir / LOCK_NAME
        try:  # a folder that cannot take this small file cannot take any save
            # written as every save is: a symlink planted as `.lock` is replaced, never followed
            write_in_folder(fd, LOCK_NAME, json.dumps(owner).encode("utf-8"), durable=False)
        except OSError as exc:
            self.release()
            raise StoreWriteError(path, describe_os_error(exc)) from exc
        with contextlib.suppress(OSError):
            (self.data_dir / OLD_OWNER_NAME).unlink(missing_ok=True)

    def release(self) -> None:
        """Let another process write the folder."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if self._still_here():
            with contextlib.suppress(OSError):
                (self.data_dir / LOCK_NAME).unlink()
        os.close(fd)  # closing the descriptor ends the flock

    @property
    def held(self) -> bool:
        """Whether this process holds the lock on the folder the path names now."""
        return self._fd is not None and self._still_here()

    def verify(self) -> None:
        """Raise `StoreWriteError` unless the lock is held on the folder the path names now."""
        if self._fd is None or not self._still_here():
            raise StoreWriteError(self.data_dir, reason_text("folder_moved"))

    def _still_here(self) -> bool:
        try:
            return _identity(os.stat(self.data_dir)) == self._identity
        except OSError:
            return False

    def _owner(self) -> str:
        for name in (LOCK_NAME, OLD_OWNER_NAME):
            try:
                info = json.loads(_read_small(self.data_dir / name))
                return f"process {info['pid']} on {info['host']} since {info['since']}"
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return "another process"


def _read_small(path: Path) -> bytes:
    """The first few KiB of a regular file, never through a symlink, a FIFO or a device."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return os.read(fd, 4096)
    finally:
        os.close(fd)
