"""Sync: every document this terminal writes reaches each target exactly once (by id).

`outbox` keeps a per-target cursor over the store's local sequence numbers; `folder` and
`postgres` are the two kinds of target; `central` owns the chain database's schema and store
roles and `PostgresSource` reads it for head office; `service.SyncService` runs it all.
"""

from shiftcheck.services.sync.base import SyncError, scrub
from shiftcheck.services.sync.service import SyncProgress, SyncService, TargetResult, TargetStatus

__all__ = [
    "SyncError",
    "SyncProgress",
    "SyncService",
    "TargetResult",
    "TargetStatus",
    "scrub",
]
