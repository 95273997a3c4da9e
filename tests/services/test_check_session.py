"""A check in progress without a screen: `CheckSession` over real data folders."""

from __future__ import annotations

import errno
import os
from datetime import timedelta

import pytest

from shiftcheck.domain.checklist import (
    END_OF_SHIFT,
    START_OF_SHIFT,
    Answer,
    AnswerProblem,
    ItemKind,
    Result,
)
from shiftcheck.services.check_session import CheckSession, NoteAsk, UnsavedAnswers
from shiftcheck.services.checks import AnswerRefused, SubmissionRefused
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services


def session(s: Services, employee: str = "E002", checklist: str = START_OF_SHIFT) -> CheckSession:
    due = s.checks.due(employee)
    draft = s.checks.begin(employee, checklist)
    return CheckSession(s.checks, draft, due.open_shift)


def refusal(call: object) -> str:
    assert callable(call)
    with pytest.raises(AnswerRefused) as info:
        call()
    return info.value.key


def test_a_pass_is_stored_before_give_returns_and_the_next_open_item_follows(
    staffed: Services, clock: ManualClock
) -> None:
    check = session(staffed)
    items = check.checklist.items
    given = check.give_result(items[0], Result.PASS)
    assert given.stored and given.error is None
    stored = staffed.store.load_draft("E002")
    assert stored is not None and stored.answers[items[0].id].result is Result.PASS
    assert check.next_open(items[0]) == items[1]
    assert check.answered() == 1
    assert not check.may_submit()
    assert [i.id for i in check.missing()] == [i.id for i in items[1:]]


def test_the_domain_decides_what_an_item_takes(staffed: Services) -> None:
    check = session(staffed)
    uniform = check.checklist.item("uniform_clean")  # note_on_fail, no N/A
    grooming = check.checklist.item("grooming")  # no note needed
    walkie = check.checklist.item("walkie_talkie")  # N/A allowed
    assert not check.accepts(uniform, Result.NA)
    assert check.refusal(uniform, Result.NA) is AnswerProblem.NA_NOT_ALLOWED
    assert check.accepts(walkie, Result.NA)
    assert check.note_on_fail(uniform) is NoteAsk.REQUIRED
    assert check.note_on_fail(grooming) is NoteAsk.OPTIONAL
    assert refusal(lambda: check.give_result(uniform, Result.NA)) == "answer.na_not_allowed"
    assert refusal(lambda: check.give_note(uniform, "   ")) == "answer.note_needed"
    assert check.answers == {}
    # An optional note: none, then one typed.
    check.give_note(grooming, "")
    assert check.answers["grooming"] == Answer("grooming", Result.FAIL)
    check.give_note(grooming, "  lent a spare ")
    assert check.answers["grooming"] == Answer("grooming", Result.FAIL, note="lent a spare")
    stored = staffed.store.load_draft("E002")
    assert stored is not None and stored.answers["grooming"].note == "lent a spare"


def test_counts_and_texts_from_what_was_typed(staffed: Services, clock: ManualClock) -> None:
    start = session(staffed)
    for item in start.checklist.items:
        start.give_result(item, Result.PASS)
    clock.advance(minutes=1)
    start.submit()
    clock.advance(hours=8)
    check = session(staffed, checklist=END_OF_SHIFT)
    forms = check.checklist.item("registration_forms_handed_in")
    question = check.checklist.item("pending_questions")
    assert forms.kind is ItemKind.COUNT and not question.required
    assert refusal(lambda: check.give_number(forms, "")) == "answer.number_needed"
    assert refusal(lambda: check.give_number(forms, "201")) == "answer.above_max"
    assert refusal(lambda: check.give_number(forms, "1e3")) == "answer.number_needed"
    check.give_number(forms, "105")
    assert check.answers[forms.id].value == 105
    check.give_text(question, "call Mrs Wang back by 5pm")
    assert check.answers[question.id].value == "call Mrs Wang back by 5pm"
    check.give_text(question, "  ")  # optional: left blank, the earlier text taken back
    assert question.id not in check.answers
    assert not check.is_open(question)
    stored = staffed.store.load_draft("E002")
    assert stored is not None and question.id not in stored.answers


def test_a_failed_save_is_kept_retried_and_blocks_submitting(
    staffed: Services, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = session(staffed)
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    for item in check.checklist.items:
        given = check.give_result(item, Result.PASS)
        assert not given.stored and given.error is not None
    assert len(check.pending) == len(check.checklist.items)
    assert check.missing() == [] and not check.may_submit()
    with pytest.raises(UnsavedAnswers):
        check.submit()
    assert not check.retry()
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert check.retry() and check.pending == {} and check.save_error is None
    stored = staffed.store.load_draft("E002")
    assert stored is not None and len(stored.answers) == len(check.checklist.items)
    clock.advance(minutes=2)
    submitted = check.submit()
    assert submitted.record.checklist == START_OF_SHIFT
    assert staffed.store.load_draft("E002") is None


def test_missing_items_refuse_the_submission_and_keep_the_draft(staffed: Services) -> None:
    check = session(staffed)
    check.give_result(check.checklist.items[0], Result.PASS)
    with pytest.raises(SubmissionRefused) as info:
        check.submit()
    assert len(info.value.problems) == len(check.checklist.items) - 1
    assert staffed.store.load_draft("E002") is not None


def test_a_session_resumes_from_the_stored_draft_in_a_new_process(
    staffed: Services, clock: ManualClock
) -> None:
    check = session(staffed)
    check.give_result(check.checklist.item("uniform_clean"), Result.PASS)
    check.give_note(check.checklist.item("grooming"), "hair tied back")
    data_dir = staffed.data_dir
    staffed.close()
    again = open_services(data_dir, clock=clock)
    try:
        due = again.checks.due("E002")
        assert due.draft is not None
        resumed = CheckSession(again.checks, due.draft, due.open_shift)
        assert resumed.answers == check.answers
        assert resumed.next_open() == resumed.checklist.item("name_badge")
        assert resumed.draft.started_at == check.draft.started_at
    finally:
        again.close()
    assert timedelta(0) <= clock() - check.draft.started_at
