"""Summary files: the team's day or a period as CSV and JSON, written the way payroll's are.

CSV is flat, one value per cell: lists (failed items, flags) are `;`-joined, each correction has
its own columns (`correction_1_field`, `…_value`, `…_by`, `…_at`, `…_reason`, as many sets as
the shift with most corrections needs, at least one), and a period has one column per failed
item. It goes through payroll's CSV writer: UTF-8 with a BOM, CRLF, text neutralised. JSON
keeps lists and objects; hours are JSON numbers with two decimals (`8.50`), as in payroll.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from shiftcheck.domain.records import format_time
from shiftcheck.domain.roster import FLAG_LATE, FLAG_NO_SHOW, RosterTally
from shiftcheck.domain.text import neutralise as shown_text
from shiftcheck.services.payroll_writers import csv_bytes
from shiftcheck.services.summary import DayRow, DaySummary, EmployeePeriod, PeriodSummary
from shiftcheck.store.codec import encode_indented

LIST_SEPARATOR = ";"
"""How a list (failed items, flags) is written in one CSV cell."""
CORRECTION_FIELDS = ("field", "value", "by", "at", "reason")
"""The columns of one correction in a day's CSV."""
FAILED_PREFIX = "failed_"
"""A period CSV's per-item columns: `failed_<item id>`, how often that item failed."""

DAY_FIELDS = (
    "employee_id",
    "name",
    "shift_id",
    "clock_in",
    "start_check_failed",
    "start_failed_items",
    "clock_out",
    "end_check_failed",
    "end_failed_items",
    "worked_hours",
    "paid_hours",
    "forms",
    "forms_acknowledged_by",
    "flags",
    "corrections",
)
"""A day row's fields, in order (JSON keys; the CSV's columns after `date`, corrections last)."""


def encode_json(data: object) -> bytes:
    """JSON as UTF-8 (names unescaped), two-space indent, decimals as exact numbers."""
    return encode_indented(data)


def _time(value: Any) -> str | None:
    return format_time(value) if value is not None else None


def _correction(row: DayRow) -> list[dict[str, str]]:
    return [
        {
            "field": c.field,
            "value": format_time(c.value),
            "by": c.by,
            "at": format_time(c.at),
            "reason": c.reason,
        }
        for c in row.corrections
    ]


ROSTER_DAY_FIELDS = ("planned_start", "planned_end")
"""A day row's plan (only for a store with a roster): after `flags`, before the corrections."""


def day_rows(summary: DaySummary) -> list[dict[str, Any]]:
    """The day's rows as plain values (JSON objects): hours as `Decimal`s, lists as lists; for a
    store with a roster each row also has `ROSTER_DAY_FIELDS` (null where nothing was planned)."""
    rows = _day_rows(summary)
    if summary.roster is not None:
        for row, r in zip(rows, summary.rows, strict=True):
            corrections = row.pop("corrections")
            row["planned_start"] = _time(r.plan.planned_start) if r.plan else None
            row["planned_end"] = _time(r.plan.planned_end) if r.plan else None
            row["corrections"] = corrections
    return rows


def _day_rows(summary: DaySummary) -> list[dict[str, Any]]:
    return [
        {
            "employee_id": r.employee_id,
            "name": r.name,
            "shift_id": r.shift.id if r.shift else None,
            "clock_in": _time(r.clock_in),
            "start_check_failed": r.start.failed if r.start else None,
            "start_failed_items": list(r.start.failed_items) if r.start else [],
            "clock_out": _time(r.clock_out),
            "end_check_failed": r.end.failed if r.end else None,
            "end_failed_items": list(r.end.failed_items) if r.end else [],
            "worked_hours": r.worked_hours,
            "paid_hours": r.paid_hours,
            "forms": r.forms,
            "forms_acknowledged_by": r.acknowledgement.by if r.acknowledgement else None,
            "flags": list(r.flags),
            "corrections": _correction(r),
        }
        for r in summary.rows
    ]


def day_json(summary: DaySummary) -> dict[str, Any]:
    """The day summary as a JSON object (rows and the totals line; for a store with a roster,
    the day's plans and the roster totals too)."""
    found = _day_json(summary)
    if summary.roster is None:
        return found
    plans = summary.roster
    found["plans"] = [
        {
            "employee_id": m.plan.employee_id,
            "planned_start": format_time(m.planned_start),
            "planned_end": format_time(m.planned_end),
            "planned_minutes": m.planned_minutes,
            "shift_id": m.shift.id if m.shift else None,
            "flags": list(m.flags),
            "difference_minutes": m.difference_minutes,
        }
        for m in plans
    ]
    totals = found["totals"]
    totals["late"] = sum(1 for m in plans if FLAG_LATE in m.flags)
    totals["no_shows"] = sum(1 for m in plans if FLAG_NO_SHOW in m.flags)
    totals["planned_hours"] = (sum((m.planned_minutes for m in plans), Decimal(0)) / 60).quantize(
        Decimal("0.01")
    )
    return found


def _day_json(summary: DaySummary) -> dict[str, Any]:
    tot = summary.totals
    return {
        "date": summary.day.isoformat(),
        "rows": day_rows(summary),
        "totals": {
            "employees": tot.employees,
            "shifts": tot.shifts,
            "on_shift": tot.on_shift,
            "checked_out": tot.checked_out,
            "missing_checks": tot.missing_checks,
            "failed_items": tot.failed_items,
            "forms": tot.forms,
            "worked_hours": tot.worked_hours,
            "paid_hours": tot.paid_hours,
        },
    }


