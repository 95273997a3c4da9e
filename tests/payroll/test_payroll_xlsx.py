"""The XLSX file opened with openpyxl: real dates, times and numbers, frozen header, totals."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl

from shiftcheck.services.export_profiles import load_profile
from shiftcheck.services.payroll_writers import render
from tests.payroll.test_payroll_rules import WEEK, report


def test_cells_are_typed_and_sheets_complete(shanghai: Path) -> None:
    rep = report(shanghai, *WEEK)
    data = render(rep, load_profile("generic", shanghai), "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Shifts", "Totals", "Export"]
    ws = wb["Shifts"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["employee_id", "employee_name", "date", "clock_in", "clock_out"]
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1 + len(rep.rows)
    cols = {name: i for i, name in enumerate(header)}
    first = ws[2]
    assert first[cols["employee_name"]].value == "张伟"
    assert isinstance(first[cols["date"]].value, datetime) and first[cols["date"]].is_date
    clock_in = first[cols["clock_in"]]
    assert clock_in.is_date and clock_in.value == datetime(2026, 11, 29, 9, 0)
    paid = first[cols["paid_hours"]]
    assert paid.data_type == "n" and paid.value == 4 and paid.number_format == "0.00"
    assert first[cols["forms_handed_in"]].value is None
    assert first[cols["flags"]].value == "fast"
    widths = [ws.column_dimensions[c].width for c in "ABCDE"]
    assert all(w and w >= 8 for w in widths) and widths[3] >= 20
    # the supervisor's reason "=forgot" stays text, never a formula
    reasons = [r[cols["correction_reason"]] for r in ws.iter_rows(min_row=2)]
    forgot = [c for c in reasons if c.value == "=forgot"]
    assert forgot and forgot[0].data_type == "s"
    totals = wb["Totals"]
    assert totals.freeze_panes == "A2"
    trow = {r[0].value: r for r in totals.iter_rows(min_row=2)}
    li = trow["E002"]
    assert li[3].data_type == "n" and Decimal(str(li[3].value)) == Decimal("45.91")
    assert li[2].value == 7 and isinstance(li[2].value, int)
    about = {r[0].value: r[1].value for r in wb["Export"].iter_rows()}
    assert about["time zone"] == "Asia/Shanghai" and about["daily overtime after"] == "480 min"


def test_hh_mm_durations_are_time_cells(shanghai: Path) -> None:
    data = render(report(shanghai, *WEEK), load_profile("quickbooks", shanghai), "xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(data))["Shifts"]
    duration = ws["E2"]
    assert ws["E1"].value == "Duration" and duration.number_format == "[h]:mm"
    assert duration.value == timedelta(hours=4)  # a duration cell, shown as 4:00
    assert len(list(ws.iter_rows(min_row=2))) == 11  # 12 shifts, the open one left out


def test_same_data_gives_identical_workbooks(shanghai: Path) -> None:
    profile = load_profile("generic", shanghai)
    assert render(report(shanghai, *WEEK), profile, "xlsx") == render(
        report(shanghai, *WEEK), profile, "xlsx"
    )
