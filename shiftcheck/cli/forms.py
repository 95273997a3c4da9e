"""`shiftcheck forms pending|acknowledge`: the handover of registration forms, counted in forms."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import click

from shiftcheck.cli.common import DATE, cli_lang, opened
from shiftcheck.cli.signin import sign_in
from shiftcheck.i18n import t
from shiftcheck.services.context import supervisor_tools
from shiftcheck.services.text_tables import render_table


def _clock_out(value: datetime, day: date, tz: ZoneInfo) -> str:
    """`18:05`, or `06:30+1` on the day after the shift's date."""
    local = value.astimezone(tz)
    later = (local.date() - day).days
    return local.strftime("%H:%M") + (f"{later:+d}" if later else "")


@click.group()
def forms() -> None:
    """Registration forms handed in at end checks and their acknowledgement."""


@forms.command()
@click.option("--date", "day", type=DATE, default=None, help="Only this day (the shift's date).")
@click.pass_context
def pending(ctx: click.Context, day: date | None) -> None:
    """Forms waiting for a supervisor, one line per employee and day (last 14 days)."""
    lang = cli_lang()
    with opened(ctx, writer=False) as s:
        tools = supervisor_tools(s)
        found = tools.acknowledgements.handovers(actor=None, day=day)
        people = tools.summary.names()
    headers = [t(f"forms.cli.{c}", lang) for c in ("employee", "name", "date", "out", "forms")]
    rows = [
        [
            h.employee_id,
            people[h.employee_id].name if h.employee_id in people else "",
            h.day.isoformat(),
            ", ".join(_clock_out(p.record.submitted_at, h.day, s.config.tz) for p in h.checks),
            str(h.forms),
        ]
        for h in found
    ]
    if rows:
        click.echo(render_table(headers, rows, align=("left",) * 4 + ("right",)))
    total = sum(h.forms for h in found)
    click.echo(t("forms.cli.total", lang, forms=total, handovers=len(found)))


@forms.command()
@click.option("--employee", "employee_id", required=True, help="Whose forms, e.g. E003.")
@click.option("--date", "day", type=DATE, required=True, help="The shifts' date.")
@click.option(
    "--received",
    type=click.IntRange(min=0),
    default=None,
    help="Forms actually received, when not the declared count (both are kept).",
)
@click.option("--by", "by", required=True, help="The acknowledging supervisor's id.")
@click.option("--pin-stdin", is_flag=True, help="Read the supervisor's PIN from standard input.")
@click.pass_context
def acknowledge(
    ctx: click.Context,
    employee_id: str,
    day: date,
    received: int | None,
    by: str,
    pin_stdin: bool,
) -> None:
    """Confirm, as supervisor BY, receipt of an employee's forms of one day."""
    lang = cli_lang()
    with opened(ctx, writer=True) as s:
        sign_in(s, by, pin_stdin, lang)
        tools = supervisor_tools(s)
        acks = tools.acknowledgements.acknowledge_handover(
            employee_id, day, actor=by, received=received
        )
        people = tools.summary.names()
    name = people[employee_id].name if employee_id in people else ""
    click.echo(
        t(
            "forms.cli.done",
            lang,
            id=employee_id,
            name=name,
            date=day.isoformat(),
            forms=sum(a.forms for a in acks),
            received=sum(a.forms_received for a in acks),
            by=by,
        )
    )
