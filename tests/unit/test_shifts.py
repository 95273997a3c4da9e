"""Shift pairing, corrections, rounding, breaks and hours — examples and properties."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT
from shiftcheck.domain.shifts import (
    PayRules,
    ShiftStatus,
    long_open_shifts,
    overlapping,
    pair_shifts,
    round_time,
    shift_hours,
)
from tests.unit.factories import correction, end, record, start

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")


def at(day: int, hour: int, minute: int = 0, tz: ZoneInfo = SH) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=tz)


def test_ordinary_shift_hours() -> None:
    s, e = start("E1", at(27, 8, 55)), end("E1", at(27, 17, 35))
    (shift,) = pair_shifts([e, s]).shifts
    assert shift.status is ShiftStatus.COMPLETE
    assert shift.clock_in == at(27, 8, 55) and shift.clock_out == at(27, 17, 35)
    assert shift.worked() == timedelta(hours=8, minutes=40)
    h = shift_hours(shift, PayRules())
    assert h is not None and h.worked_minutes == 520 and h.paid_hours == Decimal("8.67")


def test_overnight_shift_belongs_to_clock_in_day() -> None:
    s, e = start("E1", at(27, 22, 0)), end("E1", at(28, 6, 30))
    (shift,) = pair_shifts([s, e]).shifts
    assert shift.local_date(SH).isoformat() == "2026-11-27"
    assert shift.worked() == timedelta(hours=8, minutes=30)


def test_forgotten_clock_out_stays_open_and_is_flagged() -> None:
    s1 = start("E1", at(25, 9))
    s2, e2 = start("E1", at(26, 9)), end("E1", at(26, 17))
    pairing = pair_shifts([s1, s2, e2])
    first, second = pairing.for_employee("E1")
    assert first.status is ShiftStatus.OPEN and first.worked() is None
    assert shift_hours(first, PayRules()) is None
    assert second.status is ShiftStatus.COMPLETE and second.start is s2
    assert long_open_shifts(pairing.shifts, at(27, 9), 12) == [first]
    assert first.missed_clock_out and not second.missed_clock_out


def test_a_shift_is_forgotten_only_past_max_hours_and_missed_only_once_superseded() -> None:
    (alone,) = pair_shifts([start("E1", at(27, 10))]).shifts
    assert not alone.is_forgotten(at(27, 22), 12) and alone.is_forgotten(at(27, 22, 1), 12)
    assert not alone.missed_clock_out  # still open, nothing started after it yet
    fixed = correction(alone.start, "clock_out", at(27, 18), at(28, 9))
    (closed,) = pair_shifts([alone.start], [fixed]).shifts
    assert not closed.is_forgotten(at(30, 9), 12)


def test_overlapping_shifts_may_touch_but_not_share_time() -> None:
    day = pair_shifts([start("E1", at(26, 9)), end("E1", at(26, 17))]).shifts[0]
    (open_,) = pair_shifts([start("E1", at(27, 9))]).shifts
    other = pair_shifts([start("E2", at(26, 10)), end("E2", at(26, 12))]).shifts[0]
    shifts = [day, open_, other]
    assert overlapping(shifts, open_, at(26, 17), None) is None  # begins as the other ends
    assert overlapping(shifts, open_, at(26, 16, 59), None) is day
    assert overlapping(shifts, day, at(26, 9), at(27, 9)) is None  # ends as the next begins
    assert overlapping(shifts, day, at(26, 9), at(27, 9, 1)) is open_  # past its clock-in
    assert overlapping(shifts, open_, at(26, 9), None) is day  # the same clock-in
    assert overlapping(shifts, day, at(26, 8), at(26, 18)) is None  # E2's shift is not E1's


def test_end_without_start_is_an_orphan() -> None:
    e = end("E1", at(27, 17))
    pairing = pair_shifts([e])
    assert pairing.shifts == () and pairing.orphan_ends == (e,)


def test_correction_closes_open_shift_and_latest_wins() -> None:
    s = start("E1", at(26, 9))
    c1 = correction(s, "clock_out", at(26, 18), at=at(27, 9), reason="forgot")
    c2 = correction(s, "clock_out", at(26, 17, 30), at=at(27, 10), reason="checked CCTV")
    (shift,) = pair_shifts([s], [c2, c1]).shifts
    assert shift.status is ShiftStatus.CORRECTED
    assert shift.clock_out == at(26, 17, 30)
    assert shift.recorded_clock_out is None
    assert shift.worked() == timedelta(hours=8, minutes=30)


@pytest.mark.parametrize(
    ("step", "given_", "expected"),
    [
        (0, (8, 52, 31), (8, 52, 31)),
        (5, (8, 52, 29), (8, 50, 0)),
        (5, (8, 52, 30), (8, 55, 0)),
        (6, (8, 56, 59), (8, 54, 0)),
        (6, (8, 57, 0), (9, 0, 0)),
        (15, (8, 52, 29), (8, 45, 0)),
        (15, (8, 52, 30), (9, 0, 0)),
        (15, (23, 53, 0), (24, 0, 0)),
    ],
)
def test_round_time(
    step: int, given_: tuple[int, int, int], expected: tuple[int, int, int]
) -> None:
    value = at(27, given_[0], given_[1]).replace(second=given_[2])
    want = at(27, 0) + timedelta(hours=expected[0], minutes=expected[1], seconds=expected[2])
    assert round_time(value, step) == want


def test_break_rule_applies_only_over_threshold() -> None:
    rules = PayRules(break_after_minutes=6 * 60, break_minutes=30)
    (six,) = pair_shifts([start("E1", at(27, 9)), end("E1", at(27, 15))]).shifts
    (seven,) = pair_shifts([start("E1", at(27, 9)), end("E1", at(27, 16))]).shifts
    h6, h7 = shift_hours(six, rules), shift_hours(seven, rules)
    assert h6 is not None and h6.break_minutes == 0 and h6.paid_hours == Decimal("6.00")
    assert h7 is not None and h7.break_minutes == 30 and h7.paid_hours == Decimal("6.50")


def test_dst_night_is_counted_in_real_time() -> None:
    # New York clocks go back at 02:00 on 2026-11-01: 22:00 to 06:00 is nine real hours.
    s = start("E1", datetime(2026, 10, 31, 22, 0, tzinfo=NY))
    e = end("E1", datetime(2026, 11, 1, 6, 0, tzinfo=NY))
    (shift,) = pair_shifts([s, e]).shifts
    assert shift.worked() == timedelta(hours=9)


def test_bad_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="rounding"):
        PayRules(rounding_minutes=7)
    with pytest.raises(ValueError, match="break"):
        PayRules(break_minutes=-1)


# -- properties ---------------------------------------------------------------------------------

BASE = datetime(2026, 11, 1, tzinfo=SH)

events = st.lists(
    st.tuples(
        st.sampled_from(["E1", "E2", "E3"]),
        st.sampled_from([START_OF_SHIFT, END_OF_SHIFT]),
        st.integers(min_value=0, max_value=60 * 24 * 20),
    ),
    max_size=40,
)


def _records(raw: list[tuple[str, str, int]]) -> list:  # type: ignore[type-arg]
    out = []
    for i, (emp, kind, minute) in enumerate(raw):
        when = BASE + timedelta(minutes=minute)
        rid = f"00000000-0000-4000-8000-{i:012d}"
        if kind == START_OF_SHIFT:
            out.append(record(emp, kind, when, when + timedelta(minutes=2), record_id=rid))
        else:
            out.append(record(emp, kind, when - timedelta(minutes=2), when, record_id=rid))
    return out


@settings(max_examples=150, deadline=None)
@given(events, st.randoms(use_true_random=False))
def test_pairing_is_independent_of_input_order(raw: list, rnd: random.Random) -> None:  # type: ignore[type-arg]
    records = _records(raw)
    shuffled = records[:]
    rnd.shuffle(shuffled)
    assert pair_shifts(records) == pair_shifts(shuffled)


@settings(max_examples=150, deadline=None)
@given(events)
def test_every_record_belongs_to_at_most_one_shift(raw: list) -> None:  # type: ignore[type-arg]
    records = _records(raw)
    pairing = pair_shifts(records)
    used = [s.start.id for s in pairing.shifts] + [s.end.id for s in pairing.shifts if s.end]
    used += [o.id for o in pairing.orphan_ends]
    assert len(used) == len(set(used))
    assert set(used) == {r.id for r in records}


@settings(max_examples=150, deadline=None)
@given(events, st.sampled_from([0, 5, 6, 15]), st.integers(0, 600), st.integers(0, 60))
def test_hours_are_never_negative(raw: list, step: int, after: int, brk: int) -> None:  # type: ignore[type-arg]
    rules = PayRules(rounding_minutes=step, break_after_minutes=after, break_minutes=brk)
    for shift in pair_shifts(_records(raw)).shifts:
        h = shift_hours(shift, rules)
        if h is not None:
            assert h.worked_minutes >= 0 and h.break_minutes >= 0 and h.paid_minutes >= 0
            assert h.paid_hours >= 0


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)),
    st.sampled_from([5, 6, 15]),
    st.sampled_from(["Asia/Shanghai", "America/New_York", "Asia/Kathmandu", "UTC"]),
)
def test_rounding_moves_a_time_by_at_most_half_a_step(
    naive: datetime, step: int, zone: str
) -> None:
    value = naive.replace(tzinfo=ZoneInfo(zone))
    rounded = round_time(value, step)
    assert abs(rounded - value) <= timedelta(minutes=step) / 2
    assert rounded.minute % step == 0 or rounded.hour == 0
    assert rounded.second == 0 and rounded.microsecond == 0
