"""Sync: every document this terminal writes reaches each target exactly once (by id).

`outbox` keeps a per-target cursor over the store's local sequence numbers; `folder` and
`postgres` are the two kinds of target; `central` owns the chain database's schema and store
roles and `PostgresSource` reads it for head office; `service.SyncService` runs it all.

Names are loaded on first use, so importing `base` (errors, scrubbing) never loads psycopg.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shiftcheck.services.sync.base import SyncError, scrub
    from shiftcheck.services.sync.service import (
        SyncProgress,
        SyncService,
        TargetResult,
        TargetStatus,
    )

_WHERE = {
    "SyncError": "base",
    "scrub": "base",
    "SyncProgress": "service",
    "SyncService": "service",
    "TargetResult": "service",
    "TargetStatus": "service",
}

__all__ = [
    "SyncError",
    "SyncProgress",
    "SyncService",
    "TargetResult",
    "TargetStatus",
    "scrub",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
