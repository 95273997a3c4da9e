"""The week grid's changes through RosterService over a real data folder: add, edit, move and
delete each re-check the supervisor, run the import's checks, write a new version to the outbox
with an audit event, and change nothing when refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest

from shiftcheck.config import Config, PayrollConfig
from shiftcheck.domain.records import AuditEvent, PlannedShift
from shiftcheck.domain.staff import Role
from shiftcheck.services.context import Services, open_services, save_config
from shiftcheck.services.errors import PermissionDenied
from shiftcheck.services.roster import PlanRefused, RosterService, parse_plan_time
from shiftcheck.store import DataStore
from tests.roster.conftest import roster_of

MON = date(2026, 11, 23)
TUE = date(2026, 11, 24)


def ids(s: Services) -> set[str]:
    return {d.id for d in s.store.all_documents()}


def versions(s: Services) -> list[PlannedShift]:
    return [d for d in s.store.all_documents() if isinstance(d, PlannedShift)]


def audits(s: Services) -> list[AuditEvent]:
    return [d for d in s.store.all_documents() if isinstance(d, AuditEvent)]


def test_add_edit_move_delete_write_new_versions_with_audit_events(
    staffed: Services, roster: RosterService
) -> None:
    added = roster.add("E002", MON, time(9), time(17), "front desk", actor="E001")
    edited = roster.edit(added.plan, time(10), time(18), "till 2", actor="E001", seen=added.id)
    moved = roster.move(edited.plan, "E003", TUE, actor="E001", seen=edited.id)
    assert (moved.employee_id, moved.day, moved.start, moved.end, moved.note) == (
        "E003",
        TUE,
        time(10),
        time(18),
        "till 2",
    )
    assert [p.id for p in roster.plans()] == [moved.id]
    gone = roster.delete(moved.plan, actor="E001", seen=moved.id)
    assert gone.deleted and roster.plans() == []
    # Four versions of one plan, none rewritten: each keeps what it said when written.
    stored = sorted(versions(staffed), key=lambda v: v.at)
    assert [v.id for v in stored] == [added.id, edited.id, moved.id, gone.id]
    assert {v.plan for v in stored} == {added.plan}
    assert stored[0] == added and stored[0].note == "front desk"
    assert all(v.by == "E001" for v in stored)
    # Each version goes to the outbox like every other document.
    outbox = {doc.id for _, doc in staffed.store.local_since(0)}
    assert {v.id for v in stored} <= outbox
    events = sorted(audits(staffed), key=lambda a: a.at)
    assert [(a.actor, a.action) for a in events] == [
        ("E001", "roster:add"),
        ("E001", "roster:edit"),
        ("E001", "roster:move"),
        ("E001", "roster:delete"),
    ]
    assert events[2].detail.endswith("E003 2026-11-24 10:00-18:00 (was E002 2026-11-23)")
    assert {a.id for a in events} <= outbox


def test_a_reopened_folder_holds_every_change(staffed: Services, roster: RosterService) -> None:
    added = roster.add("E003", MON, time(22), time(6), "night", actor="E001")
    roster.move(added.plan, "E003", TUE, actor="E001")
    staffed.close()
    with DataStore.open(staffed.data_dir, writer=False) as again:
        from shiftcheck.services.roster import stored_roster

        [plan] = stored_roster(again).current
        assert (plan.day, plan.start, plan.end, plan.overnight) == (TUE, time(22), time(6), True)


def test_a_supervisor_demoted_after_opening_the_grid_is_refused(
    staffed: Services, roster: RosterService
) -> None:
    plan = roster.add("E002", MON, time(9), time(17), actor="E001")
    staffed.staff.add("E005", "赵敏", "135790")
    staffed.staff.set_role("E005", Role.SUPERVISOR, pin="135790")
    staffed.staff.set_role("E001", Role.STAFF)  # demoted while the grid was open
    before = ids(staffed)
    for change in (
        lambda: roster.add("E003", MON, time(9), time(17), actor="E001"),
        lambda: roster.edit(plan.plan, time(8), time(16), "", actor="E001", seen=plan.id),
        lambda: roster.move(plan.plan, "E002", TUE, actor="E001", seen=plan.id),
        lambda: roster.delete(plan.plan, actor="E001", seen=plan.id),
    ):
        with pytest.raises(PermissionDenied) as refused:
            change()
        assert refused.value.key == "staff.not_supervisor"
        assert refused.value.message("zh-CN") == "E001 不是销售主管"
    assert ids(staffed) == before
    staffed.staff.deactivate("E005")
    with pytest.raises(PermissionDenied, match="E005 is not a supervisor"):
        roster.add("E003", MON, time(9), time(17), actor="E005")
    assert ids(staffed) == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda r, p: r.add("E404", MON, time(9), time(17), actor="E001"), "employee", "E404"),
        (lambda r, p: r.add("E003", MON, time(6), time(23), actor="E001"), "end", "16 h"),
        (lambda r, p: r.add("E002", MON, time(16), time(20), actor="E001"), "start", "overlaps"),
        (lambda r, p: r.add("E002", MON, time(9), time(17), "a\x1b[2J", actor="E001"), "note", ""),
        (lambda r, p: r.edit(p.plan, time(1), time(23), "", actor="E001"), "end", "16 h"),
        (lambda r, p: r.move(p.plan, "E003", MON, actor="E001"), "start", "E003 on 2026-11-23"),
        (lambda r, p: r.move(p.plan, "E404", MON, actor="E001"), "employee", "E404"),
        (
            lambda r, p: r.delete("6f1c0f9e-0000-4000-8000-000000000000", actor="E001"),
            "plan",
            "no planned shift",
        ),
    ],
)
def test_refused_changes_name_the_field_and_write_nothing(
    staffed: Services,
    roster: RosterService,
    change: Callable[[RosterService, PlannedShift], object],
    field: str,
    words: str,
) -> None:
    plan = roster.add("E002", MON, time(9), time(17), actor="E001")
    roster.add("E003", MON, time(8), time(12), actor="E001")
    before = ids(staffed)
    with pytest.raises(PlanRefused) as refused:
        change(roster, plan)
    assert refused.value.field == field
    assert words in str(refused.value)
    assert ids(staffed) == before


def test_an_overnight_plan_clashes_with_the_next_mornings(roster: RosterService) -> None:
    roster.add("E003", MON, time(22), time(6), actor="E001")
    with pytest.raises(PlanRefused, match="2026-11-23 22:00-06:00"):
        roster.add("E003", TUE, time(5), time(13), actor="E001")
    assert roster.add("E003", TUE, time(6), time(14), actor="E001").day == TUE


def test_a_change_made_elsewhere_since_the_grid_showed_it_is_not_overwritten(
    staffed: Services, roster: RosterService
) -> None:
    shown = roster.add("E002", MON, time(9), time(17), actor="E001")
    elsewhere = roster.edit(shown.plan, time(12), time(20), "", actor="E001")
    before = ids(staffed)
    with pytest.raises(PlanRefused, match="changed meanwhile") as refused:
        roster.move(shown.plan, "E002", TUE, actor="E001", seen=shown.id)
    assert refused.value.field == "plan"
    roster.delete(shown.plan, actor="E001", seen=elsewhere.id)
    with pytest.raises(PlanRefused, match="deleted meanwhile"):
        roster.edit(shown.plan, time(9), time(17), "", actor="E001", seen=elsewhere.id)
    assert len(ids(staffed)) == len(before) + 2  # the delete and its audit event only


def test_an_edit_or_move_that_changes_nothing_writes_nothing(
    staffed: Services, roster: RosterService
) -> None:
    plan = roster.add("E002", MON, time(9), time(17), "desk", actor="E001")
    before = ids(staffed)
    assert roster.edit(plan.plan, time(9), time(17), " desk ", actor="E001") == plan
    assert roster.move(plan.plan, "E002", MON, actor="E001") == plan
    assert ids(staffed) == before


def test_typed_times_are_checked_naming_the_field() -> None:
    assert parse_plan_time(" 9:05 ", "start") == time(9, 5)
    for raw, key in (("", "rostergrid.time_needed"), ("25:00", "rostergrid.bad_time")):
        with pytest.raises(PlanRefused) as refused:
            parse_plan_time(raw, "end")
        assert (refused.value.field, refused.value.key) == ("end", key)
    with pytest.raises(PlanRefused, match="9h is not a time of day"):
        parse_plan_time("9h", "start")


def test_the_week_starts_on_the_stores_week_start(staffed: Services, roster: RosterService) -> None:
    assert roster.week(date(2026, 11, 26)) == (MON, date(2026, 11, 29))
    config = staffed.config.model_copy(update={"payroll": PayrollConfig(week_start="sunday")})
    assert isinstance(config, Config)
    staffed.close()
    save_config(staffed.data_dir, config)
    with_sunday = open_services(staffed.data_dir, clock=staffed.clock)
    try:
        assert roster_of(with_sunday).week(date(2026, 11, 26)) == (
            date(2026, 11, 22),
            date(2026, 11, 28),
        )
        assert roster_of(with_sunday).week(date(2026, 11, 22))[0] == date(2026, 11, 22)
    finally:
        with_sunday.close()
