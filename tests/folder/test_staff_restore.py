"""`shiftcheck staff restore FILE`: a checked backup puts the staff list back; a bad one changes
nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.services.setup import needs_setup
from tests.faults.conftest import snapshot
from tests.folder.conftest import run_cli
from tests.folder.test_damaged_folder import truncate


@pytest.fixture
def backup(store_dir: Path, tmp_path: Path) -> Path:
    """A copy of the store's staff file, taken while it was intact."""
    copy = tmp_path / "staff-backup.json"
    copy.write_bytes((store_dir / "staff.json").read_bytes())
    return copy


def test_restore_after_damage_brings_back_every_pin(
    store_dir: Path, backup: Path, clock: ManualClock
) -> None:
    truncate(store_dir / "staff.json")
    assert run_cli(store_dir, "staff", "list")[0] == 1
    code, out, err = run_cli(store_dir, "staff", "restore", str(backup))
    assert code == 0, err
    assert "2 employees." in out
    services = open_services(store_dir, clock=clock)
    try:
        assert not needs_setup(services)
        assert services.auth.login("E001", "2580").ok
        assert [e.id for e in services.staff.list()] == ["E001", "E002"]
    finally:
        services.close()
    # The damaged file stays in quarantine/, never deleted.
    assert any(p.name.startswith("staff.json.") for p in (store_dir / "quarantine").iterdir())


def _entry(backup: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    data = json.loads(backup.read_text())
    return data, data["staff"]["1"]


def _bad(backup: Path, change: str) -> str:
    """Write a damaged variant of the backup; returns what the refusal must mention."""
    data, first = _entry(backup)
    if change == "truncated":
        truncate(backup)
        return "not valid JSON"
    if change == "role":
        first["role"] = "owner"
        mention = "entry 1 (E001): role"
    elif change == "duplicate":
        data["staff"]["2"]["id"] = "E001"
        mention = "appears twice"
    elif change == "extra_field":
        first["is_admin"] = True
        mention = "unknown is_admin"
    elif change == "hash":
        first["pin_hash"] = "plain-1234"
        mention = "pin_hash"
    elif change == "bad_id":
        first["id"] = "../../pwned"
        mention = "entry 1: id"
    elif change == "no_supervisor":
        first["role"] = "staff"
        mention = "no active supervisor"
    else:
        data = {"staff": {}}
        mention = "at least one employee"
    backup.write_text(json.dumps(data, ensure_ascii=False))
    return mention


@pytest.mark.parametrize(
    "change",
    ["truncated", "role", "duplicate", "extra_field", "hash", "bad_id", "no_supervisor", "empty"],
)
def test_a_bad_backup_is_refused_and_changes_nothing(
    store_dir: Path, backup: Path, change: str
) -> None:
    (store_dir / "staff.json").unlink()
    mention = _bad(backup, change)
    before = snapshot(store_dir)
    code, out, err = run_cli(store_dir, "staff", "restore", str(backup))
    assert code == 2 and out == ""
    assert "nothing changed" in err and str(backup) in err and mention in err, err
    assert snapshot(store_dir) == before


def test_an_intact_staff_list_is_replaced_only_with_force(store_dir: Path, backup: Path) -> None:
    before = snapshot(store_dir)
    code, _, err = run_cli(store_dir, "staff", "restore", str(backup))
    assert code == 2 and "--force" in err
    assert snapshot(store_dir) == before
    code, _, err = run_cli(store_dir, "staff", "restore", str(backup), "--force")
    assert code == 0, err
    kept = [p for p in (store_dir / "quarantine").iterdir() if p.name.endswith(".damaged")]
    assert len(kept) == 1 and kept[0].read_bytes() == before["staff.json"]


def test_restore_of_a_missing_file_says_so(store_dir: Path, tmp_path: Path) -> None:
    code, _, err = run_cli(store_dir, "staff", "restore", str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json" in err


def test_with_no_backup_store_it_can_add_a_supervisor_again(store_dir: Path) -> None:
    (store_dir / "staff.json").unlink()
    args = ["staff", "add", "--id", "E001", "--name", "张伟", "--role", "supervisor"]
    code, _, err = run_cli(store_dir, *args, "--pin-stdin", stdin="258036\n")
    assert code == 0, err
    assert run_cli(store_dir, "staff", "list")[0] == 0
