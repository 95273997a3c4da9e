"""The team summary as plain text, as the supervisor screen lays it out: the day's rows with
their totals and corrections, a period's employees, ranked items and daily completion.

Beside `summary_files` (CSV and JSON): the `summary` command prints what these return.
"""

from __future__ import annotations

from datetime import date, datetime

from shiftcheck.domain.roster import plan_span
from shiftcheck.domain.text import neutralise
from shiftcheck.i18n import t
from shiftcheck.services.summary import DaySummary, PeriodSummary, SummaryService
from shiftcheck.services.summary_files import ROSTER_PERIOD_FIELDS, roster_period_values
from shiftcheck.services.text_tables import render_table
from shiftcheck.services.wording import (
    check_result,
    clock_time,
    day_roster_line,
    day_totals_line,
    period_roster_line,
)


def _hhmm(value: datetime | None, day: date, svc: SummaryService) -> str:
    return clock_time(value, day, svc.tz)


def _area(column: str) -> str:
    return "reports" if column in ("worked", "paid") else "supervisor"


def day_table(summary: DaySummary, svc: SummaryService, lang: str) -> str:
    """The day summary as the screen shows it, in plain text."""
    cols = ("employee", "in", "start", "out", "end", "worked", "paid", "forms", "flags")
    planned = summary.roster is not None  # the planned start–end beside the name
    rows = []
    for r in summary.rows:
        plan = [plan_span(r.plan.plan) if r.plan is not None else ""] if planned else []
        if r.shift is None:
            flags = " ".join(t(f"supervisor.flag.{f}", lang) for f in r.flags)
            rows.append(
                [f"{r.employee_id} {r.name}", *plan, t("supervisor.no_shift_row", lang)]
                + [""] * 6
                + [flags]
            )
            continue
        rows.append(
            [
                f"{r.employee_id} {r.name}",
                *plan,
                _hhmm(r.clock_in, summary.day, svc),
                check_result(r.start, lang),
                _hhmm(r.clock_out, summary.day, svc) or "—",
                check_result(r.end, lang),
                str(r.worked_hours) if r.worked_hours is not None else "—",
                str(r.paid_hours) if r.paid_hours is not None else "—",
                str(r.forms) if r.forms is not None else "—",
                " ".join(t(f"supervisor.flag.{f}", lang) for f in r.flags),
            ]
        )
    tot = summary.totals
    weekday = t(f"supervisor.weekday.{summary.day.weekday()}", lang)
    header = [t(f"{_area(c)}.col.{c}", lang) for c in cols]
    if planned:
        header.insert(1, t("rosterviews.col.planned", lang))
    roster_line = day_roster_line(summary, lang)
    lines = [
        t("supervisor.day.title", lang, date=summary.day.isoformat(), weekday=weekday),
        render_table(header, rows),
        day_totals_line(tot, lang),
        *([roster_line] if roster_line else []),
        t("reports.hours_note", lang),
    ]
    for r in summary.rows:
        for c in r.corrections:
            lines.append(
                t(
                    f"supervisor.detail.corrected.{c.field}",
                    lang,
                    value=_hhmm(c.value, summary.day, svc),
                    by=c.by,
                    at=c.at.astimezone(svc.tz).strftime("%Y-%m-%d %H:%M"),
                    reason=neutralise(c.reason),
                )
                + f" ({r.employee_id})"
            )
    return "\n".join(lines)


def period_table(summary: PeriodSummary, svc: SummaryService, lang: str) -> str:
    """The period summary in plain text: employees, items ranked, daily completion."""
    emp_cols = ("employee", "shifts", "checks", "completion", "failed")
    emp_header = [t(f"supervisor.col.{c}", lang) for c in emp_cols]
    if summary.has_roster:
        emp_header += [t(f"rosterviews.col.{c}", lang) for c in ROSTER_PERIOD_FIELDS]
    emp_rows = [
        [
            f"{e.employee_id} {e.name}",
            str(e.shifts),
            f"{e.checks_done}/{e.checks_expected}",
            f"{e.completion:.0%}" if e.shifts else "—",
            str(e.failed_items),
            *([str(v) for v in roster_period_values(e)] if summary.has_roster else []),
        ]
        for e in summary.employees
    ]
    item_cols = ("rank", "item", "checklist", "failed_answered", "rate")
    item_rows = [
        [
            str(i),
            svc.item_label(r.item, lang),
            t(f"supervisor.checklist_short.{r.checklist}", lang),
            f"{r.failed}/{r.answered}",
            f"{r.rate:.0%}",
        ]
        for i, r in enumerate(summary.items, 1)
    ]
    trend_rows = [
        [
            d.day.isoformat(),
            str(d.shifts),
            f"{d.checks_done}/{d.checks_expected}",
            f"{d.completion:.0%}" if d.completion is not None else "—",
        ]
        for d in summary.trend
    ]
    done, expected = summary.checks_done, summary.checks_expected
    return "\n\n".join(
        [
            t(
                "supervisor.period.title_custom",
                lang,
                first=summary.first.isoformat(),
                last=summary.last.isoformat(),
            ),
            render_table(emp_header, emp_rows),
            render_table([t(f"supervisor.col.{c}", lang) for c in item_cols], item_rows),
            t("supervisor.period.chart_trend", lang)
            + "\n"
            + render_table(
                [
                    t(f"supervisor.col.{c}", lang)
                    for c in ("date", "shifts", "checks", "completion")
                ],
                trend_rows,
            ),
            t(
                "supervisor.period.totals",
                lang,
                shifts=summary.shifts,
                done=done,
                expected=expected,
                completion=f"{done / expected:.0%}" if expected else "—",
                failed=summary.failed_items,
            )
            + (f"\n{roster_line}" if (roster_line := period_roster_line(summary, lang)) else ""),
        ]
    )
