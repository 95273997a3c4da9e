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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

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

    @model_validator(mode="after")
    def _not_blank(self) -> _Text:
        for lang in ("zh", "en"):
            if not getattr(self, lang).strip():
                raise ValueError(f"the {lang} text is blank")
        return self


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

    @model_validator(mode="after")
    def _rules(self) -> _Item:
        if self.kind != "count" and (self.min is not None or self.max is not None):
            raise ValueError("min and max apply only to items of kind 'count'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"bad bounds: min {self.min} is greater than max {self.max}")
        if self.kind != "check" and (self.note_on_fail or self.allow_na):
            raise ValueError("note_on_fail and allow_na apply only to items of kind 'check'")
        return self


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


def _duplicates(model: _Checklist, source: str, path: Path) -> list[ChecklistProblem]:
    problems: list[ChecklistProblem] = []
    seen_sections: set[str] = set()
    seen_items: set[str] = set()
    for si, section in enumerate(model.sections):
        if section.id in seen_sections:
            loc: tuple[int | str, ...] = ("sections", si, "id")
            problems.append(
                ChecklistProblem(
                    path, _line_of(source, loc), _field(loc), f"duplicate section id {section.id!r}"
                )
            )
        seen_sections.add(section.id)
        for ii, item in enumerate(section.items):
            if item.id in seen_items:
                loc = ("sections", si, "items", ii, "id")
                problems.append(
                    ChecklistProblem(
                        path, _line_of(source, loc), _field(loc), f"duplicate item id {item.id!r}"
                    )
                )
            seen_items.add(item.id)
    return problems


def load_checklist(path: Path) -> Checklist:
    """One checklist file, fully checked; `ChecklistError` lists every problem."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError([ChecklistProblem(path, None, "", f"cannot be read: {exc}")]) from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ChecklistError([ChecklistProblem(path, line, "", f"not valid TOML: {msg}")]) from None
    try:
        model = _Checklist.model_validate(data)
    except ValidationError as exc:
        problems = [
            ChecklistProblem(
                path, _line_of(source, tuple(e["loc"])), _field(tuple(e["loc"])), _messages(e)
            )
            for e in exc.errors()
        ]
        raise ChecklistError(problems) from None
    problems = _duplicates(model, source, path)
    if model.id != path.stem:
        problems.append(
            ChecklistProblem(
                path,
                _line_of(source, ("id",)),
                "id",
                f"checklist id {model.id!r} does not match the file name {path.name!r}",
            )
        )
    if problems:
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
