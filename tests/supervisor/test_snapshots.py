"""SVG snapshots of the day and period views at 80×24 and 120×40, in Chinese and English
(fixed clock: Friday 2026-11-27 20:00 Shanghai; no text cursor on these views)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shiftcheck.services.context import Services
from shiftcheck.tui.screens.supervisor import DaySummaryScreen, PeriodScreen
from tests.supervisor.conftest import at
from tests.supervisor.test_screens import SupervisorTestApp

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh-CN", "en"]


def _app(team: Services, lang: str, view: str) -> SupervisorTestApp:
    sup = team.staff.set_language("E001", lang)
    if view == "day":
        return SupervisorTestApp(team, lambda: DaySummaryScreen(sup, day=at(26, 0).date()))
    return SupervisorTestApp(team, lambda: PeriodScreen(sup))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_day_view(
    team: Services, snap_compare: Callable[..., bool], lang: str, size: tuple[int, int]
) -> None:
    assert snap_compare(_app(team, lang, "day"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_period_view(
    team: Services, snap_compare: Callable[..., bool], lang: str, size: tuple[int, int]
) -> None:
    assert snap_compare(_app(team, lang, "period"), terminal_size=size)


@pytest.mark.parametrize("lang", LANGS)
def test_period_charts(team: Services, snap_compare: Callable[..., Any], lang: str) -> None:
    assert snap_compare(_app(team, lang, "period"), press=["3"], terminal_size=(80, 24))
