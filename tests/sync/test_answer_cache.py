"""Remembered answers (which keep big imports fast) never let a bad answer through."""

from __future__ import annotations

import pytest

from shiftcheck.domain.checklist import Result
from shiftcheck.domain.records import RecordFormatError
from shiftcheck.store.codec import answer_from_json


def test_repeated_answers_are_the_same_and_bad_lookalikes_still_refused() -> None:
    good = {"item": "forms", "result": None, "value": 1, "note": ""}
    first, again = answer_from_json(dict(good), 0), answer_from_json(dict(good), 5)
    assert first is again and first.value == 1
    with pytest.raises(RecordFormatError, match=r"answers\[3\]\.value"):
        answer_from_json({**good, "value": True}, 3)  # True == 1, but not a number here
    with pytest.raises(RecordFormatError, match=r"answers\[0\]\.value"):
        answer_from_json({**good, "value": [1]}, 0)
    for lookalike in (1.0, False, {"n": 1}):
        with pytest.raises(RecordFormatError, match=r"answers\[1\]\.value"):
            answer_from_json({**good, "value": lookalike}, 1)
    with pytest.raises(RecordFormatError, match=r"answers\[2\]\.extra"):
        answer_from_json({"item": "forms", "result": None, "value": 1, "extra": ""}, 2)
    passed = answer_from_json({"item": "desk", "result": "pass", "value": None, "note": ""}, 0)
    assert passed.result is Result.PASS
