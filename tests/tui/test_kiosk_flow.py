"""The staff flow driven through the real app on a real data folder."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList

from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT, Answer, Result
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.store import atomic
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.checklist import ChecklistScreen
from shiftcheck.tui.screens.pin import PinScreen
from shiftcheck.tui.screens.resume import ResumeScreen
from shiftcheck.tui.screens.review import DoneScreen, ReviewScreen
from shiftcheck.tui.screens.supervisor import SupervisorWorkspace
from shiftcheck.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import plain, screen_text, sign_in, type_text, wait_for

MakeApp = Callable[[Path], ShiftcheckApp]
START_ITEMS = 9


async def test_start_check_is_stored_with_every_answer(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert "0/9" in screen_text(app)
        for _ in range(START_ITEMS):
            clock.advance(seconds=3)
            await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DoneScreen))
        assert "上班打卡时间 08:55" in screen_text(app)
        records = app.services.store.records(
            clock() - timedelta(days=1), clock() + timedelta(hours=1)
        )
    assert len(records) == 1
    record = records[0]
    assert record.employee_id == "E002"
    assert record.checklist == START_OF_SHIFT
    assert record.started_at == datetime.fromisoformat("2026-11-27T08:55:00+08:00")
    assert len(record.answers) == START_ITEMS
    assert all(a.result is Result.PASS for a in record.answers)
    assert record.flags == ()


async def test_end_check_shows_clock_in_and_hours_worked(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    services = open_services(kiosk_dir, clock=clock)
    try:
        draft = services.checks.begin("E003", START_OF_SHIFT)
        for item in services.checklists[START_OF_SHIFT].items:
            draft = services.checks.answer(draft, Answer(item.id, Result.PASS))
        clock.advance(seconds=30)
        services.checks.submit(draft)
    finally:
        services.close()
    clock.set(datetime.fromisoformat("2026-11-27T17:35:00+08:00"))
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert "Clocked in at 08:55, 8 h 40 min ago" in screen_text(app)
        await type_text(pilot, "4")
        await pilot.press("enter")  # the count field opened by the digit: saves 4
        await pilot.press("enter", "enter")  # optional text: open the field, leave it blank
        await pilot.press("p", "n", "p", "p", "p")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert "4" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DoneScreen))
        text = screen_text(app)
        assert "Clocked out at 17:35." in text
        assert "Worked 8 h 40 min (08:55–17:35)." in text
        records = app.services.store.records(
            clock() - timedelta(days=1), clock() + timedelta(hours=1)
        )
    end = next(r for r in records if r.checklist == END_OF_SHIFT)
    forms = end.answer("registration_forms_handed_in")
    assert forms is not None and forms.value == 4
    assert end.answer("pending_questions") is None


async def test_wrong_pins_lock_the_employee_even_after_a_restart(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "1111")
        assert "再错 4 次" in screen_text(app)
        for _ in range(4):
            await type_text(pilot, "1111")
            await pilot.press("enter")
        assert isinstance(app.screen, PinScreen)
        assert "锁定至 09:00" in screen_text(app)
    again = make_app(kiosk_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "E002")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(again.screen, PinScreen))
        assert "锁定至 09:00" in screen_text(again)
        await type_text(pilot, "2468")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, PinScreen)
        assert "锁定至 09:00" in screen_text(again)


async def test_unfinished_check_resumes_with_its_answers_and_start_time(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    first = make_app(kiosk_dir)
    async with first.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(first.screen, ChecklistScreen))
        await pilot.press("p", "p", "p")
        await pilot.press("f")  # desk not tidy: a failed item that needs a note
        await type_text(pilot, "cleared the desk")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "4/9" in screen_text(first))
    # The first app is gone without submitting (as if the terminal lost power mid-check).
    clock.advance(minutes=3)
    second = make_app(kiosk_dir)
    async with second.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(second.screen, ResumeScreen))
        assert "started at 08:55 is not finished (4 of 9 answered)" in screen_text(second)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(second.screen, ChecklistScreen))
        screen = second.screen
        assert isinstance(screen, ChecklistScreen)
        assert "4/9" in screen_text(second)
        assert screen.check.draft.started_at == datetime.fromisoformat("2026-11-27T08:55:00+08:00")
        desk = screen.check.answers["desk_tidy"]
        assert desk.result is Result.FAIL and desk.note == "cleared the desk"
        assert screen.current() is not None and screen.current().id == "phone_working"  # type: ignore[union-attr]


async def test_start_again_discards_the_unfinished_check(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    first = make_app(kiosk_dir)
    async with first.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(first.screen, ChecklistScreen))
        await pilot.press("p")
        await wait_for(pilot, lambda: "1/9" in screen_text(first))
    clock.advance(minutes=5)
    second = make_app(kiosk_dir)
    async with second.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(second.screen, ResumeScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(second.screen, ChecklistScreen))
        screen = second.screen
        assert isinstance(screen, ChecklistScreen)
        assert "0/9" in screen_text(second)
        assert screen.check.draft.started_at == datetime.fromisoformat("2026-11-27T09:00:00+08:00")


async def test_idle_terminal_returns_to_welcome_and_keeps_the_draft(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.press("p")
        clock.advance(seconds=app.services.config.idle_timeout_seconds - 5)
        await pilot.pause(0.6)
        assert isinstance(app.screen, ChecklistScreen)  # not idle long enough yet
        clock.advance(seconds=6)
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert "输入姓名或工号" in screen_text(app)  # back in the store's language
        draft = app.services.store.load_draft("E003")
    assert draft is not None and "uniform_clean" in draft.answers


async def test_failed_save_is_shown_kept_retried_and_blocks_submitting(
    kiosk_dir: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, clock: ManualClock
) -> None:
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        monkeypatch.setattr(atomic.os, "fsync", disk_full)
        for _ in range(START_ITEMS):
            clock.advance(seconds=3)
            await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert len(screen.pending) == START_ITEMS
        await pilot.press("enter")
        assert "the disk is full" in screen_text(app)
        assert "cannot be submitted" in screen_text(app)
        assert isinstance(app.screen, ReviewScreen)
        assert (
            app.services.store.records(clock() - timedelta(days=1), clock() + timedelta(hours=1))
            == []
        )
        await pilot.press("escape")
        assert "not saved yet" in plain(screen.prompt(screen.checklist.items[0]))
        assert "the disk is full" in screen_text(app)
        clock.advance(seconds=app.services.config.idle_timeout_seconds + 1)
        await pilot.pause(0.6)
        assert app.screen is screen  # unsaved answers stay on screen past the idle time
        app.touch()  # the clerk is at the keys: the idle return may not race the "saved" line
        monkeypatch.setattr(atomic.os, "fsync", real_fsync)
        app.touch()  # the clerk is still there: once saved, the idle timeout would apply again
        await wait_for(pilot, lambda: not screen.pending)
        assert "Saved now" in screen_text(app)
        draft = app.services.store.load_draft("E003")
        assert draft is not None and len(draft.answers) == START_ITEMS
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DoneScreen))
        assert (
            len(
                app.services.store.records(
                    clock() - timedelta(days=1), clock() + timedelta(hours=1)
                )
            )
            == 1
        )


async def test_language_toggle_and_each_employees_language(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "输入姓名或工号" in screen_text(app)
        await pilot.press("f2")
        assert "Type your name or staff id" in screen_text(app)
        hints = {b.description for _, b in app.screen.query_one("#filter")._bindings}
        assert "That's me" in hints
        assert "Friday 27 November 2026" in screen_text(app)
        await sign_in(pilot, "E002", "2468")  # E002 reads Chinese
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert "上班自检 · 李娜" in screen_text(app)
        items = app.screen.query_one("#items")
        assert "工作服整齐、干净" in plain(items.get_option_at_index(1).prompt)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert "输入姓名或工号" in screen_text(app)
        await sign_in(pilot, "E003", "1357")  # Amy reads English
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert "Start-of-shift check · Amy Chen" in screen_text(app)
        assert "Staff appearance standard" in screen_text(app)


async def test_fail_on_a_note_item_needs_the_note(kiosk_dir: Path, make_app: MakeApp) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        await pilot.press("f")
        assert screen.field_item == "uniform_clean"
        await pilot.press("enter")
        assert "a failed item needs a note" in screen_text(app)
        assert "uniform_clean" not in screen.check.answers
        await type_text(pilot, "changed shirt")
        await pilot.press("enter")
        assert screen.check.answers["uniform_clean"].note == "changed shirt"
        assert screen.current() is not None and screen.current().id == "grooming"  # type: ignore[union-attr]
        await pilot.press("up", "p")  # back up and change the answer
        assert screen.check.answers["uniform_clean"].result is Result.PASS
        await pilot.press("ctrl+s")
        assert "still need an answer" in screen_text(app)
        assert isinstance(app.screen, ChecklistScreen)


async def test_supervisor_gets_the_workspace_with_their_due_check(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E001", "2580")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        entries = app.screen.query_one("#sv-menu", OptionList)
        assert str(entries.get_option_at_index(0).prompt) == "[m] 我自己的检查 — 上班自检"
        await pilot.press("enter")  # the first entry is their own check
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))


async def test_mouse_picks_a_name_and_answers_through_the_footer(
    kiosk_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.click("#staff", offset=(10, 3))  # the third name: Amy Chen
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        assert "Amy Chen  (E003)" in screen_text(app)
        await type_text(pilot, "1357")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        await pilot.click("FooterKey", offset=(1, 0))  # the first key shown: p Pass
        await wait_for(pilot, lambda: "uniform_clean" in screen.check.answers)
        assert screen.check.answers["uniform_clean"].result is Result.PASS


async def test_damaged_history_file_is_named_and_the_kiosk_still_works(
    kiosk_dir: Path, make_app: MakeApp, clock: ManualClock
) -> None:
    shard = kiosk_dir / "history" / "2026" / "2026-11-27.json"
    shard.parent.mkdir(parents=True, exist_ok=True)
    shard.write_text('{"records": {"1": ', encoding="utf-8")
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        text = screen_text(app)
        assert "2026-11-27.json" in text and "damaged" in text
        await sign_in(pilot, "E003", "1357")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
