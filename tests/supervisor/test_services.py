"""Day and period summaries, corrections, acknowledgements and audit over a seeded team.

Figures are worked out by hand from the seed described in `conftest.py`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shiftcheck.domain.records import Acknowledgement, AuditEvent, CheckRecord, Correction
from shiftcheck.services.context import Services, SupervisorTools
from shiftcheck.services.errors import PermissionDenied, ServiceError
from shiftcheck.services.summary import month_of, week_of
from tests.supervisor.conftest import Seed, at

THU, FRI = date(2026, 11, 26), date(2026, 11, 27)


def stored(services: Services, kind: type) -> list[object]:
    return [d for d in services.store.all_documents() if isinstance(d, kind)]


def test_day_summary_rows_flags_and_totals(tools: SupervisorTools, team: Services) -> None:
    day = tools.summary.day(THU, team.clock(), actor="E001")
    rows = {r.employee_id: r for r in day.rows}
    assert [r.employee_id for r in day.rows] == ["E001", "E002", "E003", "E004"]

    e1 = rows["E001"]  # forgot to check out; the supervisor set 17:30
    assert e1.clock_out == at(26, 17, 30)
    assert e1.worked_hours == Decimal("8.50")
    assert e1.flags == ("corrected",)
    assert e1.end is None and e1.corrections[0].reason == "forgot to check out"

    e2 = rows["E002"]  # 08:55 → 18:05 = 9 h 10 min
    assert e2.worked_hours == Decimal("9.17")
    assert e2.start is not None and e2.start.failed_items == ("desk_tidy", "phone_working")
    assert e2.end is not None and e2.end.failed == 0
    assert e2.forms == 5 and e2.acknowledgement is None
    assert e2.flags == ("forms_unacked",)

    e3 = rows["E003"]  # overnight 22:00 → 06:30 next day, dated the 26th
    assert e3.clock_out == at(27, 6, 30)
    assert e3.worked_hours == Decimal("8.50")
    assert e3.flags == ("fast",)
    assert e3.forms == 2 and e3.acknowledgement is not None
    assert e3.end is not None and e3.end.failed_items == ("customer_info_secured",)

    e4 = rows["E004"]  # open since 10:00 on the 26th: 34 h at 20:00 on the 27th
    assert e4.clock_out is None and e4.worked_hours is None
    assert e4.flags == ("open", "long")

    t = day.totals
    assert (t.shifts, t.on_shift, t.checked_out, t.missing_checks) == (4, 0, 3, 1)
    assert t.failed_items == 4  # E002 2, E003 1, E004 1
    assert t.forms == 7
    assert t.worked_hours == t.paid_hours == Decimal("26.17")  # no break rule in this store


def test_today_lists_idle_staff_and_who_is_on_shift(tools: SupervisorTools, team: Services) -> None:
    day = tools.summary.day(FRI, team.clock(), actor="E001")
    assert [(r.employee_id, r.shift is not None) for r in day.rows] == [
        ("E002", True),
        ("E001", False),
        ("E003", False),
        ("E004", False),
    ]
    assert day.rows[0].flags == ("on_shift",)  # 11 h 10 min: still within 12 h
    t = day.totals
    assert (t.shifts, t.on_shift, t.checked_out, t.missing_checks) == (1, 1, 0, 0)


def test_employee_day_keeps_every_answer_and_note(tools: SupervisorTools, team: Services) -> None:
    rows = tools.summary.employee_day("E002", THU, team.clock(), actor="E001")
    assert len(rows) == 1 and rows[0].shift is not None
    notes = {a.item: a.note for a in rows[0].shift.start.answers}
    assert notes == {
        "uniform_clean": "",
        "desk_tidy": "wiped the desk",
        "phone_working": "borrowed a spare phone",
    }


def test_period_completion_item_rates_and_trend(tools: SupervisorTools, team: Services) -> None:
    first, last = week_of(THU)
    assert (first, last) == (date(2026, 11, 23), date(2026, 11, 29))
    period = tools.summary.period(first, last, team.clock(), actor="E001")
    emp = {e.employee_id: e for e in period.employees}
    assert (emp["E001"].checks_done, emp["E001"].checks_expected) == (1, 2)  # no end check
    assert (emp["E002"].shifts, emp["E002"].checks_done, emp["E002"].checks_expected) == (2, 3, 3)
    assert emp["E002"].failed_by_item == {"desk_tidy": 1, "phone_working": 1}
    assert (emp["E003"].checks_done, emp["E003"].failed_items) == (2, 1)
    assert (emp["E004"].checks_done, emp["E004"].checks_expected) == (1, 2)
    assert (period.checks_done, period.checks_expected, period.failed_items) == (7, 9, 4)

    ranked = [(r.item, r.failed, r.answered) for r in period.items]
    assert ranked == [
        ("customer_info_secured", 1, 2),  # 50 %
        ("desk_tidy", 2, 5),  # 40 %
        ("phone_working", 1, 5),  # 20 %
        ("uniform_clean", 0, 5),
        ("workspace_cleared", 0, 2),
    ]
    trend = {d.day: d for d in period.trend}
    assert len(period.trend) == 7
    assert trend[date(2026, 11, 23)].completion is None
    assert (trend[THU].shifts, trend[THU].checks_done, trend[THU].checks_expected) == (4, 6, 8)
    assert trend[THU].completion == 0.75
    assert (trend[FRI].checks_done, trend[FRI].checks_expected) == (1, 1)


def test_period_ranges_and_refusals(tools: SupervisorTools, team: Services) -> None:
    assert month_of(date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert week_of(date(2026, 11, 26), 6) == (date(2026, 11, 22), date(2026, 11, 28))
    with pytest.raises(ServiceError, match="ends"):
        tools.summary.period(FRI, THU, team.clock(), actor="E001")
    with pytest.raises(ServiceError, match="366"):
        tools.summary.period(date(2025, 1, 1), FRI, team.clock(), actor="E001")


def test_only_supervisors_read_summaries(tools: SupervisorTools, team: Services) -> None:
    with pytest.raises(PermissionDenied, match="E002 is not a supervisor"):
        tools.summary.day(THU, team.clock(), actor="E002")
    with pytest.raises(PermissionDenied):
        tools.summary.period(THU, FRI, team.clock(), actor="E002")
    team.staff.deactivate("E001")
    with pytest.raises(PermissionDenied):
        tools.corrections.shifts(actor="E001")


def test_corrections_list_open_shifts_first(tools: SupervisorTools, seed: Seed) -> None:
    assert [s.id for s in tools.corrections.forgotten(actor="E001")] == [seed.e004_start.id]
    shifts = tools.corrections.shifts(actor="E001")
    assert [s.id for s in shifts] == [
        seed.e004_start.id,  # open (forgotten clock-out)
        seed.e002_today.id,  # open (on shift now)
        seed.e003_start.id,  # then closed, newest first
        seed.e001_start.id,
        seed.e002_start.id,
    ]


def test_set_a_forgotten_clock_out(tools: SupervisorTools, team: Services, seed: Seed) -> None:
    c = tools.corrections.correct_on_date(
        "E004", THU, "clock_out", "18:00", "left at 18:00 per rota", actor="E001"
    )
    assert (c.target, c.field, c.value, c.by) == (
        seed.e004_start.id,
        "clock_out",
        at(26, 18),
        "E001",
    )
    assert c.at == at(27, 20)
    # the original start record is untouched; the summary shows the corrected shift
    assert team.store.find(seed.e004_start.id) == seed.e004_start
    row = next(
        r
        for r in tools.summary.day(THU, team.clock(), actor="E001").rows
        if r.employee_id == "E004"
    )
    assert row.worked_hours == Decimal("8.00")
    assert row.flags == ("corrected",)
    assert row.corrections[0].reason == "left at 18:00 per rota"
    events = [e for e in stored(team, AuditEvent) if isinstance(e, AuditEvent)]
    assert [(e.actor, e.action) for e in events] == [("E001", "correct:clock_out")]
    assert "E004" in events[0].detail and "left at 18:00" in events[0].detail


def test_change_a_clock_in_and_a_next_day_clock_out(tools: SupervisorTools, team: Services) -> None:
    tools.corrections.correct_on_date("E002", THU, "clock_in", "08:30", "came early", actor="E001")
    tools.corrections.correct_on_date(
        "E004", THU, "clock_out", "2026-11-27T01:00", "closing inventory", actor="E001"
    )
    rows = {r.employee_id: r for r in tools.summary.day(THU, team.clock(), actor="E001").rows}
    assert rows["E002"].clock_in == at(26, 8, 30)
    assert rows["E002"].worked_hours == Decimal("9.58")  # 08:30 → 18:05
    assert rows["E004"].worked_hours == Decimal("15.00")
    assert rows["E004"].flags == ("long", "corrected")


@pytest.mark.parametrize(
    ("employee", "day", "field", "text", "reason", "actor", "message"),
    [
        (
            "E004",
            THU,
            "clock_out",
            "09:30",
            "x",
            "E001",
            "is not after the clock-in 2026-11-26 10:00",
        ),
        ("E002", THU, "clock_in", "18:10", "x", "E001", "is not before the clock-out"),
        ("E004", THU, "clock_out", "18:00", "   ", "E001", "needs a reason"),
        ("E002", FRI, "clock_out", "21:00", "x", "E001", "2026-11-27 21:00 is in the future"),
        (
            "E002",
            date(2026, 11, 28),
            "clock_out",
            "09:00",
            "x",
            "E001",
            "2026-11-28 is in the future",
        ),
        ("E999", THU, "clock_out", "18:00", "x", "E001", "no employee with id E999"),
        (
            "E002",
            date(2026, 11, 20),
            "clock_out",
            "18:00",
            "x",
            "E001",
            "E002 has no shift dated 2026-11-20",
        ),
        ("E004", THU, "clock_out", "25:00", "x", "E001", "is not a time"),
        ("E003", THU, "clock_in", "2026-11-25T06:00", "x", "E001", "longer than 48 hours"),
        ("E004", THU, "clock_out", "18:00", "x", "E002", "E002 is not a supervisor"),
    ],
)
def test_bad_corrections_write_nothing(
    tools: SupervisorTools,
    team: Services,
    employee: str,
    day: date,
    field: str,
    text: str,
    reason: str,
    actor: str,
    message: str,
) -> None:
    before = team.store.last_seq
    with pytest.raises(ServiceError, match=message):
        tools.corrections.correct_on_date(employee, day, field, text, reason, actor=actor)  # type: ignore[arg-type]
    assert team.store.last_seq == before
    assert len(stored(team, Correction)) == 1  # only the seeded one


def test_acknowledge_pending_forms(tools: SupervisorTools, team: Services, seed: Seed) -> None:
    pending = tools.acknowledgements.pending(actor="E001")
    assert [(p.record.id, p.forms) for p in pending] == [(seed.e002_end.id, 5)]
    with pytest.raises(PermissionDenied):
        tools.acknowledgements.acknowledge(seed.e002_end.id, actor="E003")
    ack = tools.acknowledgements.acknowledge(seed.e002_end.id, actor="E001")
    assert (ack.employee_id, ack.record, ack.forms, ack.by) == ("E002", seed.e002_end.id, 5, "E001")
    assert tools.acknowledgements.pending(actor="E001") == []
    with pytest.raises(ServiceError, match="no forms waiting"):
        tools.acknowledgements.acknowledge(seed.e002_end.id, actor="E001")
    assert len(stored(team, Acknowledgement)) == 2
    row = next(
        r
        for r in tools.summary.day(THU, team.clock(), actor="E001").rows
        if r.employee_id == "E002"
    )
    assert row.flags == () and row.acknowledgement == ack


def test_audit_records_who_opened_what(tools: SupervisorTools, team: Services) -> None:
    event = tools.audit.opened("E001", "team_day", "2026-11-26")
    assert (event.actor, event.action, event.detail, event.at) == (
        "E001",
        "open:team_day",
        "2026-11-26",
        at(27, 20),
    )
    assert event in stored(team, AuditEvent)


def test_summary_reads_any_history_source(team: Services, seed: Seed) -> None:
    """Head office passes its own source and staff directory: no terminal store needed."""
    from shiftcheck.services.summary import SummaryService

    class ListSource:
        def __init__(self, docs: list[object]) -> None:
            self.docs = docs

        def history(self, start, end, kinds=(CheckRecord, Correction, Acknowledgement, AuditEvent)):  # type: ignore[no-untyped-def]
            from shiftcheck.domain.records import document_time

            found = [
                d for d in self.docs if isinstance(d, kinds) and start <= document_time(d) < end
            ]  # type: ignore[arg-type]
            return sorted(found, key=lambda d: (document_time(d), d.id))  # type: ignore[arg-type]

        def list_staff(self, *, include_inactive: bool = False):  # type: ignore[no-untyped-def]
            return team.store.list_staff(include_inactive=include_inactive)

    svc = SummaryService(ListSource(seed.documents()), team.config.tz)  # type: ignore[arg-type]
    day = svc.day(THU, team.clock())
    assert day.totals.paid_hours == Decimal("26.17") and day.totals.failed_items == 4
