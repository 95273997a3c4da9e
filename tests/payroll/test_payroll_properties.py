"""Properties of the export over generated histories, in real data folders."""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftcheck.config import PayrollConfig
from shiftcheck.domain.records import CheckRecord, Correction
from shiftcheck.services.export_profiles import load_profile
from shiftcheck.services.payroll_writers import render
from shiftcheck.store import DataStore
from tests.payroll.conftest import SH, SH_STAFF, Seeder, make_store
from tests.payroll.test_payroll_rules import report

FIRST = date(2026, 11, 16)
LAST = date(2026, 11, 29)

shift_spec = st.tuples(
    st.sampled_from(["E001", "E002", "E003"]),
    st.integers(0, 13),  # day
    st.integers(0, 24 * 60 * 60 - 1),  # second of the day
    st.integers(0, 15 * 60 * 60),  # length in seconds
    st.booleans(),  # closed
)
rules = st.builds(
    PayrollConfig,
    rounding_minutes=st.sampled_from([0, 5, 6, 15]),
    break_after_hours=st.sampled_from([None, 6.0, 4.5]),
    break_minutes=st.sampled_from([0, 30, 45]),
    daily_overtime_hours=st.sampled_from([None, 8.0, 7.5]),
    weekly_overtime_hours=st.sampled_from([None, 40.0, 20.0]),
    week_start=st.sampled_from(["monday", "sunday", "wednesday"]),
)


def seeded(specs: list[tuple[str, int, int, int, bool]]) -> list[CheckRecord | Correction]:
    s = Seeder("S001", SH)
    for employee, day, second, length, closed in specs:
        start = s.at(2026, 11, 16, 0) + timedelta(days=day, seconds=second)
        s.start(employee, start)
        if closed:
            s.end(employee, start + timedelta(seconds=length + 120))
    return s.docs


def folder_with(
    root: Path, name: str, docs: list[CheckRecord | Correction], pay: PayrollConfig
) -> Path:
    folder = make_store(
        root / name, store_id="S001", timezone="Asia/Shanghai", staff=SH_STAFF, payroll=pay
    )
    with DataStore.open(folder) as store:
        store.add_many(docs, local=True)
    return folder


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(shift_spec, max_size=25), pay=rules, split=st.integers(0, 12))
def test_totals_sum_rows_and_periods_do_not_share_shifts(
    specs: list[tuple[str, int, int, int, bool]], pay: PayrollConfig, split: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = folder_with(Path(tmp), "a", seeded(specs), pay)
        whole = report(folder, FIRST, LAST)
        for t in whole.totals:
            mine = [r for r in whole.rows if r.employee_id == t.employee_id]
            assert t.paid_hours == sum((r.paid_hours or Decimal(0) for r in mine), Decimal(0))
            assert t.paid_hours == t.regular_hours + t.overtime_hours
            assert t.shifts == len(mine)
        for r in whole.rows:
            if r.paid_hours is not None:
                assert r.regular_hours is not None and r.overtime_hours is not None
                assert r.regular_hours >= 0 and r.overtime_hours >= 0
                assert r.regular_hours + r.overtime_hours == r.paid_hours
        middle = FIRST + timedelta(days=split)
        before = report(folder, FIRST, middle)
        after = report(folder, middle + timedelta(days=1), LAST)
        ids_before = {r.shift_id for r in before.rows}
        ids_after = {r.shift_id for r in after.rows}
        assert not ids_before & ids_after
        # every shift is in exactly one part, with the same figures as in the whole period
        assert set(before.rows) | set(after.rows) == set(whole.rows)
        assert len(before.rows) + len(after.rows) == len(whole.rows)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(shift_spec, max_size=20), pay=rules, seed=st.integers(0, 1000))
def test_same_data_gives_byte_identical_files(
    specs: list[tuple[str, int, int, int, bool]], pay: PayrollConfig, seed: int
) -> None:
    docs = seeded(specs)
    shuffled = list(docs)
    random.Random(seed).shuffle(shuffled)
    with tempfile.TemporaryDirectory() as tmp:
        one = folder_with(Path(tmp), "one", docs, pay)
        two = folder_with(Path(tmp), "two", shuffled, pay)
        for name in ("generic", "gusto", "quickbooks"):
            profile = load_profile(name, None)
            for fmt in ("csv", "json", "xlsx"):
                a = render(report(one, FIRST, LAST), profile, fmt)  # type: ignore[arg-type]
                b = render(report(two, FIRST, LAST), profile, fmt)  # type: ignore[arg-type]
                assert a == b, (name, fmt)
