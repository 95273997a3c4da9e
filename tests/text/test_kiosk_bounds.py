"""A 1 MB paste or a paste holding escape sequences never reaches a note; the service refuses
an over-long or controlled note whatever sends it, and the draft on disk stays small."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.text import FREE_TEXT_MAX
from shiftcheck.services.checks import AnswerRefused
from shiftcheck.services.context import Services
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.checklist import ChecklistScreen
from tests.text.conftest import screen_lines
from tests.tui.conftest import sign_in, type_text, wait_for


async def test_note_field_refuses_a_1mb_paste_and_escapes_saying_why(
    kiosk_dir: Path, make_app: Callable[[Path], ShiftcheckApp]
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        await pilot.press("f")  # a failed item needs a note: the note field opens
        field = screen.query_one("#field", Input)
        field.post_message(events.Paste("x" * 1_000_000))
        await wait_for(pilot, lambda: len(app._notifications) == 1)
        assert field.value == ""
        assert "at most 2000 characters" in next(iter(app._notifications)).message
        field.post_message(events.Paste("changed \x1b]0;pwned\x07\x1b[2J"))
        await wait_for(pilot, lambda: len(app._notifications) == 2)
        assert field.value == ""
        assert "control characters" in list(app._notifications)[-1].message
        field.post_message(events.Paste("x" * FREE_TEXT_MAX))
        await wait_for(pilot, lambda: len(field.value) == FREE_TEXT_MAX)
        await type_text(pilot, "y")  # the field stops at its bound
        assert len(field.value) == FREE_TEXT_MAX
        field.value = ""
        await type_text(pilot, "[/]changed [bold]shirt")
        await pilot.press("enter")
        assert screen.session.answers["uniform_clean"].note == "[/]changed [bold]shirt"
        await wait_for(pilot, lambda: "[/]changed [bold]shirt" in "\n".join(screen_lines(app)))


@pytest.mark.parametrize(
    ("note", "key"),
    [
        ("x" * (FREE_TEXT_MAX + 1), "text.answer.note_too_long"),
        ("x" * 1_000_000, "text.answer.note_too_long"),
        ("done \x1b[2J", "text.answer.note_control"),
        ("done \u202e", "text.answer.note_control"),
    ],
    ids=["2001", "1MB", "escape", "bidi"],
)
def test_the_check_service_refuses_the_note_and_saves_nothing(
    staffed: Services, note: str, key: str
) -> None:
    draft = staffed.checks.begin("E002", "start_of_shift")
    with pytest.raises(AnswerRefused) as refused:
        staffed.checks.answer(draft, Answer("uniform_clean", Result.FAIL, note=note))
    assert refused.value.key == key
    assert "2000" in refused.value.message("en") or "control character" in refused.value.message(
        "en"
    )
    kept = staffed.store.load_draft("E002")
    assert kept is not None and kept.answers == {}
    assert all(p.stat().st_size < 10_000 for p in (staffed.data_dir / "drafts").iterdir())
