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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from typing import Any, Literal, TypeAlias

from shiftcheck.domain.payroll import (
    NO_HOURS,
    EmployeeTotals,
    PayrollRow,
    split_name,
    whole_minutes,
)
from shiftcheck.domain.shifts import ShiftStatus, hours
from shiftcheck.services.export_profiles import Column, Kind, Profile, Rows
from shiftcheck.services.payroll_report import PayrollReport
from shiftcheck.store.jsonfile import many_objects

Format: TypeAlias = Literal["csv", "xlsx", "json"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "json")
BOM = "\ufeff"
ZERO = Decimal(0)
CENT = Decimal("0.01")


class Duration:
    """A duration in every form a profile may ask for (hours and whole minutes worked out when
    first asked)."""

    __slots__ = ("_hours", "_whole", "minutes")

    def __init__(
        self, minutes: Decimal, hours_: Decimal | None = None, whole: int | None = None
    ) -> None:
        self.minutes = minutes
        """Exact minutes."""
        self._hours = hours_
        self._whole = whole

    @property
    def hours(self) -> Decimal:
        """Hours to two places (regular hours: paid − overtime, so the three always add up)."""
        if self._hours is None:
            self._hours = hours(self.minutes)
        return self._hours

    @property
    def whole(self) -> int:
        """Whole minutes (for h:mm; regular: paid − overtime again)."""
        if self._whole is None:
            self._whole = whole_minutes(self.minutes)
        return self._whole

    def __add__(self, other: Duration) -> Duration:
        return Duration(
            self.minutes + other.minutes, self.hours + other.hours, self.whole + other.whole
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Duration):
            return NotImplemented
        return (self.minutes, self.hours, self.whole) == (other.minutes, other.hours, other.whole)

    def __hash__(self) -> int:
        return hash(self.minutes)

    def __repr__(self) -> str:
        return f"Duration({self.minutes} min)"


Value: TypeAlias = str | int | date | datetime | Duration | tuple[str, ...] | None


def _minutes(value: Decimal | None) -> Duration | None:
    return None if value is None else Duration(value)


def _paid(r: PayrollRow) -> Duration | None:
    return None if r.paid_minutes is None else Duration(r.paid_minutes, r.paid_hours)


def _overtime(r: PayrollRow) -> Duration | None:
    return None if r.overtime_minutes is None else Duration(r.overtime_minutes, r.overtime_hours)


def _regular(r: PayrollRow) -> Duration | None:
    if r.paid_minutes is None or r.overtime_minutes is None:
        return None
    whole = whole_minutes(r.paid_minutes) - whole_minutes(r.overtime_minutes)
    return Duration(r.paid_minutes - r.overtime_minutes, r.regular_hours, whole)


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
    "paid_hours": _paid,
    "paid_minutes": _paid,
    "overtime_hours": _overtime,
    "overtime_minutes": _overtime,
    "regular_hours": _regular,
    "regular_minutes": _regular,
    "status": lambda r: r.status.value,
    "corrected_by": lambda r: r.corrected_by,
    "correction_reason": lambda r: r.correction_reason,
    "start_failed_items": lambda r: r.start_failed_items,
    "end_failed_items": lambda r: r.end_failed_items,
    "forms_handed_in": lambda r: r.forms_handed_in,
    "flags": lambda r: r.flags,
    "shift_id": lambda r: r.shift_id,
    "store_id": lambda r: r.store_id,
    "planned_start": lambda r: r.planned_start,
    "planned_end": lambda r: r.planned_end,
    "planned_minutes": lambda r: _minutes(r.planned_minutes),
}


def _shown_rows(report: PayrollReport, profile: Profile) -> list[PayrollRow]:
    if not profile.skip_open:
        return list(report.rows)
    return [r for r in report.rows if r.status is not ShiftStatus.OPEN]


def shift_table(report: PayrollReport, profile: Profile) -> list[list[Value]]:
    """The shift rows as typed values, one list per row, in the profile's column order."""
    getters = [_ROW_FIELDS[c.field] for c in profile.shifts]
    return [[get(row) for get in getters] for row in _shown_rows(report, profile)]


@dataclass(frozen=True, slots=True)
class _Paid:
    paid: Duration
    overtime: Duration
    regular: Duration


def _totals_values(
    totals: EmployeeTotals, paid: _Paid | None, report: PayrollReport
) -> dict[str, Value]:
    first, last = split_name(totals.employee_name)
    zero = Duration(ZERO, NO_HOURS, 0)
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
        "late": totals.late,
        "no_shows": totals.no_shows,
        "planned_hours": Duration(totals.planned_hours * 60, totals.planned_hours),
    }


