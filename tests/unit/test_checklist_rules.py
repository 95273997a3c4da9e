"""Answer rules of the checklist model, on the shipped checklists."""

from __future__ import annotations

import pytest

from shiftcheck.domain.checklist import (
    Answer,
    AnswerProblem,
    Checklist,
    Result,
    check_answer,
    check_submission,
)
from shiftcheck.services.checklist_files import default_checklist_dir, load_checklists


@pytest.fixture(scope="module")
def shipped() -> dict[str, Checklist]:
    return load_checklists(default_checklist_dir())


def test_shipped_checklists_cover_the_standard(shipped: dict[str, Checklist]) -> None:
    start = {i.id for i in shipped["start_of_shift"].items}
    end = {i.id for i in shipped["end_of_shift"].items}
    assert {
        "uniform_clean",
        "grooming",
        "name_badge",
        "desk_tidy",
        "phone_working",
        "walkie_talkie",
        "front_desk_rota",
        "products_reviewed",
        "registration_forms_ready",
    } <= start
    assert {
        "registration_forms_handed_in",
        "pending_questions",
        "complaints_handled",
        "messages_passed_on",
        "customer_info_secured",
        "workspace_cleared",
    } <= end
    for checklist in shipped.values():
        for item in checklist.items:
            assert item.text.zh and item.text.en
            assert item.help is not None and item.help.zh and item.help.en
    assert shipped["start_of_shift"].version_tag.startswith("1+")


def test_check_item_rules(shipped: dict[str, Checklist]) -> None:
    end = shipped["end_of_shift"]
    secured = end.item("customer_info_secured")
    assert check_answer(secured, Answer(secured.id, Result.PASS)) is None
    assert check_answer(secured, Answer(secured.id, Result.FAIL)) is AnswerProblem.NOTE_NEEDED
    assert check_answer(secured, Answer(secured.id, Result.FAIL, note="  ")) is (
        AnswerProblem.NOTE_NEEDED
    )
    assert check_answer(secured, Answer(secured.id, Result.FAIL, note="locked drawer")) is None
    assert check_answer(secured, Answer(secured.id, Result.NA)) is AnswerProblem.NA_NOT_ALLOWED
    assert check_answer(secured, Answer(secured.id)) is AnswerProblem.RESULT_NEEDED
    passed_on = end.item("messages_passed_on")
    assert check_answer(passed_on, Answer(passed_on.id, Result.NA)) is None


def test_count_and_text_rules(shipped: dict[str, Checklist]) -> None:
    end = shipped["end_of_shift"]
    forms = end.item("registration_forms_handed_in")
    assert check_answer(forms, Answer(forms.id, value=3)) is None
    assert check_answer(forms, Answer(forms.id, value=-1)) is AnswerProblem.BELOW_MIN
    assert check_answer(forms, Answer(forms.id, value=201)) is AnswerProblem.ABOVE_MAX
    assert check_answer(forms, Answer(forms.id, value="3")) is AnswerProblem.NUMBER_NEEDED
    assert check_answer(forms, Answer(forms.id, value=True)) is AnswerProblem.NUMBER_NEEDED
    assert check_answer(forms, Answer(forms.id, Result.PASS)) is AnswerProblem.UNEXPECTED_VALUE
    pending = end.item("pending_questions")
    assert check_answer(pending, Answer(pending.id, value="王先生 贷款 明天10点回复")) is None
    assert check_answer(pending, Answer(pending.id, value=" ")) is AnswerProblem.TEXT_NEEDED


def test_submission_needs_every_required_item(shipped: dict[str, Checklist]) -> None:
    end = shipped["end_of_shift"]
    answers = {
        i.id: (Answer(i.id, value=2) if i.kind == "count" else Answer(i.id, Result.PASS))
        for i in end.items
        if i.kind != "text"
    }
    assert check_submission(end, answers) == []  # the optional text item may stay blank
    del answers["workspace_cleared"]
    problems = check_submission(end, answers)
    assert [(p.item, p.code) for p in problems] == [("workspace_cleared", AnswerProblem.MISSING)]
    answers["not_an_item"] = Answer("not_an_item", Result.PASS)
    codes = {p.code for p in check_submission(end, answers)}
    assert AnswerProblem.UNKNOWN_ITEM in codes


def test_counts_without_bounds_stay_within_what_a_record_keeps(
    shipped: dict[str, Checklist],
) -> None:
    from dataclasses import replace

    from shiftcheck.domain.checklist import LARGEST_NUMBER

    forms = shipped["end_of_shift"].item("registration_forms_handed_in")
    open_ended = replace(forms, min=None, max=None)
    assert check_answer(open_ended, Answer(forms.id, value=LARGEST_NUMBER)) is None
    too_big = Answer(forms.id, value=LARGEST_NUMBER + 1)
    assert check_answer(open_ended, too_big) is AnswerProblem.ABOVE_MAX
    too_small = Answer(forms.id, value=-LARGEST_NUMBER - 1)
    assert check_answer(open_ended, too_small) is AnswerProblem.BELOW_MIN
    loose = replace(forms, max=2**70)
    assert check_answer(loose, too_big) is AnswerProblem.ABOVE_MAX