def _csv(header: list[str], lines: list[list[object]], *, bom: bool) -> bytes:
    """Payroll's CSV, every text cell shown as text (a name's escape codes and line breaks as
    visible symbols: the file is also printed on the terminal)."""
    shown = [[shown_text(c) if isinstance(c, str) else c for c in line] for line in lines]
    return csv_bytes(header, shown, bom=bom)


def day_csv(summary: DaySummary, *, bom: bool = True) -> bytes:
    """The day summary as CSV: one line per row of the screen (see the module text)."""
    rows = day_rows(summary)
    sets = max([len(r["corrections"]) for r in rows] + [1])
    correction_header = [
        f"correction_{n}_{name}" for n in range(1, sets + 1) for name in CORRECTION_FIELDS
    ]
    scalar = [k for k in DAY_FIELDS if k != "corrections"]
    if summary.roster is not None:
        scalar += ROSTER_DAY_FIELDS
    header = ["date", *scalar, *correction_header]
    day = summary.day.isoformat()
    lines: list[list[object]] = []
    for r in rows:
        line: list[object] = [day]
        for key in scalar:
            value = r[key]
            line.append(LIST_SEPARATOR.join(value) if isinstance(value, list) else value)
        for c in r["corrections"]:
            line.extend(c[name] for name in CORRECTION_FIELDS)
        line.extend([None] * (len(header) - len(line)))
        lines.append(line)
    return _csv(header, lines, bom=bom)


ROSTER_PERIOD_FIELDS = ("late", "no_shows", "planned_hours", "worked_hours")
"""A period's roster figures per employee and in the totals (only for a store with a roster)."""


def roster_period_values(employee: EmployeePeriod) -> list[Any]:
    """An employee's `ROSTER_PERIOD_FIELDS` (zeros for one with no plans)."""
    tally = employee.roster or RosterTally()
    return [tally.late, tally.no_shows, tally.planned_hours, employee.worked_hours]


def period_json(summary: PeriodSummary, label: Callable[[str], str]) -> dict[str, Any]:
    """The period summary as a JSON object; `label` names an item in the reader's language.
    For a store with a roster each employee and the totals carry `ROSTER_PERIOD_FIELDS`."""
    found = _period_json(summary, label)
    if not summary.has_roster:
        return found
    for entry, e in zip(found["employees"], summary.employees, strict=True):
        entry.update(zip(ROSTER_PERIOD_FIELDS, roster_period_values(e), strict=True))
    found["totals"].update(
        late=summary.late,
        no_shows=summary.no_shows,
        planned_hours=summary.planned_hours,
        worked_hours=summary.worked_hours,
    )
    return found


def _period_json(summary: PeriodSummary, label: Callable[[str], str]) -> dict[str, Any]:
    return {
        "from": summary.first.isoformat(),
        "to": summary.last.isoformat(),
        "employees": [
            {
                "employee_id": e.employee_id,
                "name": e.name,
                "shifts": e.shifts,
                "checks_done": e.checks_done,
                "checks_expected": e.checks_expected,
                "completion": round(e.completion, 4),
                "failed_items": e.failed_items,
                "failed_by_item": e.failed_by_item,
            }
            for e in summary.employees
        ],
        "items": [
            {
                "item": r.item,
                "label": label(r.item),
                "checklist": r.checklist,
                "answered": r.answered,
                "failed": r.failed,
                "rate": round(r.rate, 4),
            }
            for r in summary.items
        ],
        "trend": [
            {
                "date": d.day.isoformat(),
                "shifts": d.shifts,
                "checks_done": d.checks_done,
                "checks_expected": d.checks_expected,
                "failed_items": d.failed_items,
            }
            for d in summary.trend
        ],
        "totals": {
            "shifts": summary.shifts,
            "checks_done": summary.checks_done,
            "checks_expected": summary.checks_expected,
            "failed_items": summary.failed_items,
        },
    }


def period_csv(summary: PeriodSummary, *, bom: bool = True) -> bytes:
    """One line per employee: shifts, checks, completion, failed items, (for a store with a
    roster) `ROSTER_PERIOD_FIELDS`, then one `failed_<item>` column per item that failed in the
    period (most failed first)."""
    items = [r.item for r in summary.items if r.failed]
    items = list(dict.fromkeys(items))  # an id in both checklists gets one column
    header = [
        "employee_id",
        "name",
        "shifts",
        "checks_done",
        "checks_expected",
        "completion",
        "failed_items",
        *(ROSTER_PERIOD_FIELDS if summary.has_roster else ()),
        *(FAILED_PREFIX + item for item in items),
    ]
    lines: list[list[object]] = [
        [
            e.employee_id,
            e.name,
            e.shifts,
            e.checks_done,
            e.checks_expected,
            Decimal(str(round(e.completion, 4))),
            e.failed_items,
            *(roster_period_values(e) if summary.has_roster else ()),
            *(e.failed_by_item.get(item, 0) for item in items),
        ]
        for e in summary.employees
    ]
    return _csv(header, lines, bom=bom)
