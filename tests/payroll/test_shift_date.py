"""A shift's date is its clock-in's local date before rounding, in every output."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl

from shiftcheck.config import PayrollConfig
from shiftcheck.services.context import open_services, supervisor_tools
from shiftcheck.services.export_profiles import load_profile
from shiftcheck.services.payroll_report import SHIFT_DATE_RULE
from shiftcheck.services.payroll_writers import render
from shiftcheck.store import DataStore
from tests.payroll.conftest import SH, Seeder, make_store
from tests.payroll.test_payroll_rules import report


def late_clock_in(tmp_path: Path) -> Path:
    """A clock-in at 23:58 on the 13th, rounded (5 min) to 00:00 on the 14th."""
    folder = make_store(
        tmp_path / "d",
        store_id="S001",
        timezone="Asia/Shanghai",
        staff=[("E1", "Amy Chen")],
        payroll=PayrollConfig(rounding_minutes=5),
    )
    s = Seeder("S001", SH)
    s.shift("E1", s.at(2026, 11, 13, 23, 58), s.at(2026, 11, 14, 8, 2))
    with DataStore.open(folder) as store:
        store.add_many(s.docs, local=True)
    return folder


def test_rounded_past_midnight_stays_on_its_day_in_every_format(tmp_path: Path) -> None:
    folder = late_clock_in(tmp_path)
    generic = load_profile("generic", None)
    rep = report(folder, date(2026, 11, 13), date(2026, 11, 13))
    (row,) = rep.rows
    assert row.date == date(2026, 11, 13)
    assert row.clock_in.isoformat() == "2026-11-14T00:00:00+08:00"
    assert row.recorded_clock_in.isoformat() == "2026-11-13T23:58:00+08:00"
    line = render(rep, generic, "csv", bom=False).decode().splitlines()[1].split(",")
    assert line[2:6] == [
        "2026-11-13",
        "2026-11-14T00:00:00+08:00",
        "2026-11-14T08:00:00+08:00",
        "480.00",
    ]
    (obj,) = json.loads(render(rep, generic, "json"))
    assert (obj["date"], obj["clock_in"]) == ("2026-11-13", "2026-11-14T00:00:00+08:00")
    wb = openpyxl.load_workbook(io.BytesIO(render(rep, generic, "xlsx")))
    shifts = list(wb["Shifts"].iter_rows(values_only=True))
    assert shifts[1][2].date() == date(2026, 11, 13)  # type: ignore[union-attr]
    about = {r[0].value: r[1].value for r in wb["Export"].iter_rows()}
    assert about["shift date"] == SHIFT_DATE_RULE
    # the next day's period does not take it again
    assert report(folder, date(2026, 11, 14), date(2026, 11, 14)).rows == ()
    # the day summary of the 13th has it, with payroll's hours
    s = open_services(folder, writer=False)
    try:
        now = datetime(2026, 11, 20, 12, tzinfo=SH)
        (shown,) = [
            r for r in supervisor_tools(s).summary.day(date(2026, 11, 13), now).rows if r.shift
        ]
        assert shown.paid_hours == row.paid_hours == Decimal("8.00")
        assert not [
            r for r in supervisor_tools(s).summary.day(date(2026, 11, 14), now).rows if r.shift
        ]
    finally:
        s.close()
