"""Unexpected errors show a short message; the traceback, without local variables, is logged."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen

from shiftcheck.cli import main
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.staff import StaffService
from shiftcheck.tui.app import build_app

SECRET = "2580-typed-pin"


class Exploding(Screen[None]):
    """A screen that fails while holding a PIN and the staff file's bytes in local variables."""

    def __init__(self, staff_file: Path) -> None:
        super().__init__()
        self.staff_file = staff_file

    def on_mount(self) -> None:
        typed_pin = SECRET
        staff_bytes = self.staff_file.read_bytes()
        raise RuntimeError(f"could not handle {len(staff_bytes)} bytes and {len(typed_pin)} digits")


async def test_kiosk_crash_logs_the_traceback_without_locals(
    store_dir: Path, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    app = build_app(store_dir, clock=clock, cursor_blink=False)
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await app.push_screen(Exploding(store_dir / "staff.json"))
            await pilot.pause()
    assert app.return_code == 1
    shown = capsys.readouterr()
    screen_text = (shown.out + shown.err).replace("\n", "")  # wrapped at the screen's width
    log = store_dir / "logs" / "crash.log"
    assert str(log) in screen_text and "RuntimeError" in screen_text
    assert "Traceback" not in screen_text and "on_mount" not in screen_text
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "in on_mount" in logged
    assert "RuntimeError: could not handle" in logged
    staff_name = "张伟"
    for leak in (SECRET, staff_name, "pin_hash", "typed_pin ="):
        assert leak not in logged and leak not in screen_text, leak
    assert log.stat().st_mode & 0o777 == 0o600


def test_command_crash_logs_the_traceback_without_locals(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(self: StaffService, *, include_inactive: bool = False) -> list[object]:
        typed_pin = SECRET
        raise RuntimeError(f"unexpected ({len(typed_pin)})")

    monkeypatch.setattr(StaffService, "list", explode)
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(store_dir), "staff", "list"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    log = store_dir / "logs" / "crash.log"
    assert str(log) in err and "RuntimeError" in err and "Traceback" not in err
    logged = log.read_text(encoding="utf-8")
    assert "RuntimeError: unexpected (14)" in logged and SECRET not in logged and SECRET not in err


def test_a_logs_folder_planted_as_a_symlink_is_never_written_through(
    tmp_path: Path,
) -> None:
    from shiftcheck.crash_log import crash_message

    data = tmp_path / "data"
    data.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data / "logs").symlink_to(elsewhere)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        message = crash_message(data, exc, "en")
    assert list(elsewhere.iterdir()) == []
    assert "RuntimeError" in message and "boom" in message  # said on screen instead
