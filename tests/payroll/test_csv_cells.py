"""CSV cells: the quick per-column path writes exactly what the typed formatters write, and
free text a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from shiftcheck.domain.staff import Employee
from shiftcheck.services.export_profiles import (
    DURATION_STYLES,
    SHIFT_FIELDS,
    Column,
    Kind,
    load_profile,
)
from shiftcheck.services.payroll_writers import (
    _ROW_FIELDS,
    csv_cell,
    neutralise,
    render,
    text_formatter,
)
from shiftcheck.store import DataStore
from tests.payroll.conftest import SH, Seeder
from tests.payroll.test_payroll_rules import WEEK, report

FORMATS = {
    Kind.DURATION: DURATION_STYLES[1:],
    Kind.TIME: ("iso", "%d/%m/%Y %H:%M"),
    Kind.DATE: ("iso", "%m/%d/%Y"),
}


def written(value: object) -> str:
    """What the csv module writes for a cell value."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([value])
    return next(csv.reader(io.StringIO(buffer.getvalue())))[0]


@pytest.mark.parametrize("field", sorted(SHIFT_FIELDS))
def test_quick_cells_match_the_typed_formatters(shanghai: Path, field: str) -> None:
    rows = report(shanghai, *WEEK).rows
    assert any(r.clock_out is None for r in rows) and any(r.corrected_by for r in rows)
    kind = SHIFT_FIELDS[field]
    for fmt in FORMATS.get(kind, ("",)):
        column = Column(field, field, kind, fmt)
        quick = csv_cell(column, "|")
        typed = text_formatter(column, "|")
        for row in rows:
            expected = typed(_ROW_FIELDS[field](row))
            if kind in (Kind.TEXT, Kind.LIST):
                expected = neutralise(expected)
            assert written(quick(row)) == expected, (field, fmt, row.shift_id)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("王芳", "王芳"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(text: str, shown: str) -> None:
    assert neutralise(text) == shown


def test_names_and_reasons_that_look_like_formulas_stay_text(shanghai: Path) -> None:
    with DataStore.open(shanghai) as store:
        employee = store.get_employee("E002")
        assert employee is not None
        store.save_employee(
            Employee(employee.id, "=cmd|' /C calc'!A0", employee.role, pin_hash=employee.pin_hash)
        )
    seeder = Seeder("S001", SH)
    seeder.n = 800
    seeder.start("E003", seeder.at(2026, 11, 27, 8, 0), failed=("=HYPERLINK(1)",))
    with DataStore.open(shanghai) as store:
        store.add_many(seeder.docs, local=True)
    rep = report(shanghai, *WEEK)
    profile = load_profile("generic", shanghai)
    for totals in (False, True):
        text = render(rep, profile, "csv", totals=totals).decode("utf-8-sig")
        cells = [cell for line in csv.reader(io.StringIO(text)) for cell in line]
        assert "'=cmd|' /C calc'!A0" in cells
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    shifts = render(rep, profile, "csv").decode("utf-8-sig")
    assert "'=forgot" in shifts  # a correction reason
    assert "'=HYPERLINK(1)" in shifts  # a failed item id sent by another terminal
    assert date(2026, 11, 24).isoformat() in shifts
