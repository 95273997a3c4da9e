"""Persistence: TinyDB files in the data folder, written atomically and durably.

This package is the only one that imports tinydb; it hands out domain objects.
"""

from shiftcheck.store.datastore import DataStore
from shiftcheck.store.errors import (
    CorruptFileError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
    StoreWriteError,
)

__all__ = [
    "CorruptFileError",
    "DataStore",
    "StoreError",
    "StoreLockedError",
    "StoreVersionError",
    "StoreWriteError",
]
