"""RosterService over a real data folder: reading the plans that stand, imports, changes."""

from __future__ import annotations

from datetime import date, time

import pytest

from shiftcheck.domain.records import AuditEvent, PlannedShift
from shiftcheck.domain.roster import RosterLineError
from shiftcheck.services.context import Services
from shiftcheck.services.errors import PermissionDenied, ServiceError
from shiftcheck.services.roster import RosterService

WEEK = (
    "employee_id,date,start,end,note\n"
    "E002,2026-11-23,09:00,17:00,\n"
    "E003,2026-11-23,22:00,06:00,night\n"
    "E002,2026-11-24,09:00,17:00,front desk\n"
)


def stored(s: Services) -> list[PlannedShift]:
    return [d for d in s.store.all_documents() if isinstance(d, PlannedShift)]


def audits(s: Services) -> list[AuditEvent]:
    return [d for d in s.store.all_documents() if isinstance(d, AuditEvent)]


def test_import_stores_plans_in_the_outbox_with_one_audit_event(
    staffed: Services, roster: RosterService
) -> None:
    outcome = roster.import_csv(WEEK, actor="E001")
    assert (outcome.added, outcome.changed, outcome.removed, outcome.unchanged) == (3, 0, 0, 0)
    plans = roster.plans(date(2026, 11, 23), date(2026, 11, 29))
    assert [(p.employee_id, p.day.isoformat(), f"{p.start:%H:%M}", p.note) for p in plans] == [
        ("E002", "2026-11-23", "09:00", ""),
        ("E003", "2026-11-23", "22:00", "night"),
        ("E002", "2026-11-24", "09:00", "front desk"),
    ]
    assert all(p.by == "E001" and p.store_id == "S001" for p in plans)
    outbox = {doc.id for _, doc in staffed.store.local_since(0)}
    assert {p.id for p in plans} <= outbox
    [event] = [a for a in audits(staffed) if a.action == "roster:import"]
    assert event.actor == "E001" and "added 3" in event.detail
    assert roster.plans(date(2026, 11, 24), date(2026, 11, 24))[0].note == "front desk"


def test_importing_the_same_file_twice_changes_nothing(
    staffed: Services, roster: RosterService
) -> None:
    roster.import_csv(WEEK, actor="E001")
    before = {d.id for d in staffed.store.all_documents()}
    again = roster.import_csv(WEEK, actor="E001")
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 3)
    assert {d.id for d in staffed.store.all_documents()} == before


def test_a_new_note_is_a_new_version_of_the_same_plan(
    staffed: Services, roster: RosterService
) -> None:
    roster.import_csv(WEEK, actor="E001")
    changed = roster.import_csv(WEEK.replace("front desk", "小前台"), actor="E001")
    assert (changed.added, changed.changed, changed.unchanged) == (0, 1, 2)
    [plan] = roster.plans(date(2026, 11, 24), date(2026, 11, 24))
    assert plan.note == "小前台"
    versions = [v for v in stored(staffed) if v.plan == plan.plan]
    assert len(versions) == 2  # the earlier version stays, nothing rewritten in place


def test_staff_cannot_import_and_nothing_is_written(
    staffed: Services, roster: RosterService
) -> None:
    before = {d.id for d in staffed.store.all_documents()}
    with pytest.raises(PermissionDenied):
        roster.import_csv(WEEK, actor="E002")
    with pytest.raises(PermissionDenied):
        roster.import_csv(WEEK, actor=None)
    assert {d.id for d in staffed.store.all_documents()} == before


def test_a_line_overlapping_a_stored_plan_is_refused_naming_it(
    staffed: Services, roster: RosterService
) -> None:
    roster.import_csv(WEEK, actor="E001")
    before = {d.id for d in staffed.store.all_documents()}
    clash = "employee_id,date,start,end\nE002,2026-11-25,09:00,17:00\nE003,2026-11-24,05:00,08:00\n"
    with pytest.raises(RosterLineError) as caught:
        roster.import_csv(clash, actor="E001")
    assert caught.value.line == 3 and caught.value.field == "start"
    assert "E003 on 2026-11-23 22:00-06:00" in str(caught.value)
    assert {d.id for d in staffed.store.all_documents()} == before


