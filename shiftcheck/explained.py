"""Errors that explain themselves in the user's language: an i18n key plus values."""

from __future__ import annotations

from shiftcheck.i18n import t


class Explained(Exception):
    """An error whose `message(lang)` says what is wrong and what to do; `str()` is English."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(t(key, "en", **values))
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        """The message in `lang`."""
        return t(self.key, lang, **self.values)
