"""`SyncService`: push each target's outbox, then pull the other terminals' documents.

Order of durability, per batch: the target commits, then the cursor moves. A crash between the
two re-sends that batch next time, which the target ignores by id. Pulled documents are stored
first, then the pull cursor moves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from shiftcheck.config import Config, SyncTarget
from shiftcheck.domain.checklist import Checklist
from shiftcheck.domain.records import Document, format_time
from shiftcheck.i18n import t as translate
from shiftcheck.services.admission import Admission
from shiftcheck.services.clock import Clock
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.sync import refused
from shiftcheck.services.sync.base import (
    CLOCK_TOLERANCE_SECONDS,
    DirectoryEntry,
    PullOutcome,
    Refusal,
    SyncError,
    Target,
    TargetSession,
    chunks,
    directory_hash,
    directory_of,
    scrub,
)
from shiftcheck.services.sync.folder import FolderTarget
from shiftcheck.services.sync.outbox import Outbox
from shiftcheck.services.sync.postgres import PostgresTarget
from shiftcheck.services.sync.signing import key_id
from shiftcheck.store import DataStore, StoreError
from shiftcheck.store.sync_key import SyncKeyError, read_sync_key

log = logging.getLogger(__name__)

KEEP_REFUSALS = 50
"""How many refused documents `status` remembers per target."""


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """How far a sync is: `phase` is "connect", "push", "pull" or "done"."""

    target: str
    phase: str
    done: int = 0
    total: int = 0


@dataclass(slots=True)
class TargetResult:
    """What one sync did with one target."""

    target: str
    pushed: int = 0
    already_there: int = 0
    pulled: int = 0
    staff_added: int = 0
    refused: list[Refusal] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    clock_offset: float | None = None
    """This terminal's clock minus the central database's, in seconds (PostgreSQL only)."""
    error: str | None = None
    """Why the target could not be used (in English, scrubbed of passwords), if so."""
    failure: ServiceError | None = None
    """The same as an error to show in the user's language."""

    def error_message(self, lang: str) -> str | None:
        """Why the target could not be used, in `lang`."""
        if self.failure is not None:
            return self.failure.message(lang)
        return self.error

    @property
    def clock_off(self) -> bool:
        """Whether the target found this terminal's clock more than 5 minutes off."""
        return self.clock_offset is not None and abs(self.clock_offset) > CLOCK_TOLERANCE_SECONDS

    @property
    def ok(self) -> bool:
        """Whether everything went through with nothing refused or rejected."""
        return self.error is None and not self.refused and not self.problems


@dataclass(frozen=True, slots=True)
class TargetStatus:
    """A target's outbox and history: what `sync status` and the screens show."""

    target: str
    kind: str
    """"folder" or "postgresql"."""
    where: str
    pending: int
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    refused: tuple[dict[str, str], ...] = ()


def status_key(target: str) -> str:
    """State key of a target's last results."""
    return f"sync.status.{target}"


def pull_key(target: str) -> str:
    """State key of a target's pull cursor."""
    return f"sync.pull.{target}"


def directory_key(target: str) -> str:
    """State key of the directory fingerprint last sent to a target."""
    return f"sync.directory.{target}"


def make_target(spec: SyncTarget, config: Config, data_dir: Path) -> Target:
    """The target a config entry names (a relative folder is taken from the data folder)."""
    if spec.path is not None:
        folder = Path(spec.path).expanduser()
        if not folder.is_absolute():
            folder = data_dir / folder
        try:
            key, problem = read_sync_key(data_dir), None
        except SyncKeyError as exc:
            key, problem = None, str(exc)
        return FolderTarget(spec.name, folder, config.store_id, config.terminal_id, key, problem)
    assert spec.url is not None
    return PostgresTarget(
        spec.name,
        spec.url,
        config.store_id,
        config.terminal_id,
        config.timezone,
        store_name=config.store_name,
    )


ProgressCallback = Callable[[SyncProgress], None]
StoreCall = Callable[[Callable[[], Any]], Any]
"""Runs a piece of store work and returns its result: at once (the default), or on the thread
that owns the store (a kiosk passes `app.call_from_thread`, so a sync in a worker thread never
writes the data folder at the same time as a screen)."""


def _at_once(work: Callable[[], Any]) -> Any:
    return work()


