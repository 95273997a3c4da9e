"""The one-writer rule holds when `.lock` is deleted or the folder is swapped under a writer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shiftcheck.domain.staff import Employee
from shiftcheck.store import DataStore, StoreLockedError, StoreWriteError
from tests.faults.conftest import EPOCH, FAR_FUTURE, make_record
from tests.faults.test_two_writers import HOLD, held_by_another_process


@pytest.fixture
def seeded(data_dir: Path) -> Path:
    """A configured data folder with one employee and one record."""
    with DataStore.open(data_dir) as store:
        store.save_employee(Employee("E001", "张伟"))
        store.add(make_record("E001", "2026-11-26"))
    return data_dir


def test_deleting_the_lock_file_lets_no_second_writer_in(seeded: Path) -> None:
    with held_by_another_process(seeded) as pid:
        (seeded / ".lock").unlink()
        second = subprocess.run(
            [sys.executable, str(HOLD), str(seeded)],
            input="",
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 3, second.stdout + second.stderr
        assert second.stdout.startswith("refused ") and "in use" in second.stdout
        with pytest.raises(StoreLockedError):
            DataStore.open(seeded)
        assert pid > 0


def test_no_sequence_number_is_handed_out_twice_after_the_lock_file_goes(seeded: Path) -> None:
    with DataStore.open(seeded) as first:
        first.add(make_record("E001", "2026-11-27"))
        (seeded / ".lock").unlink()
        with pytest.raises(StoreLockedError):
            DataStore.open(seeded)
        first.add(make_record("E001", "2026-11-28"))
        seqs = [seq for seq, _ in first.local_since(0)]
    assert seqs == [1, 2, 3]
    with DataStore.open(seeded, writer=False) as reader:
        assert len(reader.records(EPOCH, FAR_FUTURE)) == 3


def test_a_folder_replaced_under_the_writer_is_never_written(seeded: Path, tmp_path: Path) -> None:
    store = DataStore.open(seeded)
    try:
        seeded.rename(tmp_path / "moved-away")
        seeded.mkdir()
        with pytest.raises(StoreWriteError, match="moved or replaced"):
            store.add(make_record("E001", "2026-11-27"))
        with pytest.raises(StoreWriteError, match="moved or replaced"):
            store.save_employee(Employee("E002", "李娜"))
    finally:
        store.close()
    assert list(seeded.iterdir()) == []


def test_a_symlink_planted_as_the_lock_file_is_never_followed(seeded: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (seeded / ".lock").symlink_to(victim)
    with DataStore.open(seeded):
        assert not (seeded / ".lock").is_symlink()
        assert '"pid"' in (seeded / ".lock").read_text(encoding="utf-8")
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_holder_note_planted_as_a_fifo_does_not_hang_the_refusal(seeded: Path) -> None:
    with held_by_another_process(seeded):
        (seeded / ".lock").unlink()
        os.mkfifo(seeded / ".lock")
        with pytest.raises(StoreLockedError, match="another process"):
            DataStore.open(seeded)
