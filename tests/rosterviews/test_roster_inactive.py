"""A plan of someone since deactivated (the week grid still shows it, dimmed): a change that
would keep it theirs is refused saying they are deactivated, not that there is no such
employee; the plan can still be moved to someone active or deleted."""

from __future__ import annotations

from datetime import date, time

import pytest

from shiftcheck.services.context import Services
from shiftcheck.services.roster import PlanRefused
from tests.roster.conftest import roster_of

DAY = date(2026, 11, 30)


def test_a_deactivated_persons_plan(staffed: Services) -> None:
    roster = roster_of(staffed)
    plan = roster.add("E003", DAY, time(9), time(17), actor="E001")
    staffed.staff.deactivate("E003", actor="E001")
    with pytest.raises(PlanRefused) as caught:
        roster.edit(plan.plan, time(10), time(17), "", actor="E001", seen=plan.id)
    assert caught.value.field == "employee"
    assert "E003" in caught.value.message("en") and "deactivated" in caught.value.message("en")
    assert "停用" in caught.value.message("zh-CN")
    with pytest.raises(PlanRefused) as caught:
        roster.add("E003", date(2026, 12, 1), time(9), time(17), actor="E001")
    assert "停用" in caught.value.message("zh-CN")
    with pytest.raises(PlanRefused) as caught:
        roster.add("E404", DAY, time(9), time(17), actor="E001")
    assert "E404" in caught.value.message("en")
    moved = roster.move(plan.plan, "E002", DAY, actor="E001", seen=plan.id)
    roster.delete(moved.plan, actor="E001", seen=moved.id)
    assert roster.plans() == []
