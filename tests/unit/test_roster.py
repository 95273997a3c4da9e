"""The roster's domain rules: plans as documents, matching worked shifts, flags, CSV lines."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftcheck.domain.records import RecordFormatError
from shiftcheck.domain.roster import (
    FLAG_EARLY_LEAVE,
    FLAG_LATE,
    FLAG_NO_SHOW,
    FLAG_UNSCHEDULED,
    PlannedShift,
    RosterLineError,
    RosterRules,
    compare_roster,
    current_plans,
    parse_roster_csv,
    plans_overlap,
)
from shiftcheck.domain.shifts import pair_shifts
from tests.unit.factories import end, start

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
RULES = RosterRules()


def plan(
    employee: str,
    day: date,
    begin: str,
    finish: str,
    *,
    plan_id: str | None = None,
    at: datetime | None = None,
    deleted: bool = False,
    note: str = "",
) -> PlannedShift:
    h1, m1 = map(int, begin.split(":"))
    h2, m2 = map(int, finish.split(":"))
    return PlannedShift(
        id=str(uuid.uuid4()),
        plan=plan_id or str(uuid.uuid4()),
        store_id="S001",
        employee_id=employee,
        day=day,
        start=time(h1, m1),
        end=time(h2, m2),
        note=note,
        deleted=deleted,
        by="E001",
        at=at or datetime(2026, 11, 1, 9, 0, tzinfo=SH),
    )


def at(tz: ZoneInfo, y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


def shifts(*pairs: tuple[datetime, datetime | None], employee: str = "E002") -> list:  # type: ignore[type-arg]
    records = []
    for clock_in, clock_out in pairs:
        records.append(start(employee, clock_in))
        if clock_out is not None:
            records.append(end(employee, clock_out))
    return list(pair_shifts(records).shifts)


DAY = date(2026, 11, 24)
LATER = at(SH, 2026, 11, 26, 12)


def test_a_plan_round_trips_through_its_contract() -> None:
    p = plan("E002", DAY, "22:00", "06:00", note="night desk")
    assert PlannedShift.from_json(p.to_json()) == p
    assert p.to_json()["start"] == "22:00"
    assert p.overnight


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("start", "9:5", "HH:MM"),
        ("start", "24:00", "not a time of day"),
        ("end", "１８:00", "HH:MM"),
        ("date", "2026-02-30", "YYYY-MM-DD"),
        ("end", "02:00", "at most 16 h"),
        ("deleted", "no", "true or false"),
        ("employee_id", "../x", "not a valid id"),
        ("note", "x" * 201, "longer than 200"),
    ],
)
def test_a_bad_plan_document_is_refused_naming_the_field(
    field: str, value: object, problem: str
) -> None:
    data = plan("E002", DAY, "09:00", "18:00").to_json()
    data[field] = value
    with pytest.raises(RecordFormatError) as caught:
        PlannedShift.from_json(data)
    assert caught.value.field == field
    assert problem in caught.value.problem


def test_the_newest_version_of_a_plan_wins_and_deleting_removes_it() -> None:
    pid = str(uuid.uuid4())
    first = plan("E002", DAY, "09:00", "18:00", plan_id=pid, at=at(SH, 2026, 11, 20, 9))
    moved = plan("E002", DAY, "10:00", "19:00", plan_id=pid, at=at(SH, 2026, 11, 21, 9))
    assert current_plans([moved, first]) == [moved]
    assert current_plans([first, moved]) == [moved]
    gone = plan(
        "E002", DAY, "10:00", "19:00", plan_id=pid, at=at(SH, 2026, 11, 22, 9), deleted=True
    )
    assert current_plans([first, gone, moved]) == []


def test_on_time_shift_has_no_flags_and_its_difference() -> None:
    p = plan("E002", DAY, "09:00", "18:00")
    worked = shifts((at(SH, 2026, 11, 24, 9, 3), at(SH, 2026, 11, 24, 18, 1)))
    result = compare_roster([p], worked, SH, RULES, LATER)
    match = result.plans[0]
    assert match.shift is worked[0]
    assert match.flags == ()
    assert match.planned_minutes == Decimal(540)
    assert match.difference_minutes == Decimal(-2)  # 09:03–18:01 is 538 of 540 min
    assert result.flags_of(worked[0]) == ()


def test_late_and_early_leave_use_their_graces() -> None:
    p = plan("E002", DAY, "09:00", "18:00")
    worked = shifts((at(SH, 2026, 11, 24, 9, 6), at(SH, 2026, 11, 24, 17, 54)))
    assert compare_roster([p], worked, SH, RULES, LATER).plans[0].flags == (
        FLAG_LATE,
        FLAG_EARLY_LEAVE,
    )
    exactly = shifts((at(SH, 2026, 11, 24, 9, 5), at(SH, 2026, 11, 24, 17, 55)))
    assert compare_roster([p], exactly, SH, RULES, LATER).plans[0].flags == ()
    loose = RosterRules(late_grace_minutes=10, early_leave_grace_minutes=10)
    assert compare_roster([p], worked, SH, loose, LATER).plans[0].flags == ()


def test_no_show_only_after_its_wait() -> None:
    p = plan("E002", DAY, "09:00", "18:00")
    assert compare_roster([p], [], SH, RULES, at(SH, 2026, 11, 24, 10)).plans[0].flags == ()
    assert compare_roster([p], [], SH, RULES, at(SH, 2026, 11, 24, 10, 1)).plans[0].flags == (
        FLAG_NO_SHOW,
    )
    assert compare_roster([p], [], SH, RULES, LATER).count(FLAG_NO_SHOW) == 1


def test_a_shift_with_no_overlapping_plan_is_unscheduled() -> None:
    p = plan("E002", DAY, "09:00", "13:00")
    worked = shifts((at(SH, 2026, 11, 24, 14), at(SH, 2026, 11, 24, 18)))
    result = compare_roster([p], worked, SH, RULES, LATER)
    assert result.unscheduled == tuple(worked)
    assert result.flags_of(worked[0]) == (FLAG_UNSCHEDULED,)
    assert result.plans[0].flags == (FLAG_NO_SHOW,)
    other = plan("E003", DAY, "14:00", "18:00")  # someone else's plan does not count
    assert compare_roster([other], worked, SH, RULES, LATER).unscheduled == tuple(worked)


def test_overnight_plan_matches_an_overnight_shift() -> None:
    p = plan("E002", DAY, "22:00", "06:00")
    worked = shifts((at(SH, 2026, 11, 24, 21, 58), at(SH, 2026, 11, 25, 6, 2)))
    match = compare_roster([p], worked, SH, RULES, LATER).plans[0]
    assert match.shift is worked[0]
    assert match.flags == ()
    assert match.planned_end == at(SH, 2026, 11, 25, 6)
    assert match.planned_minutes == Decimal(480)


def test_dst_nights_change_planned_minutes() -> None:
    fall = plan("E002", date(2026, 11, 1), "00:00", "08:00")  # 01:00 happens twice
    spring = plan("E002", date(2026, 3, 8), "00:00", "08:00")  # 02:00 is skipped
    result = compare_roster([fall, spring], [], NY, RULES, at(NY, 2026, 11, 2, 0))
    assert [m.planned_minutes for m in result.plans] == [Decimal(420), Decimal(540)]
    worked = shifts(
        (at(NY, 2026, 11, 1, 0), at(NY, 2026, 11, 1, 8)),
    )
    match = compare_roster([fall], worked, NY, RULES, at(NY, 2026, 11, 2, 0)).plans[0]
    assert match.flags == ()
    assert match.difference_minutes == Decimal(0)


def test_two_plans_in_a_day_each_take_their_own_shift() -> None:
    morning = plan("E002", DAY, "09:00", "12:00")
    evening = plan("E002", DAY, "17:00", "21:00")
    worked = shifts(
        (at(SH, 2026, 11, 24, 9), at(SH, 2026, 11, 24, 12)),
        (at(SH, 2026, 11, 24, 17, 30), at(SH, 2026, 11, 24, 21)),
    )
    result = compare_roster([morning, evening], worked, SH, RULES, LATER)
    assert [m.shift for m in result.plans] == worked
    assert [m.flags for m in result.plans] == [(), (FLAG_LATE,)]
    assert result.unscheduled == ()


def test_a_shift_covering_two_plans_matches_the_larger_and_misses_neither() -> None:
    short = plan("E002", DAY, "09:00", "11:00")
    long_ = plan("E002", DAY, "13:00", "19:00")
    worked = shifts((at(SH, 2026, 11, 24, 9), at(SH, 2026, 11, 24, 19)))
    result = compare_roster([short, long_], worked, SH, RULES, LATER)
    assert result.plans[1].shift is worked[0]
    assert result.plans[0].shift is None
    assert result.plans[0].flags == ()  # covered: not a no-show
    assert result.count(FLAG_NO_SHOW) == 0


def test_a_plan_worked_in_two_parts_is_judged_on_first_in_and_last_out() -> None:
    p = plan("E002", DAY, "09:00", "18:00")
    worked = shifts(
        (at(SH, 2026, 11, 24, 9), at(SH, 2026, 11, 24, 12, 30)),
        (at(SH, 2026, 11, 24, 13, 30), at(SH, 2026, 11, 24, 18)),
    )
    match = compare_roster([p], worked, SH, RULES, LATER).plans[0]
    assert match.shift is worked[1]  # the larger overlap
    assert match.flags == ()


def test_an_open_shift_counts_up_to_now() -> None:
    p = plan("E002", DAY, "09:00", "18:00")
    worked = shifts((at(SH, 2026, 11, 24, 9, 20), None))
    result = compare_roster([p], worked, SH, RULES, at(SH, 2026, 11, 24, 11))
    assert result.plans[0].shift is worked[0]
    assert result.plans[0].flags == (FLAG_LATE,)
    assert result.plans[0].difference_minutes is None


times = st.integers(min_value=0, max_value=47).map(lambda h: time(h // 2, 30 * (h % 2)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), times, times), min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 47), st.integers(1, 30)), max_size=5),
    st.randoms(use_true_random=False),
)
def test_matching_is_one_to_one_and_independent_of_order(
    plan_specs: list[tuple[int, time, time]],
    shift_specs: list[tuple[int, int, int]],
    rnd: object,
) -> None:
    plans = []
    for offset, begin, finish in plan_specs:
        if begin == finish:
            continue
        plans.append(
            plan(
                "E002",
                DAY + timedelta(days=offset),
                begin.strftime("%H:%M"),
                finish.strftime("%H:%M"),
            )
        )
    pairs = []
    for offset, half_hour, length in sorted(shift_specs):
        clock_in = datetime.combine(DAY + timedelta(days=offset), time(), SH) + timedelta(
            minutes=30 * half_hour
        )
        pairs.append((clock_in, clock_in + timedelta(minutes=20 * length)))
    worked = shifts(*pairs)
    result = compare_roster(plans, worked, SH, RULES, LATER)
    matched = [m.shift.id for m in result.plans if m.shift is not None]
    assert len(matched) == len(set(matched))
    shuffled_plans, shuffled_shifts = list(plans), list(worked)
    rnd.shuffle(shuffled_plans)  # type: ignore[attr-defined]
    rnd.shuffle(shuffled_shifts)  # type: ignore[attr-defined]
    again = compare_roster(shuffled_plans, shuffled_shifts, SH, RULES, LATER)
    before = {m.plan.plan: (m.shift.id if m.shift else None, m.flags) for m in result.plans}
    after = {m.plan.plan: (m.shift.id if m.shift else None, m.flags) for m in again.plans}
    assert before == after
    assert {s.id for s in result.unscheduled} == {s.id for s in again.unscheduled}


CSV_OK = (
    "\ufeffemployee_id,date,start,end,note\r\n"
    "E002,2026-11-24,09:00,18:00,\r\n"
    "E003,2026-11-24,22:00,06:00,night\r\n\r\n"
)


def test_a_spreadsheet_csv_is_read() -> None:
    rows = parse_roster_csv(CSV_OK, ["E002", "E003"])
    assert [(r.line, r.employee_id, r.start, r.end, r.note) for r in rows] == [
        (2, "E002", time(9), time(18), ""),
        (3, "E003", time(22), time(6), "night"),
    ]
    assert parse_roster_csv("employee_id,date,start,end\nE002,2026-11-24,9:00,18:00\n", ["E002"])


@pytest.mark.parametrize(
    ("text", "line", "field", "problem"),
    [
        ("", 1, "header", "empty"),
        ("id,day,from,to\n", 1, "header", "expected"),
        (
            "employee_id,date,start,end\nE009,2026-11-24,09:00,18:00\n",
            2,
            "employee_id",
            "no employee",
        ),
        ("employee_id,date,start,end\n../x,2026-11-24,09:00,18:00\n", 2, "employee_id", "valid id"),
        ("employee_id,date,start,end\nE002,24/11/2026,09:00,18:00\n", 2, "date", "YYYY-MM-DD"),
        ("employee_id,date,start,end\nE002,2026-11-24,9am,18:00\n", 2, "start", "HH:MM"),
        ("employee_id,date,start,end\nE002,2026-11-24,09:00,25:00\n", 2, "end", "time of day"),
        ("employee_id,date,start,end\nE002,2026-11-24,06:00,23:00\n", 2, "end", "16 h"),
        ("employee_id,date,start,end\nE002,2026-11-24,09:00,09:00\n", 2, "end", "16 h"),
        ("employee_id,date,start,end\nE002,2026-11-24,09:00\n", 2, "(line)", "columns"),
        (
            "employee_id,date,start,end\nE002,2026-11-24,09:00,18:00\nE002,2026-11-24,17:00,20:00\n",
            3,
            "start",
            "line 2",
        ),
        (
            "employee_id,date,start,end\nE002,2026-11-24,22:00,06:00\nE002,2026-11-25,05:00,09:00\n",
            3,
            "start",
            "overlaps",
        ),
        (
            "employee_id,date,start,end,note\nE002,2026-11-24,09:00,18:00,a\x1b[2Jb\n",
            2,
            "note",
            "control",
        ),
    ],
)
def test_a_bad_csv_line_is_named(text: str, line: int, field: str, problem: str) -> None:
    with pytest.raises(RosterLineError) as caught:
        parse_roster_csv(text, ["E002"])
    assert (caught.value.line, caught.value.field) == (line, field)
    assert problem in caught.value.problem


def test_plans_overlap_across_midnight() -> None:
    night = plan("E002", DAY, "22:00", "06:00")
    assert plans_overlap(night, plan("E002", DAY + timedelta(days=1), "05:00", "09:00"))
    assert not plans_overlap(night, plan("E002", DAY + timedelta(days=1), "06:00", "09:00"))


def test_an_open_shift_forgotten_for_days_does_not_take_later_plans() -> None:
    thursday = plan("E002", date(2026, 11, 26), "09:00", "17:00")
    friday = plan("E002", date(2026, 11, 27), "09:00", "18:00")
    worked = shifts(
        (at(SH, 2026, 11, 26, 9), None),
        (at(SH, 2026, 11, 27, 8, 55), at(SH, 2026, 11, 27, 17, 10)),
    )
    result = compare_roster([thursday, friday], worked, SH, RULES, at(SH, 2026, 12, 1, 9))
    by_plan = {m.plan.plan: m for m in result.plans}
    assert by_plan[thursday.plan].shift is worked[0]
    assert by_plan[friday.plan].shift is worked[1]
    assert by_plan[friday.plan].flags == (FLAG_EARLY_LEAVE,)
