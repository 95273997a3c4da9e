"""Store refusals a clerk or supervisor may meet say themselves in the session's language: a
data folder written by a newer shiftcheck, one that needs upgrading, a damaged schema mark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shiftcheck.store import DataStore, StoreVersionError
from tests.cli.test_cli_core import run


def refusal(folder: Path, meta: object, *, writer: bool = True) -> StoreVersionError:
    with DataStore.open(folder):
        pass
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(StoreVersionError) as caught:
        DataStore.open(folder, writer=writer)
    return caught.value


def test_a_newer_folder_is_refused_in_chinese(tmp_path: Path) -> None:
    error = refusal(tmp_path / "d", {"schema_version": 7})
    assert "newer shiftcheck" in str(error)  # logs stay in English
    chinese = error.message("zh-CN")
    assert "较新版本" in chinese and "数据格式 7" in chinese and str(tmp_path / "d") in chinese
    assert error.message("en") == str(error)


def test_a_bad_schema_mark_is_refused_in_chinese(tmp_path: Path) -> None:
    error = refusal(tmp_path / "d", {"schema_version": "one"})
    chinese = error.message("zh-CN")
    assert "meta.json" in chinese and "不小于 1 的整数" in chinese


def test_the_cli_says_it_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refusal(tmp_path / "d", {"schema_version": 7})
    monkeypatch.setenv("SHIFTCHECK_LANG", "zh-CN")
    code, _, err = run(tmp_path / "d", "staff", "list")
    assert code == 1
    assert "较新版本" in err and "written by" not in err
