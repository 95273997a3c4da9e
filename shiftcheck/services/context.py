"""Everything a screen or a command needs for one data folder, built in one place.

This module is where services are put together (wired): the terminal's own services
(`open_services`), the supervisor's (`supervisor_tools`), the sync (`sync_service`), the
roster (`roster_service`) and head office's reports over the chain's central database
(`open_head_office`). Screens and commands ask here rather than building services
themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from shiftcheck.config import Config, config_path, config_to_toml, load_config
from shiftcheck.domain.checklist import Checklist
from shiftcheck.services import auth as auth_module
from shiftcheck.services.auth import AuthService, PinHasher, hasher_for
from shiftcheck.services.checklist_files import checklist_folder, load_checklists
from shiftcheck.services.checks import CheckService
from shiftcheck.services.clock import Clock, system_clock
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.folder_check import check_data_folder
from shiftcheck.services.staff import StaffService
from shiftcheck.store import DataStore
from shiftcheck.store.atomic import atomic_write_bytes

if TYPE_CHECKING:  # loaded when first used: the kiosk starts without them
    from shiftcheck.services.acknowledgements import AcknowledgementService
    from shiftcheck.services.audit import AuditService
    from shiftcheck.services.corrections import CorrectionService
    from shiftcheck.services.roster import RosterService
    from shiftcheck.services.summary import SummaryService
    from shiftcheck.services.sync.postgres import PostgresSource  # and psycopg with it
    from shiftcheck.services.sync.service import StoreCall, SyncService

ALL_STORES = "all-stores"
"""The store id a report over every store carries."""


@dataclass
class Services:
    """The open data folder and the services over it."""

    data_dir: Path
    config: Config
    configured: bool
    """Whether the folder has a `config.toml` (False: first run, onboarding needed)."""
    store: DataStore
    checklists: dict[str, Checklist]
    clock: Clock
    hasher: PinHasher
    auth: AuthService
    staff: StaffService
    checks: CheckService

    def close(self) -> None:
        """Release the data folder."""
        self.store.close()

    def checks_on(self, clock: Clock) -> CheckService:
        """The check service over this folder on another clock (the demo's back-dated days)."""
        return CheckService(self.store, self.checklists, self.config, clock)

    def reconfigure(self, config: Config) -> None:
        """Save a new config durably and use it from now on."""
        save_config(self.data_dir, config)
        self.config = config
        self.configured = True
        self.checks.config = config


def save_config(data_dir: Path, config: Config) -> None:
    """Write `config.toml` atomically and durably."""
    atomic_write_bytes(config_path(data_dir), config_to_toml(config).encode("utf-8"))


def open_services(
    data_dir: Path,
    *,
    writer: bool = True,
    clock: Clock | None = None,
    pin_cost: int | None = None,
    check_folder: bool = True,
) -> Services:
    """Open a data folder: config, checklists (all or nothing), store, services.

    Raises `ConfigError`, `ChecklistError` or a `StoreError` with a message naming what is wrong
    (`DataFolderError` for a set-up folder whose staff file is missing or damaged, unless
    `check_folder` is off: for commands that do not use the staff list or mend it); nothing is
    half-opened.
    """
    loaded = load_config(data_dir)
    config = loaded if loaded is not None else Config()
    checklists = load_checklists(checklist_folder(config, data_dir))
    store = DataStore.open(data_dir, writer=writer)
    try:
        if check_folder:
            check_data_folder(store)
        clock = clock or system_clock(config.tz)
        hasher = hasher_for(store, pin_cost if pin_cost is not None else auth_module.SCRYPT_N)
        auth = AuthService(store, clock, hasher)
        return Services(
            data_dir=data_dir,
            config=config,
            configured=loaded is not None,
            store=store,
            checklists=checklists,
            clock=clock,
            hasher=hasher,
            auth=auth,
            staff=StaffService(store, hasher, auth),
            checks=CheckService(store, checklists, config, clock),
        )
    except BaseException:
        store.close()
        raise


@dataclass(frozen=True, slots=True)
class SupervisorTools:
    """The supervisor's services over one open data folder, sharing one history reader."""

    summary: SummaryService
    corrections: CorrectionService
    acknowledgements: AcknowledgementService
    audit: AuditService


def supervisor_tools(services: Services) -> SupervisorTools:
    """Summary, corrections, acknowledgements and audit over the terminal's own store; every
    supervisor call re-checks the actor with `StaffService.require_supervisor`."""
    from shiftcheck.services.acknowledgements import AcknowledgementService
    from shiftcheck.services.audit import AuditService
    from shiftcheck.services.corrections import CorrectionService
    from shiftcheck.services.summary import SummaryService

    config = services.config
    summary = SummaryService(
        services.store,
        config.tz,
        max_shift_hours=config.max_shift_hours,
        checklists=services.checklists,
        authorise=services.staff.require_supervisor,
        rules=config.payroll.pay_rules(),
        roster_rules=config.roster.rules(),
    )
    audit = AuditService(services.store, config, services.clock)
    return SupervisorTools(
        summary=summary,
        corrections=CorrectionService(
            summary.history,
            services.store,
            services.store,
            services.clock,
            services.staff.require_supervisor,
            audit,
            config.max_shift_hours,
        ),
        acknowledgements=AcknowledgementService(
            summary.history,
            services.store,
            services.clock,
            services.staff.require_supervisor,
            audit,
        ),
        audit=audit,
    )


def sync_service(services: Services, *, on_store: StoreCall | None = None) -> SyncService:
    """The terminal's sync over its configured targets (pulled documents admitted against its
    checklists); `on_store` runs data-folder work where the store was opened (see `StoreCall`)."""
    from shiftcheck.services.sync.service import SyncService

    return SyncService(
        services.store,
        services.config,
        services.clock,
        on_store=on_store,
        checklists=services.checklists,
    )


def roster_service(services: Services) -> RosterService:
    """The store's roster; changes re-check the acting supervisor."""
    from shiftcheck.services.roster import RosterService

    return RosterService(
        services.store, services.config, services.clock, services.staff.require_supervisor
    )


@dataclass
class HeadOffice:
    """The central database as a report's source, and the config to report it with."""

    source: PostgresSource
    config: Config
    """The local config (payroll rules) with the store's id and its terminals' time zone."""

    def summary(self, services: Services) -> SummaryService:
        """The team summary over the central database (names from its staff directory)."""
        from shiftcheck.services.summary import SummaryService

        return SummaryService(
            self.source,
            self.config.tz,
            max_shift_hours=self.config.max_shift_hours,
            checklists=services.checklists,
            rules=self.config.payroll.pay_rules(),
            roster_rules=self.config.roster.rules(),
        )

    def close(self) -> None:
        """Close the connection to the central database."""
        self.source.close()


def open_head_office(services: Services, url: str, store: str | None) -> HeadOffice:
    """The central database at `url` as a report's source: one store, or every store (`store`
    None; employee ids then carry their store, `S001:E002`). The config is the terminal's with
    the store's id, name and time zone as the database knows them.

    `SyncError` when the database cannot be reached or read; `ServiceError`
    (`central.no_store`, `central.no_stores`) when there is nothing to report on. Documents
    that fail the record contract are skipped and kept in `source.invalid`.
    """
    from shiftcheck.services.sync.postgres import PostgresSource

    source = PostgresSource(url, store, checklists=services.checklists)
    try:
        known = source.stores()
        if store is not None and store not in known:
            raise ServiceError("central.no_store", store=store)
        if not known:
            raise ServiceError("central.no_stores")
        update: dict[str, object] = {
            "store_id": store or ALL_STORES,
            "store_name": store or ALL_STORES,
        }
        if store is not None:
            zone, name = source.timezone(store), source.store_name(store)
            if zone is not None:
                update["timezone"] = str(zone)
            if name:
                update["store_name"] = name
        return HeadOffice(source, services.config.model_copy(update=update))
    except BaseException:
        source.close()
        raise
