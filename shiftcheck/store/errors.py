"""What can go wrong with the data folder, each with a message that names the file."""

from __future__ import annotations

from pathlib import Path

from shiftcheck.explained import Explained


class StoreError(Exception):
    """Base of the store's errors."""


class StoreWriteError(StoreError):
    """A save that did not happen (disk full, read-only folder...); the old file is intact."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"could not save {path}: {reason}; the previous contents are unchanged")
        self.path = path
        self.reason = reason


class CorruptFileError(StoreError):
    """A data file that does not parse; moved aside to `quarantine/` when found by the writer."""

    def __init__(self, path: Path, problem: str, moved_to: Path | None) -> None:
        where = f"; moved to {moved_to}" if moved_to is not None else ""
        super().__init__(f"data file {path} is damaged ({problem}){where}")
        self.path = path
        self.problem = problem
        self.moved_to = moved_to


class StoreLockedError(StoreError):
    """Another process is writing this data folder."""

    def __init__(self, data_dir: Path, owner: str) -> None:
        super().__init__(
            f"the data folder {data_dir} is in use by another shiftcheck process ({owner}); "
            "close it first or use another --data-dir"
        )
        self.data_dir = data_dir
        self.owner = owner


class StoreVersionError(StoreError):
    """A data folder written by a newer shiftcheck."""


class DataFolderError(Explained, StoreError):
    """A data folder that must not be used as it is (a damaged or missing staff file, pepper or
    config on a folder that was set up); `message(lang)` names the file and what to do."""
