"""Loading checklist TOML files: all-or-nothing, every problem named with file, line and field."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from shiftcheck.config import Config
from shiftcheck.domain.checklist import (
    CHECKLIST_IDS,
    Checklist,
    Item,
    ItemKind,
    Section,
    Text,
)

_ID = r"^[a-z][a-z0-9_]{0,47}$"


@dataclass(frozen=True, slots=True)
class ChecklistProblem:
    """One thing wrong with a checklist file."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ChecklistError(ValueError):
    """Checklist files that cannot be used; `problems` lists each one."""

    def __init__(self, problems: list[ChecklistProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Text(_Strict):
    zh: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if value and not value.strip():
            raise ValueError("blank text (only spaces)")
        return value


class _Item(_Strict):
    id: Annotated[str, Field(pattern=_ID)]
    text: _Text
    help: _Text | None = None
    kind: Literal["check", "count", "text"] = "check"
    required: bool = True
    note_on_fail: bool = False
    allow_na: bool = False
    min: int | None = None
    max: int | None = None
    # Rules between keys (min/max only for counts...) are checked in `_cross_rules`.


class _Section(_Strict):
    id: Annotated[str, Field(pattern=_ID)]
    title: _Text
    items: Annotated[list[_Item], Field(min_length=1)]


class _Checklist(_Strict):
    id: Literal["start_of_shift", "end_of_shift"]
    version: Annotated[str, Field(min_length=1, max_length=32)]
    title: _Text
    sections: Annotated[list[_Section], Field(min_length=1)]


def default_checklist_dir() -> Path:
    """The checklists shipped with shiftcheck."""
    return Path(str(resources.files("shiftcheck") / "checklists"))


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the checklist's content in canonical JSON (comments and layout don't count)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _line_of(source: str, loc: tuple[int | str, ...]) -> int | None:
    """Best line for a field path like ('sections', 1, 'items', 2, 'text', 'en')."""
    lines = source.splitlines()
    start, end = 0, len(lines)

    def tables(header: str, lo: int, hi: int) -> list[int]:
        pat = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
        return [i for i in range(lo, hi) if pat.match(lines[i])]

    path = list(loc)
    header = ""
    while len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        header = f"{header}.{path[0]}" if header else path[0]
        found = tables(header, start, end)
        if path[1] >= len(found):
            return start + 1 if start else None
        start = found[path[1]]
        nxt = [i for i in range(start + 1, end) if re.match(r"^\s*\[", lines[i])]
        sub = [i for i in nxt if not re.match(rf"^\s*\[\[\s*{re.escape(header)}\.", lines[i])]
        end = sub[0] if sub else end
        path = path[2:]
    if path and isinstance(path[0], str):
        key = re.compile(rf"^\s*{re.escape(path[0])}\s*=")
        for i in range(start, end):
            if key.match(lines[i]):
                return i + 1
    return start + 1 if header else None


def _field(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _messages(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "missing"
    if kind == "literal_error":
        return f"{err['msg'].replace('Input should be', 'must be')} (got {err.get('input')!r})"
    if kind == "too_short" and err["loc"] and err["loc"][-1] in ("sections", "items"):
        what = "section" if err["loc"][-1] == "sections" else "item"
        return f"empty: a checklist needs at least one {what}"
    if kind == "string_too_short":
        return "missing translation (empty text)"
    return str(err["msg"]).removeprefix("Value error, ")


def _to_domain(model: _Checklist, digest: str) -> Checklist:
    def text(t: _Text | None) -> Text | None:
        return Text(t.zh, t.en) if t is not None else None

    sections = tuple(
        Section(
            id=s.id,
            title=Text(s.title.zh, s.title.en),
            items=tuple(
                Item(
                    id=i.id,
                    text=Text(i.text.zh, i.text.en),
                    kind=ItemKind(i.kind),
                    help=text(i.help),
                    required=i.required,
                    note_on_fail=i.note_on_fail,
                    allow_na=i.allow_na,
                    min=i.min,
                    max=i.max,
                )
                for i in s.items
            ),
        )
        for s in model.sections
    )
    return Checklist(
        model.id, model.version, Text(model.title.zh, model.title.en), sections, digest
    )


def _cross_rules(data: dict[str, Any], source: str, path: Path) -> list[ChecklistProblem]:
    """Rules across keys and items, on the raw TOML so that they are reported together with
    any type errors: duplicate ids, keys that do not fit the item's kind, bounds the wrong way
    round, and a checklist id that does not match the file name. Values of the wrong type are
    left to the schema's own message."""
    problems: list[ChecklistProblem] = []

    def problem(loc: tuple[int | str, ...], message: str) -> None:
        problems.append(ChecklistProblem(path, _line_of(source, loc), _field(loc), message))

    checklist_id = data.get("id")
    if (
        isinstance(checklist_id, str)
        and checklist_id in CHECKLIST_IDS
        and checklist_id != path.stem
    ):
        problem(
            ("id",), f"checklist id {checklist_id!r} does not match the file name {path.name!r}"
        )
    sections = data.get("sections")
    seen_sections: set[str] = set()
    seen_items: set[str] = set()
    for si, section in enumerate(sections if isinstance(sections, list) else []):
        if not isinstance(section, dict):
            continue
        section_id = section.get("id")
        if isinstance(section_id, str):
            if section_id in seen_sections:
                problem(("sections", si, "id"), f"duplicate section id {section_id!r}")
            seen_sections.add(section_id)
        items = section.get("items")
        for ii, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            at: tuple[int | str, ...] = ("sections", si, "items", ii)
            item_id = item.get("id")
            if isinstance(item_id, str):
                if item_id in seen_items:
                    problem((*at, "id"), f"duplicate item id {item_id!r}")
                seen_items.add(item_id)
            kind = item.get("kind", "check")
            if kind not in ("check", "count", "text"):
                continue
            if kind != "count":
                for key in ("min", "max"):
                    if key in item:
                        problem(
                            (*at, key),
                            f"{key} applies only to items of kind 'count' (this is {kind!r})",
                        )
            else:
                low, high = item.get("min"), item.get("max")
                if type(low) is int and type(high) is int and low > high:
                    problem((*at, "min"), f"bad bounds: min {low} is greater than max {high}")
            if kind != "check":
                for key in ("note_on_fail", "allow_na"):
                    if item.get(key) is True:
                        problem(
                            (*at, key),
                            f"{key} applies only to items of kind 'check' (this is {kind!r})",
                        )
    return problems


def load_checklist(path: Path) -> Checklist:
    """One checklist file, fully checked; `ChecklistError` lists every problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ChecklistError(
            [ChecklistProblem(path, None, "", f"cannot be read: {reason}")]
        ) from None
    try:
        source = raw.decode("utf-8-sig")  # a byte-order mark (as Notepad writes) is fine
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        message = "not UTF-8 text; save the file with UTF-8 encoding"
        raise ChecklistError([ChecklistProblem(path, bad_line, "", message)]) from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ChecklistError([ChecklistProblem(path, line, "", f"not valid TOML: {msg}")]) from None
    problems = _cross_rules(data, source, path)
    try:
        model = _Checklist.model_validate(data)
    except ValidationError as exc:
        problems += [
            ChecklistProblem(
                path, _line_of(source, tuple(e["loc"])), _field(tuple(e["loc"])), _messages(e)
            )
            for e in exc.errors()
        ]
    if problems:
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ChecklistError(problems)
    return _to_domain(model, content_hash(data))


def load_checklists(folder: Path) -> dict[str, Checklist]:
    """Both checklists from `folder`, or `ChecklistError` with every problem in every file."""
    problems: list[ChecklistProblem] = []
    loaded: dict[str, Checklist] = {}
    if not folder.is_dir():
        raise ChecklistError([ChecklistProblem(folder, None, "", "no such folder")])
    for checklist_id in CHECKLIST_IDS:
        path = folder / f"{checklist_id}.toml"
        if not path.exists():
            problems.append(
                ChecklistProblem(path, None, "", "missing: every store needs this checklist")
            )
            continue
        try:
            loaded[checklist_id] = load_checklist(path)
        except ChecklistError as exc:
            problems.extend(exc.problems)
    for extra in sorted(folder.glob("*.toml")):
        if extra.stem not in CHECKLIST_IDS:
            problems.append(
                ChecklistProblem(
                    extra, None, "", f"unknown checklist file; expected {', '.join(CHECKLIST_IDS)}"
                )
            )
    if problems:
        raise ChecklistError(problems)
    return loaded


def checklist_folder(config: Config, data_dir: Path) -> Path:
    """The store's checklist folder (relative to the data folder), else the shipped one."""
    if not config.checklist_dir:
        return default_checklist_dir()
    folder = Path(config.checklist_dir).expanduser()
    return folder if folder.is_absolute() else data_dir / folder
