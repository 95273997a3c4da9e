"""One writer per data folder: a lock on `.lock`, beside (never on) the data files."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from shiftcheck.store.atomic import describe_os_error
from shiftcheck.store.errors import StoreLockedError, StoreWriteError

LOCK_NAME = ".lock"
OWNER_NAME = ".lock.owner"


class WriterLock:
    """Held by the one process that may write a data folder; released when it exits or dies."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        # held by the process, not one thread: sync and exports write from worker threads
        self._lock = FileLock(str(data_dir / LOCK_NAME), timeout=0, thread_local=False)

    def acquire(self) -> None:
        """Take the lock at once, or raise `StoreLockedError` naming the holder.

        `StoreWriteError` if the lock file cannot be made (a read-only folder, for one).
        """
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise StoreLockedError(self.data_dir, self._owner()) from None
        except OSError as exc:  # a read-only or full data folder cannot be written at all
            raise StoreWriteError(self.data_dir / LOCK_NAME, describe_os_error(exc)) from exc
        owner = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        with contextlib.suppress(OSError):
            (self.data_dir / OWNER_NAME).write_text(json.dumps(owner), encoding="utf-8")

    def release(self) -> None:
        """Let another process write the folder."""
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                (self.data_dir / OWNER_NAME).unlink()
            self._lock.release(force=True)

    @property
    def held(self) -> bool:
        """Whether this process holds the lock."""
        return bool(self._lock.is_locked)

    def _owner(self) -> str:
        try:
            info = json.loads((self.data_dir / OWNER_NAME).read_text(encoding="utf-8"))
            return f"process {info['pid']} on {info['host']} since {info['since']}"
        except (OSError, ValueError, KeyError, TypeError):
            return "another process"
