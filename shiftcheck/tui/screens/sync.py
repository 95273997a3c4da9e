"""The supervisor's "Sync now": each target's outbox and last results, and a sync run in a
worker thread with its progress shown as it goes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, ProgressBar, Static

from shiftcheck.domain.staff import Employee
from shiftcheck.i18n import Translator
from shiftcheck.services.context import Services
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.sync import SyncProgress, SyncService, TargetResult
from shiftcheck.store import StoreError

CSS_FILE = str(Path(__file__).with_name("sync.tcss"))


class SyncScreen(Screen[None]):
    """Targets with their pending count, last success and last error; "Sync now"."""

    CSS_PATH = CSS_FILE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "sync.screen.back"),
        Binding("s", "sync_now", "sync.screen.sync_now"),
    ]

    @dataclass
    class Progressed(Message):
        """A sync moved on (posted from the worker thread)."""

        progress: SyncProgress

    @dataclass
    class Finished(Message):
        """A sync ended: per-target results, or why it could not start."""

        results: list[TargetResult]
        refused: str | None = None

    def __init__(self, services: Services, supervisor: Employee) -> None:
        super().__init__()
        self.services = services
        """The open data folder."""
        self.supervisor = supervisor
        """Who asked for the sync (re-checked as a supervisor on mount)."""
        self.tr = Translator(supervisor.language)
        """Messages in the supervisor's language."""
        self.results: list[TargetResult] | None = None
        """The last sync's results, once it finished."""
        self.running = False
        """Whether a sync is running now."""
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [
                replace(b, description=self.tr(b.description))
                if b.description.startswith("sync.")
                else b
                for b in bindings
            ]

    def _service(self) -> SyncService:
        return SyncService(self.services.store, self.services.config, self.services.clock)

    def compose(self) -> ComposeResult:
        yield Static(self.tr("sync.screen.title"), id="title")
        with Vertical(id="body"):
            yield Static(id="targets")
            yield Button(self.tr("sync.screen.sync_now"), id="sync-now", variant="primary")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(id="phase")
            yield Static(id="results")
        yield Footer()

    def on_mount(self) -> None:
        """Re-check the role (a non-supervisor is sent back), then show the targets."""
        try:
            self.services.staff.require_supervisor(self.supervisor.id)
        except ServiceError as exc:
            self.notify(exc.message(self.tr.lang), severity="error")
            self.app.pop_screen()
            return
        self.show_targets()
        self.query_one("#sync-now", Button).focus()

    def show_targets(self) -> None:
        """One line per target: kind, place, waiting documents, last success, last error."""
        tr = self.tr
        rows = self._service().status()
        if not rows:
            self.query_one("#targets", Static).update(tr("sync.no_targets"))
            self.query_one("#sync-now", Button).disabled = True
            return
        text = Text()
        for row in rows:
            text.append(
                tr(
                    "sync.status.line",
                    target=row.target,
                    kind=row.kind,
                    where=row.where,
                    pending=row.pending,
                    success=row.last_success or tr("sync.status.never"),
                    error=(
                        f"{row.last_error_at}: {row.last_error}"
                        if row.last_error
                        else tr("sync.status.none")
                    ),
                )
                + "\n",
                style="red" if row.last_error and not row.last_success else "",
            )
        self.query_one("#targets", Static).update(text)

    @on(Button.Pressed, "#sync-now")
    def _pressed(self) -> None:
        self.action_sync_now()

    def action_sync_now(self) -> None:
        """Start a sync in a worker, unless one is running."""
        if self.running:
            self.notify(self.tr("sync.screen.busy"))
            return
        self.running = True
        self.results = None
        self.query_one("#sync-now", Button).disabled = True
        self.query_one("#results", Static).update("")
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.run_sync()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def run_sync(self) -> None:
        """Sync off the UI thread; progress and results come back as messages."""

        def report(progress: SyncProgress) -> None:
            self.post_message(self.Progressed(progress))

        try:
            results = self._service().sync(progress=report)
        except ServiceError as exc:
            self.post_message(self.Finished([], exc.message(self.tr.lang)))
            return
        except StoreError as exc:
            self.post_message(self.Finished([], str(exc)))
            return
        self.post_message(self.Finished(results))

    def on_sync_screen_progressed(self, message: Progressed) -> None:
        p = message.progress
        bar = self.query_one("#progress", ProgressBar)
        if p.total:
            bar.update(total=p.total, progress=p.done)
        self.query_one("#phase", Static).update(
            self.tr(
                "sync.screen.running",
                target=p.target,
                phase=self.tr(f"sync.phase.{p.phase}"),
                done=p.done,
                total=p.total,
            )
        )

    def on_sync_screen_finished(self, message: Finished) -> None:
        self.running = False
        self.results = message.results
        self.query_one("#sync-now", Button).disabled = False
        lang = self.tr.lang
        text = Text()
        if message.refused is not None:
            text.append(message.refused + "\n", style="bold red")
        for r in message.results:
            error = r.error_message(lang)
            if error is not None:
                text.append(
                    self.tr("sync.result.failed", target=r.target, error=error) + "\n",
                    style="bold red",
                )
                continue
            text.append(
                self.tr(
                    "sync.result.ok",
                    target=r.target,
                    pushed=r.pushed,
                    already=r.already_there,
                    pulled=r.pulled,
                    staff=r.staff_added,
                )
                + "\n",
                style="green" if r.ok else "",
            )
            for refusal in r.refused:
                text.append(
                    self.tr(
                        "sync.result.refused", target=r.target, id=refusal.id, reason=refusal.reason
                    )
                    + "\n",
                    style="red",
                )
            for problem in r.problems:
                text.append(
                    self.tr("sync.result.problem", target=r.target, problem=problem) + "\n",
                    style="red",
                )
        ok = message.refused is None and all(r.ok for r in message.results)
        self.query_one("#phase", Static).update(
            self.tr("sync.screen.finished" if ok else "sync.screen.finished_problems")
        )
        self.query_one("#results", Static).update(text)
        self.show_targets()

    def action_back(self) -> None:
        """Close this screen, once no sync is running (it writes to the data folder)."""
        if self.running:
            self.notify(self.tr("sync.screen.busy"))
            return
        self.app.pop_screen()
