"""Attacks through the shared folder: forged bundles, symlinks, ids that name paths, lone
surrogates. Each reproduces what anyone with write access to the share could do."""

from __future__ import annotations

import json
import os
import stat
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.staff import Role
from shiftcheck.services.sync.base import body_bytes
from shiftcheck.services.sync.signing import signed
from shiftcheck.store import StoreError
from tests.security.conftest import (
    DAY,
    MakeTerminal,
    line_of,
    plant_bundle,
    real_record,
    share_targets,
    store_key,
    sync_of,
)
from tests.sync.conftest import cli_ready, enrol, work_day

KEY = store_key("S001").encode()


def _forged_shift(t: object, terminal: str = "T9") -> list[bytes]:
    from shiftcheck.services.context import Services

    assert isinstance(t, Services)
    a = real_record(t, START_OF_SHIFT, "E002", DAY, terminal)
    b = real_record(t, END_OF_SHIFT, "E002", DAY + timedelta(hours=11), terminal)
    return [body_bytes(a), body_bytes(b)]


def _stored(t: object) -> int:
    from shiftcheck.services.context import Services

    assert isinstance(t, Services)
    return len(t.store.history(DAY - timedelta(days=2), DAY + timedelta(days=2)))


# -- authentication --------------------------------------------------------------------------


