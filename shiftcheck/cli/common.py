"""What every command shares: opening the data folder, messages, dates, PIN prompts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from shiftcheck.cli.output import echo_lines
from shiftcheck.config import ConfigError, resolve_data_dir
from shiftcheck.explained import Explained
from shiftcheck.i18n import t
from shiftcheck.services.checklist_files import ChecklistError
from shiftcheck.services.context import Services, open_services
from shiftcheck.services.errors import ServiceError, StoreError

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


def cli_lang() -> str:
    """The language of command-line messages: `$SHIFTCHECK_LANG`, else `$LANG` (zh → zh-CN)."""
    raw = os.environ.get("SHIFTCHECK_LANG") or os.environ.get("LANG") or ""
    return "zh-CN" if raw.lower().startswith("zh") else "en"


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print `message` on stderr and exit with `code` (2: bad input, 1: could not be done)."""
    echo_lines(f"shiftcheck: {message}", err=True)
    sys.exit(code)


def data_dir_of(ctx: click.Context) -> Path:
    """The data folder chosen by `--data-dir`, `$SHIFTCHECK_HOME` or the default."""
    root = ctx.find_root()
    raw = (root.obj or {}).get("data_dir")
    return resolve_data_dir(raw)


@contextmanager
def opened(ctx: click.Context, *, writer: bool, check_folder: bool = True) -> Iterator[Services]:
    """Open the data folder for a command; any problem exits with a specific message.

    `check_folder=False` lets a command that does not use the staff list (or mends it) run on
    a set-up folder whose staff file is missing or damaged.
    """
    data_dir = data_dir_of(ctx)
    if not writer and not data_dir.is_dir():
        fail(f"no data folder at {data_dir}", EXIT_BAD_INPUT)
    try:
        services = open_services(data_dir, writer=writer, check_folder=check_folder)
    except Explained as exc:  # a damaged or missing file of a set-up folder
        fail(exc.message(cli_lang()), EXIT_FAILED)
    except (ConfigError, ChecklistError) as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    try:
        yield services
    except ServiceError as exc:
        fail(exc.message(cli_lang()), EXIT_BAD_INPUT)
    except Explained as exc:
        fail(exc.message(cli_lang()), EXIT_FAILED)
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    finally:
        services.close()


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A calendar date written YYYY-MM-DD."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-27", param, ctx
            )


DATE = DateType()


def read_pin(pin_stdin: bool, *, confirm: bool, prompt: str = "PIN") -> str:
    """A PIN from stdin (one line) or a no-echo prompt (asked twice when `confirm`)."""
    if pin_stdin:
        line = sys.stdin.readline()
        if not line:
            fail("--pin-stdin was given but standard input is empty")
        return line.strip()
    if not sys.stdin.isatty():
        fail("no terminal to ask for the PIN; pipe it with --pin-stdin")
    pin = click.prompt(prompt, hide_input=True, type=str)
    if confirm:
        again = click.prompt(f"{prompt} (again)", hide_input=True, type=str)
        if again != pin:
            fail(t("pin.mismatch", cli_lang()))
    return str(pin).strip()
