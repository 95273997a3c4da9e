"""`shiftcheck kiosk` refuses a folder it cannot use, with a message naming the problem."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.services.context import open_services


def test_bad_config_is_named_and_exits_2(data_dir: Path) -> None:
    (data_dir / "config.toml").write_text('store_id = "S001"\nidle_timeout_seconds = 1\n')
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "kiosk"])
    assert result.exit_code == 2
    assert "idle_timeout_seconds" in result.output


def test_folder_in_use_exits_1(data_dir: Path) -> None:
    holder = open_services(data_dir)
    try:
        result = CliRunner().invoke(cli, ["--data-dir", str(data_dir)])
    finally:
        holder.close()
    assert result.exit_code == 1
    # said in the store's language (zh-CN by default), as the kiosk's other refusals are
    assert "正被另一个 shiftcheck 进程" in result.output and str(data_dir) in result.output


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "something").write_text("x")
    result = CliRunner().invoke(cli, ["demo", "--keep", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not empty" in result.output
    assert (tmp_path / "something").exists()
