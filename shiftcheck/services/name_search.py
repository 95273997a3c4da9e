"""Finding a person on the staff list by what is typed: part of the name or id, or its pinyin.

Pinyin is tone-free and may be typed in full (`wangfang`, `lina`), as initials (`wf`), or mixed
(`wangf`): each typed run is the start of one syllable, syllables in the name's order, from any
syllable on. Characters with several readings (单 dan/shan, 曾 zeng/ceng) match any of them.
The pinyin library is imported and names are converted only when a letter is first typed, once
per staff list, so start-up does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from shiftcheck.domain.staff import Employee

Syllables = tuple[frozenset[str], ...]
"""One set of tone-free readings per character of a name (non-Han runs: the run itself)."""


def name_syllables(name: str) -> Syllables:
    """The readings of each character of `name`, lower case, tone-free, `ü` as `v`."""
    from pypinyin import Style, pinyin

    readings = pinyin(name.casefold(), style=Style.NORMAL, heteronym=True, errors="default")
    syllables = []
    for options in readings:
        cleaned = frozenset(o.replace(" ", "") for o in options if o.strip())
        if cleaned:
            syllables.append(cleaned)
    return tuple(syllables)


def pinyin_matches(syllables: Syllables, query: str) -> bool:
    """Whether `query` (letters, no spaces) is a run of syllable starts from some syllable on."""
    if not query:
        return True

    @cache
    def fits(at: int, pos: int) -> bool:
        if pos == len(query):
            return True
        if at == len(syllables):
            return False
        rest = query[pos:]
        for reading in syllables[at]:
            length = 1
            while length <= min(len(reading), len(rest)) and reading[:length] == rest[:length]:
                if fits(at + 1, pos + length):
                    return True
                length += 1
        return False

    return any(fits(start, 0) for start in range(len(syllables)))


def typed_pinyin(query: str) -> str:
    """`query` as pinyin to match: folded, spaces and apostrophes dropped; empty if not Latin."""
    folded = "".join(query.casefold().split()).replace("'", "").replace("ü", "v")
    return folded if folded.isascii() and folded.isalpha() else ""


class NameSearch:
    """The staff list searchable by name, id or pinyin (pinyin computed lazily, once)."""

    def __init__(self, staff: Iterable[Employee]) -> None:
        self.staff: tuple[Employee, ...] = tuple(staff)
        self._syllables: dict[str, Syllables] | None = None

    def syllables(self, employee: Employee) -> Syllables:
        """`employee`'s name as syllables (the whole list is converted on first use)."""
        if self._syllables is None:
            self._syllables = {e.id: name_syllables(e.name) for e in self.staff}
        return self._syllables.get(employee.id) or name_syllables(employee.name)

    def matches(self, employee: Employee, query: str) -> bool:
        """Whether the typed `query` picks `employee` (name or id in any case, or pinyin)."""
        q = query.strip().casefold()
        if not q or q in employee.name.casefold() or q in employee.id.casefold():
            return True
        letters = typed_pinyin(q)
        return bool(letters) and pinyin_matches(self.syllables(employee), letters)

    def find(self, query: str) -> list[Employee]:
        """The employees `query` picks, in list order."""
        return [e for e in self.staff if self.matches(e, query)]


def warm_up() -> None:
    """Load the pinyin library and its dictionary now (e.g. in a thread while the kiosk rests)."""
    name_syllables("王")
