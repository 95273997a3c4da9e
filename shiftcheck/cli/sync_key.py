"""`shiftcheck sync key set|generate|show`: the store's sync key on this terminal."""

from __future__ import annotations

import sys

import click

from shiftcheck.cli.common import EXIT_FAILED, cli_lang, fail, opened
from shiftcheck.i18n import t
from shiftcheck.services.errors import SyncKeyError
from shiftcheck.services.sync.keys import KeySet, key_fingerprint, new_sync_key, set_sync_key


@click.group()
def key() -> None:
    """The store's sync key: every terminal of the store needs the same one to use a
    shared folder (bundles are signed with it). It stays in the data folder (mode 0600)."""


def _told(result: KeySet, lang: str) -> None:
    click.echo(t("share.key_saved", lang, fingerprint=result.fingerprint), err=True)
    if result.resend:
        click.echo(t("share.key_resend", lang, targets=", ".join(result.resend)), err=True)


@key.command(name="set")
@click.option("--replace", is_flag=True, help="Replace a different key set before.")
@click.pass_context
def set_(ctx: click.Context, replace: bool) -> None:
    """Read the key from standard input (one line; typed without echo at a terminal)."""
    lang = cli_lang()
    if sys.stdin.isatty():
        text = str(click.prompt(t("share.key_prompt", lang), hide_input=True, type=str))
    else:
        text = sys.stdin.readline()
        if not text.strip():
            fail(t("share.key_empty", lang))
    with opened(ctx, writer=True) as s:
        result = set_sync_key(s.store, s.config, text, replace=replace)
    _told(result, lang)


@key.command()
@click.option("--replace", is_flag=True, help="Replace a different key set before.")
@click.pass_context
def generate(ctx: click.Context, replace: bool) -> None:
    """Make a new random key, keep it and print it once (enter it on the other terminals
    with `shiftcheck sync key set`)."""
    lang = cli_lang()
    text = new_sync_key()
    with opened(ctx, writer=True) as s:
        result = set_sync_key(s.store, s.config, text, replace=replace)
    click.echo(text)
    _told(result, lang)


@key.command()
@click.pass_context
def show(ctx: click.Context) -> None:
    """The key's fingerprint (the same on every terminal of the store), never the key."""
    lang = cli_lang()
    with opened(ctx, writer=False) as s:
        try:
            fingerprint = key_fingerprint(s.store)
        except SyncKeyError as exc:
            fail(str(exc), EXIT_FAILED)
    if fingerprint is None:
        fail(t("share.key_none", lang), EXIT_FAILED)
    click.echo(fingerprint)
