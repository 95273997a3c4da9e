"""`shiftcheck summary` (the team's day or a period, as on the supervisor screen) and
`shiftcheck correct` (a supervisor's correction of a clock-in or clock-out, with a reason)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import click

from shiftcheck.cli.common import DATE, EXIT_BAD_INPUT, cli_lang, fail, opened, read_pin
from shiftcheck.domain.records import CorrectionField, format_time
from shiftcheck.i18n import t
from shiftcheck.services.context import Services
from shiftcheck.services.summary import (
    DayRow,
    DaySummary,
    PeriodSummary,
    SummaryService,
    supervisor_tools,
)


def _hhmm(value: datetime | None, day: date, svc: SummaryService) -> str:
    if value is None:
        return ""
    local = value.astimezone(svc.tz)
    shift = (local.date() - day).days
    return local.strftime("%H:%M") + (f"{shift:+d}" if shift else "")


def _check(row: DayRow, which: str) -> str:
    o = row.start if which == "start" else row.end
    if o is None:
        return ""
    return "passed" if not o.failed else f"{o.failed} failed"


def day_rows(summary: DaySummary, svc: SummaryService) -> list[dict[str, Any]]:
    """The day's rows as plain values (JSON and CSV)."""
    out: list[dict[str, Any]] = []
    for r in summary.rows:
        out.append(
            {
                "employee_id": r.employee_id,
                "name": r.name,
                "shift_id": r.shift.id if r.shift else None,
                "clock_in": format_time(r.clock_in) if r.clock_in else None,
                "start_check_failed": r.start.failed if r.start else None,
                "start_failed_items": list(r.start.failed_items) if r.start else [],
                "clock_out": format_time(r.clock_out) if r.clock_out else None,
                "end_check_failed": r.end.failed if r.end else None,
                "end_failed_items": list(r.end.failed_items) if r.end else [],
                "hours": str(r.worked_hours) if r.worked_hours is not None else None,
                "forms": r.forms,
                "forms_acknowledged_by": r.acknowledgement.by if r.acknowledgement else None,
                "flags": list(r.flags),
                "corrections": [
                    {
                        "field": c.field,
                        "value": format_time(c.value),
                        "by": c.by,
                        "at": format_time(c.at),
                        "reason": c.reason,
                    }
                    for c in r.corrections
                ],
            }
        )
    return out


def day_json(summary: DaySummary, svc: SummaryService) -> dict[str, Any]:
    """The day summary as JSON."""
    tot = summary.totals
    return {
        "date": summary.day.isoformat(),
        "rows": day_rows(summary, svc),
        "totals": {
            "employees": tot.employees,
            "shifts": tot.shifts,
            "on_shift": tot.on_shift,
            "checked_out": tot.checked_out,
            "missing_checks": tot.missing_checks,
            "failed_items": tot.failed_items,
            "forms": tot.forms,
            "hours": str(tot.hours),
        },
    }


def period_json(summary: PeriodSummary, svc: SummaryService, lang: str) -> dict[str, Any]:
    """The period summary as JSON."""
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
                "label": svc.item_label(r.item, lang),
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


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        )
    return buffer.getvalue()


def _table(headers: list[str], rows: list[list[str]]) -> str:
    from rich.cells import cell_len

    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True))

    return "\n".join([line(headers)] + [line(r) for r in rows]).rstrip()


def day_table(summary: DaySummary, svc: SummaryService, lang: str) -> str:
    """The day summary as the screen shows it, in plain text."""
    cols = ("employee", "in", "start", "out", "end", "hours", "forms", "flags")
    rows = []
    for r in summary.rows:
        if r.shift is None:
            rows.append(
                [f"{r.employee_id} {r.name}", t("supervisor.no_shift_row", lang)] + [""] * 6
            )
            continue

        def check(o: Any) -> str:
            if o is None:
                return t("supervisor.check.none", lang)
            if o.failed:
                return t("supervisor.check.failed", lang, n=o.failed)
            return t("supervisor.check.passed", lang)

        rows.append(
            [
                f"{r.employee_id} {r.name}",
                _hhmm(r.clock_in, summary.day, svc),
                check(r.start),
                _hhmm(r.clock_out, summary.day, svc) or "—",
                check(r.end),
                str(r.worked_hours) if r.worked_hours is not None else "—",
                str(r.forms) if r.forms is not None else "—",
                " ".join(t(f"supervisor.flag.{f}", lang) for f in r.flags),
            ]
        )
    tot = summary.totals
    weekday = t(f"supervisor.weekday.{summary.day.weekday()}", lang)
    lines = [
        t("supervisor.day.title", lang, date=summary.day.isoformat(), weekday=weekday),
        _table([t(f"supervisor.col.{c}", lang) for c in cols], rows),
        t(
            "supervisor.day.totals",
            lang,
            on_shift=tot.on_shift,
            checked_out=tot.checked_out,
            missing=tot.missing_checks,
            failed=tot.failed_items,
            forms=tot.forms,
            hours=tot.hours,
        ),
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
                    reason=c.reason,
                )
                + f" ({r.employee_id})"
            )
    return "\n".join(lines)


