"""User-facing strings in zh-CN and en.

Catalogs are TOML files in `shiftcheck/locales/`, one per area and language:
`<area>.<lang>.toml` (e.g. `kiosk.zh-CN.toml`), each a flat table of `key = "text"` with
`{name}` placeholders. Every key must exist in every language with the same placeholders (a test
checks it). TOML keeps the catalog readable for translators and needs no compile step.

A message that says a count has plural forms instead of one text: `"<key>.one"` and
`"<key>.other"` in English, `"<key>.other"` alone in Chinese (which has one form). `t(key, ...)`
picks the form by the count: the first placeholder of the `other` form given a whole number (in
`"{name}: {n} forms in {m} handovers"` it is `n`). A `one` form may leave the number out ("One
more wrong PIN…"). A message with two counts is worded so that only its first needs a form.
"""

from __future__ import annotations

import string
import tomllib
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"
PLURAL_FORMS: dict[str, tuple[str, ...]] = {"en": ("one", "other"), "zh-CN": ("other",)}
"""The plural forms each language's catalog gives a count message (CLDR categories)."""


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
    _check_plurals(lang, merged)
    return merged


def _check_plurals(lang: str, messages: dict[str, str]) -> None:
    """Every plural message has each of the language's forms and no plain text beside them."""
    forms = PLURAL_FORMS[lang]
    for base in plural_keys(messages):
        missing = [f for f in forms if f"{base}.{f}" not in messages]
        if missing or base in messages:
            raise ValueError(
                f"locales/*.{lang}.toml: plural message {base!r} needs exactly the forms "
                f"{', '.join(forms)} (missing: {', '.join(missing) or 'none'})"
            )


def plural_keys(messages: dict[str, str]) -> set[str]:
    """The keys of the plural messages in a catalog (each stored as `<key>.other`, …)."""
    return {key.removesuffix(".other") for key in messages if key.endswith(".other")}


def plural_form(lang: str, count: object) -> str:
    """The plural form (`one` or `other`) `lang` uses for `count`."""
    if normalise(lang) == "en" and isinstance(count, int | Decimal) and count == 1:
        return "one"
    return "other"


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
    """The message `key` in `lang`, with `{placeholders}` filled; falls back to English.

    A plural message takes the form its count asks for (see the module text); a `Phrase` value
    is filled in `lang` too."""
    lang = normalise(lang)
    if values and any(isinstance(v, Phrase) for v in values.values()):
        values = {k: v.in_lang(lang) if isinstance(v, Phrase) else v for k, v in values.items()}
    text = catalog(lang).get(key) or _plural(key, lang, values)
    if text is None:
        text = catalog("en").get(key) or _plural(key, "en", values)
    if text is None:
        return key
    return text.format(**values) if values else text


def _plural(key: str, lang: str, values: dict[str, object]) -> str | None:
    messages = catalog(lang)
    other = messages.get(f"{key}.other")
    if other is None:
        return None
    count = next(
        (
            value
            for _, name, _, _ in string.Formatter().parse(other)
            if name and isinstance(value := values.get(name), int | Decimal)
        ),
        None,
    )
    return messages.get(f"{key}.{plural_form(lang, count)}", other)


def placeholders(text: str) -> set[str]:
    """The `{names}` a message uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Phrase(str):
    """A message that is itself a value of other messages: a reason, a cause.

    It is its English text (for logs, files and `str()`, as a plain reason string was), and it
    keeps its key and values, so a message that takes it as a value shows it in that message's
    language: "答案未能保存：磁盘已满。", not "答案未能保存：the disk is full。".
    """

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, /, **values: object) -> Phrase:
        """The phrase `key` with its values (checked against the English catalogue now)."""
        phrase = super().__new__(cls, t(key, "en", **values))
        phrase.key = key
        phrase.values = values
        return phrase

    def in_lang(self, lang: str) -> str:
        """The phrase in `lang`."""
        return t(self.key, lang, **self.values)

    def __reduce__(self) -> tuple[object, ...]:
        return (_phrase, (self.key, self.values))


def _phrase(key: str, values: dict[str, object]) -> Phrase:
    return Phrase(key, **values)


class Translator:
    """`t` bound to one language, for a screen or a command."""

    def __init__(self, lang: str) -> None:
        self.lang = normalise(lang)

    def __call__(self, key: str, /, **values: object) -> str:
        return t(key, self.lang, **values)
