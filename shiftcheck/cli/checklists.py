"""`shiftcheck checklists validate|show`."""

from __future__ import annotations

from pathlib import Path

import click

from shiftcheck.cli.common import EXIT_FAILED, data_dir_of, fail
from shiftcheck.cli.output import echo, echo_json
from shiftcheck.config import ConfigError, load_config
from shiftcheck.domain.checklist import CHECKLIST_IDS, Checklist
from shiftcheck.services.checklist_files import ChecklistError, checklist_folder, load_checklists


def _folder(ctx: click.Context, folder: str | None) -> Path:
    if folder:
        return Path(folder)
    data_dir = data_dir_of(ctx)
    try:
        config = load_config(data_dir)
    except ConfigError as exc:
        fail(str(exc))
    from shiftcheck.config import Config

    return checklist_folder(config or Config(), data_dir)


@click.group()
def checklists() -> None:
    """Check and show the checklists."""


@checklists.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.pass_context
def validate(ctx: click.Context, folder: str | None) -> None:
    """Check a checklist folder (default: the store's); one line per problem."""
    path = _folder(ctx, folder)
    try:
        loaded = load_checklists(path)
    except ChecklistError as exc:
        for problem in exc.problems:
            echo(str(problem), err=True)
        raise SystemExit(EXIT_FAILED) from None
    for checklist in loaded.values():
        click.echo(
            f"ok  {checklist.id}  version {checklist.version_tag}  {len(checklist.items)} items"
        )


def _as_json(checklist: Checklist) -> dict[str, object]:
    return {
        "id": checklist.id,
        "version": checklist.version,
        "checklist_version": checklist.version_tag,
        "content_hash": checklist.content_hash,
        "title": {"zh": checklist.title.zh, "en": checklist.title.en},
        "sections": [
            {
                "id": s.id,
                "title": {"zh": s.title.zh, "en": s.title.en},
                "items": [
                    {
                        "id": i.id,
                        "kind": i.kind.value,
                        "text": {"zh": i.text.zh, "en": i.text.en},
                        "help": {"zh": i.help.zh, "en": i.help.en} if i.help else None,
                        "required": i.required,
                        "note_on_fail": i.note_on_fail,
                        "allow_na": i.allow_na,
                        "min": i.min,
                        "max": i.max,
                    }
                    for i in s.items
                ],
            }
            for s in checklist.sections
        ],
    }


@checklists.command()
@click.argument("checklist_id", type=click.Choice(CHECKLIST_IDS))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--lang", type=click.Choice(["zh-CN", "en"]), default="zh-CN", show_default=True)
@click.pass_context
def show(ctx: click.Context, checklist_id: str, fmt: str, lang: str) -> None:
    """Print one checklist."""
    try:
        checklist = load_checklists(_folder(ctx, None))[checklist_id]
    except ChecklistError as exc:
        fail(str(exc), EXIT_FAILED)
    if fmt == "json":
        echo_json(_as_json(checklist))
        return
    echo(f"{checklist.title.get(lang)}  ({checklist.version_tag})")
    number = 0
    for section in checklist.sections:
        echo("")
        echo(section.title.get(lang))
        for item in section.items:
            number += 1
            marks = [item.kind.value]
            if not item.required:
                marks.append("optional")
            if item.allow_na:
                marks.append("N/A ok")
            if item.note_on_fail:
                marks.append("note on fail")
            if item.min is not None or item.max is not None:
                lo = "" if item.min is None else item.min
                hi = "" if item.max is None else item.max
                marks.append(f"{lo}..{hi}")
            echo(f"  {number:2}. {item.text.get(lang)}  [{', '.join(marks)}]")
            if item.help:
                echo(f"      {item.help.get(lang)}")


__all__ = ["CHECKLIST_IDS", "checklists"]
