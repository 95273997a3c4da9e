"""A missing pepper is never silently remade; a zero-byte config is never read as defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftcheck.config import ConfigDamagedError
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.store.errors import DataFolderError
from shiftcheck.tui.app import build_app
from tests.faults.conftest import snapshot
from tests.folder.conftest import run_cli


def test_missing_pepper_with_pins_stored_is_refused_not_remade(
    store_dir: Path, clock: ManualClock
) -> None:
    pepper = store_dir / "pepper"
    pepper.unlink()
    with pytest.raises(DataFolderError) as info:
        open_services(store_dir, clock=clock)
    assert info.value.key == "trust.pepper_missing"
    assert str(pepper) in info.value.message("en") and str(pepper) in info.value.message("zh-CN")
    assert not pepper.exists()
    code, _, err = run_cli(store_dir, "staff", "reset-pin", "E002", "--pin-stdin", stdin="4826\n")
    assert code == 1 and str(pepper) in err
    assert not pepper.exists()


def test_pepper_is_made_while_no_pin_is_stored(data_dir: Path, clock: ManualClock) -> None:
    services = open_services(data_dir, clock=clock)
    services.close()
    assert (data_dir / "pepper").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("content", [b"", b"\n", b"\x00" * 64])
def test_an_empty_config_is_refused_as_damaged(
    store_dir: Path, clock: ManualClock, content: bytes
) -> None:
    config = store_dir / "config.toml"
    config.write_bytes(content)
    before = snapshot(store_dir)
    with pytest.raises(ConfigDamagedError) as info:
        open_services(store_dir, clock=clock)
    assert str(config) in info.value.message("en") and str(config) in info.value.message("zh-CN")
    with pytest.raises(ConfigDamagedError):
        build_app(store_dir, clock=clock)
    for args in (["export", "payroll", "--from", "2026-11-27", "--to", "2026-11-27"], ["kiosk"]):
        code, out, err = run_cli(store_dir, *args)
        assert code == 1 and out == "" and str(config) in err and "empty" in err, (args, err)
    assert snapshot(store_dir) == before
