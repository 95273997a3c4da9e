"""Errors a user can act on: an i18n key plus values, shown in the user's language.

The data folder's own errors are named here too, so the faces (screens and commands) catch
what a service call may raise without importing the store.
"""

from __future__ import annotations

from shiftcheck.explained import Explained
from shiftcheck.store.errors import CorruptFileError, StoreError, StoreWriteError
from shiftcheck.store.sync_key import SyncKeyError

__all__ = [
    "CorruptFileError",
    "PermissionDenied",
    "ServiceError",
    "StoreError",
    "StoreWriteError",
    "SyncKeyError",
]


class ServiceError(Explained):
    """A refused request; nothing was changed. `message(lang)` says why."""


class PermissionDenied(ServiceError):
    """The acting employee may not do this (e.g. not a supervisor)."""
