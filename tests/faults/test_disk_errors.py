"""A full disk and a read-only data folder: the save fails loudly, the old file stays intact.

Where the machine allows it (root, Linux), a real tiny tmpfs is filled up or remounted
read-only; elsewhere the same OS error is raised at the syscall boundary (`os.write`,
`os.fsync`, `os.replace`) for files in the data folder only. Every test says which it used.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.records import AuditEvent
from shiftcheck.domain.staff import Employee
from shiftcheck.services.context import Services
from shiftcheck.store import DataStore, StoreWriteError
from shiftcheck.store import atomic as atomic_module
from tests.faults.conftest import (
    DAYS,
    EPOCH,
    FAR_FUTURE,
    Filled,
    make_draft,
    make_record,
    snapshot,
)

REASONS = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only"}


def _fd_path(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


def replaced_path(dst: Any, kwargs: dict[str, Any]) -> str:
    """The full path `os.replace` writes to (a name in `dst_dir_fd`'s folder, if given)."""
    folder_fd = kwargs.get("dst_dir_fd")
    return str(dst) if folder_fd is None else f"{_fd_path(folder_fd)}/{dst}"


def inject(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int, call: str) -> list[str]:
    """Make `os.<call>` fail with `code` for files under `folder`; returns the paths it hit."""
    hit: list[str] = []
    prefix = str(folder.resolve())
    real = getattr(os, call)

    def failing(*args: Any, **kwargs: Any) -> Any:
        target = replaced_path(args[1], kwargs) if call == "replace" else _fd_path(args[0])
        if target.startswith(prefix):
            hit.append(target)
            raise OSError(code, os.strerror(code), target)
        return real(*args, **kwargs)

    monkeypatch.setattr(atomic_module.os, call, failing)
    return hit


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


SAVES: dict[str, tuple[str, Callable[[DataStore, Filled], object]]] = {
    "draft": (
        "drafts/E002.json",
        lambda s, f: s.save_draft(f.draft.with_answer(Answer("name_badge", Result.PASS))),
    ),
    "record": (f"history/2026/{DAYS[1]}.json", lambda s, f: s.add(make_record("E001", DAYS[1]))),
    "staff": ("staff.json", lambda s, f: s.save_employee(Employee("E009", "王芳"))),
    "state": ("state.json", lambda s, f: s.put_state("pin_window", {"failures": [9]})),
}


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
@pytest.mark.parametrize("code", list(REASONS))
@pytest.mark.parametrize("what", list(SAVES))
def test_failed_save_raises_names_the_file_and_leaves_the_old_one(
    filled: Filled, monkeypatch: pytest.MonkeyPatch, what: str, code: int, call: str
) -> None:
    rel, save = SAVES[what]
    with DataStore.open(filled.data_dir) as store:
        before = snapshot(filled.data_dir)
        last_seq = store.last_seq
        hit = inject(monkeypatch, filled.data_dir, code, call)
        with pytest.raises(StoreWriteError) as info:
            save(store, filled)
        assert hit, "the injected error was never reached"
        assert info.value.path == filled.data_dir / rel
        assert str(filled.data_dir / rel) in str(info.value)
        assert REASONS[code] in str(info.value)
        assert "previous contents are unchanged" in str(info.value)
        assert snapshot(filled.data_dir) == before
        assert temp_files(filled.data_dir) == []
        assert store.last_seq == last_seq
        # Once the disk is back, the same save works.
        monkeypatch.undo()
        save(store, filled)
    with DataStore.open(filled.data_dir, writer=False) as reader:
        assert len(reader.records(EPOCH, FAR_FUTURE)) == 6 + (what == "record")


def test_record_and_its_audit_event_are_stored_together_or_not_at_all(
    filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = make_record("E003", DAYS[2], 18)
    event = AuditEvent(
        str(uuid.uuid4()), "S001", "T1", "E003", "check.submitted", record.id, record.submitted_at
    )
    with DataStore.open(filled.data_dir) as store:
        before = snapshot(filled.data_dir)
        hit = inject(monkeypatch, filled.data_dir, errno.ENOSPC, "replace")
        with pytest.raises(StoreWriteError):
            store.add_many([record, event], local=True)
        assert hit == [str(filled.shard(DAYS[2]))], "one write for the whole day's batch"
        assert snapshot(filled.data_dir) == before
        assert store.find(record.id) is None and store.find(event.id) is None
        monkeypatch.undo()
        replaced: list[str] = []
        real = os.replace

        def spy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            replaced.append(replaced_path(dst, kwargs))
            real(src, dst, *args, **kwargs)

        monkeypatch.setattr(atomic_module.os, "replace", spy)
        assert store.add_many([record, event], local=True) == 2
        assert replaced.count(str(filled.shard(DAYS[2]))) == 1, "one write for the day's batch"
        assert [s for s, _ in store.local_since(6)] == [7, 8]


def test_record_whose_shard_was_written_is_saved_even_if_the_index_cannot_be(
    filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = make_record("E003", DAYS[2], 19)
    history = filled.data_dir / "history"
    index_files = {str(history / "index.json"), str(history / "recent.json")}
    hit: list[str] = []
    real = os.replace

    def full_for_index(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if replaced_path(dst, kwargs) in index_files:
            hit.append(replaced_path(dst, kwargs))
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst, *args, **kwargs)

    with DataStore.open(filled.data_dir) as store:
        monkeypatch.setattr(atomic_module.os, "replace", full_for_index)
        assert store.add(record) is True
        assert store.find(record.id) == record
        assert temp_files(filled.data_dir) == []
    assert hit == [str(history / "recent.json"), str(history / "index.json")]  # add, close
    monkeypatch.undo()
    with DataStore.open(filled.data_dir) as store:
        assert store.index_rebuilt  # the stale cache was noticed and rebuilt
        assert store.find(record.id) == record and store.last_seq == 7


def test_answer_that_cannot_be_saved_is_reported_and_the_draft_keeps_earlier_answers(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = services.checks
    draft = checks.begin("E002", "start_of_shift")
    draft = checks.answer(draft, Answer("uniform_clean", Result.PASS))
    inject(monkeypatch, services.data_dir, errno.ENOSPC, "write")
    with pytest.raises(StoreWriteError, match="the disk is full"):
        checks.answer(draft, Answer("grooming", Result.PASS))
    monkeypatch.undo()
    resumed = checks.resume("E002")
    assert resumed is not None and list(resumed.answers) == ["uniform_clean"]


# -- a real tiny file system ------------------------------------------------------------------


@dataclass
class TinyDisk:
    """Where the data folder lives and how the fault is produced."""

    root: Path
    real: bool
    """True: a real tmpfs that fills up / is remounted read-only; False: injected errors."""


def _mount(cmd: list[str]) -> bool:
    if shutil.which(cmd[0]) is None:
        return False
    return subprocess.run(cmd, capture_output=True, check=False).returncode == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[TinyDisk]:
    """A 64 KiB tmpfs if this machine lets us mount one, else a plain folder."""
    root = tmp_path / "tiny"
    root.mkdir()
    real = os.geteuid() == 0 and _mount(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(root)]
    )
    try:
        yield TinyDisk(root, real)
    finally:
        if real:
            subprocess.run(["umount", "-l", str(root)], check=True)


def _fill(path: Path) -> None:
    """Write to `path` until the file system is full."""
    chunk = b"\0" * 1024
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, chunk)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


def test_full_disk_refuses_the_save_and_keeps_the_previous_file(
    tiny_disk: TinyDisk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tiny_disk.root / "data"
    record = make_record("E002", DAYS[0])
    with DataStore.open(data_dir) as store:
        store.add(record)
        store.save_employee(Employee("E002", "李娜"))
        before = snapshot(data_dir)
        if tiny_disk.real:
            _fill(tiny_disk.root / "filler")
        else:
            inject(monkeypatch, data_dir, errno.ENOSPC, "write")
        with capsys.disabled():
            print(f"\n  full disk: {'real 64 KiB tmpfs' if tiny_disk.real else 'injected ENOSPC'}")
        big = make_record("E003", DAYS[0], 11)
        with pytest.raises(StoreWriteError, match="the disk is full") as info:
            store.add(big)
        assert info.value.path == data_dir / "history" / "2026" / f"{DAYS[0]}.json"
        with pytest.raises(StoreWriteError, match="the disk is full"):
            store.save_employee(Employee("E003", "Amy Chen", language="en"))
        assert snapshot(data_dir) == before
        assert temp_files(data_dir) == []
        # Room again: the same saves succeed.
        if tiny_disk.real:
            (tiny_disk.root / "filler").unlink()
        else:
            monkeypatch.undo()
        assert store.add(big)
        store.save_employee(Employee("E003", "Amy Chen", language="en"))
    with DataStore.open(data_dir, writer=False) as reader:
        assert {r.id for r in reader.records(EPOCH, FAR_FUTURE)} == {record.id, big.id}
        assert [e.id for e in reader.list_staff()] == ["E002", "E003"]


def test_read_only_folder_refuses_a_writer_clearly_and_still_reads(
    tiny_disk: TinyDisk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tiny_disk.root / "data"
    record = make_record("E002", DAYS[0])
    with DataStore.open(data_dir) as store:
        store.save_employee(Employee("E002", "李娜"))
        store.add(record)
        store.save_draft(make_draft("E002"))
    before = snapshot(data_dir)
    if tiny_disk.real:
        subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk.root)], check=True)
    else:
        real_open = os.open

        def read_only_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if str(path).startswith(str(data_dir)) and flags & (
                os.O_WRONLY | os.O_RDWR | os.O_CREAT
            ):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", read_only_open)
    with capsys.disabled():
        print(f"\n  read-only: {'real tmpfs remounted ro' if tiny_disk.real else 'injected EROFS'}")
    with pytest.raises(StoreWriteError, match="read-only") as info:
        DataStore.open(data_dir)
    assert info.value.path == data_dir / ".lock"
    with DataStore.open(data_dir, writer=False) as reader:
        assert reader.records(EPOCH, FAR_FUTURE) == [record]
        assert reader.load_draft("E002") is not None
    # The command line: a writing command fails with exit 1 and says why; reading works.
    runner = CliRunner()
    add = ["--data-dir", str(data_dir), "staff", "add", "--id", "E009", "--name", "王芳"]
    result = runner.invoke(cli, [*add, "--pin-stdin"], input="4826\n")
    assert result.exit_code == 1, result.output
    assert "read-only" in result.stderr and str(data_dir) in result.stderr
    listed = runner.invoke(cli, ["--data-dir", str(data_dir), "staff", "list"])
    assert listed.exit_code == 0, listed.output
    assert snapshot(data_dir) == before
