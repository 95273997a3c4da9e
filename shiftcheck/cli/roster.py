"""`shiftcheck roster import|show|export`: the store's planned shifts at the command line."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import click

from shiftcheck.cli.common import DATE, EXIT_FAILED, cli_lang, fail, opened
from shiftcheck.cli.output import echo, echo_json, echo_lines
from shiftcheck.cli.signin import sign_in
from shiftcheck.domain.records import PlannedShift
from shiftcheck.domain.roster import ROSTER_COLUMNS, RosterLineError
from shiftcheck.i18n import t
from shiftcheck.services.context import Services, roster_service
from shiftcheck.services.errors import StoreWriteError
from shiftcheck.services.files import save_file
from shiftcheck.services.roster import RosterService
from shiftcheck.services.text_tables import render_table
from shiftcheck.services.wording import later_day_time

MAX_FILE_BYTES = 8 * 1024 * 1024
"""A roster file larger than this is refused unread (a year for 200 people is ~4 MB)."""


def _service(s: Services) -> RosterService:
    return roster_service(s)


def _read_csv(path: Path, lang: str) -> str:
    """The file's text, or exit 2 naming the file and what is wrong with it."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            fail(t("roster.cli.bad_file", lang, file=path, problem="larger than 8 MB"))
        raw = path.read_bytes()
    except OSError as exc:
        fail(t("roster.cli.bad_file", lang, file=path, problem=exc.strerror or str(exc)))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text (byte {exc.start + 1})"
        fail(t("roster.cli.bad_file", lang, file=path, problem=problem))


@click.group()
def roster() -> None:
    """The store's roster: who is planned to work when."""


@roster.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by", "by", required=True, help="The importing supervisor's id.")
@click.option("--pin-stdin", is_flag=True, help="Read the supervisor's PIN from standard input.")
@click.option(
    "--replace-week",
    type=DATE,
    default=None,
    help="Replace the plan of this date's week (the store's week) with the file's.",
)
@click.pass_context
def import_(
    ctx: click.Context, file: Path, by: str, pin_stdin: bool, replace_week: date | None
) -> None:
    """Import FILE (CSV: employee_id,date,start,end[,note]), all lines or none."""
    lang = cli_lang()
    text = _read_csv(file, lang)
    with opened(ctx, writer=True) as s:
        sign_in(s, by, pin_stdin, lang)
        try:
            outcome = _service(s).import_csv(text, actor=by, replace_week=replace_week)
        except RosterLineError as exc:
            fail(
                t(
                    "roster.cli.bad_line",
                    lang,
                    file=file,
                    line=exc.line,
                    field=exc.field,
                    problem=exc.problem,
                )
            )
    echo(
        t(
            "roster.cli.imported",
            lang,
            added=outcome.added,
            changed=outcome.changed,
            removed=outcome.removed,
            unchanged=outcome.unchanged,
        )
    )


def _hours(minutes: Decimal) -> str:
    return f"{minutes / 60:.2f}"


def _weekday(day: date, lang: str) -> str:
    return t(f"kiosk.weekday.{day.weekday()}", lang)


@roster.command()
@click.option("--week", "week", type=DATE, default=None, help="A date in the week (default: now).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="How to print the week's plans.",
)
@click.pass_context
def show(ctx: click.Context, week: date | None, fmt: str) -> None:
    """The planned shifts of one week (the store's week: `[payroll] week_start`)."""
    lang = cli_lang()
    with opened(ctx, writer=False) as s:
        day = week if week is not None else s.clock().astimezone(s.config.tz).date()
        service = _service(s)
        first, last = service.week(day)
        plans = service.plans(first, last)
        names = {e.id: e.name for e in s.store.list_staff(include_inactive=True)}
        tz = s.config.tz
    if fmt == "json":
        echo_json(
            {
                "week": {"first": first.isoformat(), "last": last.isoformat()},
                "plans": [
                    {
                        **_export_fields(p),
                        "plan": p.plan,
                        "name": names.get(p.employee_id, ""),
                        "planned_minutes": int(p.minutes(tz)),
                    }
                    for p in plans
                ],
            }
        )
        return
    if fmt == "csv":
        echo_lines(_csv(plans).rstrip("\n"))
        return
    if not plans:
        echo(t("roster.cli.empty", lang, first=first.isoformat(), last=last.isoformat()))
        return
    keys = ("employee", "name", "date", "day", "start", "end", "hours", "note")
    headers = [t(f"roster.cli.{k}", lang) for k in keys]
    rows = [
        [
            p.employee_id,
            names.get(p.employee_id, ""),
            p.day.isoformat(),
            _weekday(p.day, lang),
            f"{p.start:%H:%M}",
            later_day_time(p.end, 1 if p.overnight else 0),
            _hours(p.minutes(tz)),
            p.note,
        ]
        for p in plans
    ]
    echo_lines(render_table(headers, rows, align=("left",) * 6 + ("right",)))
    total = sum((p.minutes(tz) for p in plans), Decimal(0))
    echo(
        t(
            "roster.cli.total",
            lang,
            plans=len(plans),
            hours=_hours(total),
            first=first.isoformat(),
            last=last.isoformat(),
        )
    )


def _export_fields(plan: PlannedShift) -> dict[str, str]:
    return {
        "employee_id": plan.employee_id,
        "date": plan.day.isoformat(),
        "start": f"{plan.start:%H:%M}",
        "end": f"{plan.end:%H:%M}",
        "note": plan.note,
    }


def _csv(plans: list[PlannedShift]) -> str:
    """The plans in the import format (importing it again changes nothing)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*ROSTER_COLUMNS, "note"])
    for plan in plans:
        writer.writerow(list(_export_fields(plan).values()))
    return out.getvalue()


@roster.command()
@click.option("--from", "first", type=DATE, default=None, help="First date (default: all).")
@click.option("--to", "last", type=DATE, default=None, help="Last date (default: all).")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the CSV to this file instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, first: date | None, last: date | None, output: Path | None) -> None:
    """The roster as CSV in the import format, every plan that stands."""
    with opened(ctx, writer=False) as s:
        plans = _service(s).plans(first, last)
    text = _csv(plans)
    if output is None:
        echo_lines(text.rstrip("\n"))
        return
    try:
        save_file(output, text.encode("utf-8"))
    except StoreWriteError as exc:
        fail(str(exc), EXIT_FAILED)