def totals_table(report: PayrollReport, profile: Profile) -> list[list[Value]]:
    """The totals rows as typed values, in the profile's column order."""
    sums: dict[str, _Paid] = {}
    for row in report.rows:
        paid, overtime, regular = _paid(row), _overtime(row), _regular(row)
        if paid is None or overtime is None or regular is None:
            continue
        p = _Paid(paid, overtime, regular)
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
    """Minutes with two decimals in every row (`545.00`, `553.75`)."""
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _hh_mm(whole: int) -> str:
    return f"{whole // 60}:{whole % 60:02d}"


def _duration_text(d: Duration, style: str) -> str:
    if style == "hh:mm":
        return _hh_mm(d.whole)
    return str(d.hours) if style == "hours" else _minutes_text(d.minutes)


def _blank_or(fn: Callable[[Any], str]) -> Callable[[Value], str]:
    def text(value: Value) -> str:
        return "" if value is None else fn(value)

    return text


def text_formatter(column: Column, separator: str) -> Callable[[Value], str]:
    """The function that writes one column's values as text (chosen once per column)."""
    fmt = column.format
    if column.kind is Kind.DURATION:
        return _blank_or(lambda d: _duration_text(d, fmt))
    if column.kind in (Kind.TIME, Kind.DATE):
        if fmt != "iso":
            return _blank_or(lambda v: v.strftime(fmt))
        if column.kind is Kind.TIME:
            return _blank_or(lambda v: v.isoformat(timespec="seconds"))
        return _blank_or(lambda v: v.isoformat())
    if column.kind is Kind.LIST:
        return _blank_or(separator.join)
    return _blank_or(str)


def text_of(column: Column, value: Value, separator: str) -> str:
    """A value as CSV text."""
    return text_formatter(column, separator)(value)


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def json_formatter(column: Column) -> Callable[[Value], str]:
    """The function that writes one column's values as JSON (chosen once per column)."""
    fmt = column.format
    if column.kind is Kind.DURATION:
        if fmt == "hh:mm":
            return _null_or(lambda d: f'"{_hh_mm(d.whole)}"')
        return _null_or(lambda d: _duration_text(d, fmt))
    if column.kind is Kind.COUNT:
        return _null_or(str)
    if column.kind is Kind.LIST:
        return _null_or(lambda v: json.dumps(list(v), ensure_ascii=False))
    if column.kind is Kind.TEXT:
        return _null_or(_json_string)
    text = text_formatter(column, "")
    return _null_or(lambda v: _json_string(text(v)))


def _null_or(fn: Callable[[Any], str]) -> Callable[[Value], str]:
    def encode(value: Value) -> str:
        return "null" if value is None else fn(value)

    return encode


_FORMULA_START = frozenset("=+-@\t\r")
_SAFE_TEXT_FIELDS = frozenset({"employee_id", "status", "corrected_by", "shift_id", "store_id"})
"""Text fields that cannot start with a formula sign (checked ids, fixed words)."""


def neutralise(text: str) -> str:
    """Text that a spreadsheet opening the CSV would run as a formula (first character one of
    = + - @, tab or CR) gets an apostrophe in front, so it is shown as the text it is."""
    return "'" + text if text and text[0] in _FORMULA_START else text


def _time_cell(field: str) -> Callable[[PayrollRow], str]:
    get = attrgetter(field)

    def cell(row: PayrollRow) -> str:
        value = get(row)
        return "" if value is None else value.isoformat(timespec="seconds")

    return cell


def _minutes_cell(get: Callable[[PayrollRow], Decimal | None]) -> Callable[[PayrollRow], str]:
    def cell(row: PayrollRow) -> str:
        value = get(row)
        return "" if value is None else _minutes_text(value)

    return cell


_QUICK_DURATIONS: dict[tuple[str, str], Callable[[PayrollRow], object]] = {
    ("paid_hours", "hours"): attrgetter("paid_hours"),
    ("paid_minutes", "hours"): attrgetter("paid_hours"),
    ("regular_hours", "hours"): attrgetter("regular_hours"),
    ("regular_minutes", "hours"): attrgetter("regular_hours"),
    ("overtime_hours", "hours"): attrgetter("overtime_hours"),
    ("overtime_minutes", "hours"): attrgetter("overtime_hours"),
    ("worked_minutes", "minutes"): _minutes_cell(attrgetter("worked_minutes")),
    ("break_minutes", "minutes"): _minutes_cell(attrgetter("break_minutes")),
    ("paid_minutes", "minutes"): _minutes_cell(attrgetter("paid_minutes")),
    ("paid_hours", "minutes"): _minutes_cell(attrgetter("paid_minutes")),
    ("overtime_minutes", "minutes"): _minutes_cell(attrgetter("overtime_minutes")),
    ("overtime_hours", "minutes"): _minutes_cell(attrgetter("overtime_minutes")),
}
"""Duration cells that are a row's own figure: no `Duration` made on the way."""


