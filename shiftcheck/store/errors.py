"""What can go wrong with the data folder, each with a message that names the file."""

from __future__ import annotations

from pathlib import Path

from shiftcheck.explained import Explained
from shiftcheck.i18n import t

REASONS = ("disk_full", "quota", "read_only", "denied", "io", "folder_moved", "no_quarantine")
"""Why a save can fail, as message keys `store.reason.<name>` (the English text is the catalogue's,
so `str()` of an error and `reason` stay in English for logs)."""


def reason_text(name: str) -> str:
    """The English words of one of `REASONS` (what `StoreWriteError.reason` holds)."""
    return t(f"store.reason.{name}", "en")


def _reason_key(reason: str) -> tuple[str, dict[str, object]]:
    for name in REASONS:
        if reason == reason_text(name):
            return f"store.reason.{name}", {}
    return "store.reason.unknown", {"detail": reason}  # the system's own words (e.g. strerror)


class StoreError(Exception):
    """Base of the store's errors."""

    def message(self, lang: str) -> str:
        """What went wrong, in `lang` (the English text where no translation is known)."""
        return str(self)


class StoreWriteError(StoreError):
    """A save that did not happen (disk full, read-only folder...); the old file is intact.

    `reason` is in English; `reason_key` and `reason_values` give it through the message
    catalogue (`reason_in(lang)`), so a Chinese screen says 磁盘已满, not "the disk is full".
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"could not save {path}: {reason}; the previous contents are unchanged")
        self.path = path
        self.reason = reason
        self.reason_key, self.reason_values = _reason_key(reason)

    def reason_in(self, lang: str) -> str:
        """Why the save failed, in `lang`."""
        return t(self.reason_key, lang, **self.reason_values)

    def message(self, lang: str) -> str:
        """The whole message in `lang`: the file, the reason, and that nothing changed."""
        return t("store.write_failed", lang, path=str(self.path), reason=self.reason_in(lang))


class CorruptFileError(StoreError):
    """A data file that does not parse; moved aside to `quarantine/` when found by the writer."""

    def __init__(self, path: Path, problem: str, moved_to: Path | None) -> None:
        where = f"; moved to {moved_to}" if moved_to is not None else ""
        super().__init__(f"data file {path} is damaged ({problem}){where}")
        self.path = path
        self.problem = problem
        self.moved_to = moved_to

    def message(self, lang: str) -> str:
        """The damaged file, the parser's words and where it went, in `lang`."""
        if self.moved_to is None:
            return t("store.damaged", lang, path=str(self.path), problem=self.problem)
        return t(
            "store.damaged_moved",
            lang,
            path=str(self.path),
            problem=self.problem,
            moved=str(self.moved_to),
        )


class StoreLockedError(StoreError):
    """Another process is writing this data folder."""

    def __init__(self, data_dir: Path, owner: str) -> None:
        super().__init__(
            f"the data folder {data_dir} is in use by another shiftcheck process ({owner}); "
            "close it first or use another --data-dir"
        )
        self.data_dir = data_dir
        self.owner = owner

    def message(self, lang: str) -> str:
        """Which folder is in use and by whom, in `lang`."""
        return t("store.locked", lang, data_dir=str(self.data_dir), owner=self.owner)


class StoreVersionError(StoreError):
    """A data folder written by a newer shiftcheck, or one this version cannot read as it is;
    `key` and `values` give the message through the catalogue (`store.version.*`)."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(t(key, "en", **values))
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        """What is wrong with the folder's schema, in `lang`."""
        return t(self.key, lang, **self.values)


class DataFolderError(Explained, StoreError):
    """A data folder that must not be used as it is (a damaged or missing staff file, pepper or
    config on a folder that was set up); `message(lang)` names the file and what to do."""
