"""`shiftcheck summary` (the team's day or a period, as on the supervisor screen) and
`shiftcheck correct` (a supervisor's correction of a clock-in or clock-out, with a reason)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from shiftcheck.cli.common import (
    DATE,
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    cli_lang,
    fail,
    opened,
)
from shiftcheck.cli.output import echo, echo_json_bytes, echo_lines
from shiftcheck.cli.signin import sign_in
from shiftcheck.domain.records import CorrectionField
from shiftcheck.i18n import t
from shiftcheck.services.context import Services, supervisor_tools
from shiftcheck.services.damaged import DamagedPeriodError, damaged_days, refuse_or_list
from shiftcheck.services.summary import SummaryService
from shiftcheck.services.summary_files import (
    day_csv,
    day_json,
    encode_json,
    period_csv,
    period_json,
)
from shiftcheck.services.summary_tables import day_table, period_table


@contextmanager
def _source(services: Services, url: str | None, store_id: str | None) -> Iterator[SummaryService]:
    """The summary over this terminal's store, or over the central database with `--source`."""
    if url is None and store_id is None:
        yield supervisor_tools(services).summary
        return
    from shiftcheck.cli.central import head_office

    with head_office(services, url, store_id) as office:
        yield office.summary(services) if office is not None else supervisor_tools(services).summary


def _damaged(svc: SummaryService, first: date, last: date, allow: bool, lang: str) -> None:
    """Refuse a period with damaged days (exit 1) unless `allow`; then list them on stderr."""
    try:
        left_out = refuse_or_list(damaged_days(svc.history.source, first, last), allow=allow)
    except DamagedPeriodError as exc:
        fail(exc.message(lang), EXIT_FAILED)
    if left_out:
        click.echo(f"shiftcheck: {t('trust.damaged_included', lang, days=left_out)}", err=True)


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
    help="csv: one line per row of the day (a period: per employee), UTF-8 with a BOM.",
)
@click.option("--no-bom", is_flag=True, help="CSV without the byte-order mark.")
@click.option(
    "--source",
    default=None,
    metavar="URL",
    help="Read the chain's central database (postgresql://...) instead of this terminal.",
)
@click.option("--store", "store_id", default=None, help="With --source: one store (default: all).")
@click.option(
    "--allow-damaged",
    is_flag=True,
    help="Go on when days of the period are damaged (in quarantine/), listing them.",
)
@click.pass_context
def summary(
    ctx: click.Context,
    day: date | None,
    first: date | None,
    last: date | None,
    fmt: str,
    source: str | None,
    store_id: str | None,
    allow_damaged: bool,
    no_bom: bool,
) -> None:
    """The team's day (or a period with --from/--to), as on the supervisor screen."""
    if day is not None and (first is not None or last is not None):
        raise click.UsageError("give either --date or --from/--to, not both")
    if (first is None) != (last is None):
        raise click.UsageError("a period needs both --from and --to")
    lang = cli_lang()
    bom = not no_bom
    with opened(ctx, writer=False) as s, _source(s, source, store_id) as svc:
        now = s.clock()
        today = now.astimezone(svc.tz).date()
        if first is not None and last is not None:
            if first > today:
                fail(t("supervisor.future_date", lang, date=first.isoformat()), EXIT_BAD_INPUT)
            _damaged(svc, first, last, allow_damaged, lang)
            period = svc.period(first, last, now)
            if fmt == "json":
                echo_json_bytes(encode_json(period_json(period, lambda i: svc.item_label(i, lang))))
            elif fmt == "csv":
                click.echo(period_csv(period, bom=bom), nl=False)
            else:
                echo_lines(period_table(period, svc, lang))
            return
        day = day or today
        if day > today:
            fail(t("supervisor.future_date", lang, date=day.isoformat()), EXIT_BAD_INPUT)
        _damaged(svc, day, day, allow_damaged, lang)
        result = svc.day(day, now)
        if fmt == "json":
            echo_json_bytes(encode_json(day_json(result)))
        elif fmt == "csv":
            click.echo(day_csv(result, bom=bom), nl=False)
        else:
            echo_lines(day_table(result, svc, lang))


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
        sign_in(s, by, pin_stdin, lang)
        tools = supervisor_tools(s)
        field: CorrectionField = "clock_in" if clock_in is not None else "clock_out"
        text = clock_in if clock_in is not None else clock_out
        assert text is not None
        c = tools.corrections.correct_on_date(
            employee_id, shift_date, field, text, reason, actor=by
        )
        value = c.value.astimezone(s.config.tz).strftime("%Y-%m-%d %H:%M")
    echo(f"corrected {c.employee_id} shift of {shift_date}: {field} = {value} (by {by})")
