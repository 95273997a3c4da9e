"""A correction may not make a shift overlap another of the same employee's shifts (issue 11 §5).

The seeded team (see conftest): E002 worked 2026-11-26 08:55–18:05 and clocked in on the 27th at
08:50 (still on shift); E004 clocked in on the 26th at 10:00 and never clocked out.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, RadioButton

from shiftcheck.domain.records import Correction
from shiftcheck.services.context import Services, SupervisorTools
from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.screens.supervisor import CorrectionDialog, CorrectionsScreen
from tests.supervisor.conftest import Seed, at
from tests.supervisor.test_cli import CliRunner, cli, corrections
from tests.supervisor.test_screens import SIZE, SupervisorTestApp, table_text, text_of, until


def stored_corrections(services: Services) -> int:
    return sum(isinstance(d, Correction) for d in services.store.all_documents())


def test_a_clock_in_moved_onto_the_day_before_is_refused_naming_that_shift(
    tools: SupervisorTools, team: Services
) -> None:
    # The case: the 27th's clock-in set to 10:00 on the 26th would pay 08:55–18:05 twice.
    today = tools.corrections.shift_on("E002", at(27, 0).date(), actor="E001")
    before = stored_corrections(team)
    with pytest.raises(ServiceError) as refused:
        tools.corrections.correct(today, "clock_in", at(26, 10), "typo", actor="E001")
    assert str(refused.value) == (
        "that would overlap E002's shift of 2026-11-26 (2026-11-26 08:55 – 2026-11-26 18:05), "
        "paying the same time twice: nothing was changed"
    )
    assert "会与 E002 在 2026-11-26 的班次" in refused.value.message("zh-CN")
    assert stored_corrections(team) == before


def test_a_clock_out_past_the_next_clock_in_is_refused(
    tools: SupervisorTools, team: Services
) -> None:
    yesterday = tools.corrections.shift_on("E002", at(26, 0).date(), actor="E001")
    with pytest.raises(ServiceError, match="clocked in at 2026-11-27 08:50 and still open"):
        tools.corrections.correct(yesterday, "clock_out", at(27, 9), "late", actor="E001")
    # Ending exactly when the next shift begins touches it without overlapping.
    tools.corrections.correct(yesterday, "clock_out", at(27, 8, 50), "stocktake", actor="E001")


def test_a_correction_inside_the_shift_own_time_is_accepted(
    tools: SupervisorTools, team: Services
) -> None:
    yesterday = tools.corrections.shift_on("E002", at(26, 0).date(), actor="E001")
    before = stored_corrections(team)
    tools.corrections.correct(yesterday, "clock_in", at(26, 8), "came early", actor="E001")
    assert stored_corrections(team) == before + 1


def test_command_line_refuses_an_overlap_with_exit_code_2(team: Services) -> None:
    team.close()
    result = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(team.data_dir),
            "correct",
            "--employee",
            "E002",
            "--shift-date",
            "2026-11-27",
            "--clock-in",
            "2026-11-26T10:00",
            "--reason",
            "typo",
            "--by",
            "E001",
            "--pin-stdin",
        ],
        input="2580\n",
    )
    assert result.exit_code == 2, result.output
    assert "overlap E002's shift of 2026-11-26 (2026-11-26 08:55 – 2026-11-26 18:05)" in (
        result.stderr
    )
    assert len(corrections(team.data_dir)) == 1  # only the seeded one


async def test_screen_shows_the_overlap_beside_the_field(team: Services, seed: Seed) -> None:
    sup = team.staff.get("E001")
    app = SupervisorTestApp(team, lambda: CorrectionsScreen(sup))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CorrectionsScreen))
        rows = table_text(app, "#shift-table").splitlines()
        assert rows[1].startswith("E002 李娜 2026-11-27 08:50")
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, CorrectionDialog))
        app.screen.query_one("#clock_in", RadioButton).value = True
        app.screen.query_one("#time", Input).value = "2026-11-26T10:00"
        app.screen.query_one("#reason", Input).value = "typo"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "重叠" in text_of(app, "#sv-error"))
        assert "E002 在 2026-11-26 的班次（2026-11-26 08:55 – 2026-11-26 18:05）" in text_of(
            app, "#sv-error"
        )
        assert isinstance(app.screen, CorrectionDialog)
    assert stored_corrections(team) == 1
