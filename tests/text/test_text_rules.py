"""Text is data: bounds and refused characters in the domain, and the neutralised shown form."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftcheck.domain.checklist import (
    Answer,
    AnswerProblem,
    Item,
    ItemKind,
    Result,
    Text,
    check_answer,
)
from shiftcheck.domain.records import RecordFormatError, document_from_json
from shiftcheck.domain.text import (
    FREE_TEXT_MAX,
    NAME_MAX,
    TextProblem,
    free_text_problem,
    name_problem,
    neutralise,
)
from tests.unit.factories import correction, start

SH = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 27, 8, 55, tzinfo=SH)
HOSTILE = "\x1b]0;pwned\x07\x1b[2J"
"""Retitles the terminal and clears the screen when printed raw."""


def test_names_within_bounds_and_plain_are_accepted() -> None:
    assert name_problem("张伟") is None
    assert name_problem("[/]Eve [bold]") is None  # markup-looking text is just text
    assert name_problem("x" * NAME_MAX) is None
    assert name_problem("王\u3000芳") is None  # an ideographic space is ordinary text


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("x" * (NAME_MAX + 1), TextProblem.TOO_LONG),
        ("   ", TextProblem.EMPTY),
        (f"Eve{HOSTILE}", TextProblem.CONTROL),
        ("Eve\x9b2J", TextProblem.CONTROL),  # C1 CSI
        ("Eve\x7f", TextProblem.CONTROL),
        ("Eve\u202egnp.exe", TextProblem.CONTROL),  # right-to-left override
        ("Eve\nAdmin", TextProblem.LINE_BREAK),
        ("Eve\u2028Admin", TextProblem.LINE_BREAK),
        ("Eve\tAdmin", TextProblem.LINE_BREAK),
    ],
    ids=["101", "blank", "escape", "csi", "del", "rlo", "newline", "u2028", "tab"],
)
def test_names_are_one_plain_line_of_at_most_100_characters(
    name: str, problem: TextProblem
) -> None:
    assert name_problem(name) is problem


def test_free_text_keeps_line_breaks_but_refuses_terminal_controls() -> None:
    assert free_text_problem("") is None
    assert free_text_problem("line one\nline two\u2028three\x85four") is None
    assert free_text_problem("x" * FREE_TEXT_MAX) is None
    assert free_text_problem("x" * (FREE_TEXT_MAX + 1)) is TextProblem.TOO_LONG
    assert free_text_problem("x" * 1_000_000) is TextProblem.TOO_LONG
    assert free_text_problem(f"done {HOSTILE}") is TextProblem.CONTROL
    assert free_text_problem("done \x00") is TextProblem.CONTROL
    for ch in "\x0b\x0c\x1c\x1d\x1e\x1f":  # white space, but no spreadsheet can hold it
        assert free_text_problem(f"done{ch}") is TextProblem.CONTROL


def test_neutralise_shows_every_control_as_a_visible_symbol() -> None:
    shown = neutralise(f"Eve{HOSTILE}\x9b\u202e\u2028\n")
    assert shown == "Eve␛]0;pwned␇␛[2J\ufffd\ufffd␤␊"
    assert neutralise("张伟 [/]Eve [bold]") == "张伟 [/]Eve [bold]"


@settings(max_examples=200)
@given(st.text())
def test_neutralised_text_holds_no_control_and_is_accepted_as_a_name_when_short(
    text: str,
) -> None:
    shown = neutralise(text)
    assert len(shown) == len(text)
    assert free_text_problem(shown[:FREE_TEXT_MAX]) is None
    if shown.strip():
        assert name_problem(shown[:NAME_MAX]) in (None, TextProblem.EMPTY)


def _note_item() -> Item:
    return Item("desk", Text("台面", "Desk"), note_on_fail=True)


def _text_item() -> Item:
    return Item("handover", Text("交接", "Handover"), kind=ItemKind.TEXT)


def test_kiosk_answers_refuse_a_1mb_paste_and_control_characters() -> None:
    big = "x" * 1_000_000
    assert check_answer(_note_item(), Answer("desk", Result.FAIL, note=big)) is (
        AnswerProblem.NOTE_TOO_LONG
    )
    assert check_answer(_note_item(), Answer("desk", Result.FAIL, note=HOSTILE)) is (
        AnswerProblem.NOTE_CONTROL
    )
    assert check_answer(_text_item(), Answer("handover", value=big)) is (
        AnswerProblem.TEXT_TOO_LONG
    )
    assert check_answer(_text_item(), Answer("handover", value=f"x{HOSTILE}")) is (
        AnswerProblem.TEXT_CONTROL
    )
    assert check_answer(_text_item(), Answer("handover", value="x" * FREE_TEXT_MAX)) is None


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("answers", 0, "note"), "x" * (FREE_TEXT_MAX + 1), "answers[0].note"),
        (("answers", 0, "note"), f"ok{HOSTILE}", "answers[0].note"),
        (("answers", 0, "value"), "x" * 1_000_000, "answers[0].value"),
        (("answers", 0, "item"), "desk\x1b", "answers[0].item"),
        (("terminal_id",), "T1\x1b[2J", "terminal_id"),
        (("terminal_id",), "T" * 101, "terminal_id"),
        (("checklist_version",), "1\n", "checklist_version"),
        (("flags",), ["fast\x07"], "flags"),
    ],
    ids=[
        "long-note",
        "escape-note",
        "1MB-text",
        "item",
        "terminal",
        "long-terminal",
        "version",
        "flag",
    ],
)
def test_record_import_refuses_overlong_or_controlled_text_naming_the_field(
    path: tuple[str | int, ...], value: object, field: str
) -> None:
    data = start("E002", AT, answers=(Answer("desk", Result.FAIL, note="ok"),)).to_json()
    target: object = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(RecordFormatError) as caught:
        document_from_json(data)
    assert caught.value.field == field


def test_correction_import_refuses_an_overlong_reason() -> None:
    target = start("E002", AT)
    data = correction(target, "clock_out", AT, AT, reason="r" * (FREE_TEXT_MAX + 1)).to_json()
    with pytest.raises(RecordFormatError, match="reason: longer than 2000 characters"):
        document_from_json(data)
    data["reason"] = "forgot \x1b[2J"
    with pytest.raises(RecordFormatError, match="reason: holds a control character"):
        document_from_json(data)


def test_notes_with_line_separators_stay_valid_documents() -> None:
    note = "called back\u2028escalated\nto manager\x85"
    data = start("E002", AT, answers=(Answer("desk", Result.FAIL, note=note),)).to_json()
    assert document_from_json(data).answers[0].note == note  # type: ignore[union-attr]
