"""Finding staff by name, id or tone-free pinyin (full, initials or mixed)."""

from __future__ import annotations

import pytest

from shiftcheck.domain.staff import Employee
from shiftcheck.services.name_search import NameSearch

STAFF = (
    Employee("E001", "张伟"),
    Employee("E002", "李娜"),
    Employee("E003", "Amy Chen"),
    Employee("E004", "王芳"),
    Employee("E005", "单丽"),
)


def found(query: str) -> list[str]:
    return [e.name for e in NameSearch(STAFF).find(query)]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("wang", ["王芳"]),
        ("wf", ["王芳"]),
        ("WangF", ["王芳"]),
        ("wang fang", ["王芳"]),
        ("fang", ["王芳"]),
        ("lina", ["李娜"]),
        ("ln", ["李娜"]),
        ("zw", ["张伟"]),
        ("shanli", ["单丽"]),  # a surname's other reading
        ("danli", ["单丽"]),
        ("chen", ["Amy Chen"]),
        ("e00", ["张伟", "李娜", "Amy Chen", "王芳", "单丽"]),
        ("李", ["李娜"]),
        ("", ["张伟", "李娜", "Amy Chen", "王芳", "单丽"]),
    ],
)
def test_typed_text_finds_names(query: str, names: list[str]) -> None:
    assert found(query) == names


@pytest.mark.parametrize("query", ["wfx", "ang", "nali", "fw", "w1", "王x"])
def test_text_that_is_no_name_start_finds_no_one(query: str) -> None:
    assert found(query) == []


def test_names_are_converted_once_per_list_and_only_when_a_letter_is_typed() -> None:
    search = NameSearch(STAFF)
    search.find("E00")
    search.find("李")
    assert search._syllables is None  # nothing but ids and characters typed yet
    search.find("w")
    converted = search._syllables
    assert converted is not None
    search.find("wf")
    assert search._syllables is converted