def csv_cell(column: Column, separator: str) -> Callable[[PayrollRow], object]:
    """How one shift column's CSV cell comes from a row: text, or a value (a number, a date,
    None) that the csv module writes as the same text the formatters would. Free text and
    lists are neutralised (see `neutralise`)."""
    field, kind, fmt = column.field, column.kind, column.format
    if kind is Kind.TEXT:
        if field in _SAFE_TEXT_FIELDS:
            return attrgetter(field)
        get_text = _ROW_FIELDS[field]
        return lambda row: neutralise(str(get_text(row)))
    if kind is Kind.LIST:  # item ids and flags come from other terminals too
        get_list = _ROW_FIELDS[field]
        return lambda row: neutralise(separator.join(get_list(row)))  # type: ignore[arg-type]
    if kind is Kind.COUNT or (kind is Kind.DATE and fmt == "iso"):
        return attrgetter(field)  # str() of an int or a date is its text; None is written empty
    if kind is Kind.TIME and fmt == "iso":
        return _time_cell(field)
    quick = _QUICK_DURATIONS.get((field, fmt)) if kind is Kind.DURATION else None
    if quick is not None:
        return quick
    get, text = _ROW_FIELDS[field], text_formatter(column, separator)
    return lambda row: text(get(row))


def _csv_formatter(column: Column, separator: str) -> Callable[[Value], str]:
    text = text_formatter(column, separator)
    if column.kind not in (Kind.TEXT, Kind.LIST) or column.field in _SAFE_TEXT_FIELDS:
        return text
    return lambda value: neutralise(text(value))


def write_csv(report: PayrollReport, profile: Profile, rows: Rows, *, bom: bool = True) -> bytes:
    """CSV (RFC 4180, CRLF line ends), UTF-8 with a BOM unless `bom` is False.

    Free text (names, correction reasons) that a spreadsheet would take for a formula is
    written with a leading apostrophe (see `neutralise`).
    """
    columns = profile.columns(rows)
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c.header) for c in columns])
    sep = profile.list_separator
    if rows == "shifts":  # straight from the rows: no table of typed values in between
        cells = [csv_cell(c, sep) for c in columns]
        writer.writerows([cell(row) for cell in cells] for row in _shown_rows(report, profile))
    else:
        formatters = [_csv_formatter(c, sep) for c in columns]
        writer.writerows(
            [f(v) for f, v in zip(formatters, line, strict=True)]
            for line in totals_table(report, profile)
        )
    return buffer.getvalue().encode("utf-8")


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True
) -> bytes:
    """A table as payroll writes CSV: UTF-8 with a BOM unless `bom` is False, CRLF line ends,
    standard quoting, and every text cell neutralised (see `neutralise`). Numbers, dates and
    None are written by the csv module as their text (None empty)."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows(
        [neutralise(cell) if isinstance(cell, str) else cell for cell in row] for row in rows
    )
    return buffer.getvalue().encode("utf-8")


def write_json(report: PayrollReport, profile: Profile, rows: Rows) -> bytes:
    """A JSON list of objects keyed by the profile's headers; numbers stay exact decimals."""
    columns = profile.columns(rows)
    keyed = [(f"{_json_string(c.header)}: ", json_formatter(c)) for c in columns]
    objects = [
        "  {" + ", ".join(k + f(v) for (k, f), v in zip(keyed, line, strict=True)) + "}"
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
            if isinstance(value, str):
                if value.startswith("="):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.data_type = "s"  # text such as "=x" stays text, never a formula
                    out.append(cell)
                else:
                    out.append(value)
            elif isinstance(value, Decimal):
                cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]
                cell.number_format = fmt
                out.append(cell)
            else:
                out.append(value)  # None, whole numbers, dates and times: plain cells
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
        if column.format == "hours":
            return value.hours
        return value.minutes.quantize(CENT, ROUND_HALF_UP)
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
    if not report.has_roster:
        profile = profile.without_roster()
    with many_objects():
        if fmt == "csv":
            return write_csv(report, profile, rows, bom=bom)
        if fmt == "json":
            return write_json(report, profile, rows)
        return write_xlsx(report, profile)
