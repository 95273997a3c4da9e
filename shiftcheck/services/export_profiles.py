"""Export profiles: data files that say which columns a payroll file has and how values look.

Shipped profiles live in `shiftcheck/export_profiles/*.toml`; a store adds its own (or replaces a
shipped one of the same name) in `<data>/export_profiles/NAME.toml`. A profile file is checked
field by field; a mistake is refused with the file and the field named.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shiftcheck.services.errors import ServiceError

PROFILE_DIR = "export_profiles"
DEFAULT_PROFILE = "generic"
PROFILE_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Kind(StrEnum):
    """What sort of value a field holds (decides which `format` it takes)."""

    TEXT = "text"
    COUNT = "count"
    DATE = "date"
    TIME = "time"
    DURATION = "duration"
    LIST = "list"


SHIFT_FIELDS: dict[str, Kind] = {
    "employee_id": Kind.TEXT,
    "employee_name": Kind.TEXT,
    "first_name": Kind.TEXT,
    "last_name": Kind.TEXT,
    "date": Kind.DATE,
    "clock_in": Kind.TIME,
    "clock_out": Kind.TIME,
    "recorded_clock_in": Kind.TIME,
    "recorded_clock_out": Kind.TIME,
    "worked_minutes": Kind.DURATION,
    "break_minutes": Kind.DURATION,
    "paid_minutes": Kind.DURATION,
    "regular_minutes": Kind.DURATION,
    "overtime_minutes": Kind.DURATION,
    "paid_hours": Kind.DURATION,
    "regular_hours": Kind.DURATION,
    "overtime_hours": Kind.DURATION,
    "status": Kind.TEXT,
    "corrected_by": Kind.TEXT,
    "correction_reason": Kind.TEXT,
    "start_failed_items": Kind.LIST,
    "end_failed_items": Kind.LIST,
    "forms_handed_in": Kind.COUNT,
    "flags": Kind.LIST,
    "shift_id": Kind.TEXT,
    "store_id": Kind.TEXT,
    "planned_start": Kind.TIME,
    "planned_end": Kind.TIME,
    "planned_minutes": Kind.DURATION,
}
"""Fields a profile's `[[shifts]]` columns may use."""

TOTAL_FIELDS: dict[str, Kind] = {
    "employee_id": Kind.TEXT,
    "employee_name": Kind.TEXT,
    "first_name": Kind.TEXT,
    "last_name": Kind.TEXT,
    "period_start": Kind.DATE,
    "period_end": Kind.DATE,
    "shifts": Kind.COUNT,
    "paid_hours": Kind.DURATION,
    "regular_hours": Kind.DURATION,
    "overtime_hours": Kind.DURATION,
    "open_shifts": Kind.COUNT,
    "checks_missed": Kind.COUNT,
    "failed_items": Kind.COUNT,
    "forms_handed_in": Kind.COUNT,
    "late": Kind.COUNT,
    "no_shows": Kind.COUNT,
    "planned_hours": Kind.DURATION,
}
"""Fields a profile's `[[totals]]` columns may use."""

DURATION_STYLES = ("native", "hours", "minutes", "hh:mm")
"""native: the field's own unit (…_hours in hours, …_minutes in minutes); hh:mm: e.g. 7:30."""

Rows = Literal["shifts", "totals"]


class ProfileError(ServiceError):
    """A profile that cannot be used; the message names the file and the field."""


def _format_ok(kind: Kind, fmt: str) -> str | None:
    """Why `fmt` does not suit a field of `kind`, or None."""
    if kind in (Kind.DATE, Kind.TIME):
        if fmt != "iso" and "%" not in fmt:
            return 'expected "iso" or a strftime pattern such as "%Y-%m-%d"'
        return None
    if kind is Kind.DURATION:
        if fmt not in DURATION_STYLES:
            return f"expected one of {', '.join(DURATION_STYLES)}"
        return None
    return "this field takes no format"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnModel(_Strict):
    """One column: its header and the field it shows, with an optional format of its own."""

    header: str = Field(min_length=1, max_length=80)
    field: str
    format: str | None = None
    roster: bool = False
    """Shown only for a store that has a roster (a store without one gets the same file as
    before rosters existed)."""


