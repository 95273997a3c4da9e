"""The checklist model and the rules for answering it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from shiftcheck.domain.text import TextProblem, free_text_problem

LANGUAGES = ("zh-CN", "en")
"""Languages every user-facing text is given in."""

START_OF_SHIFT = "start_of_shift"
END_OF_SHIFT = "end_of_shift"
CHECKLIST_IDS = (START_OF_SHIFT, END_OF_SHIFT)
"""The two checklists a shift is made of: clock-in and clock-out."""


class ItemKind(StrEnum):
    """How an item is answered."""

    CHECK = "check"
    COUNT = "count"
    TEXT = "text"


class Result(StrEnum):
    """The answer to a `check` item."""

    PASS = "pass"
    FAIL = "fail"
    NA = "na"


@dataclass(frozen=True, slots=True)
class Text:
    """A text in both languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang` ("zh-CN" or "en"); Chinese for anything else."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to check."""

    id: str
    text: Text
    kind: ItemKind = ItemKind.CHECK
    help: Text | None = None
    required: bool = True
    note_on_fail: bool = False
    allow_na: bool = False
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of items."""

    id: str
    title: Text
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Checklist:
    """A versioned checklist; `content_hash` identifies exactly what was answered."""

    id: str
    version: str
    title: Text
    sections: tuple[Section, ...]
    content_hash: str = ""
    _by_id: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index = {item.id: item for section in self.sections for item in section.items}
        object.__setattr__(self, "_by_id", index)

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in order."""
        return tuple(item for section in self.sections for item in section.items)

    @property
    def version_tag(self) -> str:
        """Version plus content hash, as carried in each record: `3+1a2b3c4d5e6f`."""
        return f"{self.version}+{self.content_hash[:12]}" if self.content_hash else self.version

    def item(self, item_id: str) -> Item:
        """The item with this id; `KeyError` if there is none."""
        return self._by_id[item_id]

    def has_item(self, item_id: str) -> bool:
        """Whether the checklist has an item with this id."""
        return item_id in self._by_id

    def section_of(self, item_id: str) -> Section:
        """The section that holds the item."""
        for section in self.sections:
            if any(i.id == item_id for i in section.items):
                return section
        raise KeyError(item_id)


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer given to one item (one of result / value applies, by kind)."""

    item: str
    result: Result | None = None
    value: int | str | None = None
    note: str = ""

    def to_json(self) -> dict[str, object]:
        """The answer as in the record contract."""
        return {
            "item": self.item,
            # `_value_`: the member's value itself, without going through the enum property
            "result": self.result._value_ if self.result is not None else None,
            "value": self.value,
            "note": self.note,
        }


LARGEST_NUMBER = 2**53 - 1
"""Whole numbers in answers and documents stay within what every JSON reader (and a
spreadsheet) keeps exactly."""


class AnswerProblem(StrEnum):
    """Why an answer or a submission is not acceptable (also the i18n message key)."""

    UNKNOWN_ITEM = "answer.unknown_item"
    RESULT_NEEDED = "answer.result_needed"
    NA_NOT_ALLOWED = "answer.na_not_allowed"
    NOTE_NEEDED = "answer.note_needed"
    NUMBER_NEEDED = "answer.number_needed"
    BELOW_MIN = "answer.below_min"
    ABOVE_MAX = "answer.above_max"
    TEXT_NEEDED = "answer.text_needed"
    UNEXPECTED_VALUE = "answer.unexpected_value"
    MISSING = "answer.missing"
    NOTE_TOO_LONG = "text.answer.note_too_long"
    NOTE_CONTROL = "text.answer.note_control"
    TEXT_TOO_LONG = "text.answer.text_too_long"
    TEXT_CONTROL = "text.answer.text_control"


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem with one item's answer."""

    item: str
    code: AnswerProblem

    def __str__(self) -> str:
        return f"{self.item}: {self.code.value}"


def check_answer(item: Item, answer: Answer) -> AnswerProblem | None:
    """The first thing wrong with `answer` for `item`, or None when it is acceptable."""
    if answer.note:
        note_problem = free_text_problem(answer.note)
        if note_problem is TextProblem.TOO_LONG:
            return AnswerProblem.NOTE_TOO_LONG
        if note_problem is not None:
            return AnswerProblem.NOTE_CONTROL
    if item.kind is ItemKind.CHECK:
        if answer.value is not None:
            return AnswerProblem.UNEXPECTED_VALUE
        if answer.result is None:
            return AnswerProblem.RESULT_NEEDED
        if answer.result is Result.NA and not item.allow_na:
            return AnswerProblem.NA_NOT_ALLOWED
        if answer.result is Result.FAIL and item.note_on_fail and not answer.note.strip():
            return AnswerProblem.NOTE_NEEDED
        return None
    if answer.result is not None:
        return AnswerProblem.UNEXPECTED_VALUE
    if item.kind is ItemKind.COUNT:
        if not isinstance(answer.value, int) or isinstance(answer.value, bool):
            return AnswerProblem.NUMBER_NEEDED
        lowest = -LARGEST_NUMBER if item.min is None else max(item.min, -LARGEST_NUMBER)
        highest = LARGEST_NUMBER if item.max is None else min(item.max, LARGEST_NUMBER)
        if answer.value < lowest:
            return AnswerProblem.BELOW_MIN
        if answer.value > highest:
            return AnswerProblem.ABOVE_MAX
        return None
    if not isinstance(answer.value, str) or not answer.value.strip():
        return AnswerProblem.TEXT_NEEDED
    text_problem = free_text_problem(answer.value)
    if text_problem is TextProblem.TOO_LONG:
        return AnswerProblem.TEXT_TOO_LONG
    if text_problem is not None:
        return AnswerProblem.TEXT_CONTROL
    return None


def check_submission(checklist: Checklist, answers: Mapping[str, Answer]) -> list[Problem]:
    """Everything that stops `answers` being submitted: bad answers, missing required items."""
    problems: list[Problem] = []
    for item_id, answer in answers.items():
        if not checklist.has_item(item_id):
            problems.append(Problem(item_id, AnswerProblem.UNKNOWN_ITEM))
            continue
        code = check_answer(checklist.item(item_id), answer)
        if code is not None:
            problems.append(Problem(item_id, code))
    for item in checklist.items:
        if item.required and item.id not in answers:
            problems.append(Problem(item.id, AnswerProblem.MISSING))
    return problems


def ordered_answers(checklist: Checklist, answers: Mapping[str, Answer]) -> tuple[Answer, ...]:
    """The given answers in checklist order."""
    return tuple(answers[item.id] for item in checklist.items if item.id in answers)


FORMS_ITEM_ID = "registration_forms_handed_in"
"""The end-of-shift `count` item whose answer is the number of registration forms handed in."""
