"""Payroll files from a report and a profile: CSV, XLSX and JSON, as bytes.

The bytes depend only on the report and the profile (no "now", no random ids), so exporting the
same data twice gives identical files.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal, TypeAlias

from shiftcheck.domain.payroll import (
    EmployeeTotals,
    PayrollRow,
    split_name,
    whole_minutes,
)
from shiftcheck.domain.shifts import ShiftStatus, hours
from shiftcheck.services.export_profiles import Column, Kind, Profile, Rows

if TYPE_CHECKING:
    from shiftcheck.services.payroll import PayrollReport

Format: TypeAlias = Literal["csv", "xlsx", "json"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "json")
BOM = "\ufeff"
ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration in every form a profile may ask for."""

    minutes: Decimal
    """Exact minutes."""
    hours: Decimal
    """Hours to two places (regular hours: paid − overtime, so the three always add up)."""
    whole: int
    """Whole minutes (for h:mm; regular: paid − overtime again)."""
    unit: Literal["hours", "minutes"]
    """The field's own unit (style `native`)."""

    def __add__(self, other: Duration) -> Duration:
        return Duration(
            self.minutes + other.minutes,
            self.hours + other.hours,
            self.whole + other.whole,
            self.unit,
        )

    def as_unit(self, unit: Literal["hours", "minutes"]) -> Duration:
        """The same duration whose native unit is `unit`."""
        return Duration(self.minutes, self.hours, self.whole, unit)


Value: TypeAlias = str | int | date | datetime | Duration | tuple[str, ...] | None


def _minutes(value: Decimal | None) -> Duration | None:
    if value is None:
        return None
    return Duration(value, hours(value), whole_minutes(value), "minutes")


@dataclass(frozen=True, slots=True)
class _Paid:
    paid: Duration
    overtime: Duration
    regular: Duration


def _paid(row: PayrollRow) -> _Paid | None:
    if row.paid_minutes is None or row.overtime_minutes is None:
        return None
    assert row.paid_hours is not None and row.overtime_hours is not None
    assert row.regular_hours is not None
    paid = Duration(row.paid_minutes, row.paid_hours, whole_minutes(row.paid_minutes), "hours")
    overtime = Duration(
        row.overtime_minutes,
        row.overtime_hours,
        whole_minutes(row.overtime_minutes),
        "hours",
    )
    regular = Duration(
        row.paid_minutes - row.overtime_minutes,
        row.regular_hours,
        paid.whole - overtime.whole,
        "hours",
    )
    return _Paid(paid, overtime, regular)


def _pick(name: str, unit: Literal["hours", "minutes"]) -> Callable[[_Paid | None], Value]:
    def get(p: _Paid | None) -> Value:
        if p is None:
            return None
        d: Duration = getattr(p, name)
        return d.as_unit(unit)

    return get


_PAID_FIELDS: dict[str, Callable[[_Paid | None], Value]] = {
    "paid_hours": _pick("paid", "hours"),
    "regular_hours": _pick("regular", "hours"),
    "overtime_hours": _pick("overtime", "hours"),
    "paid_minutes": _pick("paid", "minutes"),
    "regular_minutes": _pick("regular", "minutes"),
    "overtime_minutes": _pick("overtime", "minutes"),
}

_ROW_FIELDS: dict[str, Callable[[PayrollRow], Value]] = {
    "employee_id": lambda r: r.employee_id,
    "employee_name": lambda r: r.employee_name,
    "first_name": lambda r: split_name(r.employee_name)[0],
    "last_name": lambda r: split_name(r.employee_name)[1],
    "date": lambda r: r.date,
    "clock_in": lambda r: r.clock_in,
    "clock_out": lambda r: r.clock_out,
    "recorded_clock_in": lambda r: r.recorded_clock_in,
    "recorded_clock_out": lambda r: r.recorded_clock_out,
    "worked_minutes": lambda r: _minutes(r.worked_minutes),
    "break_minutes": lambda r: _minutes(r.break_minutes),
    "status": lambda r: r.status.value,
    "corrected_by": lambda r: r.corrected_by,
    "correction_reason": lambda r: r.correction_reason,
    "start_failed_items": lambda r: r.start_failed_items,
    "end_failed_items": lambda r: r.end_failed_items,
    "forms_handed_in": lambda r: r.forms_handed_in,
    "flags": lambda r: r.flags,
    "shift_id": lambda r: r.shift_id,
    "store_id": lambda r: r.store_id,
}


