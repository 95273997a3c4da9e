"""Store behaviour beyond faults: schema version and migrations, readers, outbox order, index."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shiftcheck.store import DataStore, StoreLockedError, StoreVersionError
from shiftcheck.store import datastore as datastore_module
from tests.unit.factories import end, start

SH = ZoneInfo("Asia/Shanghai")


def test_meta_is_written_and_a_newer_folder_is_refused(tmp_path: Path) -> None:
    with DataStore.open(tmp_path / "d"):
        pass
    meta = json.loads((tmp_path / "d" / "meta.json").read_text())
    assert meta == {"schema_version": 1}
    (tmp_path / "d" / "meta.json").write_text('{"schema_version": 7}')
    with pytest.raises(StoreVersionError, match="newer shiftcheck"):
        DataStore.open(tmp_path / "d")
    # the refused open released its lock
    (tmp_path / "d" / "meta.json").write_text('{"schema_version": 1}')
    DataStore.open(tmp_path / "d").close()


def test_migration_hook_runs_once_per_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "d"
    with DataStore.open(folder):
        pass
    calls: list[Path] = []
    monkeypatch.setattr(datastore_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(datastore_module.MIGRATIONS, 1, calls.append)
    with pytest.raises(StoreVersionError, match="needs upgrading"):
        DataStore.open(folder, writer=False)
    DataStore.open(folder).close()
    DataStore.open(folder).close()
    assert calls == [folder]
    assert json.loads((folder / "meta.json").read_text())["schema_version"] == 2


def test_readers_do_not_lock_and_see_new_writes(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    writer = DataStore.open(folder)
    with pytest.raises(StoreLockedError, match="in use by another shiftcheck process"):
        DataStore.open(folder)
    reader = DataStore.open(folder, writer=False)
    t0 = datetime(2026, 11, 27, 9, tzinfo=SH)
    rec = start("E1", t0)
    assert writer.add(rec)
    assert not writer.add(rec)  # same id: nothing written
    window = (t0 - timedelta(hours=1), t0 + timedelta(hours=1))
    assert DataStore.open(folder, writer=False).records(*window) == [rec]
    assert reader.records(*window) == [rec]  # a long-lived reader sees the writer's saves
    assert DataStore.open(folder, writer=False).find(rec.id) == rec
    writer.close()


def test_outbox_order_and_imported_documents(tmp_path: Path) -> None:
    t0 = datetime(2026, 11, 25, 9, tzinfo=SH)
    mine = [start("E1", t0 + timedelta(days=i)) for i in range(3)]
    theirs = [end("E2", t0 + timedelta(hours=8))]
    with DataStore.open(tmp_path / "d") as store:
        for rec in mine:
            store.add(rec)
        assert store.add_many(theirs, local=False) == 1
        assert store.add_many(theirs + mine, local=False) == 0
        assert [seq for seq, _ in store.local_since(0)] == [1, 2, 3]
        assert [d.id for _, d in store.local_since(1)] == [r.id for r in mine[1:]]
        assert store.last_seq == 3 and store.count_local_since(3) == 0


def test_stale_or_missing_index_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    t0 = datetime(2026, 11, 27, 9, tzinfo=SH)
    with DataStore.open(folder) as store:
        store.add(start("E1", t0))
        store.add(end("E1", t0 + timedelta(hours=8)))
    (folder / "history" / "index.json").unlink()
    with DataStore.open(folder) as store:
        assert store.index_rebuilt and store.last_seq == 2
        store.add(start("E1", t0 + timedelta(days=1)))
        assert store.last_seq == 3
    with DataStore.open(folder) as store:
        assert not store.index_rebuilt
        assert len(list(store.all_documents())) == 3
