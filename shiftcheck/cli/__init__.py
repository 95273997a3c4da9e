"""The `shiftcheck` command. With no command it starts the kiosk.

Commands live in their own modules and are imported only when used, so that the kiosk starts
fast and one command's imports (openpyxl, psycopg...) never slow another.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from shiftcheck import __version__

LAZY_COMMANDS: dict[str, str] = {
    "kiosk": "shiftcheck.cli.kiosk:kiosk",
    "demo": "shiftcheck.cli.kiosk:demo",
    "checklists": "shiftcheck.cli.checklists:checklists",
    "staff": "shiftcheck.cli.staff:staff",
    "records": "shiftcheck.cli.records:records",
    "summary": "shiftcheck.cli.summary:summary",
    "correct": "shiftcheck.cli.summary:correct",
    "forms": "shiftcheck.cli.forms:forms",
    "roster": "shiftcheck.cli.roster:roster",
    "export": "shiftcheck.cli.export:export",
    "sync": "shiftcheck.cli.sync:sync",
    "central": "shiftcheck.cli.central:central",
}
"""Command name → `module:attribute` of its click command."""

_chosen_data_dir: str | None = None
"""`--data-dir` of the running command ("" for the default; None before the options are read):
where an unexpected error is logged."""


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in LAZY_COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None  # not part of this build
            raise
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Data folder (default: $SHIFTCHECK_HOME, else the user data folder).",
)
@click.version_option(__version__, prog_name="shiftcheck")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None) -> None:
    """shiftcheck: start- and end-of-shift self-checks, clock-in and payroll for store staff.

    With no command, starts the kiosk on the data folder.
    """
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    global _chosen_data_dir
    _chosen_data_dir = data_dir or ""
    if ctx.invoked_subcommand is None:
        kiosk = LazyGroup._load("kiosk")
        if kiosk is None:
            raise click.UsageError("this build has no kiosk; see `shiftcheck --help`")
        ctx.invoke(kiosk)


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the `shiftcheck` console script.

    An unexpected error prints a short message and exits with 1; its traceback (without local
    variables) goes to the data folder's `logs/crash.log`.
    """
    try:
        return cli.main(args=argv, prog_name="shiftcheck")
    except Exception as error:
        from shiftcheck.cli.common import EXIT_FAILED, cli_lang
        from shiftcheck.config import resolve_data_dir
        from shiftcheck.crash_log import report_crash

        chosen = None if _chosen_data_dir is None else resolve_data_dir(_chosen_data_dir)
        report_crash(chosen, error, cli_lang())
        sys.exit(EXIT_FAILED)
