"""A payroll export killed at any moment leaves the old file or the whole new one, never a part."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from shiftcheck.store import DataStore
from tests.payroll.conftest import SH, SH_STAFF, Seeder, make_store


def busy_store(folder: Path) -> Path:
    make_store(folder, store_id="S001", timezone="Asia/Shanghai", staff=SH_STAFF)
    s = Seeder("S001", SH)
    day = date(2026, 1, 1)
    for _ in range(120):
        for employee in ("E001", "E002", "E003", "E004"):
            s.shift(
                employee,
                s.at(day.year, day.month, day.day, 9),
                s.at(day.year, day.month, day.day, 18),
            )
        day += timedelta(days=1)
    with DataStore.open(folder) as store:
        store.add_many(s.docs, local=True)
    return folder


def export(folder: Path, target: Path) -> subprocess.Popen[bytes]:
    args = [
        sys.executable,
        "-m",
        "shiftcheck",
        "--data-dir",
        str(folder),
        "export",
        "payroll",
        "--from",
        "2026-01-01",
        "--to",
        "2026-04-30",
        "-o",
        str(target),
        "--force",
    ]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_killed_export_never_leaves_a_partial_file(tmp_path: Path) -> None:
    folder = busy_store(tmp_path / "data")
    target = tmp_path / "out" / "payroll.xlsx"
    target.parent.mkdir()
    done = export(folder, target)
    assert done.wait(60) == 0
    complete = target.read_bytes()
    target.write_bytes(b"last month's file")
    outcomes = set()
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4):
        proc = export(folder, target)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(60)
        data = target.read_bytes()
        if data == b"last month's file":
            outcomes.add("old")
        else:
            assert data == complete  # the whole new file, byte for byte
            assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[:2] == ["Shifts", "Totals"]
            outcomes.add("new")
            target.write_bytes(b"last month's file")
    assert "old" in outcomes  # killed at 0.2 s: before any output could be complete
