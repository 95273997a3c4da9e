"""User-facing strings in zh-CN and en.

Catalogs are TOML files in `shiftcheck/locales/`, one per area and language:
`<area>.<lang>.toml` (e.g. `kiosk.zh-CN.toml`), each a flat table of `key = "text"` with
`{name}` placeholders. Every key must exist in every language with the same placeholders (a test
checks it). TOML keeps the catalog readable for translators and needs no compile step.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every message of one language, from all area files."""
    merged: dict[str, str] = {}
    folder = resources.files("shiftcheck") / "locales"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(f".{lang}.toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        for key, text in _flatten(data):
            if key in merged:
                raise ValueError(f"locales/{entry.name}: key {key!r} is defined twice")
            merged[key] = text
    return merged


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, f"{full}."))
        else:
            out.append((full, str(value)))
    return out


def normalise(lang: str | None) -> str:
    """A supported language code for `lang` ("zh", "zh_CN" → "zh-CN"; unknown → default)."""
    if not lang:
        return DEFAULT_LANGUAGE
    low = lang.replace("_", "-").lower()
    if low.startswith("en"):
        return "en"
    if low.startswith("zh"):
        return "zh-CN"
    return DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **values: object) -> str:
    """The message `key` in `lang`, with `{placeholders}` filled; falls back to English."""
    text = catalog(normalise(lang)).get(key) or catalog("en").get(key)
    if text is None:
        return key
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    """The `{names}` a message uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Translator:
    """`t` bound to one language, for a screen or a command."""

    def __init__(self, lang: str) -> None:
        self.lang = normalise(lang)

    def __call__(self, key: str, /, **values: object) -> str:
        return t(key, self.lang, **values)
