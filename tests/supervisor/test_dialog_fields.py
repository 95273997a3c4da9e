"""The supervisor's dialogs at the counter: the add-staff fields keep their names once filled and
the id field suggests the next free id; the correction dialog shows which field has focus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Label

from shiftcheck.services.context import Services
from shiftcheck.tui.screens.staff_admin import AddEmployeeDialog, StaffAdminScreen
from shiftcheck.tui.screens.supervisor import CorrectionDialog, CorrectionsScreen
from shiftcheck.tui.widgets.labelled import LabelledField
from tests.conftest import legacy_supervisor
from tests.supervisor.test_screens import SIZE, SupervisorTestApp, until

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh-CN", "en"]
BAR = "▌"
"""What marks the field that has focus, in the gutter left of it."""


def dialog_rows(app: App[Any]) -> list[str]:
    """Each row of the open dialog as the terminal shows it, its border included."""
    box = app.screen.query_one("#sv-dialog").region
    strips = app.screen._compositor.render_strips()[box.y : box.bottom]
    return ["".join(s.text for s in strip.crop(box.x, box.right)).rstrip() for strip in strips]


def row_with(app: App[Any], text: str) -> str:
    """The one dialog row that shows `text`."""
    rows = [row for row in dialog_rows(app) if text in row]
    assert len(rows) == 1, (text, dialog_rows(app))
    return rows[0]


def no_blink(app: App[Any]) -> None:
    """Steady text cursors, for snapshots."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


async def open_add_dialog(pilot: Pilot[Any]) -> AddEmployeeDialog:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, StaffAdminScreen))
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, AddEmployeeDialog))
    assert isinstance(app.screen, AddEmployeeDialog)
    return app.screen


async def fill_new_employee(pilot: Pilot[Any]) -> None:
    """Type an id, a name and a PIN twice, as a person does (Enter moves on)."""
    await pilot.press(*"E005", "enter", *"赵敏", "enter", *"4826", "enter", *"4826")


NAMES = {
    "zh-CN": ("工号", "姓名", "PIN", "再输一次PIN"),
    "en": ("Staff id", "Name", "PIN", "PIN again"),
}
SUGGESTION = {"zh-CN": "下一个可用：E005", "en": "next free: E005"}


@pytest.mark.parametrize("lang", LANGS)
async def test_add_staff_fields_keep_their_names_once_filled(team: Services, lang: str) -> None:
    sup = team.staff.set_language("E001", lang)
    app = SupervisorTestApp(team, lambda: StaffAdminScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_add_dialog(pilot)
        id_name, name_name, pin_name, again_name = NAMES[lang]
        # E001–E004 are on the list (the staff service works it out): E005 is suggested.
        assert dialog.query_one("#new-id", Input).placeholder == SUGGESTION[lang]
        assert SUGGESTION[lang] in row_with(app, id_name)
        await fill_new_employee(pilot)
        await pilot.pause()
        assert id_name in row_with(app, "E005")  # the name beside what was typed
        assert name_name in row_with(app, "赵敏")
        first, again = [row for row in dialog_rows(app) if "••••" in row]
        assert pin_name in first and again_name in again
        await pilot.press("enter")  # Enter on the last field saves
        await until(pilot, lambda: isinstance(app.screen, StaffAdminScreen))
    assert team.staff.get("E005").name == "赵敏"


async def test_no_suggestion_when_no_id_ends_in_digits(services: Services) -> None:
    legacy_supervisor(services, "zhang.wei", "张伟", "2580")
    sup = services.staff.get("zhang.wei")
    app = SupervisorTestApp(services, lambda: StaffAdminScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_add_dialog(pilot)
        assert dialog.query_one("#new-id", Input).placeholder == ""
        assert "工号" in row_with(app, "工号")


def focus_bar_rows(app: App[Any]) -> list[str]:
    """The dialog rows that show the focus bar in their gutter, just inside the border."""
    return [row for row in dialog_rows(app) if row.startswith(f"█ {BAR}")]


@pytest.mark.parametrize("lang", LANGS)
async def test_correction_dialog_shows_the_field_that_has_focus(team: Services, lang: str) -> None:
    sup = team.staff.set_language("E001", lang)
    time_name = {"zh-CN": "更正后的时间", "en": "Corrected time"}[lang]
    reason_name = {"zh-CN": "原因（必填）", "en": "Reason (required)"}[lang]
    out_choice = {"zh-CN": "设置下班时间", "en": "Set the clock-out"}[lang]
    app = SupervisorTestApp(team, lambda: CorrectionsScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CorrectionsScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CorrectionDialog))
        dialog = app.screen

        def name_of(field_id: str) -> Label:
            holder = dialog.query_one(f"#{field_id}", Input).parent
            assert isinstance(holder, LabelledField)
            return holder.query_one(".field-label", Label)

        await pilot.pause()
        # The time field has focus: a bar beside its name and its box, its name in bold.
        bars = focus_bar_rows(app)
        assert len(bars) == 2 and time_name in bars[0]
        assert name_of("time").rich_style.bold and not name_of("reason").rich_style.bold
        assert name_of("time").rich_style.color != name_of("reason").rich_style.color
        await pilot.press(*"17:30", "enter")  # Enter moves on to the reason
        await pilot.pause()
        bars = focus_bar_rows(app)
        assert len(bars) == 2 and reason_name in bars[0]
        assert name_of("reason").rich_style.bold and not name_of("time").rich_style.bold
        await pilot.press("shift+tab", "shift+tab")  # back past the time to the choice
        await pilot.pause()
        bars = focus_bar_rows(app)
        assert len(bars) == 2 and out_choice in bars[0]
        assert not name_of("time").rich_style.bold and not name_of("reason").rich_style.bold


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_add_staff_dialog_filled_looks(
    team: Services, snap_compare: Callable[..., bool], lang: str, size: tuple[int, int]
) -> None:
    """Every field filled, the focus on the second PIN."""
    sup = team.staff.set_language("E001", lang)

    async def settle(pilot: Pilot[Any]) -> None:
        await open_add_dialog(pilot)
        no_blink(pilot.app)
        await pilot.press(*"E005", "enter", *"赵敏", "enter", *"4826", "enter", *"48")
        await pilot.pause()

    app = SupervisorTestApp(team, lambda: StaffAdminScreen(sup))
    assert snap_compare(app, run_before=settle, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_correction_dialog_focus_looks(
    team: Services, snap_compare: Callable[..., bool], lang: str, size: tuple[int, int]
) -> None:
    """A time typed, the focus on the reason."""
    sup = team.staff.set_language("E001", lang)

    async def settle(pilot: Pilot[Any]) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, CorrectionsScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, CorrectionDialog))
        no_blink(pilot.app)
        await pilot.press(*"17:30", "enter")
        await pilot.pause()

    app = SupervisorTestApp(team, lambda: CorrectionsScreen(sup))
    assert snap_compare(app, run_before=settle, terminal_size=size)


async def test_f2_in_the_add_staff_dialog_keeps_the_field_with_focus(team: Services) -> None:
    sup = team.staff.set_language("E001", "zh-CN")
    app = SupervisorTestApp(team, lambda: StaffAdminScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await open_add_dialog(pilot)
        await pilot.press("tab")  # from the id to the name
        await pilot.pause()
        before = app.focused
        assert isinstance(before, Input) and before.id is not None
        await pilot.press("f2")
        await until(pilot, lambda: any(NAMES["en"][1] in row for row in dialog_rows(app)))
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == before.id
        await pilot.press(*"Zhao")
        await pilot.pause()
        assert focused.value.endswith("Zhao")
