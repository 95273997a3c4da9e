"""A damaged data folder never turns into a new install (issue 10 §1, first point)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.services.setup import StoreSetup, needs_setup, setup_store
from shiftcheck.store.errors import DataFolderError
from shiftcheck.tui.app import build_app
from tests.folder.conftest import run_cli


def truncate(path: Path) -> None:
    """Cut a file in half, as an interrupted copy or write leaves it."""
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def test_truncated_staff_file_stops_the_kiosk_twice_never_opening_setup(
    store_dir: Path, clock: ManualClock
) -> None:
    staff = store_dir / "staff.json"
    truncate(staff)
    with pytest.raises(DataFolderError) as first:
        build_app(store_dir, clock=clock)
    assert first.value.key == "trust.staff_damaged_moved"
    message = first.value.message("en")
    assert str(staff) in message and "staff restore FILE" in message
    assert "quarantine" in message
    # The second start finds no staff file: still a set-up store, never first-run setup.
    with pytest.raises(DataFolderError) as second:
        build_app(store_dir, clock=clock)
    assert second.value.key == "trust.staff_missing_copies"
    zh = second.value.message("zh-CN")
    assert str(staff) in zh and "staff restore" in zh and "隔离区" in zh
    assert not staff.exists()


def test_truncated_staff_file_stops_every_command_with_exit_1(store_dir: Path) -> None:
    truncate(store_dir / "staff.json")
    for args in (["staff", "list"], ["summary", "--date", "2026-11-27"], ["kiosk"]):
        code, _, err = run_cli(store_dir, *args)
        assert code == 1, (args, err)
        assert str(store_dir / "staff.json") in err and "staff restore" in err
    # A writer moved it to quarantine/: the next commands say it is missing, never "no staff".
    code, out, err = run_cli(store_dir, "staff", "list")
    assert code == 1 and "is missing" in err and out == ""


@pytest.mark.parametrize("evidence", ["marker", "history", "quarantine"])
def test_a_folder_with_any_trace_of_a_store_is_never_new(
    store_dir: Path, clock: ManualClock, evidence: str
) -> None:
    (store_dir / "staff.json").unlink()
    if evidence != "history":
        shutil.rmtree(store_dir / "history")
    if evidence != "marker":
        meta = json.loads((store_dir / "meta.json").read_text())
        (store_dir / "meta.json").write_text(json.dumps({"schema_version": meta["schema_version"]}))
    if evidence == "quarantine":
        (store_dir / "quarantine").mkdir()
        (store_dir / "quarantine" / "staff.json.20261127T000000000000Z.damaged").write_text("{")
    with pytest.raises(DataFolderError, match=r"staff\.json is missing"):
        open_services(store_dir, clock=clock)


def test_onboarding_records_set_up_in_meta(tmp_path: Path, clock: ManualClock) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()
    services = open_services(folder, clock=clock)
    try:
        assert needs_setup(services)
        form = StoreSetup(
            "S009", "新店", "Asia/Shanghai", "zh-CN", "E001", "张伟", "258036", "258036"
        )
        setup_store(services, form)
        assert not needs_setup(services)
    finally:
        services.close()
    assert json.loads((folder / "meta.json").read_text())["set_up"] is True
    # Without its staff file (and with no history at all) it is still a set-up store.
    (folder / "staff.json").unlink()
    with pytest.raises(DataFolderError, match=r"staff\.json is missing"):
        open_services(folder, clock=clock)


def test_a_folder_from_before_the_mark_gets_it_when_opened(
    store_dir: Path, clock: ManualClock
) -> None:
    meta = store_dir / "meta.json"
    meta.write_text(json.dumps({"schema_version": 1}))
    open_services(store_dir, clock=clock).close()
    assert json.loads(meta.read_text())["set_up"] is True


def test_a_staff_file_with_no_one_left_is_refused(store_dir: Path, clock: ManualClock) -> None:
    (store_dir / "staff.json").write_text('{"staff": {}}')
    with pytest.raises(DataFolderError, match="holds no employees"):
        open_services(store_dir, clock=clock)


def test_records_backup_and_restore_refuse_a_folder_without_its_staff_list(
    store_dir: Path, tmp_path: Path
) -> None:
    """`records export` carries the staff directory and `records import` restores it: on a
    set-up folder whose staff file is gone, neither may go on as if the store had no staff
    (a backup without names, or an import making a staff list no supervisor is on)."""
    backup = tmp_path / "backup.jsonl"
    code, _, err = run_cli(store_dir, "records", "export", "-o", str(backup))
    assert code == 0, err
    (store_dir / "staff.json").unlink()  # lost, or moved aside by a writer that found it damaged
    out_again = tmp_path / "again.jsonl"
    code, _, err = run_cli(store_dir, "records", "export", "-o", str(out_again))
    assert code == 1 and "staff restore" in err, err
    assert not out_again.exists()
    code, _, err = run_cli(store_dir, "records", "import", str(backup))
    assert code == 1 and "staff restore" in err, err
    assert not (store_dir / "staff.json").exists()
