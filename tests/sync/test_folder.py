"""Folder target: two terminals of one store meet on a share; damaged bundles are rejected."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from shiftcheck.config import SyncTarget
from shiftcheck.domain.staff import Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services
from shiftcheck.services.history import HistoryService
from shiftcheck.services.sync import folder as folder_target
from shiftcheck.services.sync.folder import FolderTarget
from shiftcheck.services.sync.outbox import Outbox
from shiftcheck.services.sync.signing import signed
from tests.sync.conftest import TZ, MakeTerminal, enrol, store_key, sync_of, work_day

DAY = datetime(2026, 11, 27, 9, 0, tzinfo=TZ)


def share_of(tmp_path: Path) -> list[SyncTarget]:
    share = tmp_path / "share"
    share.mkdir(exist_ok=True)
    return [SyncTarget(name="share", path=str(share))]


def test_two_terminals_show_one_team(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    work_day(t2, "E003", DAY + timedelta(hours=1))
    assert sync_of(t1).status()[0].pending == 2

    [r1] = sync_of(t1).sync()
    [r2] = sync_of(t2).sync()
    [r1b] = sync_of(t1).sync()
    assert (r1.pushed, r1.pulled) == (2, 0)
    assert (r2.pushed, r2.pulled) == (2, 2)
    assert (r1b.pushed, r1b.pulled) == (0, 2)
    for s in (t1, t2):
        shifts = HistoryService(s.store, TZ, 12).shifts(date(2026, 11, 27), date(2026, 11, 27))
        assert sorted(x.employee_id for x in shifts) == ["E002", "E003"]
        status = sync_of(s).status()[0]
        assert status.pending == 0 and status.last_success and status.last_error is None
    # pulled documents are not in the outbox: nothing goes back
    assert Outbox(t1.store, "share", str(tmp_path / "share")).pending_count() == 0
    bundles = sorted(p.name for p in (tmp_path / "share" / "S001" / "T1").iterdir())
    assert bundles == [
        "b000000000001-000000000002.jsonl",
        "b000000000001-000000000002.manifest.json",
        "staff.json",
    ]


def test_importing_twice_changes_nothing(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    sync_of(t1).sync()
    sync_of(t2).sync()
    t2.store.put_state("sync.pull.share", {})  # forget what was imported
    [again] = sync_of(t2).sync()
    assert again.ok and again.pulled == 0
    assert len(t2.store.history(DAY - timedelta(days=1), DAY + timedelta(days=1))) == 2


def test_bundle_without_manifest_is_ignored(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    sync_of(t1).sync()
    manifest = tmp_path / "share/S001/T1/b000000000001-000000000002.manifest.json"
    manifest.unlink()
    [result] = sync_of(t2).sync()
    assert result.ok and result.pulled == 0


def _damage_and_pull(
    tmp_path: Path, make_terminal: MakeTerminal, damage: str
) -> tuple[list[str], int]:
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    sync_of(t1).sync()
    data = tmp_path / "share/S001/T1/b000000000001-000000000002.jsonl"
    raw = bytearray(data.read_bytes())
    if damage == "flip":
        raw[40] ^= 0x01
    else:
        raw = raw[: len(raw) // 2]
    data.write_bytes(bytes(raw))
    [result] = sync_of(t2).sync()
    assert not result.ok
    held = t2.store.history(DAY - timedelta(days=1), DAY + timedelta(days=1))
    assert "bundle" in sync_of(t2).status()[0].last_error  # type: ignore[operator]
    return result.problems, len(held)


def test_flipped_byte_rejects_the_bundle_whole(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    problems, held = _damage_and_pull(tmp_path, make_terminal, "flip")
    assert held == 0
    assert len(problems) == 1
    assert "b000000000001-000000000002.jsonl" in problems[0]
    assert "SHA-256" in problems[0]


def test_cut_short_bundle_is_rejected(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    problems, held = _damage_and_pull(tmp_path, make_terminal, "cut")
    assert held == 0
    assert "b000000000001-000000000002.jsonl rejected" in problems[0]
    assert "manifest says" in problems[0]


def test_repaired_share_imports_after_a_rejection(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    """A rejected bundle holds that terminal back, so a good copy later still imports."""
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    sync_of(t1).sync()
    data = tmp_path / "share/S001/T1/b000000000001-000000000002.jsonl"
    good = data.read_bytes()
    data.write_bytes(good[:-5])
    assert not sync_of(t2).sync()[0].ok
    data.write_bytes(good)
    [result] = sync_of(t2).sync()
    assert result.ok and result.pulled == 2


def test_missing_folder_leaves_the_outbox_alone(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    targets = [SyncTarget(name="usb", path=str(tmp_path / "not-plugged-in"))]
    t1 = make_terminal("T1", targets)
    work_day(t1, "E002", DAY)
    [result] = sync_of(t1).sync()
    assert result.error is not None and "not-plugged-in" in result.error
    assert "is not there" in result.error
    status = sync_of(t1).status()[0]
    assert status.pending == 2 and status.last_success is None
    assert not (tmp_path / "not-plugged-in").exists()


def test_crash_before_cursor_save_adds_nothing_twice(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    """The bundle reached the share but the cursor was not saved: the next push repeats it."""
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    key = store_key("S001").encode()
    target = FolderTarget("share", tmp_path / "share", "S001", "T1", key)
    with target.open() as session:
        session.push(t1.store.local_since(0), t1.clock())  # confirmed, cursor never moved
    work_day(t1, "E003", DAY)
    [again] = sync_of(t1).sync()
    assert again.pushed == 4  # one bundle holding all four, overlapping the first
    [pulled] = sync_of(t2).sync()
    assert pulled.ok and pulled.pulled == 4
    assert len(t2.store.history(DAY - timedelta(days=1), DAY + timedelta(days=1))) == 4


def test_same_id_different_content_is_refused(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    a, _ = work_day(t1, "E002", DAY)
    from dataclasses import replace

    forged = replace(a, employee_id="E009")
    assert t2.store.add(forged, local=False)
    sync_of(t1).sync()
    [result] = sync_of(t2).sync()
    assert [r.id for r in result.refused] == [a.id]
    assert result.pulled == 1
    assert t2.store.stored_version(a) == forged  # never overwritten
    assert a.id in (sync_of(t2).status()[0].last_error or "")


def test_staff_directory_travels_without_pins(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    enrol(t1, ("E001", "张伟", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    enrol(t2, ("E002", "Li Na (T2)", Role.STAFF))
    sync_of(t1).sync()
    text = (tmp_path / "share/S001/T1/staff.json").read_text(encoding="utf-8")
    assert "pin" not in text and "scrypt" not in text
    assert [e["id"] for e in json.loads(text)["employees"]] == ["E001", "E002"]
    [result] = sync_of(t2).sync()
    assert result.staff_added == 1
    newcomer = t2.store.get_employee("E001")
    assert newcomer is not None
    assert (newcomer.name, newcomer.active, newcomer.pin_hash) == ("张伟", False, "")
    kept = t2.store.get_employee("E002")
    assert kept is not None and kept.name == "Li Na (T2)" and kept.pin_hash
    # T2 does not pass on E001 (not enrolled there), so T1 never sees its own copy come back
    t2_dir = json.loads((tmp_path / "share/S001/T2/staff.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in t2_dir["employees"]] == ["E002"]


def test_other_stores_bundles_are_not_read(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    targets = share_of(tmp_path)
    a = make_terminal("T1", targets, store="S001")
    b = make_terminal("T1", targets, store="S002")
    work_day(a, "E002", DAY)
    sync_of(a).sync()
    [result] = sync_of(b).sync()
    assert result.ok and result.pulled == 0


def test_bundle_with_an_invalid_document_names_the_line(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    """Checksum and count hold (written by another tool) but line 2 breaks the contract."""
    import hashlib

    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    sync_of(t1).sync()
    folder = tmp_path / "share/S001/T1"
    data = folder / "b000000000001-000000000002.jsonl"
    lines = data.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"checklist":"end_of_shift"', '"checklist":"lunch"')
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    data.write_bytes(raw)
    manifest_path = folder / "b000000000001-000000000002.manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest.update(bytes=len(raw), sha256=hashlib.sha256(raw).hexdigest())
    manifest = signed(manifest, store_key("S001").encode())  # a terminal of the store's own
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    [result] = sync_of(t2).sync()
    assert result.pulled == 0
    assert "line 2: checklist" in result.problems[0]


def test_imported_bundles_are_not_read_again(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    """Old bundles are told apart by name, so a share full of them stays quick to pull."""
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    work_day(t1, "E002", DAY)
    sync_of(t1).sync()
    assert sync_of(t2).sync()[0].pulled == 2
    old = tmp_path / "share/S001/T1/b000000000001-000000000002.manifest.json"
    old.write_text("not read any more", encoding="utf-8")
    work_day(t1, "E003", DAY)
    sync_of(t1).sync()
    [later] = sync_of(t2).sync()
    assert later.ok and later.pulled == 2


def test_relative_folder_is_taken_from_the_data_folder(make_terminal: MakeTerminal) -> None:
    t1 = make_terminal("T1", [SyncTarget(name="local-copy", path="outbox-copy")])
    (t1.data_dir / "outbox-copy").mkdir()
    work_day(t1, "E002", DAY)
    [result] = sync_of(t1).sync()
    assert result.ok and result.pushed == 2
    assert (t1.data_dir / "outbox-copy" / "S001" / "T1" / "staff.json").exists()


def test_welcome_line(tmp_path: Path, make_terminal: MakeTerminal) -> None:
    usb = SyncTarget(name="usb", path="/nonexistent")
    noon = ManualClock(datetime(2026, 11, 27, 12, 0, tzinfo=TZ))
    t1 = make_terminal("T1", [*share_of(tmp_path), usb], clock=noon)
    work_day(t1, "E002", DAY)
    assert sync_of(t1).welcome_line("en") == "Sync: 2 waiting · last never"
    sync_of(t1).sync(target="share")
    synced_at = "12:00"
    assert sync_of(t1).welcome_line("en") == f"Sync: 2 waiting · last {synced_at}"  # usb waits
    t1.clock.advance(minutes=5)  # type: ignore[attr-defined]
    sync_of(t1).sync(target="usb")
    assert sync_of(t1).welcome_line("zh-CN") == (
        f"同步：待发送 2 条 · 上次 {synced_at} · 最近一次失败"
    )
    assert sync_of(make_terminal("T8", [])).welcome_line("en") is None


def test_imported_documents_are_kept_as_the_json_they_came_in(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    """A note with a line separator (U+2028) or NEL stays one line of the bundle; the
    importing terminal stores each document's JSON exactly as the bundle has it."""
    from dataclasses import replace

    from shiftcheck.domain.checklist import Answer, Result
    from shiftcheck.domain.records import CheckRecord

    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    a, _ = work_day(t1, "E002", DAY)
    noted = replace(
        a,
        id="7d1f0e4c-4c55-4f3e-9a55-2f0c7b1d9e01",
        answers=(Answer("grooming", Result.FAIL, note="补妆\u2028第二行\x85第三行"),),
    )
    assert t1.store.add(noted, local=True)
    sync_of(t1).sync()
    [result] = sync_of(t2).sync()
    assert result.ok and result.pulled == 3, result.problems
    [found] = [d for d in t2.store.all_documents() if d.id == noted.id]
    assert isinstance(found, CheckRecord) and found == noted
    bundle = (tmp_path / "share/S001/T1/b000000000001-000000000003.jsonl").read_bytes()
    shard = (t2.data_dir / "history/2026/2026-11-27.json").read_bytes()
    for line in bundle.rstrip(b"\n").split(b"\n"):
        assert line in shard


