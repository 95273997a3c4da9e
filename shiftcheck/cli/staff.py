"""`shiftcheck staff add|list|deactivate|reactivate|reset-pin|unlock|restore`."""

from __future__ import annotations

from pathlib import Path

import click

from shiftcheck.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    cli_lang,
    data_dir_of,
    fail,
    opened,
    read_pin,
)
from shiftcheck.cli.output import echo, echo_json
from shiftcheck.domain.staff import Role
from shiftcheck.i18n import t
from shiftcheck.services.text_tables import render_table


@click.group()
def staff() -> None:
    """Manage the terminal's staff list."""


@staff.command()
@click.option("--id", "employee_id", required=True, help="Employee id, e.g. E001.")
@click.option("--name", required=True, help="Name as shown on the terminal.")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="staff", show_default=True
)
@click.option(
    "--lang",
    type=click.Choice(["zh-CN", "en"]),
    default="zh-CN",
    show_default=True,
    help="The employee's screen language.",
)
@click.option("--pin-stdin", is_flag=True, help="Read the PIN from standard input.")
@click.pass_context
def add(
    ctx: click.Context, employee_id: str, name: str, role: str, lang: str, pin_stdin: bool
) -> None:
    """Add an employee with a PIN (asked twice, not echoed).

    Also works where the staff file is missing or damaged and no backup is left: the way for
    store IT to put a supervisor back from the command line.
    """
    with opened(ctx, writer=True, check_folder=False) as s:
        pin = read_pin(pin_stdin, confirm=True)
        employee = s.staff.add(employee_id, name, pin, role=Role(role), language=lang)
    echo(f"added {employee.id} {employee.name} ({employee.role.value})")


@staff.command(name="list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--all", "include_inactive", is_flag=True, help="Include deactivated staff.")
@click.pass_context
def list_(ctx: click.Context, fmt: str, include_inactive: bool) -> None:
    """List staff (never shows PINs)."""
    with opened(ctx, writer=False) as s:
        people = s.staff.list(include_inactive=include_inactive)
        now = s.clock()
    if fmt == "json":
        rows = [
            {
                "id": e.id,
                "name": e.name,
                "role": e.role.value,
                "language": e.language,
                "active": e.active,
                "locked": e.is_locked(now),
            }
            for e in people
        ]
        echo_json(rows)
        return
    lang = cli_lang()
    headers = [t(f"table.staff.{c}", lang) for c in ("id", "name", "role", "lang", "status")]
    cells: list[list[str]] = []
    for e in people:
        status = "inactive" if not e.active else ("locked" if e.is_locked(now) else "active")
        role = t("role." + e.role.value, lang)
        cells.append([e.id, e.name, role, e.language, t(f"table.status.{status}", lang)])
    click.echo(render_table(headers, cells))


@staff.command()
@click.argument("employee_id")
@click.pass_context
def deactivate(ctx: click.Context, employee_id: str) -> None:
    """Take an employee off the terminal (their history stays)."""
    with opened(ctx, writer=True) as s:
        e = s.staff.deactivate(employee_id)
    echo(f"deactivated {e.id} {e.name}")


@staff.command()
@click.argument("employee_id")
@click.option("--pin-stdin", is_flag=True, help="Read the PIN from standard input.")
@click.pass_context
def reactivate(ctx: click.Context, employee_id: str, pin_stdin: bool) -> None:
    """Put a deactivated employee back on the terminal with a new PIN (e.g. the supervisor of
    a backup restored into an empty folder, where `records import` adds everyone inactive)."""
    with opened(ctx, writer=True) as s:
        s.staff.get(employee_id)
        pin = read_pin(pin_stdin, confirm=True, prompt="New PIN")
        e = s.staff.reactivate(employee_id, pin)
    echo(t("review.staff_reactivated", cli_lang(), id=e.id, name=e.name))


@staff.command(name="reset-pin")
@click.argument("employee_id")
@click.option("--pin-stdin", is_flag=True, help="Read the new PIN from standard input.")
@click.pass_context
def reset_pin(ctx: click.Context, employee_id: str, pin_stdin: bool) -> None:
    """Give an employee a new PIN."""
    with opened(ctx, writer=True) as s:
        s.staff.get(employee_id)
        pin = read_pin(pin_stdin, confirm=True, prompt="New PIN")
        e = s.staff.reset_pin(employee_id, pin)
    echo(f"new PIN set for {e.id} {e.name}")


@staff.command()
@click.argument("employee_id", required=False)
@click.option("--terminal", is_flag=True, help="Resume PIN entry on a paused terminal.")
@click.pass_context
def unlock(ctx: click.Context, employee_id: str | None, terminal: bool) -> None:
    """Clear an employee's wrong-PIN lock (or the terminal's pause with --terminal)."""
    if not employee_id and not terminal:
        raise click.UsageError("give an EMPLOYEE_ID or --terminal")
    with opened(ctx, writer=True) as s:
        if employee_id:
            e = s.staff.unlock(employee_id)
            echo(f"unlocked {e.id} {e.name}")
        if terminal:
            s.staff.unlock_terminal()
            click.echo("PIN entry resumed on this terminal")


@staff.command()
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force", is_flag=True, help="Replace an intact staff list too (kept in quarantine/)."
)
@click.pass_context
def restore(ctx: click.Context, source: Path, force: bool) -> None:
    """Put back the staff list from FILE (a backup of staff.json, or a repaired copy).

    The whole file is checked first; a bad one is refused and nothing changes.
    """
    from shiftcheck.services.errors import ServiceError, StoreError
    from shiftcheck.services.staff_restore import restore_staff

    data_dir = data_dir_of(ctx)
    if not data_dir.is_dir():
        fail(f"no data folder at {data_dir}", EXIT_BAD_INPUT)
    lang = cli_lang()
    try:
        staff = restore_staff(data_dir, source, force=force)
    except ServiceError as exc:
        fail(exc.message(lang), EXIT_BAD_INPUT)
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    click.echo(t("trust.restored", lang, source=source, count=len(staff)))
