"""Two writers on one data folder: the second is refused at once, naming the holder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.domain.staff import Employee
from shiftcheck.store import DataStore, StoreLockedError
from tests.faults.conftest import EPOCH, FAR_FUTURE, make_record, snapshot

HOLD = Path(__file__).parent / "helpers" / "hold_lock.py"
ADD_E009 = ["staff", "add", "--id", "E009", "--name", "王芳", "--pin-stdin"]


def start_holder(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HOLD), str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def held_by_another_process(data_dir: Path) -> Iterator[int]:
    """A separate process holding the writer lock; yields its pid."""
    proc = start_holder(data_dir)
    assert proc.stdout is not None and proc.stdin is not None
    line = proc.stdout.readline().split()
    try:
        assert line[:1] == ["locked"], proc.stderr.read() if proc.stderr else ""
        yield int(line[1])
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    assert proc.returncode == 0


@pytest.fixture
def seeded(data_dir: Path) -> Path:
    """The configured data folder of the shared fixtures, with one employee and one record."""
    with DataStore.open(data_dir) as store:
        store.save_employee(Employee("E001", "张伟"))
        store.add(make_record("E001", "2026-11-26"))
    return data_dir


def test_second_writer_in_this_process_is_refused_at_once_naming_the_holder(
    seeded: Path,
) -> None:
    with held_by_another_process(seeded) as pid:
        before = snapshot(seeded)
        started = time.monotonic()
        with pytest.raises(StoreLockedError) as info:
            DataStore.open(seeded)
        assert time.monotonic() - started < 1, "refused at once, not after a wait"
        message = str(info.value)
        assert f"process {pid} on {socket.gethostname()}" in message
        assert str(seeded) in message and "in use" in message
        # Reading is still allowed while another process writes.
        with DataStore.open(seeded, writer=False) as reader:
            assert [e.id for e in reader.list_staff()] == ["E001"]
            assert len(reader.records(EPOCH, FAR_FUTURE)) == 1
        assert snapshot(seeded) == before
    # Released when the holder exits: a writer opens at once.
    with DataStore.open(seeded) as store:
        assert store.add(make_record("E001", "2026-11-27"))


def test_second_writer_process_is_refused(seeded: Path) -> None:
    with held_by_another_process(seeded) as pid:
        before = snapshot(seeded)
        second = subprocess.run(
            [sys.executable, str(HOLD), str(seeded)],
            input="",
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 3
        assert second.stdout.startswith("refused ") and f"process {pid} on " in second.stdout
        assert snapshot(seeded) == before


def test_two_writers_started_together_exactly_one_wins(seeded: Path) -> None:
    procs = [start_holder(seeded) for _ in range(2)]
    firsts = []
    for proc in procs:
        assert proc.stdout is not None
        firsts.append(proc.stdout.readline().split(" ", 1)[0])
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)
    assert sorted(firsts) == ["locked", "refused"]
    assert sorted(p.returncode for p in procs) == [0, 3]
    with DataStore.open(seeded) as store:
        assert store.quarantined() == [] and len(store.records(EPOCH, FAR_FUTURE)) == 1


def test_cli_writer_command_fails_with_exit_1_while_another_process_writes(seeded: Path) -> None:
    with held_by_another_process(seeded) as pid:
        before = snapshot(seeded)
        # A real command-line process...
        done = subprocess.run(
            [sys.executable, "-m", "shiftcheck", "--data-dir", str(seeded), *ADD_E009],
            input="4826\n",
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
        assert done.returncode == 1, done.stderr
        assert "in use by another shiftcheck process" in done.stderr
        assert f"process {pid} on " in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""
        # ...and the same command in this process.
        result = CliRunner().invoke(
            cli,
            ["--data-dir", str(seeded), *ADD_E009],
            input="4826\n",
        )
        assert result.exit_code == 1
        assert f"process {pid} on " in result.stderr
        assert snapshot(seeded) == before
    # Nothing was changed or damaged: the command works once the folder is free.
    result = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(seeded),
            "staff",
            "add",
            "--id",
            "E009",
            "--name",
            "王芳",
            "--pin-stdin",
        ],
        input="4826\n",
    )
    assert result.exit_code == 0, result.output
    with DataStore.open(seeded, writer=False) as reader:
        assert [e.id for e in reader.list_staff()] == ["E001", "E009"]
        assert reader.quarantined() == []
