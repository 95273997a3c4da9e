"""Exact payroll arithmetic: every figure rounded once, from exact time.

An independent reference (whole seconds and `Fraction`s, following the README's rules) checks
the overtime split; the reproduced case of a wholly-overtime shift split 0.01 / 3.60 is a golden
file made through the command line, as a payroll clerk would make it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shiftcheck.cli import cli
from shiftcheck.config import PayrollConfig
from shiftcheck.domain.payroll import OvertimeRules, pay_shifts, payroll_row
from shiftcheck.domain.shifts import PayRules, pair_shifts
from shiftcheck.domain.weeks import week_start_of
from shiftcheck.store import DataStore
from tests.payroll.conftest import SH, Seeder, golden, make_store

CASES = Path(__file__).parent / "cases"


def run(data_dir: Path, *args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def test_wholly_overtime_shift_is_not_split_by_rounding(tmp_path: Path) -> None:
    """overtime-split.jsonl: 13:07:09–16:43:27 is 216.30 min, all beyond the 2 h week."""
    folder = make_store(
        tmp_path / "d",
        store_id="S001",
        timezone="Asia/Shanghai",
        staff=[("E1", "Amy Chen")],
        payroll=PayrollConfig(rounding_minutes=0, weekly_overtime_hours=2),
    )
    code, _, err = run(folder, "records", "import", str(CASES / "overtime-split.jsonl"))
    assert code == 0, err
    period = ["--from", "2026-10-05", "--to", "2026-10-11"]
    code, out, err = run(folder, "export", "payroll", *period)
    assert code == 0, err
    third = out.decode("utf-8-sig").splitlines()[3].split(",")
    assert third[3:10] == [
        "2026-10-09T13:07:09+08:00",
        "2026-10-09T16:43:27+08:00",
        "216.30",
        "0.00",
        "3.61",
        "0.00",
        "3.61",
    ]
    golden("overtime-split.csv", out)
    code, out, err = run(folder, "export", "payroll", *period, "--totals", "--format", "json")
    assert code == 0, err
    golden("overtime-split-totals.json", out)


# -- the property, against an independent reference -------------------------------------------

shift_spec = st.tuples(
    st.integers(1, 30 * 3600),  # gap after the previous clock-out, in seconds
    st.integers(0, 11 * 3600),  # length in seconds
)
limits = st.sampled_from([None, 0.5, 2.0, 4.0, 7.75, 8.0])
weekly_limits = st.sampled_from([None, 1.0, 2.0, 7.3, 20.0])


def _hours(seconds: Fraction) -> Decimal:
    """The reference's rounding: exact seconds to hours, two places, halves up."""
    exact = seconds / 3600
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@settings(max_examples=60, deadline=None)
@given(
    specs=st.lists(shift_spec, min_size=1, max_size=12),
    daily=limits,
    weekly=weekly_limits,
    brk=st.sampled_from([0, 30]),
)
@example(  # the reproduced case: 523.80 + 283.78 min before a shift of 216.30 min, 2 h a week
    specs=[
        (9 * 3600 + 26 * 60 + 29, 523 * 60 + 48),
        (3 * 86400 + 12 * 3600 + 57 * 60 + 56, 17027),
        (3600 + 15 * 60 + 9, 216 * 60 + 18),
    ],
    daily=None,
    weekly=2.0,
    brk=0,
)
def test_a_row_wholly_beyond_the_limits_has_no_regular_hours(
    specs: list[tuple[int, int]], daily: float | None, weekly: float | None, brk: int
) -> None:
    s = Seeder("S001", SH)
    end = s.at(2026, 10, 5, 0)
    for gap, length in specs:
        start = end + timedelta(seconds=gap)
        end = start + timedelta(seconds=length)
        s.start("E1", start)
        s.end("E1", end)
    rules = PayRules(0, 6 * 60 if brk else None, brk)
    overtime = OvertimeRules.from_hours(daily, weekly, "monday")
    pays = pay_shifts(pair_shifts(s.docs).shifts, SH, rules, overtime)  # type: ignore[arg-type]
    day_used: dict[date, Fraction] = defaultdict(Fraction)
    week_used: dict[date, Fraction] = defaultdict(Fraction)
    daily_s = None if daily is None else Fraction(str(daily)) * 3600
    weekly_s = None if weekly is None else Fraction(str(weekly)) * 3600
    for pay in sorted(pays, key=lambda p: (p.shift.clock_in, p.shift.id)):
        row = payroll_row(pay, "", SH, rules, 24.0)
        assert row.paid_hours is not None and row.paid_minutes is not None
        worked = Fraction(int((pay.shift.clock_out - pay.shift.clock_in).total_seconds()))  # type: ignore[operator]
        paid = worked - (brk * 60 if brk and worked > 6 * 3600 else 0)
        beyond_day = daily_s is not None and day_used[row.date] >= daily_s
        d_ot = (
            max(Fraction(0), day_used[row.date] + paid - max(day_used[row.date], daily_s))
            if daily_s is not None
            else Fraction(0)
        )
        day_used[row.date] += paid
        week = week_start_of(row.date, 0)
        regular_so_far = paid - d_ot
        beyond_week = weekly_s is not None and week_used[week] >= weekly_s
        w_ot = (
            max(Fraction(0), week_used[week] + regular_so_far - max(week_used[week], weekly_s))
            if weekly_s is not None
            else Fraction(0)
        )
        week_used[week] += regular_so_far
        assert row.paid_hours == _hours(paid)
        assert row.overtime_hours == _hours(d_ot + w_ot)
        assert row.regular_hours is not None
        assert row.regular_hours + row.overtime_hours == row.paid_hours
        if beyond_day or beyond_week or d_ot + w_ot == paid:
            # every paid minute is beyond a limit: nothing regular, all of it overtime
            assert row.regular_hours == Decimal("0.00")
            assert row.overtime_hours == row.paid_hours


def test_totals_of_employees_without_closed_shifts_have_two_decimals(tmp_path: Path) -> None:
    """No shift, only a missed clock-in, only an open shift: hours are `0.00` in CSV and JSON."""
    folder = make_store(
        tmp_path / "d",
        store_id="S001",
        timezone="Asia/Shanghai",
        staff=[("E1", "Open Only"), ("E2", "Missed In"), ("E3", "No Shift")],
    )
    s = Seeder("S001", SH)
    s.start("E1", s.at(2026, 11, 23, 9))
    s.end("E2", s.at(2026, 11, 23, 18))

    with DataStore.open(folder) as store:
        store.add_many(s.docs, local=True)
    period = ["--from", "2026-11-23", "--to", "2026-11-29"]
    who = ["--employee", "E1", "--employee", "E2", "--employee", "E3"]
    code, out, err = run(folder, "export", "payroll", *period, *who, "--totals", "--no-bom")
    assert code == 0, err
    assert out.decode().splitlines()[1:] == [
        "E1,Open Only,1,0.00,0.00,0.00,1,1,0,0",
        "E2,Missed In,0,0.00,0.00,0.00,0,1,0,0",
        "E3,No Shift,0,0.00,0.00,0.00,0,0,0,0",
    ]
    code, out, err = run(folder, "export", "payroll", *period, *who, "--totals", "--format", "json")
    assert code == 0, err
    text = out.decode()
    assert text.count('"paid_hours": 0.00') == 3 and '"overtime_hours": 0,' not in text
