"""The record contract: round trips, and every bad field named."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.records import (
    CheckRecord,
    Correction,
    RecordFormatError,
    document_from_json,
)
from tests.unit.factories import correction, start

SH = ZoneInfo("Asia/Shanghai")


def sample() -> CheckRecord:
    return start(
        "E002",
        datetime(2026, 11, 27, 8, 55, 2, tzinfo=SH),
        answers=(
            Answer("uniform_clean", Result.PASS),
            Answer("grooming", Result.FAIL, note="补妆"),
            Answer("forms", value=3),
        ),
    )


def test_round_trip_keeps_everything() -> None:
    rec = sample()
    data = rec.to_json()
    assert data["started_at"] == "2026-11-27T08:55:02+08:00"
    assert data["answers"][1] == {
        "item": "grooming",
        "result": "fail",
        "value": None,
        "note": "补妆",
    }
    assert CheckRecord.from_json(data) == rec
    assert document_from_json(data) == rec
    fix = correction(
        rec,
        "clock_out",
        datetime(2026, 11, 27, 18, tzinfo=SH),
        datetime(2026, 11, 28, 9, tzinfo=SH),
    )
    assert Correction.from_json(fix.to_json()) == fix


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"schema": "shiftcheck.record/9"}, "schema"),
        ({"id": "not-a-uuid"}, "id"),
        ({"started_at": "2026-11-27T08:55:02"}, "started_at"),
        ({"submitted_at": "yesterday"}, "submitted_at"),
        ({"submitted_at": "2026-11-27T08:00:00+08:00"}, "submitted_at"),
        ({"checklist": "lunch"}, "checklist"),
        ({"employee_id": ""}, "employee_id"),
        ({"employee_id": "E002\n"}, "employee_id"),
        ({"store_id": "S 001"}, "store_id"),
        ({"terminal_id": "   "}, "terminal_id"),
        ({"id": "1c5e8a9e-5b1f-4a59-9c1e-3f4b2a6d7e8"}, "id"),
        ({"answers": "all fine"}, "answers"),
        (
            {"answers": [{"item": "x", "result": "maybe", "value": None, "note": ""}]},
            "answers[0].result",
        ),
        (
            {"answers": [{"item": "x", "result": None, "value": 1.5, "note": ""}]},
            "answers[0].value",
        ),
        ({"answers": [{"item": "x", "colour": "red"}]}, "answers[0].colour"),
        (
            {"answers": [{"item": "x", "result": None, "value": 2**53, "note": ""}]},
            "answers[0].value",
        ),
        ({"extra": 1}, "extra"),
    ],
)
def test_bad_fields_are_named(change: dict[str, Any], field: str) -> None:
    data = {**sample().to_json(), **change}
    with pytest.raises(RecordFormatError) as err:
        CheckRecord.from_json(data)
    assert err.value.field == field


@pytest.mark.parametrize(
    "written",
    [
        "1C5E8A9E-5B1F-4A59-9C1E-3F4B2A6D7E80",
        "{1c5e8a9e-5b1f-4a59-9c1e-3f4b2a6d7e80}",
        "1c5e8a9e5b1f4a599c1e3f4b2a6d7e80",
    ],
)
def test_every_uuid_form_uuid_accepts_is_still_accepted(written: str) -> None:
    data = {**sample().to_json(), "id": written}
    assert CheckRecord.from_json(data).id == written
