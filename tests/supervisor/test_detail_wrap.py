"""An employee's day at 80 columns: a long text answer or note wraps under the item's text, not
back to the screen's edge under the marks."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from textual.app import App

from shiftcheck.domain.checklist import END_OF_SHIFT, FORMS_ITEM_ID, START_OF_SHIFT, Answer, Result
from shiftcheck.domain.records import CheckRecord
from shiftcheck.services.context import Services
from shiftcheck.tui.screens.supervisor import EmployeeDayScreen
from tests.supervisor.conftest import at
from tests.supervisor.test_screens import SIZE, SupervisorTestApp, until

DAY = date(2026, 11, 25)
NOTE = (
    "borrowed the spare handset from the back office, told the store manager, and asked "
    "IT to replace the broken one before Saturday's open day"
)
QUESTION = (
    "客户王先生询问三号楼二单元的车位价格和交房时间，已记下电话，明天上午由张伟回电说明最新的"
    "优惠政策和看房安排"
)
SIZES = [(80, 24), (120, 40)]
LANGS = ["zh-CN", "en"]


def record(checklist: str, when: int, answers: tuple[Answer, ...]) -> CheckRecord:
    started = at(25, when)
    return CheckRecord(
        id=str(uuid.uuid4()),
        store_id="S001",
        terminal_id="T1",
        employee_id="E002",
        checklist=checklist,
        checklist_version="1+test",
        started_at=started,
        submitted_at=started + timedelta(minutes=5),
        answers=answers,
    )


@pytest.fixture
def long_answers(team: Services) -> Services:
    """E002 on Wednesday 2026-11-25: a failed item with a long note in the start check and a
    long open customer question in the end check."""
    start = record(
        START_OF_SHIFT,
        9,
        (
            Answer("uniform_clean", Result.PASS),
            Answer("phone_working", Result.FAIL, note=NOTE),
            Answer("desk_tidy", Result.PASS),
        ),
    )
    end = record(
        END_OF_SHIFT,
        18,
        (
            Answer(FORMS_ITEM_ID, value=2),
            Answer("pending_questions", value=QUESTION),
            Answer("customer_info_secured", Result.PASS),
        ),
    )
    team.store.add_many([start, end], local=True)
    return team


def detail_rows(app: App[Any]) -> list[str]:
    """The rows of the employee's day as the terminal shows them."""
    box = app.screen.query_one("#detail").region
    strips = app.screen._compositor.render_strips()[box.y : box.bottom]
    return ["".join(s.text for s in strip.crop(box.x, box.right)).rstrip() for strip in strips]


def rows_of(rows: list[str], text: str) -> list[str]:
    """All rows of the answer that shows `text`: its first (with the mark) and those it wraps
    onto (indented past the mark)."""
    start = next(i for i, row in enumerate(rows) if text in row)
    while rows[start].startswith("    "):
        start -= 1
    end = start + 1
    while end < len(rows) and rows[end].startswith("    ") and rows[end].strip():
        end += 1
    return rows[start:end]


@pytest.mark.parametrize("lang", LANGS)
async def test_wrapped_answers_keep_their_indent(long_answers: Services, lang: str) -> None:
    sup = long_answers.staff.set_language("E001", lang)
    app = SupervisorTestApp(long_answers, lambda: EmployeeDayScreen(sup, "E002", DAY))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EmployeeDayScreen))
        await until(pilot, lambda: any("✗" in row for row in detail_rows(app)))
        rows = detail_rows(app)
        note = rows_of(rows, "✗")
        assert len(note) >= 2  # the note is longer than one row
        assert note[0].lstrip().startswith("✗ ")
        text_starts = len(note[0]) - len(note[0].lstrip()) + 2  # after the mark and a space
        for row in note[1:]:
            # Each wrapped row starts where the item's text starts, under no mark.
            assert row[:text_starts].strip() == "" and row[text_starts] != " ", row
        joined = " ".join(row.strip() for row in note)
        assert NOTE.split()[-1] in joined and "— borrowed" in joined
        question = rows_of(rows, "客户王先生")
        assert question[0].lstrip().startswith("· ")
        assert len(question) >= 2
        for row in question[1:]:
            assert row[:text_starts].strip() == "" and row[text_starts] != " ", row
        assert "".join(row.strip() for row in question).endswith("看房安排")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_employee_day_with_long_answers_looks(
    long_answers: Services, snap_compare: Callable[..., bool], lang: str, size: tuple[int, int]
) -> None:
    sup = long_answers.staff.set_language("E001", lang)
    app = SupervisorTestApp(long_answers, lambda: EmployeeDayScreen(sup, "E002", DAY))
    assert snap_compare(app, terminal_size=size)
