"""Open a data folder as its writer and hold it until standard input closes.

Usage: hold_lock.py DATA_DIR

Prints `locked <pid>` once it holds the lock, or `refused <message>` (exit code 3) if another
process holds it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from shiftcheck.store import DataStore, StoreLockedError


def main() -> int:
    try:
        store = DataStore.open(Path(sys.argv[1]))
    except StoreLockedError as exc:
        print(f"refused {exc}", flush=True)
        return 3
    with store:
        print(f"locked {os.getpid()}", flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
