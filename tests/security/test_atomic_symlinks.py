"""Planted symlinks in the data folder or an export folder never redirect a write."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import Config
from shiftcheck.domain.staff import Employee
from shiftcheck.services.context import save_config
from shiftcheck.store import DataStore
from shiftcheck.store.atomic import atomic_write_bytes
from tests.unit.factories import end, start

TZ = ZoneInfo("Asia/Shanghai")


def plant_temp_links(folder: Path, name: str, victim: Path) -> None:
    """Symlinks under every temp name the old writer would have used for `name`."""
    pid = os.getpid()
    for candidate in (f".{name}.{pid}.tmp", f".{name}.tmp", f"{name}.tmp"):
        (folder / candidate).symlink_to(victim)


def test_atomic_write_never_follows_a_planted_temp_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = tmp_path / "out"
    folder.mkdir()
    plant_temp_links(folder, "report.csv", victim)
    atomic_write_bytes(folder / "report.csv", b"new")
    assert victim.read_text() == "precious"
    assert (folder / "report.csv").read_bytes() == b"new"
    assert not (folder / "report.csv").is_symlink()


def test_a_symlink_at_the_target_name_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "report.csv").symlink_to(victim)
    atomic_write_bytes(tmp_path / "report.csv", b"new")
    assert victim.read_text() == "precious"
    assert (tmp_path / "report.csv").read_bytes() == b"new"


def test_temp_names_are_unpredictable(tmp_path: Path, monkeypatch: object) -> None:
    from shiftcheck.store.atomic import temp_name

    names = {temp_name("staff.json") for _ in range(50)}
    assert len(names) == 50
    assert all(n.startswith(f".staff.json.{os.getpid()}.") for n in names)


def test_data_folder_save_ignores_planted_temp_symlinks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    with DataStore.open(data) as store:
        store.save_employee(Employee("E001", "王芳"))
        plant_temp_links(data, "staff.json", victim)
        store.save_employee(Employee("E002", "李娜"))
        assert [e.id for e in store.list_staff()] == ["E001", "E002"]
    assert victim.read_text() == "precious"


def test_export_payroll_into_a_folder_with_planted_symlinks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    save_config(data, Config(store_id="S001", terminal_id="T1", timezone="Asia/Shanghai"))
    with DataStore.open(data) as store:
        store.save_employee(Employee("E002", "李娜"))
        at = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)
        store.add(start("E002", at))
        store.add(end("E002", at.replace(hour=17)))
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    plant_temp_links(out, "payroll.csv", victim)
    result = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(data),
            "export",
            "payroll",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-02",
            "-o",
            str(out / "payroll.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious"
    assert "E002" in (out / "payroll.csv").read_text(encoding="utf-8-sig")