def test_bundle_with_a_correct_checksum_but_no_signature_is_refused_whole(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", share_targets(tmp_path))
    manifest = plant_bundle(tmp_path / "share", "T9", _forged_shift(t1), key=None)
    [result] = sync_of(t1).sync()
    assert result.pulled == 0 and _stored(t1) == 0
    assert any(str(manifest) in p and "not signed" in p for p in result.problems)
    assert not result.ok


def test_bundle_signed_with_another_key_is_refused_whole(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", share_targets(tmp_path))
    manifest = plant_bundle(
        tmp_path / "share", "T9", _forged_shift(t1), key=b"a-key-this-store-never-had-0123"
    )
    [result] = sync_of(t1).sync()
    assert result.pulled == 0 and _stored(t1) == 0
    assert any(str(manifest) in p and "another key" in p for p in result.problems)


def test_a_changed_signed_manifest_is_refused(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    targets = share_targets(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    sync_of(t1).sync()
    path = tmp_path / "share/S001/T1/b000000000001-000000000002.manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["written_at"] = "2026-11-21T09:00:00+08:00"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    [result] = sync_of(t2).sync()
    assert result.pulled == 0
    assert any("signature does not match" in p for p in result.problems)


def test_documents_claiming_another_terminal_than_their_folder_are_refused(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    """Signed by a terminal of the store, but holding records that claim to be T2's."""
    t1 = make_terminal("T1", share_targets(tmp_path))
    manifest = plant_bundle(tmp_path / "share", "T9", _forged_shift(t1, terminal="T2"), key=KEY)
    [result] = sync_of(t1).sync()
    assert result.pulled == 0 and _stored(t1) == 0
    assert any(
        str(manifest.with_name("b000000000001-000000000002.jsonl")) in p and "'T2'" in p
        for p in result.problems
    )


def test_a_signed_bundle_of_the_store_is_imported(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", share_targets(tmp_path))
    plant_bundle(tmp_path / "share", "T9", _forged_shift(t1), key=KEY)
    [result] = sync_of(t1).sync()
    assert result.ok and result.pulled == 2


def test_terminal_without_a_key_refuses_the_folder_target_and_says_how(tmp_path: Path) -> None:
    from shiftcheck.config import Config, SyncConfig
    from shiftcheck.services.context import open_services, save_config
    from shiftcheck.services.sync import SyncService

    data = tmp_path / "T1"
    data.mkdir()
    save_config(
        data,
        Config(store_id="S001", terminal_id="T1", sync=SyncConfig(targets=share_targets(tmp_path))),
    )
    s = open_services(data)
    try:
        work_day(s, "E002", DAY)
        [result] = SyncService(s.store, s.config, s.clock).sync()
    finally:
        s.close()
    assert result.error is not None and "shiftcheck sync key set" in result.error
    assert result.pushed == 0 and not any((tmp_path / "share").iterdir())


def test_sync_key_commands(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    """generate prints the key once and keeps it 0600; set reads it from stdin; show prints
    only a fingerprint; the key never reaches the share."""
    targets = share_targets(tmp_path)
    runner = CliRunner()
    folders = []
    for name in ("A1", "A2"):
        t = make_terminal(name, targets, store="S777")
        (t.data_dir / "sync.key").unlink()
        folders.append(t.data_dir)
        if name == "A1":
            work_day(t, "E002", DAY)
        cli_ready(t)
        t.close()
    made = runner.invoke(cli, ["--data-dir", str(folders[0]), "sync", "key", "generate"])
    assert made.exit_code == 0, made.output
    key = made.stdout.strip()
    assert len(key) >= 40
    mode = stat.S_IMODE(os.stat(folders[0] / "sync.key").st_mode)
    assert mode == 0o600
    short = runner.invoke(cli, ["--data-dir", str(folders[1]), "sync", "key", "set"], input="x\n")
    assert short.exit_code == 2 and "20 to 200" in short.stderr
    entered = runner.invoke(
        cli, ["--data-dir", str(folders[1]), "sync", "key", "set"], input=key + "\n"
    )
    assert entered.exit_code == 0, entered.output
    other = runner.invoke(
        cli,
        ["--data-dir", str(folders[1]), "sync", "key", "set"],
        input="another-key-entirely-000\n",
    )
    assert other.exit_code == 2 and "--replace" in other.stderr
    prints = [
        runner.invoke(cli, ["--data-dir", str(f), "sync", "key", "show"]).stdout for f in folders
    ]
    assert prints[0] == prints[1] and key not in prints[0]
    for f in folders:
        assert runner.invoke(cli, ["--data-dir", str(f), "sync"]).exit_code == 0
    everything = b"".join(p.read_bytes() for p in (tmp_path / "share").rglob("*") if p.is_file())
    assert key.encode() not in everything and b"E002" in everything


def test_upgrade_old_unsigned_bundles_are_sent_again_signed_then_removed(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    """A share written before bundles were signed: the reader refuses the old bundle; once
    its terminal has the key, everything is sent again signed and the old one goes away."""
    from shiftcheck.services.clock import ManualClock

    targets = share_targets(tmp_path)
    clock = ManualClock(DAY + timedelta(days=1))
    t1 = make_terminal("T1", targets, clock=clock)
    t2 = make_terminal("T2", targets, clock=clock)
    a, b = work_day(t1, "E002", DAY)
    old = plant_bundle(tmp_path / "share", "T1", [body_bytes(a), body_bytes(b)], key=None)
    (t1.data_dir / "sync.key").unlink()  # T1 runs the old version: it wrote `old`
    [refused] = sync_of(t2).sync()
    assert refused.pulled == 0 and any("not signed" in p for p in refused.problems)
    cli_ready(t1)
    t1.close()
    runner = CliRunner()
    done = runner.invoke(
        cli, ["--data-dir", str(t1.data_dir), "sync", "key", "set"], input=store_key("S001") + "\n"
    )
    assert done.exit_code == 0 and "sent again" in done.stderr
    from shiftcheck.services.context import open_services

    t1 = open_services(t1.data_dir, clock=clock)
    try:
        work_day(t1, "E003", DAY + timedelta(hours=1))
        [sent] = sync_of(t1).sync()
        assert sent.ok and sent.pushed == 4  # everything again, signed: b1-4 holds old b1-2
        [pulled] = sync_of(t2).sync()
        assert pulled.ok and pulled.pulled == 4  # the old one, held by b1-4, is passed over
        clock.advance(minutes=11)
        work_day(t1, "E004", DAY + timedelta(days=1))
        sync_of(t1).sync()
        assert not old.exists()  # removed by its own terminal once b1-4 had settled
        assert (tmp_path / "share/S001/T1/b000000000001-000000000004.manifest.json").exists()
    finally:
        t1.close()


# -- symlinks on the share -------------------------------------------------------------------


def test_own_terminal_folder_symlinked_to_the_data_folder_is_refused(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    targets = share_targets(tmp_path)
    t1 = make_terminal("T1", targets)
    enrol(t1, ("E001", "王芳", Role.SUPERVISOR))
    staff_before = (t1.data_dir / "staff.json").read_bytes()
    (tmp_path / "share/S001").mkdir()
    (tmp_path / "share/S001/T1").symlink_to(t1.data_dir)
    work_day(t1, "E001", DAY)
    [result] = sync_of(t1).sync()
    assert result.error is not None and "symlink" in result.error
    assert str(tmp_path / "share/S001/T1") in result.error
    assert (t1.data_dir / "staff.json").read_bytes() == staff_before
    assert not list(t1.data_dir.glob("b0*"))
    assert [e.id for e in t1.store.list_staff()] == ["E001"]


def test_store_folder_symlinked_elsewhere_is_refused(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", share_targets(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "share/S001").symlink_to(elsewhere)
    work_day(t1, "E002", DAY)
    [result] = sync_of(t1).sync()
    assert result.error is not None and str(tmp_path / "share/S001") in result.error
    assert not any(elsewhere.iterdir())


def test_other_terminal_folder_and_files_that_are_symlinks_are_refused_by_name(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    targets = share_targets(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t2, "E002", DAY)
    sync_of(t2).sync()
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "share/S001/T7").symlink_to(outside)
    t2_dir = tmp_path / "share/S001/T2"
    (t2_dir / "staff.json").unlink()
    (t2_dir / "staff.json").symlink_to(t1.data_dir / "staff.json")
    [result] = sync_of(t1).sync()
    assert result.pulled == 2
    assert any(str(tmp_path / "share/S001/T7") in p and "symlink" in p for p in result.problems)
    assert any(str(t2_dir / "staff.json") in p and "symlink" in p for p in result.problems)


def test_planted_temp_name_symlinks_in_the_own_folder_are_not_followed(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", share_targets(tmp_path))
    enrol(t1, ("E001", "王芳", Role.SUPERVISOR))
    staff = t1.data_dir / "staff.json"
    before = staff.read_bytes()
    own = tmp_path / "share/S001/T1"
    own.mkdir(parents=True)
    pid = os.getpid()
    for name in (
        "staff.json",
        "b000000000001-000000000002.jsonl",
        "b000000000001-000000000002.manifest.json",
    ):
        (own / f".{name}.{pid}.tmp").symlink_to(staff)
    work_day(t1, "E001", DAY)
    [result] = sync_of(t1).sync()
    assert result.ok and result.pushed == 2
    assert staff.read_bytes() == before


# -- ids that reach a path -------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../../pwned", "", "a/b", ".hidden"])
def test_directory_entry_with_a_path_for_an_id_is_refused(
    tmp_path: Path, make_terminal: MakeTerminal, bad_id: str
) -> None:
    """Even in a directory signed by a terminal of the store."""
    t1 = make_terminal("T1", share_targets(tmp_path))
    folder = tmp_path / "share/S001/T9"
    folder.mkdir(parents=True)
    doc = {
        "format": "shiftcheck.directory/1",
        "store_id": "S001",
        "terminal_id": "T9",
        "written_at": "2026-11-20T09:00:00+08:00",
        "employees": [
            {"id": bad_id, "name": "Mallory", "role": "supervisor", "active": True},
        ],
    }
    (folder / "staff.json").write_text(json.dumps(signed(doc, KEY)), encoding="utf-8")
    [result] = sync_of(t1).sync()
    assert result.staff_added == 0
    assert any(str(folder / "staff.json") in p and "employee id" in p for p in result.problems)
    assert [e.id for e in t1.store.list_staff(include_inactive=True)] == []


@pytest.mark.parametrize("bad_id", ["../../pwned", ""])
def test_no_draft_is_written_outside_the_data_folder(
    tmp_path: Path, make_terminal: MakeTerminal, bad_id: str
) -> None:
    t1 = make_terminal("T1", share_targets(tmp_path))
    version = t1.checklists[START_OF_SHIFT].version_tag
    draft = Draft(str(uuid.uuid4()), bad_id, START_OF_SHIFT, version, DAY)
    with pytest.raises(StoreError, match="not a valid employee id"):
        t1.store.save_draft(draft)
    assert not list(tmp_path.rglob("pwned*"))


# -- one bad line never blocks a store -------------------------------------------------------


def test_lone_surrogate_rejects_its_bundle_only_and_later_syncs_go_on(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    targets = share_targets(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t2, "E003", DAY)
    sync_of(t2).sync()
    record = real_record(t1, START_OF_SHIFT, "E002", DAY, "T9").to_json()
    record["answers"][0]["note"] = "X"  # type: ignore[index]
    bad = line_of(record).replace(b'"note":"X"', b'"note":"\\ud800"')
    manifest = plant_bundle(tmp_path / "share", "T9", [bad], key=KEY)
    [first] = sync_of(t1).sync()
    assert first.pulled == 2  # T2's records
    assert any(
        str(manifest.with_name("b000000000001-000000000001.jsonl")) in p and "surrogate" in p
        for p in first.problems
    )
    status = sync_of(t1).status()[0]
    assert status.last_error is not None and "surrogate" in status.last_error
    work_day(t2, "E004", DAY + timedelta(days=1))
    sync_of(t2).sync()
    [later] = sync_of(t1).sync()
    assert later.pulled == 2 and later.error is None
