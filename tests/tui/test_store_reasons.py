"""Store errors reach people through the message catalogue: a Chinese screen says 磁盘已满,
never "the disk is full"; logs and `str()` keep the English words."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from shiftcheck.i18n import Translator, catalog
from shiftcheck.services.clock import ManualClock
from shiftcheck.store import atomic
from shiftcheck.store.atomic import atomic_write_bytes, describe_os_error
from shiftcheck.store.errors import (
    REASONS,
    CorruptFileError,
    StoreLockedError,
    StoreWriteError,
)
from shiftcheck.tui import formatting
from shiftcheck.tui.app import ShiftcheckApp
from shiftcheck.tui.screens.checklist import ChecklistScreen
from tests.tui.conftest import screen_text, sign_in, wait_for

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _disk_full(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _failed_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StoreWriteError:
    monkeypatch.setattr(atomic.os, "fsync", _disk_full)
    with pytest.raises(StoreWriteError) as info:
        atomic_write_bytes(tmp_path / "drafts.json", b"{}")
    monkeypatch.setattr(atomic.os, "fsync", os.fsync)
    return info.value


def test_a_full_disk_is_said_in_chinese_with_no_english_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = _failed_write(tmp_path, monkeypatch)
    assert error.reason == "the disk is full"  # English for logs, as before
    assert "the disk is full" in str(error)
    assert error.reason_key == "store.reason.disk_full"
    zh = Translator("zh-CN")
    assert formatting.save_failed(zh, error) == "答案未能保存：磁盘已满。"
    whole = error.message("zh-CN").replace(str(tmp_path / "drafts.json"), "")
    assert whole == "未能保存 ：磁盘已满；原有内容未改变"
    assert not LATIN_WORD.search(whole)
    assert error.message("en") == str(error)


@pytest.mark.parametrize(
    "code", [errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO]
)
def test_every_known_os_reason_has_both_languages(code: int) -> None:
    error = StoreWriteError(Path("x.json"), describe_os_error(OSError(code, os.strerror(code))))
    assert error.reason_key != "store.reason.unknown"
    assert not LATIN_WORD.search(error.reason_in("zh-CN"))
    assert error.reason_in("en") == error.reason


def test_every_store_reason_is_in_the_catalogue() -> None:
    for name in REASONS:
        key = f"store.reason.{name}"
        assert key in catalog("en") and key in catalog("zh-CN"), key
        assert StoreWriteError(Path("x"), catalog("en")[key]).reason_key == key


def test_an_unknown_os_reason_is_framed_in_the_language_and_kept_verbatim() -> None:
    error = StoreWriteError(Path("x.json"), "Stale file handle")
    assert error.reason_in("zh-CN") == "系统报告：Stale file handle"
    assert error.reason_in("en") == "Stale file handle"


def test_other_store_errors_speak_the_language() -> None:
    locked = StoreLockedError(Path("/data"), "pid 42")
    assert locked.message("zh-CN").startswith("数据文件夹 /data 正被另一个 shiftcheck 进程")
    assert locked.message("en") == str(locked)
    damaged = CorruptFileError(Path("staff.json"), "bad JSON", Path("quarantine/staff.json"))
    assert damaged.message("en") == str(damaged)
    assert damaged.message("zh-CN").startswith("数据文件 staff.json 已损坏")


async def test_chinese_checklist_screen_shows_a_full_disk_in_chinese(
    kiosk_dir: Path,
    make_app: Callable[[Path], ShiftcheckApp],
    monkeypatch: pytest.MonkeyPatch,
    clock: ManualClock,
) -> None:
    app = make_app(kiosk_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "E002", "2468")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        monkeypatch.setattr(atomic.os, "fsync", _disk_full)
        clock.advance(seconds=3)
        await pilot.press("p")
        await wait_for(pilot, lambda: "磁盘已满" in screen_text(app))
        assert "disk" not in screen_text(app)
