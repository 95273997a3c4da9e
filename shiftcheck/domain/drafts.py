"""A check in progress: answers saved one by one so that a crash loses none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from shiftcheck.domain.checklist import Answer
from shiftcheck.domain.records import (
    RecordFormatError,
    answer_from_json,
    format_time,
    parse_time,
)

DRAFT_SCHEMA = "shiftcheck.draft/1"


@dataclass(frozen=True, slots=True)
class Draft:
    """The answers given so far to one employee's check, with its original start time."""

    record_id: str
    employee_id: str
    checklist: str
    checklist_version: str
    started_at: datetime
    answers: Mapping[str, Answer] = field(default_factory=dict)

    def with_answer(self, answer: Answer) -> Draft:
        """A copy with `answer` given (replacing any earlier answer to the same item)."""
        answers = dict(self.answers)
        answers[answer.item] = answer
        return replace(self, answers=answers)

    def without_answer(self, item_id: str) -> Draft:
        """A copy with the answer to `item_id` taken back."""
        answers = {k: v for k, v in self.answers.items() if k != item_id}
        return replace(self, answers=answers)

    def to_json(self) -> dict[str, Any]:
        """The draft as JSON."""
        return {
            "schema": DRAFT_SCHEMA,
            "record_id": self.record_id,
            "employee_id": self.employee_id,
            "checklist": self.checklist,
            "checklist_version": self.checklist_version,
            "started_at": format_time(self.started_at),
            "answers": [a.to_json() for a in self.answers.values()],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Draft:
        """A draft from JSON, checked."""
        if not isinstance(data, Mapping) or data.get("schema") != DRAFT_SCHEMA:
            raise RecordFormatError("schema", f"expected {DRAFT_SCHEMA!r}")
        answers_raw = data.get("answers")
        if not isinstance(answers_raw, list):
            raise RecordFormatError("answers", "expected a list")
        answers = [answer_from_json(a, i) for i, a in enumerate(answers_raw)]
        for key in ("record_id", "employee_id", "checklist", "checklist_version"):
            if not isinstance(data.get(key), str):
                raise RecordFormatError(key, "expected a string")
        return cls(
            record_id=data["record_id"],
            employee_id=data["employee_id"],
            checklist=data["checklist"],
            checklist_version=data["checklist_version"],
            started_at=parse_time(data.get("started_at"), "started_at"),
            answers={a.item: a for a in answers},
        )
