"""At the kiosk: an end check on a terminal whose clock went back is not confirmed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from shiftcheck.domain.checklist import END_OF_SHIFT
from shiftcheck.domain.records import fixed_offset
from shiftcheck.services.clock import ManualClock
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.review import DoneScreen, ReviewScreen
from tests.conftest import TZ
from tests.tui.conftest import screen_text, wait_for
from tests.tui.test_key_bursts import burst, clock_in, open_check, stored


async def test_the_kiosk_says_the_clock_looks_wrong_and_keeps_the_answers(
    kiosk_dir: Path,
    make_app: Callable[[Path], ShiftcheckApp],
    clock: ManualClock,
) -> None:
    clock.set(fixed_offset(datetime(2026, 11, 27, 17, 0, tzinfo=TZ)))
    clock_in(kiosk_dir, clock, "E003")  # in at 09:00
    clock.set(fixed_offset(datetime(2026, 11, 27, 7, 30, tzinfo=TZ)))  # set back
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot, "E003", "1357")
        assert screen.checklist.id == END_OF_SHIFT
        await burst(pilot, ["3", "enter", "enter", "enter", *"ppppp"])
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await burst(pilot, ["enter"])
        text = screen_text(app)
        assert "clock looks wrong" in text
        assert "2026-11-27 07:30" in text and "2026-11-27 09:00" in text
        assert isinstance(app.screen, ReviewScreen)  # not confirmed
        assert [r.checklist for r in stored(app, clock)] == ["start_of_shift"]
        draft = app.services.store.load_draft("E003")
        assert draft is not None and len(draft.answers) == 6
        # The clock set right: the same answers are submitted as the clock-out.
        clock.set(fixed_offset(datetime(2026, 11, 27, 17, 35, tzinfo=TZ)))
        await burst(pilot, ["enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, DoneScreen))
        assert "Clocked out at 17:35" in screen_text(app)
    end = [r for r in stored(app, clock) if r.checklist == END_OF_SHIFT]
    assert [r.submitted_at for r in end] == [datetime(2026, 11, 27, 17, 35, tzinfo=TZ)]
