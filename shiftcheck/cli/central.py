"""`shiftcheck central init URL` and `shiftcheck central add-store URL STORE_ID` (head office)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from shiftcheck.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, cli_lang, fail
from shiftcheck.cli.output import echo
from shiftcheck.dburl import secret_in_url
from shiftcheck.domain.text import neutralise
from shiftcheck.i18n import t
from shiftcheck.services.context import HeadOffice, Services, open_head_office
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.summary import report_failure
from shiftcheck.services.sync.base import SyncError

if TYPE_CHECKING:  # psycopg is loaded only when the central database is used
    from shiftcheck.services.sync.central_read import InvalidRow


def invalid_rows_of(source: object) -> list[InvalidRow]:
    """The invalid documents a central-database source skipped so far (none for a terminal)."""
    from shiftcheck.services.sync.postgres import PostgresSource

    return source.invalid if isinstance(source, PostgresSource) else []


def list_invalid(rows: list[InvalidRow], lang: str) -> None:
    """One line per skipped invalid document on standard error: store, terminal, id, why."""
    for row in rows:
        click.echo(
            t(
                "central.invalid_row",
                lang,
                store=row.store_id,
                terminal=row.terminal_id,
                id=row.id,
                why=row.why,
            ),
            err=True,
        )


@contextmanager
def head_office(
    services: Services, url: str | None, store: str | None, *, report_invalid: bool = True
) -> Iterator[HeadOffice | None]:
    """For `--source URL [--store ID]`: the central database as the source (None: this
    terminal's own store). Without `--store` every store is read, employee ids prefixed with
    their store (`S001:E002`). Bad options exit 2; an unreachable database exits 1.

    Documents that fail the record contract are skipped; with `report_invalid` each is listed
    on standard error when the work is done (a summary), else the caller decides (payroll)."""
    lang = cli_lang()
    if url is None:
        if store is not None:
            fail("--store needs --source postgresql://...", EXIT_BAD_INPUT)
        yield None
        return
    _refuse_password(url)
    try:
        office = open_head_office(services, url, store)
    except SyncError as exc:
        fail(report_failure(exc).message(lang), EXIT_FAILED)
    except ServiceError as exc:
        fail(exc.message(lang), EXIT_BAD_INPUT)
    try:
        yield office
        if report_invalid:
            list_invalid(office.source.invalid, lang)
    except SyncError as exc:
        fail(report_failure(exc).message(lang), EXIT_FAILED)
    finally:
        office.close()


def _refuse_password(url: str) -> None:
    """Exit 2 when the URL carries a password in any spelling, saying where it goes instead."""
    how = secret_in_url(url)
    if how is not None:
        fail(t("central.url_password", cli_lang(), how=how), EXIT_BAD_INPUT)


@click.group()
def central() -> None:
    """Set up the chain's central PostgreSQL database (run by head office).

    URL is a libpq URL such as postgresql://admin@db.example.com/shiftcheck; add ?schema=NAME
    to use a schema other than `shiftcheck`. The password comes from PGPASSWORD or ~/.pgpass.
    """


@central.command()
@click.argument("url")
def init(url: str) -> None:
    """Create the schema (records, corrections, acknowledgements, audit, staff, terminals), or
    upgrade one an older shiftcheck made."""
    from shiftcheck.services.sync.central import init_or_upgrade, safe_url

    lang = cli_lang()
    _refuse_password(url)
    try:
        done = init_or_upgrade(url)
    except SyncError as exc:
        fail(exc.message(lang), EXIT_FAILED)
    except ServiceError as exc:
        fail(exc.message(lang), EXIT_BAD_INPUT)
    if done.upgraded is not None:
        echo(
            t(
                "central.upgraded",
                lang,
                schema=done.schema,
                where=safe_url(url),
                kept=done.upgraded.kept,
                aside=done.upgraded.set_aside,
            )
        )
    echo(t("central.init_done", lang, schema=done.schema, where=safe_url(url)))


@central.command(name="add-store")
@click.argument("url")
@click.argument("store_id")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the store role's new password from standard input (one line).",
)
def add_store_(url: str, store_id: str, password_stdin: bool) -> None:
    """Create the store's login role: it may add and read only its own store's rows."""
    from shiftcheck.services.sync.central import add_store, safe_url

    lang = cli_lang()
    _refuse_password(url)
    password = None
    if password_stdin:
        password = sys.stdin.readline().strip()
        if not password:
            fail("--password-stdin was given but standard input is empty")
    try:
        role = add_store(url, store_id, password)
    except SyncError as exc:
        fail(exc.message(lang), EXIT_FAILED)
    except ServiceError as exc:
        fail(exc.message(lang), EXIT_BAD_INPUT)
    echo(t("central.store_added", lang, role=role, store=store_id, where=safe_url(url)))


@central.command()
@click.argument("url")
@click.option("--store", "store", default=None, help="Only this store's terminals.")
def terminals(url: str, store: str | None) -> None:
    """Every terminal that has synced: last seen, and its clock's offset from the server."""
    from shiftcheck.services.sync.postgres import PostgresSource

    lang = cli_lang()
    _refuse_password(url)
    try:
        with PostgresSource(url, store) as source:
            rows = source.terminals()
    except SyncError as exc:
        fail(exc.message(lang), EXIT_FAILED)
    except ServiceError as exc:
        fail(exc.message(lang), EXIT_BAD_INPUT)
    for row in rows:
        flag = "  CLOCK OFF BY MORE THAN 5 MINUTES" if row["clock_flagged"] else ""
        click.echo(
            f"{row['store_id']}\t{neutralise(row['terminal_id'])}\tlast seen "
            f"{row['last_seen'].isoformat(timespec='seconds')}\tclock "
            f"{row['clock_skew_seconds']:+.0f} s{flag}"
        )