class SyncService:
    """Sync the store with the targets in its config."""

    def __init__(
        self,
        store: DataStore,
        config: Config,
        clock: Clock,
        targets: Sequence[Target] | None = None,
        on_store: StoreCall | None = None,
        checklists: Mapping[str, Checklist] | None = None,
    ) -> None:
        self.store = store
        self.on_store: StoreCall = on_store or _at_once
        """How store work is run (see `StoreCall`); network work stays on the caller's thread."""
        self.config = config
        self.clock = clock
        self.targets: list[Target] = (
            list(targets)
            if targets is not None
            else [make_target(t, config, store.data_dir) for t in config.sync.targets]
        )
        self._checklists = checklists
        self._admission: Admission | None = None

    @property
    def admission(self) -> Admission:
        """The checks every pulled document must pass before it is stored (with the store's
        checklists, loaded on first use when none were given)."""
        if self._admission is None:
            checklists = self._checklists
            if checklists is None:
                from shiftcheck.services.checklist_files import checklist_folder, load_checklists

                checklists = load_checklists(checklist_folder(self.config, self.store.data_dir))
            self._admission = Admission(self.store, self.config.store_id, checklists)
        return self._admission

    def _chosen(self, name: str | None) -> list[Target]:
        if not self.targets:
            raise ServiceError("sync.no_targets")
        if name is None:
            return self.targets
        chosen = [t for t in self.targets if t.name == name]
        if not chosen:
            raise ServiceError(
                "sync.unknown_target", name=name, known=", ".join(t.name for t in self.targets)
            )
        return chosen

    # -- running -------------------------------------------------------------------------------

    def sync(
        self, target: str | None = None, progress: ProgressCallback | None = None
    ) -> list[TargetResult]:
        """Push then pull each target (or the one named); one target's failure spares the rest."""
        report = progress or (lambda _: None)
        results = []
        for t in self._chosen(target):
            result = TargetResult(t.name)
            try:
                self._sync_one(t, result, report)
            except SyncError as exc:
                result.error = exc.message("en")
                result.failure = exc
                result.problems.append(result.error)
            except StoreError as exc:
                result.error = scrub(str(exc))
                result.problems.append(result.error)
            except Exception as exc:  # one target's surprise never stops the others or the kiosk
                log.exception("sync with %s failed", t.name)
                result.error = scrub(f"unexpected error: {type(exc).__name__}: {exc}")
                result.problems.append(result.error)
            self.on_store(partial(self._record, t, result))
            report(SyncProgress(t.name, "done", 1, 1))
            results.append(result)
        return results

    def retry_refused(self, target: str | None = None) -> list[TargetResult]:
        """Send each target's refused documents again (see `refused`); `pushed` counts those
        it takes now (they leave the list), `refused` those it refuses again."""
        results = []
        for t in self._chosen(target):
            result = TargetResult(t.name)
            try:
                result.pushed, result.refused, result.problems = self.on_store(
                    partial(refused.retry, self.store, t, self.config.store_id, self.clock())
                )
            except SyncError as exc:
                result.error = exc.message("en")
                result.failure = exc
                result.problems.append(result.error)
            self.on_store(partial(self._record, t, result))
            results.append(result)
        return results

    def _sync_one(self, target: Target, result: TargetResult, report: ProgressCallback) -> None:
        outbox = Outbox(self.store, target.name, target.where)
        report(SyncProgress(target.name, "connect"))
        store = self.on_store
        with target.open() as session:
            pending: list[tuple[int, Document]] = store(outbox.pending)
            total = len(pending)
            done = 0
            report(SyncProgress(target.name, "push", 0, total))
            sendable: list[tuple[int, Document]] = []
            for seq, doc in pending:
                if doc.store_id != self.config.store_id:
                    result.refused.append(
                        Refusal(doc.id, f"belongs to store {doc.store_id}, not this store")
                    )
                    continue
                sendable.append((seq, doc))
            stamp = format_time(self.clock())
            store(
                partial(refused.remember, self.store, target.name, result.refused, pending, stamp)
            )
            last_seq = pending[-1][0] if pending else 0
            for batch in chunks(sendable, session.batch_size):
                outcome = session.push(batch, self.clock())
                store(
                    partial(
                        refused.remember, self.store, target.name, outcome.refused, batch, stamp
                    )
                )
                store(partial(outbox.confirm, batch[-1][0]))
                result.pushed += outcome.added
                result.already_there += outcome.already_there
                result.refused.extend(outcome.refused)
                if outcome.clock_offset is not None:
                    result.clock_offset = outcome.clock_offset
                done += len(batch)
                report(SyncProgress(target.name, "push", done, total))
            store(lambda: outbox.confirm(last_seq))
            self._push_directory(target, session)
            report(SyncProgress(target.name, "pull", 0, 1))
            state = store(lambda: self.store.get_state(pull_key(target.name)) or {})
            pulled = session.pull(state)
            result.problems.extend(pulled.problems)
            store(lambda: self._keep_pulled(target, pulled, result))
            report(SyncProgress(target.name, "pull", 1, 1))

    def _keep_pulled(self, target: Target, pulled: PullOutcome, result: TargetResult) -> None:
        """Add unknown staff (so a correction by a supervisor enrolled elsewhere is known),
        store what was pulled and passes admission, then move the pull cursor."""
        result.staff_added += self._merge_directory(pulled.directory, result.problems)
        added, refused = self._import(pulled.documents, pulled.bodies)
        result.pulled += added
        result.refused.extend(refused)
        self.store.put_state(pull_key(target.name), pulled.state)

    def _push_directory(self, target: Target, session: TargetSession) -> None:
        def read() -> tuple[list[DirectoryEntry], dict[str, Any]]:
            return directory_of(self.store), self.store.get_state(directory_key(target.name)) or {}

        entries, sent = self.on_store(read)
        fingerprint = directory_hash(entries)
        key = getattr(target, "key", None)
        signer = key_id(key) if isinstance(key, bytes) else None
        if (
            sent.get("hash") == fingerprint
            and sent.get("where") == target.where
            and sent.get("key") == signer
        ):
            return
        session.push_directory(entries, self.clock())
        self.on_store(
            lambda: self.store.put_state(
                directory_key(target.name),
                {"hash": fingerprint, "where": target.where, "key": signer},
            )
        )

    def _import(
        self, docs: list[Document], bodies: dict[str, tuple[Document, bytes]]
    ) -> tuple[int, list[Refusal]]:
        """Store pulled documents that pass admission (as the JSON they came in, where
        `bodies` has it); each refused one is reported with its reason."""
        admitted = self.admission.admit(docs, bodies)
        refused = [Refusal(r.doc.id, r.reason) for r in admitted.refused]
        return self.store.add_many(admitted.fresh, local=False, bodies=bodies), refused

    def _merge_directory(self, entries: Sequence[DirectoryEntry], problems: list[str]) -> int:
        """Add employees known only at other terminals, inactive and without a PIN.

        Their records then show with a name here; a supervisor who wants them to check in on
        this terminal too sets a PIN and reactivates them. Employees known here are never
        changed by another terminal's directory. A name that is not one plain line of at most
        100 characters is refused (listed in `problems`).
        """
        added = 0
        for entry in entries:
            try:
                entry.check()  # the central database's rows are checked like a share's
            except ValueError as exc:
                problems.append(f"staff directory entry refused: {exc}")
                continue
            if self.store.get_employee(entry.id) is None:
                employee = entry.employee()
                self.store.save_employee(employee.with_changes(active=False))
                added += 1
        return added

    def _record(self, target: Target, result: TargetResult) -> None:
        key = status_key(target.name)
        state = self.store.get_state(key) or {}
        now = format_time(self.clock())
        listed = {i["id"] for i in refused.unresolved(self.store, target.name)}
        log = list(state.get("refused", []))  # pull refusals; push ones stay in `refused`
        log.extend(
            {"id": r.id, "reason": r.reason, "at": now}
            for r in result.refused
            if r.id not in listed
        )
        state["refused"] = log[-KEEP_REFUSALS:]
        if result.ok:
            state["last_success"] = now
        else:
            state["last_error"] = "; ".join(
                [*result.problems, *(f"{r.id}: {r.reason}" for r in result.refused)]
            )[:2000]
            state["last_error_at"] = now
            if result.error is None:
                state["last_success"] = now if not result.problems else state.get("last_success")
        state["where"] = target.where
        self.store.put_state(key, state)

    # -- reporting -----------------------------------------------------------------------------

    def status(self) -> list[TargetStatus]:
        """Per target: pending count, last success, last error."""
        out = []
        for t in self.targets:
            state = self.store.get_state(status_key(t.name)) or {}
            out.append(
                TargetStatus(
                    target=t.name,
                    kind="folder" if isinstance(t, FolderTarget) else "postgresql",
                    where=t.where,
                    pending=Outbox(self.store, t.name, t.where).pending_count(),
                    last_success=state.get("last_success"),
                    last_error=state.get("last_error"),
                    last_error_at=state.get("last_error_at"),
                    refused=(
                        *refused.unresolved(self.store, t.name),
                        *state.get("refused", []),
                    ),
                )
            )
        return out

    def welcome_line(self, lang: str) -> str | None:
        """One line for the kiosk's welcome screen: records waiting and the last good sync
        (None when no target is configured)."""
        rows = self.status()
        if not rows:
            return None
        successes = [r.last_success for r in rows if r.last_success]
        if successes:
            last = datetime.fromisoformat(max(successes)).astimezone(self.config.tz)
            today = self.clock().astimezone(self.config.tz).date()
            when = last.strftime("%H:%M" if last.date() == today else "%Y-%m-%d %H:%M")
        else:
            when = translate("sync.status.never", lang)
        failing = any(r.last_error_at and r.last_error_at > (r.last_success or "") for r in rows)
        key = "sync.welcome.failing" if failing else "sync.welcome.line"
        return translate(key, lang, pending=max(r.pending for r in rows), when=when)

    def pending(self) -> int:
        """The most documents any target still waits for (for the kiosk's welcome line)."""
        return max((s.pending for s in self.status()), default=0)

    def due(self, now: datetime) -> bool:
        """Whether the configured interval has passed since the last sync attempt."""
        minutes = self.config.sync.interval_minutes
        if minutes is None or not self.targets:
            return False
        latest: datetime | None = None
        for t in self.targets:
            state = self.store.get_state(status_key(t.name)) or {}
            for key in ("last_success", "last_error_at"):
                raw = state.get(key)
                if isinstance(raw, str):
                    when = datetime.fromisoformat(raw)
                    latest = when if latest is None or when > latest else latest
        return latest is None or now - latest >= timedelta(minutes=minutes)
