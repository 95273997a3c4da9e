"""`shiftcheck export payroll|profiles`: timesheets for payroll in CSV, XLSX or JSON."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from shiftcheck.cli.common import DATE, EXIT_FAILED, cli_lang, fail, opened
from shiftcheck.config import Config
from shiftcheck.i18n import t
from shiftcheck.services.context import Services
from shiftcheck.services.damaged import (
    DamagedPeriodError,
    damaged_days,
    payroll_first_day,
    refuse_or_list,
)
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.export_profiles import DEFAULT_PROFILE, list_profiles, load_profile
from shiftcheck.services.history import HistorySource
from shiftcheck.services.payroll import (
    PayrollService,
    check_target,
    format_for,
    write_file,
)
from shiftcheck.services.payroll_report import PayrollReport
from shiftcheck.services.payroll_writers import FORMATS, render
from shiftcheck.services.text_tables import render_table


@contextmanager
def _source(
    services: Services, url: str | None, store_id: str | None
) -> Iterator[tuple[HistorySource, Config]]:
    """This terminal's store and config, or the central database with `--source`."""
    if url is None and store_id is None:
        yield services.store, services.config
        return
    from shiftcheck.cli.central import head_office

    with head_office(services, url, store_id, report_invalid=False) as office:
        yield (office.source, office.config) if office else (services.store, services.config)


@click.group()
def export() -> None:
    """Export timesheets for payroll."""


@export.command()
@click.option("--from", "first", type=DATE, required=True, help="First day (YYYY-MM-DD).")
@click.option("--to", "last", type=DATE, required=True, help="Last day, inclusive.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="csv, xlsx or json (default: from the -o suffix, else csv).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file (atomically); CSV and JSON go to standard output without it.",
)
@click.option(
    "--employee",
    "employees",
    multiple=True,
    metavar="ID",
    help="Only this employee (repeat for more).",
)
@click.option(
    "--profile",
    default=DEFAULT_PROFILE,
    show_default=True,
    help="Export profile: columns and formats (see `shiftcheck export profiles`).",
)
@click.option("--totals", is_flag=True, help="CSV/JSON: one row per employee instead of shifts.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--no-bom", is_flag=True, help="CSV without the UTF-8 byte-order mark.")
@click.option(
    "--source",
    default=None,
    metavar="URL",
    help="Read the chain's central database (postgresql://...) instead of this terminal.",
)
@click.option("--store", "store_id", default=None, help="With --source: one store (default: all).")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="With --source: leave out documents that fail the record contract (listed on stderr "
    "and on the XLSX Export sheet) instead of stopping.",
)
@click.option(
    "--allow-damaged",
    is_flag=True,
    help="Go on when days of the period are damaged (in quarantine/), listing them.",
)
@click.pass_context
def payroll(
    ctx: click.Context,
    first: date,
    last: date,
    fmt: str | None,
    output: Path | None,
    employees: tuple[str, ...],
    profile: str,
    totals: bool,
    force: bool,
    no_bom: bool,
    source: str | None,
    store_id: str | None,
    skip_invalid: bool,
    allow_damaged: bool,
) -> None:
    """One row per shift dated FROM..TO (clock-in's local day), with paid, regular and overtime
    hours under the store's rules; XLSX adds a Totals sheet."""
    lang = cli_lang()
    try:
        if first > last:
            raise ServiceError("payroll.bad_period", first=first.isoformat(), last=last.isoformat())
        chosen = format_for(output, fmt)
        if chosen == "xlsx" and output is None:
            raise ServiceError("payroll.xlsx_needs_output")
        if output is not None:
            check_target(output, force=force)
    except ServiceError as exc:
        fail(exc.message(lang))
    with opened(ctx, writer=False) as s, _source(s, source, store_id) as (history, config):
        chosen_profile = load_profile(profile, s.data_dir)
        damaged = damaged_days(history, payroll_first_day(config, first), last)
        try:
            left_out = refuse_or_list(damaged, allow=allow_damaged)
        except DamagedPeriodError as exc:
            fail(exc.message(lang), EXIT_FAILED)
        report = PayrollService(history, config).report(first, last, employees or None)
        report = _invalid_checked(report, history, skip_invalid, lang)
        if left_out:
            click.echo(f"shiftcheck: {t('trust.damaged_included', lang, days=left_out)}", err=True)
            report = replace(report, damaged=left_out)
        data = render(report, chosen_profile, chosen, totals=totals, bom=not no_bom)
        if output is not None:
            write_file(output, data, force=force)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    click.echo(
        f"wrote {len(report.rows)} shifts, {len(report.totals)} employees to {output}", err=True
    )


def _invalid_checked(
    report: PayrollReport, history: HistorySource, skip: bool, lang: str
) -> PayrollReport:
    """The report, after the central database's invalid documents: none, or listed on stderr
    and then exit 1 (nobody is paid from a wrong record) unless `skip`, which keeps their list
    in the report (the XLSX Export sheet)."""
    from shiftcheck.cli.central import invalid_rows_of, list_invalid

    invalid = invalid_rows_of(history)
    if not invalid:
        return report
    list_invalid(invalid, lang)
    if not skip:
        fail(t("central.invalid_stop", lang, count=len(invalid)), EXIT_FAILED)
    return replace(report, skipped=tuple(row.describe() for row in invalid))


@export.command()
@click.pass_context
def profiles(ctx: click.Context) -> None:
    """List the export profiles (shipped and the store's own) and check each one."""
    with opened(ctx, writer=False) as s:
        found = list_profiles(s.data_dir)
    lang = cli_lang()
    rows: list[list[str]] = []
    bad = False
    for name, result in found:
        if isinstance(result, ServiceError):
            bad = True
            click.echo(f"{name}: {result.message(lang)}", err=True)
        else:
            rows.append([name, result.title_in(lang), result.source])
    headers = [t(f"table.profile.{c}", lang) for c in ("name", "title", "source")]
    click.echo(render_table(headers, rows))
    if bad:
        fail("some export profiles are not valid (see above)")