class Translation(_Strict):
    """A profile's title and description in one more language."""

    title: str = Field(min_length=1, max_length=80)
    description: str = ""


class ProfileModel(_Strict):
    """The TOML file of a profile."""

    title: str = Field(min_length=1, max_length=80)
    description: str = ""
    translations: dict[str, Translation] = Field(default_factory=dict)
    """Title and description in other languages, by language tag ("zh-CN")."""
    default_rows: Rows = "shifts"
    date_format: str = "iso"
    time_format: str = "iso"
    duration_format: Literal["native", "hours", "minutes", "hh:mm"] = "native"
    list_separator: str = Field(default=";", min_length=1, max_length=3)
    open_shifts: Literal["include", "skip"] = "include"
    shifts: list[ColumnModel] | None = None
    totals: list[ColumnModel] | None = None

    @model_validator(mode="after")
    def _fields(self) -> ProfileModel:
        for name, fmt, kind in (
            ("date_format", self.date_format, Kind.DATE),
            ("time_format", self.time_format, Kind.TIME),
        ):
            problem = _format_ok(kind, fmt)
            if problem:
                raise ValueError(f"{name}: {problem}")
        if self.shifts is None and self.totals is None:
            raise ValueError("give [[shifts]] columns, [[totals]] columns or both")
        for table, catalog in (("shifts", SHIFT_FIELDS), ("totals", TOTAL_FIELDS)):
            columns = getattr(self, table)
            if columns is None:
                continue
            if not columns:
                raise ValueError(f"{table}: needs at least one column")
            headers: set[str] = set()
            for i, col in enumerate(columns):
                where = f"{table}[{i}]"
                found = catalog.get(col.field)
                if found is None:
                    raise ValueError(
                        f"{where}.field: unknown field {col.field!r}; known: {', '.join(catalog)}"
                    )
                if col.format is not None:
                    problem = _format_ok(found, col.format)
                    if problem:
                        raise ValueError(f"{where}.format: {problem} (got {col.format!r})")
                if col.header in headers:
                    raise ValueError(f"{where}.header: {col.header!r} is used twice")
                headers.add(col.header)
        return self


@dataclass(frozen=True, slots=True)
class Column:
    """A resolved column: header, field, the field's kind and the format to apply."""

    header: str
    field: str
    kind: Kind
    format: str
    """strftime pattern or "iso" (dates, times); "hours", "minutes" or "hh:mm" (durations)."""
    roster: bool = False
    """Shown only when the store has a roster."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A checked profile, ready for the writers."""

    name: str
    title: str
    description: str
    source: str
    """Where it was loaded from (shown in messages and in the XLSX "Export" sheet)."""
    default_rows: Rows
    list_separator: str
    skip_open: bool
    shifts: tuple[Column, ...]
    totals: tuple[Column, ...]
    translations: tuple[tuple[str, str, str], ...] = ()
    """(language, title, description) for languages other than the file's own."""

    def title_in(self, language: str) -> str:
        """The title in `language` (e.g. "zh-CN" or "zh"), else the file's own."""
        return self._translated(language)[0]

    def description_in(self, language: str) -> str:
        """The description in `language`, else the file's own."""
        return self._translated(language)[1]

    def _translated(self, language: str) -> tuple[str, str]:
        base = language.split("-")[0]
        for lang, title, description in self.translations:
            if lang == language or lang.split("-")[0] == base:
                return title, description or self.description
        return self.title, self.description

    def without_roster(self) -> Profile:
        """The profile for a store without a roster: its roster columns left out."""
        return replace(
            self,
            shifts=tuple(c for c in self.shifts if not c.roster),
            totals=tuple(c for c in self.totals if not c.roster),
        )

    def columns(self, rows: Rows) -> tuple[Column, ...]:
        """The columns of the shift table or the totals table."""
        return self.shifts if rows == "shifts" else self.totals


