"""Real terminals of one store on a real shared folder in a temp dir, and a way to plant files
on the share as anyone with write access to it could."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from shiftcheck.config import SyncTarget
from shiftcheck.domain.checklist import Answer, Checklist, ItemKind, Result
from shiftcheck.domain.records import CheckRecord, format_time
from shiftcheck.services.context import Services
from shiftcheck.services.sync.signing import signed
from tests.sync.conftest import (  # noqa: F401  (fixtures used by the tests here)
    TZ,
    MakeTerminal,
    central,
    make_terminal,
    pg_server,
    store_key,
    sync_of,
)

DAY = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)


def share_targets(tmp_path: Path) -> list[SyncTarget]:
    """One folder target on `tmp_path/share` (made here)."""
    share = tmp_path / "share"
    share.mkdir(exist_ok=True)
    return [SyncTarget(name="share", path=str(share))]


def plant_bundle(
    share: Path,
    terminal: str,
    lines: Sequence[bytes],
    *,
    key: bytes | None,
    first: int = 1,
    store: str = "S001",
) -> Path:
    """A bundle in `share/<store>/<terminal>/` with a correct size, SHA-256, count and
    manifest, signed with `key` when given; returns its manifest's path."""
    folder = share / store / terminal
    folder.mkdir(parents=True, exist_ok=True)
    data = b"\n".join(lines) + b"\n"
    last = first + len(lines) - 1
    stem = f"b{first:012d}-{last:012d}"
    manifest: dict[str, object] = {
        "format": "shiftcheck.bundle/1",
        "store_id": store,
        "terminal_id": terminal,
        "first_seq": first,
        "last_seq": last,
        "count": len(lines),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "data": f"{stem}.jsonl",
        "written_at": format_time(DAY),
    }
    if key is not None:
        manifest = signed(manifest, key)
    (folder / f"{stem}.jsonl").write_bytes(data)
    path = folder / f"{stem}.manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def line_of(doc: dict[str, object]) -> bytes:
    """One bundle line."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def full_answers(checklist: Checklist) -> tuple[Answer, ...]:
    """Every item of `checklist` answered acceptably."""
    out = []
    for item in checklist.items:
        if item.kind is ItemKind.CHECK:
            out.append(Answer(item.id, Result.PASS))
        elif item.kind is ItemKind.COUNT:
            out.append(Answer(item.id, None, item.min or 0))
        else:
            out.append(Answer(item.id, None, "none"))
    return tuple(out)


def real_record(
    s: Services, checklist_id: str, employee: str, at: datetime, terminal: str = "T9"
) -> CheckRecord:
    """A record as a terminal of the store would write it, answering `s`'s own checklist."""
    checklist = s.checklists[checklist_id]
    return CheckRecord(
        id=str(uuid.uuid4()),
        store_id=s.config.store_id,
        terminal_id=terminal,
        employee_id=employee,
        checklist=checklist_id,
        checklist_version=checklist.version_tag,
        started_at=at,
        submitted_at=at + timedelta(minutes=1),
        answers=full_answers(checklist),
    )
