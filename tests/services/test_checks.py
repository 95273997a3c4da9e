"""Running checks against a real data folder: drafts, resume, submit, shifts, fast flag."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from shiftcheck.domain.checklist import Answer, ItemKind, Result
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import FLAG_FAST, CheckRecord
from shiftcheck.services.checks import AnswerRefused, SubmissionRefused
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services


def answer_all(s: Services, draft: Draft, clock: ManualClock, seconds: float = 3) -> Draft:
    for item in s.checklists[draft.checklist].items:
        clock.advance(seconds=seconds)
        if item.kind is ItemKind.COUNT:
            draft = s.checks.answer(draft, Answer(item.id, value=4))
        elif item.kind is ItemKind.CHECK:
            draft = s.checks.answer(draft, Answer(item.id, Result.PASS))
    return draft


def test_start_then_end_makes_a_shift(staffed: Services, clock: ManualClock) -> None:
    s = staffed
    due = s.checks.due("E002")
    assert due.checklist.id == "start_of_shift" and due.open_shift is None
    draft = answer_all(s, s.checks.begin("E002", "start_of_shift"), clock)
    done = s.checks.submit(draft)
    assert done.record.started_at == clock.current - timedelta(seconds=27)
    assert done.record.flags == ()
    assert s.store.load_draft("E002") is None
    assert [sh.employee_id for sh in s.checks.current_shifts()] == ["E002"]

    clock.advance(hours=8, minutes=40)
    due = s.checks.due("E002")
    assert due.checklist.id == "end_of_shift"
    assert due.open_shift is not None and due.open_shift.clock_in == done.record.started_at
    end = s.checks.submit(answer_all(s, s.checks.begin("E002", "end_of_shift"), clock))
    assert end.shift is not None and end.worked is not None
    assert end.worked == end.record.submitted_at - done.record.started_at
    assert s.checks.current_shifts() == []
    stored = s.store.records(clock.current - timedelta(days=1), clock.current + timedelta(1))
    assert {r.checklist for r in stored} == {"start_of_shift", "end_of_shift"}
    forms = stored[-1].answer("registration_forms_handed_in")
    assert forms is not None and forms.value == 4


def test_each_answer_is_on_disk_and_resumes_in_a_new_process(
    data_dir: Path, clock: ManualClock
) -> None:
    first = open_services(data_dir, clock=clock)
    first.staff.add("E002", "李娜", "2468")
    draft = first.checks.begin("E002", "start_of_shift")
    draft = first.checks.answer(draft, Answer("uniform_clean", Result.PASS))
    draft = first.checks.answer(draft, Answer("grooming", Result.FAIL))
    first.close()  # as if the terminal lost power: nothing else is written

    clock.advance(minutes=3)
    second = open_services(data_dir, clock=clock)
    due = second.checks.due("E002")
    assert due.draft is not None
    assert due.draft.started_at == draft.started_at
    assert dict(due.draft.answers) == dict(draft.answers)
    second.close()


def test_refused_answer_is_not_saved(staffed: Services) -> None:
    draft = staffed.checks.begin("E002", "end_of_shift")
    with pytest.raises(AnswerRefused) as err:
        staffed.checks.answer(draft, Answer("customer_info_secured", Result.FAIL))
    assert err.value.key == "answer.note_needed"
    assert "note" in err.value.message("en") and "说明" in err.value.message("zh-CN")
    stored = staffed.store.load_draft("E002")
    assert stored is not None and stored.answers == {}
    with pytest.raises(AnswerRefused):
        staffed.checks.answer(draft, Answer("registration_forms_handed_in", value=500))


def test_submission_refused_until_required_answered(staffed: Services) -> None:
    draft = staffed.checks.begin("E002", "start_of_shift")
    draft = staffed.checks.answer(draft, Answer("uniform_clean", Result.PASS))
    with pytest.raises(SubmissionRefused) as err:
        staffed.checks.submit(draft)
    assert len(err.value.problems) == 8
    assert staffed.store.records(draft.started_at, draft.started_at + timedelta(1)) == []


def test_fast_check_is_flagged_not_blocked(staffed: Services, clock: ManualClock) -> None:
    draft = answer_all(staffed, staffed.checks.begin("E002", "start_of_shift"), clock, 0.2)
    done = staffed.checks.submit(draft)
    assert done.record.flags == (FLAG_FAST,)


def test_submitted_draft_left_behind_by_a_crash_is_cleared(
    staffed: Services, clock: ManualClock
) -> None:
    draft = answer_all(staffed, staffed.checks.begin("E002", "start_of_shift"), clock)
    done = staffed.checks.submit(draft)
    staffed.store.save_draft(draft)  # crash between writing the record and removing the draft
    due = staffed.checks.due("E002")
    assert due.draft is None and due.checklist.id == "end_of_shift"
    assert staffed.store.load_draft("E002") is None
    found = staffed.store.find(done.record.id)
    assert isinstance(found, CheckRecord) and found == done.record


def test_old_open_shift_is_a_forgotten_clock_out(staffed: Services, clock: ManualClock) -> None:
    staffed.checks.submit(
        answer_all(staffed, staffed.checks.begin("E002", "start_of_shift"), clock)
    )
    clock.advance(hours=30)
    due = staffed.checks.due("E002")
    assert due.forgotten and due.open_shift is not None and due.draft is None
    assert staffed.checks.current_shifts() == []  # no longer listed as on shift
