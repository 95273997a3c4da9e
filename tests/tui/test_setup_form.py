"""The first-run setup form at the counter's 80×24: its summary stays in view however far the
form scrolls, and each field's message goes as soon as the field is right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from shiftcheck.services.clock import ManualClock
from shiftcheck.tui.app import ShiftcheckApp, build_app
from shiftcheck.tui.screens.onboarding import FIELDS, OnboardingScreen
from tests.tui.conftest import wait_for

EVERYTHING_WRONG = {
    "store_id": "my store",
    "store_name": "",
    "timezone": "Mars/Olympus",
    "language": "xx",
    "supervisor_id": "E 1",
    "supervisor_name": "",
    "pin": "1234",
    "pin_again": "",
}
"""Seven fields refused at once (the second PIN is judged once the first is right)."""

SUMMARY = {
    "zh-CN": "需改正的项目（标红）：{n} 项；尚未保存任何内容。",
    "en": "Fields to fix (marked in red): {n}; nothing was saved.",
}


def rows_on_screen(app: ShiftcheckApp) -> list[str]:
    """Each row of the terminal as it shows now."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


def marked(app: ShiftcheckApp) -> list[str]:
    """The fields whose message shows."""
    return [n for n in FIELDS if app.screen.query_one(f"#error-{n}", Static).display]


def status(app: ShiftcheckApp) -> str:
    return str(app.screen.query_one("#setup-status", Static).render())


async def open_form(pilot: Pilot[None], lang: str) -> OnboardingScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, OnboardingScreen))
    if lang == "en":
        await pilot.press("f2")
    screen = app.screen
    assert isinstance(screen, OnboardingScreen)
    return screen


def fill(screen: OnboardingScreen, values: dict[str, str]) -> None:
    for name, value in values.items():
        screen.query_one(f"#{name}", Input).value = value


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_summary_stays_in_view_when_the_form_scrolls(
    tmp_path: Path, clock: ManualClock, lang: str
) -> None:
    app = build_app(tmp_path / "fresh", clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(pilot, lang)
        fill(screen, EVERYTHING_WRONG)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(marked(app)) == 7)
        await pilot.pause()
        form = screen.query_one("#setup-form")
        assert form.max_scroll_y > 0  # seven messages: the form no longer fits
        summary = SUMMARY[lang].format(n=7)
        assert status(app) == summary
        assert summary in "\n".join(rows_on_screen(app))  # on the terminal, not below it
        # Scrolled to its very end, the form still leaves the summary where it was.
        form.scroll_end(animate=False)
        await pilot.pause()
        assert summary in "\n".join(rows_on_screen(app))


async def test_each_message_goes_once_its_field_is_right(
    tmp_path: Path, clock: ManualClock
) -> None:
    app = build_app(tmp_path / "fresh", clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(pilot, "en")
        fill(screen, EVERYTHING_WRONG | {"store_name": "Nanjing Road", "language": "en"})
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(marked(app)) == 5)
        assert marked(app) == ["store_id", "timezone", "supervisor_id", "supervisor_name", "pin"]
        assert screen.focused is screen.query_one("#store_id", Input)

        screen.query_one("#store_id", Input).value = ""
        await pilot.press(*"S009")  # typed as a person would
        await wait_for(pilot, lambda: "store_id" not in marked(app))
        assert status(app) == SUMMARY["en"].format(n=4)

        zone = screen.query_one("#timezone", Input)
        zone.value = ""
        zone.focus()
        await pilot.press(*"Asia/Shang")  # still not a zone: the message says so, as typed
        await wait_for(pilot, lambda: "'Asia/Shang'" in str(error_of(app, "timezone").render()))
        assert "timezone" in marked(app)
        await pilot.press(*"hai")
        await wait_for(pilot, lambda: "timezone" not in marked(app))

        # A field left alone is not judged while typing elsewhere: emptying the store name
        # marks nothing until the form is saved again.
        fill(screen, {"store_name": "", "supervisor_id": "E100", "supervisor_name": "Ann"})
        await wait_for(pilot, lambda: marked(app) == ["pin"])
        assert status(app) == SUMMARY["en"].format(n=1)

        fill(screen, {"store_name": "Nanjing Road", "pin": "482613"})
        await wait_for(pilot, lambda: marked(app) == [])
        assert status(app) == ""  # the second PIN still differs: not yet ready, not yet marked
        screen.query_one("#pin_again", Input).focus()
        await pilot.press(*"482613")
        await wait_for(pilot, lambda: "ctrl+s saves" in status(app))
        assert status(app) == "Every field is right now: ctrl+s saves."


async def test_language_switch_keeps_the_marks_in_the_new_language(
    tmp_path: Path, clock: ManualClock
) -> None:
    app = build_app(tmp_path / "fresh", clock=clock, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(pilot, "zh-CN")
        fill(screen, {"timezone": "Mars/Olympus"})
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "timezone" in marked(app))
        assert "未知时区 'Mars/Olympus'" in str(error_of(app, "timezone").render())
        await pilot.press("f2")
        zone = error_of(app, "timezone")
        await wait_for(pilot, lambda: "unknown time zone" in str(zone.render()))
        assert status(app).startswith("Fields to fix (marked in red): ")


def error_of(app: ShiftcheckApp, field: str) -> Static:
    return app.screen.query_one(f"#error-{field}", Static)


SETUP_SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SETUP_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_setup_form_with_marks_looks(
    tmp_path: Path,
    clock: ManualClock,
    snap_compare: Callable[..., Any],
    lang: str,
    size: tuple[int, int],
) -> None:
    """Seven fields marked after Save, the summary above the footer."""

    async def settle(pilot: Pilot[None]) -> None:
        screen = await open_form(pilot, lang)
        fill(screen, EVERYTHING_WRONG)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(marked(pilot.app)) == 7)  # type: ignore[arg-type]
        await pilot.pause()

    app = build_app(tmp_path / "fresh", clock=clock, cursor_blink=False)
    assert snap_compare(app, run_before=settle, terminal_size=size)
