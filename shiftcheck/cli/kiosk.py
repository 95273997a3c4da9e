"""`shiftcheck kiosk` (also `shiftcheck` alone) and `shiftcheck demo`."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import click

from shiftcheck.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, cli_lang, data_dir_of, fail
from shiftcheck.config import Config, ConfigError, load_config, system_timezone
from shiftcheck.explained import Explained
from shiftcheck.services.checklist_files import ChecklistError
from shiftcheck.services.errors import StoreError
from shiftcheck.services.files import save_file

READY_FILE_ENV = "SHIFTCHECK_READY_FILE"
"""If set, the kiosk writes the wall-clock time (`time.time()`) at which its welcome screen was
first drawn into this file (used by `benchmarks/kiosk_bench.py`)."""


def _ready_marker() -> Callable[[], None] | None:
    target = os.environ.get(READY_FILE_ENV)
    if not target:
        return None

    def mark() -> None:
        save_file(Path(target), repr(time.time()).encode())

    return mark


def kiosk_lang(data_dir: Path) -> str:
    """The store's language from its config when that can be read, else the environment's."""
    try:
        config = load_config(data_dir)
    except ConfigError:
        config = None
    return config.language if config is not None else cli_lang()


@click.command()
@click.option(
    "--allow-quit",
    is_flag=True,
    help="Let ctrl+q / ctrl+c close the kiosk without a supervisor's sign-in (development).",
)
@click.pass_context
def kiosk(ctx: click.Context, allow_quit: bool) -> None:
    """Open the kiosk on the data folder (first run: set up the store and a supervisor)."""
    gc.disable()  # start-up allocates many long-lived objects: collect once, after
    try:
        from shiftcheck.tui.app import build_app
    finally:
        gc.enable()
    data_dir = data_dir_of(ctx)
    try:
        app = build_app(data_dir, on_ready=_ready_marker(), allow_quit=allow_quit)
    except Explained as exc:  # a damaged or missing file of a set-up folder
        fail(exc.message(kiosk_lang(data_dir)), EXIT_FAILED)
    except (ConfigError, ChecklistError) as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    except OSError as exc:
        fail(f"cannot use the data folder {data_dir}: {exc.strerror or exc}", EXIT_FAILED)
    app.run()
    if app.return_code:  # an unexpected error: said on exit, logged in the data folder
        sys.exit(app.return_code)


@click.command()
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Make the demo in this (new or empty) folder and keep it afterwards.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh-CN", "en"]),
    default="zh-CN",
    show_default=True,
    help="The store's language on the welcome screen.",
)
def demo(keep: Path | None, lang: str) -> None:
    """Try the kiosk on sample staff and two weeks of history (a fresh temporary folder)."""
    from shiftcheck.services.context import open_services, save_config
    from shiftcheck.services.demo import demo_banner_people, seed_demo
    from shiftcheck.tui.app import build_app

    if keep is not None and keep.exists() and any(keep.iterdir()):
        fail(f"{keep} is not empty; give a new or empty folder for --keep")
    folder = keep or Path(tempfile.mkdtemp(prefix="shiftcheck-demo-"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        config = Config(
            store_id="DEMO01",
            store_name="演示门店 Demo Store" if lang == "zh-CN" else "Demo Store 演示门店",
            terminal_id="demo",
            timezone=system_timezone(),
            language=lang,  # type: ignore[arg-type]
        )
        save_config(folder, config)
        services = open_services(folder)
        try:
            click.echo("shiftcheck demo: making sample staff and two weeks of history…", err=True)
            seed_demo(services, services.clock())
            app = build_app(
                folder, services=services, demo_people=demo_banner_people(), allow_quit=True
            )
            app.run()
        finally:
            services.close()
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    if keep is not None:
        click.echo(f"demo data kept in {keep}: shiftcheck --data-dir {keep}")
