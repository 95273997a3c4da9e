"""`shiftcheck sync [--target NAME]` and `shiftcheck sync status`."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from shiftcheck.cli.common import EXIT_FAILED, cli_lang, fail, opened
from shiftcheck.cli.output import echo
from shiftcheck.cli.sync_key import key
from shiftcheck.domain.text import neutralise
from shiftcheck.i18n import t
from shiftcheck.services.context import sync_service
from shiftcheck.services.sync import SyncProgress, TargetResult
from shiftcheck.services.text_tables import render_table


def _report(result: TargetResult, lang: str) -> bool:
    """Print what a sync did with one target; True if it all went through."""
    error = result.error_message(lang)
    if error is not None:
        echo(t("sync.result.failed", lang, target=result.target, error=error), err=True)
        return False
    echo(
        t(
            "sync.result.ok",
            lang,
            target=result.target,
            pushed=result.pushed,
            already=result.already_there,
            pulled=result.pulled,
            staff=result.staff_added,
        )
    )
    for refusal in result.refused:
        echo(
            t(
                "sync.result.refused",
                lang,
                target=result.target,
                id=refusal.id,
                reason=refusal.reason,
            ),
            err=True,
        )
    for problem in result.problems:
        echo(t("sync.result.problem", lang, target=result.target, problem=problem), err=True)
    if result.clock_off and result.clock_offset is not None:
        minutes = f"{abs(result.clock_offset) / 60:.0f}"
        echo(t("sync.result.clock_off", lang, target=result.target, minutes=minutes), err=True)
    return result.ok


def _progress_line(lang: str) -> Callable[[SyncProgress], None]:
    """Progress on one terminal line (only when standard error is a terminal)."""

    def show(p: SyncProgress) -> None:
        end = "\n" if p.phase == "done" else ""
        phase = t(f"sync.phase.{p.phase}", lang)
        text = (
            t("sync.screen.running", lang, target=p.target, phase=phase, done=p.done, total=p.total)
            if p.total
            else t("sync.screen.phase", lang, target=p.target, phase=phase)
        )
        click.echo(f"\r{neutralise(text)}\033[K{end}", err=True, nl=False)

    return show


@click.group(invoke_without_command=True)
@click.option("--target", "target_name", help="Sync only this target (a name from config.toml).")
@click.option(
    "--retry-refused",
    is_flag=True,
    help="Only send again the records a target refused (listed by `sync status`); those it "
    "takes now leave the list.",
)
@click.pass_context
def sync(ctx: click.Context, target_name: str | None, retry_refused: bool) -> None:
    """Send this terminal's new records to each sync target, then fetch the other terminals'.

    Exit code 1 when a target could not be reached or something was refused or rejected.
    """
    if ctx.invoked_subcommand is not None:
        return
    lang = cli_lang()
    progress = _progress_line(lang) if sys.stderr.isatty() else None
    with opened(ctx, writer=True) as s:
        service = sync_service(s)
        if retry_refused:
            results = service.retry_refused(target_name)
        else:
            results = service.sync(target_name, progress=progress)
    ok = [_report(r, lang) for r in results]
    if not all(ok):
        fail(
            ", ".join(r.target for r, good in zip(results, ok, strict=True) if not good)
            + ": see above",
            EXIT_FAILED,
        )


@sync.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Per target: records waiting to be sent, last success, last error."""
    lang = cli_lang()
    with opened(ctx, writer=False) as s:
        rows = sync_service(s).status()
    if not rows:
        fail(t("sync.no_targets", lang))
    headers = [
        t(f"table.sync.{c}", lang)
        for c in ("target", "kind", "where", "pending", "success", "error")
    ]
    cells = [
        [
            row.target,
            t(f"table.sync.kind.{row.kind}", lang),
            row.where,
            str(row.pending),
            row.last_success or t("sync.status.never", lang),
            f"{row.last_error_at}: {row.last_error}"
            if row.last_error
            else t("sync.status.none", lang),
        ]
        for row in rows
    ]
    click.echo(render_table(headers, cells, align=("left", "left", "left", "right")))
    for row in rows:
        for refused in row.refused:
            echo(
                row.target
                + t(
                    "sync.status.refused",
                    lang,
                    id=refused.get("id", "?"),
                    at=refused.get("at", "?"),
                    reason=refused.get("reason", ""),
                )
            )


sync.add_command(key)
