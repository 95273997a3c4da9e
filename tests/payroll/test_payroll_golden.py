"""Golden files: the exact bytes payroll receives for the seeded stores.

Regenerate with `UPDATE_GOLDEN=1 pytest tests/payroll` and read the diff before committing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shiftcheck.services.export_profiles import load_profile
from shiftcheck.services.payroll_writers import BOM, Format, render
from tests.payroll.conftest import RULES, golden, reconfigure
from tests.payroll.test_payroll_rules import WEEK, report


@pytest.mark.parametrize("step", [0, 5, 6, 15])
def test_shanghai_week_each_rounding_mode(shanghai: Path, step: int) -> None:
    reconfigure(shanghai, RULES.model_copy(update={"rounding_minutes": step}))
    data = render(report(shanghai, *WEEK), load_profile("generic", shanghai), "csv")
    assert data.startswith(BOM.encode())
    golden(f"shanghai-week-round{step}.csv", data)


@pytest.mark.parametrize(
    ("profile", "fmt", "totals"),
    [
        ("generic", "csv", True),
        ("generic", "json", False),
        ("generic", "json", True),
        ("gusto", "csv", False),
        ("quickbooks", "csv", False),
    ],
)
def test_shanghai_week_profiles(shanghai: Path, profile: str, fmt: Format, totals: bool) -> None:
    data = render(report(shanghai, *WEEK), load_profile(profile, shanghai), fmt, totals=totals)
    golden(f"shanghai-week-{profile}{'-totals' if totals else ''}.{fmt}", data)


def test_dst_day_new_york_beside_shanghai(new_york: Path, shanghai: Path) -> None:
    period = (date(2026, 10, 31), date(2026, 11, 1))
    generic = load_profile("generic", None)
    golden("new-york-dst.csv", render(report(new_york, *period), generic, "csv", bom=False))
    golden("shanghai-dst-day.csv", render(report(shanghai, *period), generic, "csv", bom=False))
    qb = render(report(new_york, *period), load_profile("quickbooks", None), "csv", bom=False)
    golden("new-york-dst-quickbooks.csv", qb)