def shift_table(report: PayrollReport, profile: Profile) -> list[list[Value]]:
    """The shift rows as typed values, one list per row, in the profile's column order."""
    columns = profile.shifts
    needs_paid = any(c.field in _PAID_FIELDS for c in columns)
    out: list[list[Value]] = []
    for row in report.rows:
        if profile.skip_open and row.status is ShiftStatus.OPEN:
            continue
        paid = _paid(row) if needs_paid else None
        out.append(
            [
                _PAID_FIELDS[c.field](paid)
                if c.field in _PAID_FIELDS
                else _ROW_FIELDS[c.field](row)
                for c in columns
            ]
        )
    return out


def _totals_values(
    totals: EmployeeTotals, paid: _Paid | None, report: PayrollReport
) -> dict[str, Value]:
    first, last = split_name(totals.employee_name)
    zero = Duration(ZERO, ZERO, 0, "hours")
    return {
        "employee_id": totals.employee_id,
        "employee_name": totals.employee_name,
        "first_name": first,
        "last_name": last,
        "period_start": report.first,
        "period_end": report.last,
        "shifts": totals.shifts,
        "paid_hours": paid.paid if paid else zero,
        "regular_hours": paid.regular if paid else zero,
        "overtime_hours": paid.overtime if paid else zero,
        "open_shifts": totals.open_shifts,
        "checks_missed": totals.checks_missed,
        "failed_items": totals.failed_items,
        "forms_handed_in": totals.forms_handed_in,
    }


def totals_table(report: PayrollReport, profile: Profile) -> list[list[Value]]:
    """The totals rows as typed values, in the profile's column order."""
    sums: dict[str, _Paid] = {}
    for row in report.rows:
        p = _paid(row)
        if p is None:
            continue
        had = sums.get(row.employee_id)
        sums[row.employee_id] = (
            p
            if had is None
            else _Paid(had.paid + p.paid, had.overtime + p.overtime, had.regular + p.regular)
        )
    out = []
    for t in report.totals:
        values = _totals_values(t, sums.get(t.employee_id), report)
        out.append([values[c.field] for c in profile.totals])
    return out


def table(report: PayrollReport, profile: Profile, rows: Rows) -> list[list[Value]]:
    """The shift table or the totals table."""
    return shift_table(report, profile) if rows == "shifts" else totals_table(report, profile)


# -- text forms (CSV, JSON) -------------------------------------------------------------------


def _minutes_text(value: Decimal) -> str:
    q = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return str(int(q)) if q == q.to_integral_value() else str(q)


def _hh_mm(whole: int) -> str:
    return f"{whole // 60}:{whole % 60:02d}"


def _duration_text(d: Duration, style: str) -> str:
    if style == "hh:mm":
        return _hh_mm(d.whole)
    unit = d.unit if style == "native" else style
    return str(d.hours) if unit == "hours" else _minutes_text(d.minutes)


def text_of(column: Column, value: Value, separator: str) -> str:
    """A value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, Duration):
        return _duration_text(value, column.format)
    if isinstance(value, datetime):
        if column.format == "iso":
            return value.isoformat(timespec="seconds")
        return value.strftime(column.format)
    if isinstance(value, date):
        return value.isoformat() if column.format == "iso" else value.strftime(column.format)
    if isinstance(value, tuple):
        return separator.join(value)
    return str(value)


def _json_of(column: Column, value: Value) -> str:
    if value is None:
        return "null"
    if isinstance(value, Duration):
        text = _duration_text(value, column.format)
        return json.dumps(text) if column.format == "hh:mm" else text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return json.dumps(text_of(column, value, ""), ensure_ascii=False)


def write_csv(report: PayrollReport, profile: Profile, rows: Rows, *, bom: bool = True) -> bytes:
    """CSV (RFC 4180, CRLF line ends), UTF-8 with a BOM unless `bom` is False."""
    columns = profile.columns(rows)
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    sep = profile.list_separator
    writer.writerows(
        [text_of(c, v, sep) for c, v in zip(columns, line, strict=True)]
        for line in table(report, profile, rows)
    )
    return buffer.getvalue().encode("utf-8")


def write_json(report: PayrollReport, profile: Profile, rows: Rows) -> bytes:
    """A JSON list of objects keyed by the profile's headers; numbers stay exact decimals."""
    columns = profile.columns(rows)
    keys = [json.dumps(c.header, ensure_ascii=False) for c in columns]
    objects = [
        "  {"
        + ", ".join(f"{k}: {_json_of(c, v)}" for k, c, v in zip(keys, columns, line, strict=True))
        + "}"
        for line in table(report, profile, rows)
    ]
    body = "[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n"
    return body.encode("utf-8")


