"""Errors a user can act on: an i18n key plus values, shown in the user's language."""

from __future__ import annotations

from shiftcheck.explained import Explained


class ServiceError(Explained):
    """A refused request; nothing was changed. `message(lang)` says why."""


class PermissionDenied(ServiceError):
    """The acting employee may not do this (e.g. not a supervisor)."""