def test_replace_week_deletes_the_weeks_plans_the_file_lacks(
    staffed: Services, roster: RosterService
) -> None:
    roster.import_csv(WEEK + "E002,2026-11-30,09:00,17:00,next week\n", actor="E001")
    new_week = (
        "employee_id,date,start,end\nE002,2026-11-23,09:00,17:00\nE002,2026-11-25,10:00,18:00\n"
    )
    outcome = roster.import_csv(new_week, actor="E001", replace_week=date(2026, 11, 26))
    assert (outcome.added, outcome.removed, outcome.unchanged) == (1, 2, 1)
    plans = roster.plans()
    assert [(p.employee_id, p.day.isoformat()) for p in plans] == [
        ("E002", "2026-11-23"),
        ("E002", "2026-11-25"),
        ("E002", "2026-11-30"),
    ]
    assert sum(1 for v in stored(staffed) if v.deleted) == 2


def test_replace_week_refuses_a_line_of_another_week(
    staffed: Services, roster: RosterService
) -> None:
    text = "employee_id,date,start,end\nE002,2026-11-23,09:00,17:00\nE002,2026-12-01,09:00,17:00\n"
    with pytest.raises(RosterLineError) as caught:
        roster.import_csv(text, actor="E001", replace_week=date(2026, 11, 23))
    assert (caught.value.line, caught.value.field) == (3, "date")
    assert stored(staffed) == []


def test_save_move_and_delete_each_leave_an_audit_event(
    staffed: Services, roster: RosterService
) -> None:
    added = roster.save("E002", date(2026, 11, 27), time(9), time(17), actor="E001")
    moved = roster.save(
        "E002", date(2026, 11, 28), time(10), time(18), "moved", actor="E001", plan=added.plan
    )
    assert [p.day for p in roster.plans()] == [date(2026, 11, 28)]
    assert moved.plan == added.plan and moved.id != added.id
    roster.delete(added.plan, actor="E001")
    assert roster.plans() == []
    assert roster.has_roster()
    actions = sorted(a.action for a in audits(staffed) if a.action.startswith("roster:"))
    assert actions == ["roster:delete", "roster:save", "roster:save"]


def test_save_refuses_overlap_unknown_people_long_plans_and_staff(
    staffed: Services, roster: RosterService
) -> None:
    roster.save("E002", date(2026, 11, 27), time(9), time(17), actor="E001")
    with pytest.raises(ServiceError, match="overlaps"):
        roster.save("E002", date(2026, 11, 27), time(16), time(20), actor="E001")
    with pytest.raises(ServiceError, match="E404"):
        roster.save("E404", date(2026, 11, 27), time(9), time(17), actor="E001")
    with pytest.raises(ServiceError, match="16"):
        roster.save("E003", date(2026, 11, 27), time(6), time(23), actor="E001")
    with pytest.raises(ServiceError):
        roster.save("E003", date(2026, 11, 27), time(9), time(17), "a\x1b[2J", actor="E001")
    with pytest.raises(PermissionDenied):
        roster.save("E003", date(2026, 11, 27), time(9), time(17), actor="E003")
    with pytest.raises(ServiceError, match="no planned shift"):
        roster.delete("6f1c0f9e-0000-4000-8000-000000000000", actor="E001")
    assert len(roster.plans()) == 1


def test_a_store_without_a_roster_has_none(roster: RosterService) -> None:
    assert not roster.has_roster()
    assert roster.plans() == []


def test_a_reading_terminal_sees_each_new_version(staffed: Services, roster: RosterService) -> None:
    from shiftcheck.services.roster import stored_roster
    from shiftcheck.store import DataStore

    with DataStore.open(staffed.data_dir, writer=False) as reader:
        assert stored_roster(reader).current == ()
        roster.import_csv(WEEK, actor="E001")
        assert len(stored_roster(reader).current) == 3
        first = roster.plans()[0]
        roster.delete(first.plan, actor="E001")
        assert [p.plan for p in stored_roster(reader).current] == [p.plan for p in roster.plans()]
        assert len(stored_roster(reader).current) == 2
