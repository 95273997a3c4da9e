"""The store's `config.toml` and where the data folder is.

The data folder comes from `--data-dir`, then `SHIFTCHECK_HOME`, then the platform's user data
folder. A bad value is refused with a message naming the key and what is allowed.
"""

from __future__ import annotations

import os
import socket
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from shiftcheck.dburl import secret_in_url
from shiftcheck.domain.roster import RosterRules
from shiftcheck.domain.shifts import PayRules
from shiftcheck.domain.text import STORE_NAME_MAX, text_problem
from shiftcheck.explained import Explained

CONFIG_NAME = "config.toml"
ENV_HOME = "SHIFTCHECK_HOME"

StoreId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")]


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and key."""


class ConfigDamagedError(Explained, ConfigError):
    """A config file damaged on disk (e.g. zero bytes after an interrupted write): never read
    as the defaults, which would silently change the store id and the pay rules."""


def system_timezone() -> str:
    """The machine's IANA zone name, or UTC when it cannot be told."""
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
    except Exception:
        return "UTC"
    return name or "UTC"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PayrollConfig(_Strict):
    """Rules that turn clock times into paid hours (applied at export, never to stored times)."""

    rounding_minutes: Literal[0, 5, 6, 15] = 0
    break_after_hours: float | None = Field(default=None, gt=0, le=24)
    break_minutes: int = Field(default=0, ge=0, le=240)
    daily_overtime_hours: float | None = Field(default=None, gt=0, le=24)
    weekly_overtime_hours: float | None = Field(default=None, gt=0, le=168)
    week_start: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = "monday"

    def pay_rules(self) -> PayRules:
        """The domain's pay rules from this config."""
        after = round(self.break_after_hours * 60) if self.break_after_hours is not None else None
        return PayRules(self.rounding_minutes, after, self.break_minutes)


class RosterConfig(_Strict):
    """How worked shifts are compared with the roster (minutes of grace before a flag)."""

    late_grace_minutes: int = Field(default=5, ge=0, le=240)
    early_leave_grace_minutes: int = Field(default=5, ge=0, le=240)
    no_show_after_minutes: int = Field(default=60, ge=0, le=1440)

    def rules(self) -> RosterRules:
        """The domain's roster rules from this config."""
        return RosterRules(
            self.late_grace_minutes, self.early_leave_grace_minutes, self.no_show_after_minutes
        )


class SyncTarget(_Strict):
    """Where records sync to: a folder (share, USB stick) or a PostgreSQL URL."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
    path: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _one_place(self) -> SyncTarget:
        if (self.path is None) == (self.url is None):
            raise ValueError("give exactly one of path (a folder) or url (postgresql://...)")
        if self.url is not None:
            if not self.url.startswith(("postgresql://", "postgres://")):
                raise ValueError("url must start with postgresql://")
            how = secret_in_url(self.url)
            if how is not None:
                raise ValueError(
                    f"url must not contain a password (it has {how}); put the password in "
                    "~/.pgpass (or the file PGPASSFILE names) or in PGPASSWORD"
                )
        return self


class SyncConfig(_Strict):
    """Sync targets and the optional background interval."""

    targets: list[SyncTarget] = Field(default_factory=list)
    interval_minutes: int | None = Field(default=None, ge=1, le=1440)

    @field_validator("targets")
    @classmethod
    def _unique(cls, targets: list[SyncTarget]) -> list[SyncTarget]:
        names = [t.name for t in targets]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"target names must be unique; repeated: {', '.join(dupes)}")
        return targets


class Config(_Strict):
    """Everything a store sets in `config.toml`."""

    store_id: StoreId = "STORE01"
    store_name: str = Field(default="Store", min_length=1, max_length=STORE_NAME_MAX)
    terminal_id: str = Field(default_factory=socket.gethostname, min_length=1, max_length=64)
    timezone: str = Field(default_factory=system_timezone)
    language: Literal["zh-CN", "en"] = "zh-CN"
    checklist_dir: str | None = None
    idle_timeout_seconds: int = Field(default=60, ge=10, le=3600)
    min_seconds_per_item: float = Field(default=1.0, ge=0, le=60)
    max_shift_hours: float = Field(default=12.0, gt=0, le=48)
    payroll: PayrollConfig = Field(default_factory=PayrollConfig)
    roster: RosterConfig = Field(default_factory=RosterConfig)
    sync: SyncConfig = Field(default_factory=SyncConfig)

    @field_validator("store_name", "terminal_id")
    @classmethod
    def _one_plain_line(cls, value: str) -> str:
        if text_problem(value, len(value), one_line=True, empty_ok=True) is not None:
            raise ValueError("must be one line of plain text (no control characters or tabs)")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # `Asia` names a folder of zones
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai"
            ) from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The store's time zone."""
        return ZoneInfo(self.timezone)


def resolve_data_dir(option: str | Path | None) -> Path:
    """The data folder: the option, else `$SHIFTCHECK_HOME`, else the user data folder."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("shiftcheck", appauthor=False)


def _describe(exc: ValidationError, source: str) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "literal_error":
            msg = msg.replace("Input should be", "must be")
        got = err.get("input")
        if err["type"] != "extra_forbidden" and isinstance(got, str | int | float):
            msg = f"{msg} (got {got!r})"
        lines.append(f"{source}: {key}: {msg}")
    return "\n".join(lines)


def parse_config(data: dict[str, Any], source: str = CONFIG_NAME) -> Config:
    """A config from parsed TOML; `ConfigError` names every bad key."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None


def config_path(data_dir: Path) -> Path:
    """Where the data folder's config file is."""
    return data_dir / CONFIG_NAME


def load_config(data_dir: Path) -> Config | None:
    """The data folder's config, or None when the store has not been set up yet."""
    path = config_path(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    if not raw.strip(" \t\r\n\x00"):
        raise ConfigDamagedError("trust.config_empty", path=path)
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(data, str(path))


def config_to_toml(config: Config) -> str:
    """The config as TOML text (unset optional keys left out)."""
    return tomli_w.dumps(config.model_dump(exclude_none=True))
