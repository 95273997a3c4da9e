"""Errors a user can act on: an i18n key plus values, shown in the user's language."""

from __future__ import annotations

from shiftcheck.i18n import t


class ServiceError(Exception):
    """A refused request; nothing was changed. `message(lang)` says why."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(t(key, "en", **values))
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        """The reason in `lang`."""
        return t(self.key, lang, **self.values)


class PermissionDenied(ServiceError):
    """The acting employee may not do this (e.g. not a supervisor)."""