def shipped_dir() -> Path:
    """The folder of the profiles that ship with shiftcheck."""
    return Path(str(resources.files("shiftcheck") / PROFILE_DIR))


def _describe(exc: ValidationError, source: str) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        got = err.get("input")
        if err["type"] not in ("extra_forbidden", "value_error") and isinstance(got, str | int):
            msg = f"{msg} (got {got!r})"
        lines.append(f"{source}: {key + ': ' if key else ''}{msg}")
    return "\n".join(lines)


def _columns(
    model: list[ColumnModel] | None, catalog: dict[str, Kind], profile: ProfileModel
) -> tuple[Column, ...]:
    out = []
    for col in model or ():
        kind = catalog[col.field]
        default = {
            Kind.DATE: profile.date_format,
            Kind.TIME: profile.time_format,
            Kind.DURATION: profile.duration_format,
        }.get(kind, "")
        fmt = col.format or default
        if kind is Kind.DURATION and fmt == "native":
            fmt = "hours" if col.field.endswith("_hours") else "minutes"
        out.append(Column(col.header, col.field, kind, fmt, col.roster))
    return tuple(out)


def parse_profile(name: str, text: str, source: str) -> Profile:
    """A profile from TOML text; `ProfileError` names the file and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(
            "payroll.profile_invalid", problem=f"{source}: not valid TOML: {exc}"
        ) from None
    try:
        model = ProfileModel.model_validate(data)
    except ValidationError as exc:
        raise ProfileError("payroll.profile_invalid", problem=_describe(exc, source)) from None
    fallback = _generic_model() if name != DEFAULT_PROFILE else None
    shifts = model.shifts if model.shifts is not None else (fallback and fallback.shifts)
    totals = model.totals if model.totals is not None else (fallback and fallback.totals)
    return Profile(
        name=name,
        title=model.title,
        description=model.description,
        source=source,
        default_rows=model.default_rows,
        list_separator=model.list_separator,
        skip_open=model.open_shifts == "skip",
        shifts=_columns(shifts or None, SHIFT_FIELDS, model),
        totals=_columns(totals or None, TOTAL_FIELDS, model),
        translations=tuple(
            (lang, t.title, t.description) for lang, t in sorted(model.translations.items())
        ),
    )


def _generic_model() -> ProfileModel:
    path = shipped_dir() / f"{DEFAULT_PROFILE}.toml"
    return ProfileModel.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))


def profile_paths(data_dir: Path | None) -> dict[str, Path]:
    """Every profile by name: the shipped ones, then the store's own (which win)."""
    found: dict[str, Path] = {}
    folders = [shipped_dir()]
    if data_dir is not None:
        folders.append(data_dir / PROFILE_DIR)
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                if PROFILE_NAME_RE.fullmatch(path.stem):
                    found[path.stem] = path
    return found


def load_profile(name: str, data_dir: Path | None) -> Profile:
    """The profile called `name` (the store's own first); `ProfileError` if unknown or broken."""
    paths = profile_paths(data_dir)
    path = paths.get(name) if PROFILE_NAME_RE.fullmatch(name) else None
    if path is None:
        raise ProfileError("payroll.profile_unknown", name=name, known=", ".join(sorted(paths)))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(
            "payroll.profile_invalid", problem=f"{path}: cannot be read: {exc}"
        ) from None
    profile = parse_profile(name, text, str(path))
    if not profile.shifts or not profile.totals:
        which = "shifts" if not profile.shifts else "totals"
        raise ProfileError("payroll.profile_invalid", problem=f"{path}: {which}: no columns")
    return profile


def list_profiles(data_dir: Path | None) -> list[tuple[str, Profile | ProfileError]]:
    """Every profile with its checked form, or the error that makes it unusable."""
    out: list[tuple[str, Profile | ProfileError]] = []
    for name in sorted(profile_paths(data_dir)):
        try:
            out.append((name, load_profile(name, data_dir)))
        except ProfileError as exc:
            out.append((name, exc))
    return out