def merging_terminal(
    tmp_path: Path, make_terminal: MakeTerminal, monkeypatch: pytest.MonkeyPatch, after: int
) -> tuple[list[SyncTarget], ManualClock, Services]:
    """Terminal T1 on a share, merging its bundles past `after`, on a clock the test moves."""
    monkeypatch.setattr(folder_target, "COMPACT_AFTER", after)
    targets = share_of(tmp_path)
    clock = ManualClock(DAY + timedelta(days=10))
    return targets, clock, make_terminal("T1", targets, clock=clock)


def _own_bundles(tmp_path: Path, terminal: str) -> list[str]:
    folder = tmp_path / "share/S001" / terminal
    return sorted(p.name.removesuffix(".manifest.json") for p in folder.glob("b*.manifest.json"))


def test_old_small_bundles_are_merged_and_every_reader_still_gets_each_record_once(
    tmp_path: Path, make_terminal: MakeTerminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets, clock, t1 = merging_terminal(tmp_path, make_terminal, monkeypatch, 3)
    t2 = make_terminal("T2", targets)
    for day in range(5):
        work_day(t1, "E002", DAY + timedelta(days=day))
        sync_of(t1).sync()
        if day == 1:
            assert sync_of(t2).sync()[0].pulled == 4  # T2 has read b1-2 and b3-4
    # the fourth push merged b1-2, b3-4 and b5-6; the parts stay until the merge settles
    assert _own_bundles(tmp_path, "T1") == [
        "b000000000001-000000000002",
        "b000000000001-000000000006",
        "b000000000003-000000000004",
        "b000000000005-000000000006",
        "b000000000007-000000000008",
        "b000000000009-000000000010",
    ]
    [later] = sync_of(t2).sync()
    assert later.ok and later.pulled == 6 and not later.problems
    clock.advance(minutes=11)
    work_day(t1, "E002", DAY + timedelta(days=5))
    sync_of(t1).sync()  # removes the settled parts, merges b1-6, b7-8 and b9-10
    assert _own_bundles(tmp_path, "T1") == [
        "b000000000001-000000000006",
        "b000000000001-000000000010",
        "b000000000007-000000000008",
        "b000000000009-000000000010",
        "b000000000011-000000000012",
    ]
    t3 = make_terminal("T3", targets)
    [fresh] = sync_of(t3).sync()
    assert fresh.ok and fresh.pulled == 12 and not fresh.problems
    [last] = sync_of(t2).sync()
    assert last.ok and last.pulled == 2 and not last.problems
    for s in (t2, t3):
        ids = [d.id for d in s.store.all_documents()]
        assert len(ids) == len(set(ids)) == 12


def test_a_damaged_bundle_is_never_merged_or_removed(
    tmp_path: Path, make_terminal: MakeTerminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, clock, t1 = merging_terminal(tmp_path, make_terminal, monkeypatch, 3)
    for day in range(3):
        work_day(t1, "E002", DAY + timedelta(days=day))
        sync_of(t1).sync()
    data = tmp_path / "share/S001/T1/b000000000003-000000000004.jsonl"
    raw = bytearray(data.read_bytes())
    raw[10] ^= 1
    data.write_bytes(bytes(raw))
    for day in (3, 4):
        clock.advance(minutes=11)
        work_day(t1, "E002", DAY + timedelta(days=day))
        assert sync_of(t1).sync()[0].ok
    bundles = _own_bundles(tmp_path, "T1")
    assert "b000000000003-000000000004" in bundles and data.read_bytes() == bytes(raw)
    assert not any(
        b.startswith("b000000000001-") and not b.endswith("-000000000002") for b in bundles
    )


def test_a_bundle_merged_away_while_reading_is_picked_up_next_time(
    tmp_path: Path, make_terminal: MakeTerminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets, clock, t1 = merging_terminal(tmp_path, make_terminal, monkeypatch, 2)
    t2 = make_terminal("T2", targets)
    for day in range(2):
        work_day(t1, "E002", DAY + timedelta(days=day))
        sync_of(t1).sync()
    listed = folder_target.FolderSession._manifests
    merged: list[bool] = []

    def merge_after_listing(self: object, *args: object) -> object:
        found = listed(self, *args)  # type: ignore[arg-type]
        if not merged:
            merged.append(True)
            for day in (2, 3):  # merge b1-2 and b3-4, then remove them once settled
                work_day(t1, "E002", DAY + timedelta(days=day))
                sync_of(t1).sync()
                clock.advance(minutes=11)
            bundles = _own_bundles(tmp_path, "T1")
            assert "b000000000001-000000000004" in bundles
            assert "b000000000001-000000000002" not in bundles
        return found

    monkeypatch.setattr(folder_target.FolderSession, "_manifests", merge_after_listing)
    [first] = sync_of(t2).sync()  # its listing named b1-2 and b3-4, both gone when read
    assert first.ok and not first.problems and first.pulled == 0
    monkeypatch.setattr(folder_target.FolderSession, "_manifests", listed)
    [second] = sync_of(t2).sync()
    assert second.ok and not second.problems and second.pulled == 8


def test_one_id_with_two_contents_stores_the_kept_one_as_it_came(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    """Two other terminals carry one id with different content (and days): the first read is
    stored, as its own JSON, and the second refused; nothing of the second reaches the disk."""
    from shiftcheck.domain.records import AuditEvent, CheckRecord
    from shiftcheck.store import DataStore
    from tests.unit.factories import start

    same_id = "1f0c4b9e-1a2b-4c3d-8e9f-a0b1c2d3e4f5"
    targets = share_of(tmp_path)
    t1, t2, t3 = (make_terminal(t, targets) for t in ("T1", "T2", "T3"))
    kept = AuditEvent(same_id, "S001", "T2", "E001", "open", "from T2", DAY)
    t2.store.add(kept, local=True)
    other = replace(start("E009", DAY + timedelta(days=3), record_id=same_id), terminal_id="T3")
    t3.store.add(other, local=True)
    sync_of(t2).sync()
    sync_of(t3).sync()
    [result] = sync_of(t1).sync()
    assert result.pulled == 1 and [r.id for r in result.refused] == [same_id]
    data_dir = t1.data_dir
    t1.close()
    with DataStore.open(data_dir, writer=False) as again:
        assert again.find(same_id) == kept
        assert not any(isinstance(d, CheckRecord) for d in again.all_documents())
    stored = b"".join(p.read_bytes() for p in (data_dir / "history").rglob("2026-*.json"))
    assert b"from T2" in stored and b"E009" not in stored