def period_table(summary: PeriodSummary, svc: SummaryService, lang: str) -> str:
    """The period summary in plain text: employees, items ranked, daily completion."""
    emp_cols = ("employee", "shifts", "checks", "completion", "failed")
    emp_rows = [
        [
            f"{e.employee_id} {e.name}",
            str(e.shifts),
            f"{e.checks_done}/{e.checks_expected}",
            f"{e.completion:.0%}" if e.shifts else "—",
            str(e.failed_items),
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
            _table([t(f"supervisor.col.{c}", lang) for c in emp_cols], emp_rows),
            _table([t(f"supervisor.col.{c}", lang) for c in item_cols], item_rows),
            t("supervisor.period.chart_trend", lang)
            + "\n"
            + _table(
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
            ),
        ]
    )


@contextmanager
def _source(services: Services, url: str | None, store_id: str | None) -> Iterator[SummaryService]:
    """The summary over this terminal's store, or over the central database with `--source`."""
    if url is None and store_id is None:
        yield supervisor_tools(services).summary
        return
    from shiftcheck.cli.central import head_office

    with head_office(services, url, store_id) as office:
        yield office.summary(services) if office is not None else supervisor_tools(services).summary


@click.command()
@click.option("--date", "day", type=DATE, default=None, help="The day (default: today).")
@click.option("--from", "first", type=DATE, default=None, help="First day of a period.")
@click.option("--to", "last", type=DATE, default=None, help="Last day of a period.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="csv: one line per employee row (a period: per employee).",
)
@click.option(
    "--source",
    default=None,
    metavar="URL",
    help="Read the chain's central database (postgresql://...) instead of this terminal.",
)
@click.option("--store", "store_id", default=None, help="With --source: one store (default: all).")
@click.pass_context
def summary(
    ctx: click.Context,
    day: date | None,
    first: date | None,
    last: date | None,
    fmt: str,
    source: str | None,
    store_id: str | None,
) -> None:
    """The team's day (or a period with --from/--to), as on the supervisor screen."""
    if day is not None and (first is not None or last is not None):
        raise click.UsageError("give either --date or --from/--to, not both")
    if (first is None) != (last is None):
        raise click.UsageError("a period needs both --from and --to")
    lang = cli_lang()
    with opened(ctx, writer=False) as s, _source(s, source, store_id) as svc:
        now = s.clock()
        today = now.astimezone(svc.tz).date()
        if first is not None and last is not None:
            if first > today:
                fail(t("supervisor.future_date", lang, date=first.isoformat()), EXIT_BAD_INPUT)
            period = svc.period(first, last, now)
            if fmt == "json":
                click.echo(json.dumps(period_json(period, svc, lang), ensure_ascii=False, indent=2))
            elif fmt == "csv":
                click.echo(_csv(period_json(period, svc, lang)["employees"]), nl=False)
            else:
                click.echo(period_table(period, svc, lang))
            return
        day = day or today
        if day > today:
            fail(t("supervisor.future_date", lang, date=day.isoformat()), EXIT_BAD_INPUT)
        result = svc.day(day, now)
        if fmt == "json":
            click.echo(json.dumps(day_json(result, svc), ensure_ascii=False, indent=2))
        elif fmt == "csv":
            click.echo(_csv(day_rows(result, svc)), nl=False)
        else:
            click.echo(day_table(result, svc, lang))


@click.command()
@click.option("--employee", "employee_id", required=True, help="Whose shift, e.g. E002.")
@click.option("--shift-date", type=DATE, required=True, help="The shift's date (its clock-in day).")
@click.option("--clock-in", "clock_in", default=None, help="New clock-in: HH:MM on the shift date.")
@click.option(
    "--clock-out",
    "clock_out",
    default=None,
    help="New clock-out: HH:MM on the shift date, or YYYY-MM-DDTHH:MM for the next day.",
)
@click.option("--reason", required=True, help="Why (kept with the correction).")
@click.option("--by", "by", required=True, help="The correcting supervisor's id.")
@click.option("--pin-stdin", is_flag=True, help="Read the supervisor's PIN from standard input.")
@click.pass_context
def correct(
    ctx: click.Context,
    employee_id: str,
    shift_date: date,
    clock_in: str | None,
    clock_out: str | None,
    reason: str,
    by: str,
    pin_stdin: bool,
) -> None:
    """Correct a shift's clock-in or set its clock-out, with a reason, as supervisor BY.

    Times are local to the store: HH:MM on the shift date, or a full YYYY-MM-DDTHH:MM (e.g. a
    clock-out after midnight). The original record stays; the correction is added beside it.
    """
    if (clock_in is None) == (clock_out is None):
        raise click.UsageError("give exactly one of --clock-in or --clock-out")
    if not reason.strip():
        fail(t("supervisor.reason_needed", cli_lang()))
    lang = cli_lang()
    with opened(ctx, writer=True) as s:
        pin = read_pin(pin_stdin, confirm=False, prompt=f"PIN for {by}")
        login = s.auth.login(by, pin)
        if not login.ok:
            if login.employee is None and not login.terminal_paused:
                fail(t("staff.unknown", lang, id=by))
            fail(login.message(lang, s.config.tz, s.clock()))
        tools = supervisor_tools(s)
        field: CorrectionField = "clock_in" if clock_in is not None else "clock_out"
        text = clock_in if clock_in is not None else clock_out
        assert text is not None
        c = tools.corrections.correct_on_date(
            employee_id, shift_date, field, text, reason, actor=by
        )
        value = c.value.astimezone(s.config.tz).strftime("%Y-%m-%d %H:%M")
    click.echo(f"corrected {c.employee_id} shift of {shift_date}: {field} = {value} (by {by})")
