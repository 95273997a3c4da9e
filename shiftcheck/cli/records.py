"""`shiftcheck records import|export`: JSON Lines of the record contract."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from shiftcheck.cli.common import DATE, EXIT_FAILED, cli_lang, fail, opened
from shiftcheck.domain.records import DOCUMENT_TYPES, FIRST_YEAR, LAST_YEAR
from shiftcheck.i18n import t
from shiftcheck.services.errors import StoreWriteError
from shiftcheck.services.files import save_file
from shiftcheck.services.records_io import day_bounds, export_text, import_file

FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
"""The days documents may fall on."""


@click.group()
def records() -> None:
    """Move records in and out as JSON Lines."""


@records.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_(ctx: click.Context, file: Path) -> None:
    """Import a file of `records export`; all lines are checked first, then all or none go in.

    Employees of the file's staff directory this terminal does not know are added inactive
    and without a PIN (their records then show with a name)."""
    # The file's staff directory is merged into the staff list, which must be readable.
    with opened(ctx, writer=True) as s:
        result = import_file(s.store, file, s.config.store_id, s.checklists)
    click.echo(
        t(
            "records.imported",
            cli_lang(),
            read=result.read,
            added=result.added,
            there=result.already_there,
            staff=result.staff_read,
            staff_added=result.staff_added,
        )
    )


@records.command()
@click.option("--from", "first", type=DATE, help="First day (YYYY-MM-DD, store time).")
@click.option("--to", "last", type=DATE, help="Last day, inclusive.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, first: date | None, last: date | None, output: Path | None) -> None:
    """Export the staff directory (no PINs), then records, corrections, acknowledgements,
    audit events and roster plans, as JSON Lines."""
    if first and last and first > last:
        fail(f"--from {first} is after --to {last}")
    for day in (first, last):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            fail(
                t("records.day_out_of_range", cli_lang(), date=day, first=FIRST_DAY, last=LAST_DAY)
            )
    # The backup carries the staff directory: never written without it.
    with opened(ctx, writer=False) as s:
        # Shard files named for a day no document may have hold nothing to export.
        days = [d for d in s.store.shard_days() if str(FIRST_DAY) <= d <= str(LAST_DAY)]
        lo = first or (date.fromisoformat(days[0]) if days else date.today())
        hi = last or (date.fromisoformat(days[-1]) if days else date.today())
        start, end = day_bounds(lo, hi, s.config.tz)
        docs = s.store.history(start, end, tuple(DOCUMENT_TYPES.values()))
        text, count = export_text(s.store.list_staff(include_inactive=True), docs)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        save_file(output, text.encode("utf-8"))
    except StoreWriteError as exc:
        fail(str(exc), EXIT_FAILED)
    click.echo(t("records.wrote", cli_lang(), count=count, path=output), err=True)