# -- XLSX --------------------------------------------------------------------------------------

_EXCEL_DATE = "yyyy-mm-dd"
_EXCEL_TIME = "yyyy-mm-dd hh:mm:ss"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _width(column: Column, cells: Iterable[str]) -> float:
    longest = max((len(s) for s in cells), default=0)
    base = {Kind.TIME: 20, Kind.DATE: 11, Kind.DURATION: 9, Kind.COUNT: 7}.get(column.kind, 8)
    wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in column.header)
    return float(min(max(base, wide + 2, longest + 2), 60))


def _sheet(
    wb: object,
    title: str,
    columns: tuple[Column, ...],
    lines: list[list[Value]],
    separator: str,
) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook import Workbook

    assert isinstance(wb, Workbook)
    ws = wb.create_sheet(title)
    texts: list[list[str]] = [[] for _ in columns]
    for line in lines[:200]:  # widths from a sample: enough to fit, cheap for a year of shifts
        for i, (c, v) in enumerate(zip(columns, line, strict=True)):
            if c.kind in (Kind.TEXT, Kind.LIST):
                texts[i].append(text_of(c, v, separator))
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(c, texts[i - 1])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=c.header)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    formats = [_number_format(c) for c in columns]
    for line in lines:
        out: list[object] = []
        for c, v, fmt in zip(columns, line, formats, strict=True):
            value = _excel_value(c, v, separator)
            if value is None:
                out.append(None)
                continue
            cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]
            if isinstance(value, str):
                cell.data_type = "s"  # text such as "=x" stays text, never a formula
            elif fmt:
                cell.number_format = fmt
            out.append(cell)
        ws.append(out)


def _number_format(column: Column) -> str:
    if column.kind is Kind.DATE:
        return _EXCEL_DATE
    if column.kind is Kind.TIME:
        return _EXCEL_TIME
    if column.kind is Kind.DURATION:
        return "[h]:mm" if column.format == "hh:mm" else "0.00"
    return ""


def _excel_value(
    column: Column, value: Value, separator: str
) -> str | int | Decimal | date | datetime | None:
    if value is None:
        return None
    if isinstance(value, Duration):
        if column.format == "hh:mm":
            return Decimal(value.whole) / Decimal(1440)
        unit = value.unit if column.format == "native" else column.format
        return value.hours if unit == "hours" else value.minutes.quantize(CENT, ROUND_HALF_UP)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # the store's wall-clock time; the zone is on "Export"
    if isinstance(value, tuple):
        return separator.join(value)
    return value


def write_xlsx(report: PayrollReport, profile: Profile) -> bytes:
    """A workbook: "Shifts" (one row per shift), "Totals" (per employee), "Export" (settings)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sep = profile.list_separator
    _sheet(wb, "Shifts", profile.shifts, shift_table(report, profile), sep)
    _sheet(wb, "Totals", profile.totals, totals_table(report, profile), sep)
    about = wb.create_sheet("Export")
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 50
    for key, value in report.about(profile):
        about.append([key, value])
    stamp = datetime.combine(report.first, time(0))
    wb.properties.creator = "shiftcheck"
    wb.properties.created = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return _reproducible_zip(buffer.getvalue(), stamp)


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>")


def _reproducible_zip(data: bytes, stamp: datetime) -> bytes:
    """The same workbook with fixed file times, so equal data gives equal bytes."""
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(
                    b'<dcterms:modified xsi:type="dcterms:W3CDTF">'
                    + fixed
                    + b"</dcterms:modified>",
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, body)
    return out.getvalue()


def render(
    report: PayrollReport,
    profile: Profile,
    fmt: Format,
    *,
    totals: bool = False,
    bom: bool = True,
) -> bytes:
    """The export file's bytes. CSV/JSON print totals instead of shifts when `totals` is set
    (or when the profile's `default_rows` is "totals"); XLSX always holds both."""
    rows: Rows = "totals" if totals else profile.default_rows
    if fmt == "csv":
        return write_csv(report, profile, rows, bom=bom)
    if fmt == "json":
        return write_json(report, profile, rows)
    return write_xlsx(report, profile)
