"""Keys typed in bursts, as a terminal delivers them: every key is queued before the app
handles the first, so nothing may depend on focus having moved or a screen being drawn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input

from shiftcheck.domain.checklist import END_OF_SHIFT, Answer, ItemKind, Result
from shiftcheck.domain.records import CheckRecord
from shiftcheck.services.clock import ManualClock
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.checklist import ChecklistScreen
from shiftcheck.tui.screens.pin import PinScreen
from shiftcheck.tui.screens.review import DoneScreen, ReviewScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import screen_text, sign_in, wait_for
from tests.tui.test_snapshots import clock_in as clock_in_before

MakeApp = Callable[[Path], ShiftcheckApp]


async def burst(pilot: Pilot[None], keys: str | list[str]) -> None:
    """Queue every key at once (no pause between them), then let the app handle them all."""
    app = pilot.app
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        if name == "\r":
            name = "enter"
        char = key if len(key) == 1 and key != "\r" else None
        app.post_message(events.Key(name, char))
    await pilot.pause()
    await pilot.pause()


def stored(app: ShiftcheckApp, clock: ManualClock) -> list[CheckRecord]:
    return app.services.store.records(clock() - timedelta(days=2), clock() + timedelta(days=1))


async def open_check(pilot: Pilot[None], employee: str, pin: str) -> ChecklistScreen:
    await sign_in(pilot, employee, pin)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChecklistScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistScreen)
    return screen


def clock_in(folder: Path, clock: ManualClock, employee: str) -> None:
    """The employee clocked in 8 hours before the clock (an all-pass start check)."""
    clock_in_before(folder, clock, employee, minutes_ago=8 * 60)


async def test_a_whole_start_check_typed_in_one_burst(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot, "E003", "1357")
        items = screen.checklist.items
        # Enter typed twice: submitted once, then the confirmation is dismissed.
        await burst(pilot, ["p"] * len(items) + ["enter"] * 2)
        await wait_for(pilot, lambda: isinstance(app.screen, DoneScreen | WelcomeScreen))
        await pilot.pause()
    (record,) = stored(app, clock)
    assert [a.result for a in record.answers] == [Result.PASS] * len(items)


async def test_a_burst_from_the_pin_reaches_the_check_in_order_or_not_at_all(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, [*"E003", "enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        # PIN, Enter, then at once: pass, fail with a note, pass (typed while screens change).
        await burst(pilot, [*"1357", "enter", "p", "f", *"no tie", "enter", "p"])
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        given = screen.check.answers
        full = {
            "uniform_clean": Answer("uniform_clean", Result.PASS),
            "grooming": Answer("grooming", Result.FAIL, note="no tie"),
            "name_badge": Answer("name_badge", Result.PASS),
        }
        # The keys went to the PIN field (dropped) or all to the check in order; the PIN's
        # second Enter did not sign in again (one check screen, nothing to resume).
        assert given in ({}, full)
        assert [type(s).__name__ for s in app.screen_stack] == [
            "Screen",
            "WelcomeScreen",
            "ChecklistScreen",
        ]


@pytest.mark.parametrize("digits", ["12", "105", "7", "200"])
async def test_a_count_typed_in_a_burst_is_the_whole_number(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock, digits: str
) -> None:
    clock_in(kiosk_dir, clock, "E003")
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot, "E003", "1357")
        assert screen.checklist.id == END_OF_SHIFT
        first = screen.checklist.items[0]
        assert first.kind is ItemKind.COUNT
        await burst(pilot, [*digits, "enter"])
        answer = screen.check.answer_to(first.id)
        assert answer is not None and answer.value == int(digits)
        stored_draft = app.services.store.load_draft("E003")
        assert stored_draft is not None
        assert stored_draft.answers[first.id].value == int(digits)
        # Then the optional text left blank, and the next item highlighted.
        await burst(pilot, ["enter", "enter"])
        current = screen.current()
        assert current is not None and current.id == "questions_escalated"


async def test_a_count_can_be_corrected_in_the_burst_and_out_of_range_is_refused(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    clock_in(kiosk_dir, clock, "E003")
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot, "E003", "1357")
        first = screen.checklist.items[0]
        await burst(pilot, [*"201", "enter"])  # the item takes 0 to 200
        assert screen.check.answer_to(first.id) is None
        assert screen.field_item == first.id
        assert "above the maximum" in screen_text(app)
        await burst(pilot, ["backspace"] * 3 + [*"34", "backspace", "5", "enter"])
        answer = screen.check.answer_to(first.id)
        assert answer is not None and answer.value == 35
        assert screen.field_item is None


async def test_fail_opens_a_note_for_every_item_and_the_letters_stay_in_it(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot, "E003", "1357")
        keys = [
            "p",  # uniform clean
            "f",  # grooming: a fail whose note is optional, typed anyway
            *"lent a spare",
            "enter",
            "f",  # name badge: optional note left empty
            "enter",
            "f",  # desk tidy: the item needs a note; Enter on empty is refused
            "enter",
        ]
        await burst(pilot, keys)
        answers = screen.check.answers
        assert answers["uniform_clean"] == Answer("uniform_clean", Result.PASS)
        assert answers["grooming"] == Answer("grooming", Result.FAIL, note="lent a spare")
        assert answers["name_badge"] == Answer("name_badge", Result.FAIL)
        assert "desk_tidy" not in answers
        assert screen.field_item == "desk_tidy"
        assert "needs a note" in screen_text(app)
        # The note goes in, then the next items are answered by the keys meant for them.
        await burst(pilot, [*"wiped it", "enter", "p", "n", "p", "p", "p"])
        answers = screen.check.answers
        assert answers["desk_tidy"] == Answer("desk_tidy", Result.FAIL, note="wiped it")
        assert answers["phone_working"] == Answer("phone_working", Result.PASS)
        assert answers["walkie_talkie"] == Answer("walkie_talkie", Result.NA)
        assert {k for k, a in answers.items() if a.result is Result.PASS} == {
            "uniform_clean",
            "phone_working",
            "front_desk_rota",
            "products_reviewed",
            "registration_forms_ready",
        }
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await burst(pilot, ["enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, DoneScreen))
        assert "3 items failed; your supervisor will see your notes." in screen_text(app)


async def test_letters_with_no_field_open_answer_nothing(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot, "E003", "1357")
        await burst(pilot, [*"hello world 42", "n"])  # no field open; uniform takes no N/A
        assert screen.check.answers == {}
        assert "N/A is not allowed" in screen_text(app)
        await burst(pilot, ["f", "escape"])  # a needed note cancelled: nothing stored
        assert screen.check.answers == {}
        assert screen.field_item is None


async def test_confirmation_speaks_of_notes_only_when_there_are_some(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot, "E003", "1357")
        keys = ["p", "f", "enter"] + ["p"] * (len(screen.checklist.items) - 2) + ["enter"]
        await burst(pilot, keys)
        await wait_for(pilot, lambda: isinstance(app.screen, DoneScreen))
        text = screen_text(app)
        assert "1 item failed; your supervisor will see it." in text
        assert "note" not in text


async def test_a_name_and_enter_typed_in_one_burst_with_the_pin_opens_that_pin(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        welcome = app.screen
        # Name, Enter, PIN, Enter and answers at once: the name picks Amy; the keys meant for
        # the screens still opening are dropped, never typed into the name filter.
        await burst(pilot, [*"amy", "enter", *"1357", "enter", *"ppp"])
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        screen = app.screen
        assert isinstance(screen, PinScreen) and screen.employee.id == "E003"
        assert [type(s).__name__ for s in app.screen_stack] == [
            "Screen",
            "WelcomeScreen",
            "PinScreen",
        ]
        assert welcome.query_one("#filter", Input).value == "amy"
        await burst(pilot, [*"1357", "enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
    assert stored(app, clock) == []
