"""Documents a target refused on push stay listed until they are resolved.

The outbox cursor moves past a refused document (it must not block the ones after it), so the
refusal itself is what remembers it: one list per target in the store's state, each entry with
the document's id, the reason, when, and the day the document is filed under (to find it
again). `sync status` shows the list; `shiftcheck sync --retry-refused` sends those documents
again, and each one the target now takes (stored, or already there with the same content)
leaves the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from shiftcheck.domain.records import Document, document_time, format_time
from shiftcheck.i18n import Phrase
from shiftcheck.services.sync.base import Refusal, Target, chunks
from shiftcheck.store import DataStore


def refused_key(target: str) -> str:
    """State key of a target's unresolved refusals."""
    return f"sync.refused.{target}"


def unresolved(store: DataStore, target: str) -> list[dict[str, str]]:
    """The target's refused documents not resolved yet (id, reason, at, day), oldest first."""
    state = store.get_state(refused_key(target)) or {}
    items = state.get("items", [])
    return [dict(i) for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]


def _save(store: DataStore, target: str, items: list[dict[str, str]]) -> None:
    store.put_state(refused_key(target), {"items": items})


def remember(
    store: DataStore,
    target: str,
    refusals: Iterable[Refusal],
    batch: Sequence[tuple[int, Document]],
    at: str,
) -> None:
    """Add a push's refusals to the target's list (an id already listed gets the new reason)."""
    refusals = list(refusals)
    if not refusals:
        return
    days = {doc.id: document_time(doc).date().isoformat() for _, doc in batch}
    items = {i["id"]: i for i in unresolved(store, target)}
    for r in refusals:
        items[r.id] = {"id": r.id, "reason": str(r.reason), "at": at, "day": days.get(r.id, "")}
    _save(store, target, list(items.values()))


def _find(store: DataStore, item: dict[str, str]) -> Document | None:
    try:
        around = date.fromisoformat(item.get("day", ""))
    except ValueError:
        around = None
    return store.find(item["id"], around)


def retry(
    store: DataStore, target: Target, store_id: str, now: datetime
) -> tuple[int, list[Refusal], list[str]]:
    """Send the target's refused documents again; returns how many it took now, those it
    refused again (still listed, with the new reason) and problems (ids no longer here).

    `SyncError` when the target cannot be reached (the list stays as it was).
    """
    items = unresolved(store, target.name)
    if not items:
        return 0, [], []
    found: list[tuple[int, Document]] = []
    problems: list[str] = []
    for item in items:
        doc = _find(store, item)
        if doc is None:
            problems.append(f"{item['id']}: not found on this terminal any more")
        else:
            found.append((0, doc))
    taken = 0
    still: list[Refusal] = []
    with target.open() as session:
        for batch in chunks(found, session.batch_size):
            own = [(seq, d) for seq, d in batch if d.store_id == store_id]
            still.extend(
                Refusal(d.id, Phrase("sync.why.belongs_to", store=d.store_id))
                for _, d in batch
                if d.store_id != store_id
            )
            outcome = session.push(own, now)
            refused = {r.id for r in outcome.refused}
            still.extend(outcome.refused)
            taken += sum(1 for _, d in own if d.id not in refused)
    again = {r.id: r for r in still}
    stamp = format_time(now)
    kept = []
    for item in items:
        if item["id"] in again:
            kept.append({**item, "reason": str(again[item["id"]].reason), "at": stamp})
        elif not any(p.startswith(item["id"]) for p in problems):
            continue  # taken: resolved
        else:
            kept.append(item)
    _save(store, target.name, kept)
    return taken, still, problems


__all__ = ["refused_key", "remember", "retry", "unresolved"]
