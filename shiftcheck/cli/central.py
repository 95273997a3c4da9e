"""`shiftcheck central init URL` and `shiftcheck central add-store URL STORE_ID` (head office)."""

from __future__ import annotations

import sys

import click

from shiftcheck.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, cli_lang, fail
from shiftcheck.i18n import t
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.sync import SyncError
from shiftcheck.services.sync.central import add_store, init_schema, safe_url


def _refuse_password(url: str) -> None:
    rest = url.split("://", 1)[-1].split("@", 1)
    if len(rest) == 2 and ":" in rest[0]:
        fail("the URL must not contain a password; use PGPASSWORD or ~/.pgpass", EXIT_BAD_INPUT)


@click.group()
def central() -> None:
    """Set up the chain's central PostgreSQL database (run by head office).

    URL is a libpq URL such as postgresql://admin@db.example.com/shiftcheck; add ?schema=NAME
    to use a schema other than `shiftcheck`. The password comes from PGPASSWORD or ~/.pgpass.
    """


@central.command()
@click.argument("url")
def init(url: str) -> None:
    """Create the schema: records, corrections, acknowledgements, audit, staff, terminals."""
    lang = cli_lang()
    _refuse_password(url)
    try:
        schema = init_schema(url)
    except SyncError as exc:
        fail(exc.message(lang), EXIT_FAILED)
    except ServiceError as exc:
        fail(exc.message(lang), EXIT_BAD_INPUT)
    click.echo(t("central.init_done", lang, schema=schema, where=safe_url(url)))


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
    click.echo(t("central.store_added", lang, role=role, store=store_id, where=safe_url(url)))
