"""`meta.json`: the data folder's schema version, upgraded in place by migrations, and the mark
that the store was set up."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from shiftcheck.store.errors import StoreVersionError
from shiftcheck.store.jsonfile import Quarantine, read_json_file, write_json_file

META_NAME = "meta.json"
SET_UP_KEY = "set_up"
"""Key written once the store is set up (its first employee saved): a folder with it is never
taken for a new install, whatever else is missing."""

Migration = Callable[[Path], None]
"""Upgrades a data folder by one schema version, in place."""


class MetaFile:
    """The meta file of one data folder; a reader never writes it."""

    def __init__(self, data_dir: Path, quarantine: Quarantine, *, writer: bool) -> None:
        self.data_dir = data_dir
        self.path = data_dir / META_NAME
        self.writer = writer
        self._quarantine = quarantine
        self._meta: dict[str, Any] = {}

    def check(self, version: int, migrations: Mapping[int, Migration]) -> None:
        """Read the file (a writer creates it at `version`); refuse a folder of a newer
        version; a writer upgrades an older one step by step, saving each step."""
        meta = read_json_file(self.path, self._quarantine)
        if meta is None:
            if self.writer:
                self._meta = {"schema_version": version}
                write_json_file(self.path, self._meta)
            return
        self._meta = meta
        found = meta.get("schema_version")
        if not isinstance(found, int) or found < 1:
            raise StoreVersionError("store.version.bad", path=str(self.path))
        if found > version:
            raise StoreVersionError(
                "store.version.newer", data_dir=str(self.data_dir), found=found, version=version
            )
        if found < version:
            if not self.writer:
                raise StoreVersionError(
                    "store.version.older", data_dir=str(self.data_dir), found=found
                )
            for step in range(found, version):
                migrations[step](self.data_dir)
                self._meta = {**meta, "schema_version": step + 1}
                write_json_file(self.path, self._meta)

    @property
    def is_set_up(self) -> bool:
        """Whether the file records that this store was set up."""
        return self._meta.get(SET_UP_KEY) is True

    def mark_set_up(self, version: int) -> None:
        """Record, durably, that the store was set up (done once; the caller may write)."""
        if not self.is_set_up:
            meta = {**self._meta, "schema_version": version, SET_UP_KEY: True}
            write_json_file(self.path, meta)
            self._meta = meta
