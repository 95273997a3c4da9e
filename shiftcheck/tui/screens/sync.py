"""The supervisor's "Sync now": each target's outbox and last results, and a sync run in a
worker thread with its progress shown as it goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Footer, ProgressBar, Static

from shiftcheck.domain.staff import Employee
from shiftcheck.domain.text import neutralise
from shiftcheck.services.context import Services, sync_service
from shiftcheck.services.errors import ServiceError, StoreError
from shiftcheck.services.wording import sync_status_line
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import KioskScreen, SupervisorOnly

if TYPE_CHECKING:
    from shiftcheck.services.sync import SyncProgress, SyncService, TargetResult

CHECK_EVERY_SECONDS = 60.0
"""How often the interval sync looks whether `sync.interval_minutes` has passed."""


class IntervalSync:
    """The optional background sync (`sync.interval_minutes`): a timer on the app that starts a
    sync in a worker thread when the interval has passed since the last attempt. Network work
    runs in the thread; data-folder work is handed to the UI thread, so the kiosk never blocks
    and never writes the data folder from two threads at once.

    The kiosk app starts it with `IntervalSync(app, services).start()`.
    """

    def __init__(self, app: App[Any], services: Services) -> None:
        self.app = app
        self.services = services
        self.running = False
        """Whether a background sync is running now."""
        self.last_results: list[TargetResult] | None = None
        """What the last background sync did."""

    def start(self) -> Timer | None:
        """Start the timer (None when no interval or no target is configured)."""
        sync = self.services.config.sync
        if sync.interval_minutes is None or not sync.targets:
            return None
        return self.app.set_interval(CHECK_EVERY_SECONDS, self.tick, name="interval-sync")

    def tick(self) -> None:
        """If the interval has passed and no sync runs, start one in a worker thread."""
        s = self.services
        if self.running or not sync_service(s).due(s.clock()):
            return
        self.running = True
        self.app.run_worker(
            self._run, thread=True, exclusive=True, exit_on_error=False, group="interval-sync"
        )

    def _run(self) -> None:
        s = self.services
        service = sync_service(s, on_store=self.app.call_from_thread)
        try:
            self.last_results = service.sync()
        except (ServiceError, StoreError):
            self.last_results = None
        finally:
            self.running = False


class SyncScreen(SupervisorOnly, KioskScreen[None]):
    """Targets with their pending count, last success and last error; "Sync now"."""

    CSS_PATH = "sync.tcss"
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

    def __init__(self, supervisor: Employee) -> None:
        super().__init__()
        self.supervisor = supervisor
        self.results: list[TargetResult] | None = None
        """The last sync's results, once it finished."""
        self.running = False
        """Whether a sync is running now."""
        self.finished: SyncScreen.Finished | None = None
        """The last sync's end, shown again after a language switch."""

    def _service(self) -> SyncService:
        return sync_service(self.services)

    def compose(self) -> ComposeResult:
        yield Static(self.tr("sync.screen.title"), id="title")
        with Vertical(id="body"):
            yield Static(id="targets")
            yield Button(self.tr("sync.screen.sync_now"), id="sync-now", variant="primary")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(id="phase")
            yield Static(id="results")
        yield Footer()

    def opened(self) -> None:
        """The supervisor is confirmed: show the targets."""
        self.show_targets()
        self.query_one("#sync-now", Button).focus()

    def language_changed(self) -> None:
        """F2: the screen again in the new language (once no sync is running)."""
        if not self.running:
            self.call_next(self.redraw)

    async def redraw(self) -> None:
        """Compose the screen again in the current language, with the last results."""
        await self.recompose()
        self.retranslate()
        self.opened()
        if self.finished is not None:
            self.on_sync_screen_finished(self.finished)

    def show_targets(self) -> None:
        """One line per target: kind, place, waiting documents, last success, last error."""
        tr = self.tr
        rows = self._service().status()
        if not rows:
            self.query_one("#targets", Static).update(plain(tr("sync.no_targets")))
            self.query_one("#sync-now", Button).disabled = True
            return
        text = Text()
        for row in rows:
            text.append(
                neutralise(sync_status_line(row, tr.lang)) + "\n",
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

        # data-folder work runs on the UI thread
        service = sync_service(self.services, on_store=self.app.call_from_thread)
        try:
            results = service.sync(progress=report)
        except ServiceError as exc:
            self.post_message(self.Finished([], exc.message(self.tr.lang)))
            return
        except StoreError as exc:
            self.post_message(self.Finished([], exc.message(self.tr.lang)))
            return
        self.post_message(self.Finished(results))

    def on_sync_screen_progressed(self, message: Progressed) -> None:
        p = message.progress
        bar = self.query_one("#progress", ProgressBar)
        if p.total:
            bar.update(total=p.total, progress=p.done)
        phase = self.tr(f"sync.phase.{p.phase}")
        self.query_one("#phase", Static).update(
            plain(
                self.tr(
                    "sync.screen.running", target=p.target, phase=phase, done=p.done, total=p.total
                )
                if p.total
                else self.tr("sync.screen.phase", target=p.target, phase=phase)
            )
        )

    def on_sync_screen_finished(self, message: Finished) -> None:
        self.finished = message
        self.running = False
        self.results = message.results
        self.query_one("#sync-now", Button).disabled = False
        lang = self.tr.lang
        text = Text()
        if message.refused is not None:
            text.append(neutralise(message.refused) + "\n", style="bold red")
        for r in message.results:
            error = r.error_message(lang)
            if error is not None:
                text.append(
                    neutralise(self.tr("sync.result.failed", target=r.target, error=error)) + "\n",
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
                    neutralise(
                        self.tr(
                            "sync.result.refused",
                            target=r.target,
                            id=refusal.id,
                            reason=refusal.reason,
                        )
                    )
                    + "\n",
                    style="red",
                )
            if r.clock_off and r.clock_offset is not None:
                minutes = f"{abs(r.clock_offset) / 60:.0f}"
                text.append(
                    self.tr("sync.result.clock_off", target=r.target, minutes=minutes) + "\n",
                    style="bold yellow",
                )
            for problem in r.problems:
                text.append(
                    neutralise(self.tr("sync.result.problem", target=r.target, problem=problem))
                    + "\n",
                    style="red",
                )
        ok = message.refused is None and all(r.ok for r in message.results)
        self.query_one("#phase", Static).update(
            self.tr("sync.screen.finished" if ok else "sync.screen.finished_problems")
        )
        self.query_one("#results", Static).update(text)
        self.show_targets()

    def action_back(self) -> None:
        """Close this screen, once no sync is running (so its results are seen)."""
        if self.running:
            self.notify(self.tr("sync.screen.busy"))
            return
        self.dismiss()
