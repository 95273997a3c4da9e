"""The outbox: documents this terminal wrote that a target has not confirmed yet.

Each target has a cursor, the last local sequence number it confirmed, kept in the store's
state (atomically). Nothing is rewritten to flip a "synced" flag: a document is pending for a
target while its sequence number is above that target's cursor. The cursor remembers where the
target was; if a target's folder or URL changes, everything is pending again (pushing is
idempotent by id, so that is safe).
"""

from __future__ import annotations

from shiftcheck.domain.records import Document
from shiftcheck.store import DataStore


def cursor_key(target: str) -> str:
    """The state key of a target's cursor."""
    return f"sync.cursor.{target}"


class Outbox:
    """One target's view of the store's local documents."""

    def __init__(self, store: DataStore, target: str, where: str) -> None:
        self.store = store
        self.target = target
        self.where = where

    def cursor(self) -> int:
        """The last sequence number the target confirmed (0: none)."""
        state = self.store.get_state(cursor_key(self.target)) or {}
        if state.get("where") != self.where:
            return 0
        seq = state.get("seq", 0)
        return seq if isinstance(seq, int) and seq >= 0 else 0

    def pending(self) -> list[tuple[int, Document]]:
        """(seq, document) pairs not confirmed yet, oldest first."""
        return self.store.local_since(self.cursor())

    def pending_count(self) -> int:
        """How many documents wait for this target, without reading them.

        Local sequence numbers are handed out one by one, so this is the distance from the
        cursor to the newest one (cheap enough for the kiosk's welcome screen)."""
        return max(0, self.store.last_seq - self.cursor())

    def confirm(self, seq: int) -> None:
        """Move the cursor to `seq` once the target confirmed everything up to it; never back."""
        if seq > self.cursor():
            self.store.put_state(cursor_key(self.target), {"seq": seq, "where": self.where})
