"""The shard index is a cache: one save writes its day's shard and a small `recent.json` only,
never the whole index (so a save costs the same after five years), and nothing is lost when the
writer dies before it rewrites the index."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from shiftcheck.store import DataStore, datastore
from shiftcheck.store import atomic as atomic_module
from shiftcheck.store.datastore import RECENT_DAYS_MAX
from tests.faults.conftest import EPOCH, FAR_FUTURE, make_record

FIRST = date(2026, 1, 1)


def days(n: int) -> list[str]:
    return [(FIRST + timedelta(days=k)).isoformat() for k in range(n)]


@pytest.fixture
def year(tmp_path: Path) -> Path:
    """A closed data folder with one record on each of 60 days."""
    data_dir = tmp_path / "data"
    with DataStore.open(data_dir) as store:
        assert store.add_many([make_record("E001", d) for d in days(60)], local=True) == 60
    return data_dir


def spy_replace(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    replaced: list[str] = []
    real = os.replace

    def spy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        folder_fd = kwargs.get("dst_dir_fd")
        full = dst if folder_fd is None else f"{os.readlink(f'/proc/self/fd/{folder_fd}')}/{dst}"
        replaced.append(os.path.relpath(full))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic_module.os, "replace", spy)
    return replaced


def test_one_save_writes_its_shard_and_recent_json_only(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = year / "history" / "index.json"
    recent = year / "history" / "recent.json"
    assert not recent.exists()
    full = json.loads(index.read_bytes())
    assert len(full["shards"]) == 60 and full["next_seq"] == 61
    monkeypatch.chdir(year)
    with DataStore.open(year) as store:
        replaced = spy_replace(monkeypatch)
        for hour in (9, 10, 11):
            assert store.add(make_record("E002", "2026-07-19", hour))
        assert replaced == ["history/2026/2026-07-19.json", "history/recent.json"] * 3
        small = json.loads(recent.read_bytes())
        assert list(small["shards"]) == ["2026-07-19"] and small["next_seq"] == 64
        assert json.loads(index.read_bytes()) == full  # untouched until close
    # Closing folds recent.json into the whole index.
    assert not recent.exists()
    after = json.loads(index.read_bytes())
    assert after["next_seq"] == 64 and after["shards"]["2026-07-19"]["count"] == 3


def test_many_days_at_once_rewrite_the_whole_index(year: Path) -> None:
    later = [(date(2026, 9, 1) + timedelta(days=k)).isoformat() for k in range(RECENT_DAYS_MAX + 1)]
    with DataStore.open(year) as store:
        store.add_many([make_record("E003", d) for d in later], local=True)
        assert not (year / "history" / "recent.json").exists()
        assert len(json.loads((year / "history" / "index.json").read_bytes())["shards"]) == 92


WRITE_AND_DIE = """
import os, signal, sys
from pathlib import Path
from tests.faults.conftest import make_record
from shiftcheck.store import DataStore
store = DataStore.open(Path(sys.argv[1]))
ids = [make_record("E009", "2026-03-0" + str(k)) for k in (1, 2)]
for record in ids:
    store.add(record)
print(" ".join(r.id for r in ids), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def write_and_die(data_dir: Path) -> list[str]:
    """Add two records in a separate writer that is then SIGKILLed; their ids."""
    done = subprocess.run(
        [sys.executable, "-c", WRITE_AND_DIE, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert (data_dir / "history" / "recent.json").exists()
    return done.stdout.split()


def test_writer_killed_before_rewriting_the_index_loses_nothing(year: Path) -> None:
    ids = write_and_die(year)
    with DataStore.open(year, writer=False) as reader:
        assert not reader.index_rebuilt  # recent.json told it about both days
        assert reader.last_seq == 62
        assert [d.id for _, d in reader.local_since(60)] == ids
    with DataStore.open(year) as store:
        assert not store.index_rebuilt
        assert store.add(make_record("E009", "2026-03-03"))
        assert store.last_seq == 63
        assert len(store.records(EPOCH.replace(year=2025), FAR_FUTURE)) == 63


def test_damaged_recent_json_is_rebuilt_from_the_shards(year: Path) -> None:
    ids = write_and_die(year)
    recent = year / "history" / "recent.json"
    recent.write_bytes(recent.read_bytes()[:10])
    with DataStore.open(year, writer=False) as reader:
        assert reader.index_rebuilt and reader.last_seq == 62
        assert [d.id for _, d in reader.local_since(60)] == ids
    with DataStore.open(year) as store:
        assert store.index_rebuilt and store.last_seq == 62
        assert [d.id for _, d in store.local_since(60)] == ids
        assert [p.name.split(".")[0] for p in store.quarantined()] == ["history__recent"]


def test_a_long_lived_reader_sees_each_new_save(year: Path) -> None:
    with DataStore.open(year, writer=False) as reader, DataStore.open(year) as writer:
        assert reader.last_seq == 60
        for hour in (8, 9):
            record = make_record("E002", "2026-07-19", hour)
            writer.add(record)
            assert reader.find(record.id) == record
        assert reader.last_seq == 62


def test_parsed_shards_kept_in_memory_are_bounded(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datastore, "CACHED_SHARDS", 5)
    with DataStore.open(year) as store:
        assert len(store.records(EPOCH.replace(year=2025), FAR_FUTURE)) == 60
        assert len(store._cache) == 5
        record = make_record("E004", "2026-01-01", 17)
        assert store.add(record)
        assert store.find(record.id, around=date(2026, 1, 1)) == record
        assert len(store._cache) == 5
        assert len(list(store.all_documents())) == 61


def test_one_save_fsyncs_the_shard_and_its_folder_only(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append(os.path.relpath(os.readlink(f"/proc/self/fd/{fd}"), year))
        real(fd)

    with DataStore.open(year) as store:
        monkeypatch.setattr(atomic_module.os, "fsync", spy)
        assert store.add(make_record("E002", "2026-07-19"))
        shard = synced[0]
        assert shard.startswith("history/2026/.2026-07-19.json.") and shard.endswith(".tmp")
        assert synced[1:] == ["history/2026"]
