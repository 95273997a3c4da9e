"""Everything a screen or a command needs for one data folder, built in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shiftcheck.config import Config, config_path, config_to_toml, load_config
from shiftcheck.domain.checklist import Checklist
from shiftcheck.services import auth as auth_module
from shiftcheck.services.auth import AuthService, PinHasher, hasher_for
from shiftcheck.services.checklist_files import default_checklist_dir, load_checklists
from shiftcheck.services.checks import CheckService
from shiftcheck.services.clock import Clock, system_clock
from shiftcheck.services.folder_check import check_data_folder
from shiftcheck.services.staff import StaffService
from shiftcheck.store import DataStore
from shiftcheck.store.atomic import atomic_write_bytes


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

    def reconfigure(self, config: Config) -> None:
        """Save a new config durably and use it from now on."""
        save_config(self.data_dir, config)
        self.config = config
        self.configured = True
        self.checks.config = config


def checklist_folder(config: Config, data_dir: Path) -> Path:
    """The store's checklist folder (relative to the data folder), else the shipped one."""
    if not config.checklist_dir:
        return default_checklist_dir()
    folder = Path(config.checklist_dir).expanduser()
    return folder if folder.is_absolute() else data_dir / folder


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
