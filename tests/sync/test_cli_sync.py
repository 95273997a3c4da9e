"""`shiftcheck sync`, `sync status`, `central init` and `central add-store`, as typed by IT."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import Config, SyncConfig, SyncTarget
from shiftcheck.domain.staff import Employee
from shiftcheck.services.context import open_services, save_config
from shiftcheck.services.sync.central import drop_schema
from shiftcheck.store.sync_key import write_sync_key
from tests.sync.conftest import TZ, store_key, work_day


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, env=env)
    return result.exit_code, result.stdout, result.stderr


def terminal(tmp_path: Path, name: str, targets: list[SyncTarget]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    save_config(
        folder,
        Config(
            store_id="S001",
            terminal_id=name,
            timezone="Asia/Shanghai",
            sync=SyncConfig(targets=targets),
        ),
    )
    write_sync_key(folder, store_key("S001"))
    s = open_services(folder)
    try:
        s.store.save_employee(Employee("E002", "李娜"))  # a terminal with history has staff
        work_day(s, "E002", datetime.now(TZ).replace(microsecond=0) - timedelta(hours=9))
    finally:
        s.close()
    return folder


def status_row(out: str, target: str) -> list[str]:
    """The cells of one target's row in `sync status` (cells are two or more spaces apart)."""
    line = next(line for line in out.splitlines() if line.startswith(target + " "))
    return re.split(r"\s{2,}", line)


def test_sync_and_status_with_a_folder(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    folder = terminal(tmp_path, "T1", [SyncTarget(name="share", path=str(share))])
    code, out, _ = run("--data-dir", str(folder), "sync", "status")
    assert code == 0
    assert status_row(out, "share") == ["share", "folder", str(share), "2", "never", "none"]
    code, out, err = run("--data-dir", str(folder), "sync")
    assert code == 0, err
    assert "share: sent 2 (already there 0), received 0" in out
    code, out, _ = run("--data-dir", str(folder), "sync", "status")
    row = status_row(out, "share")
    assert row[3] == "0" and row[4] != "never" and row[5] == "none"


def test_unreachable_target_exit_1_and_outbox_unchanged(tmp_path: Path) -> None:
    folder = terminal(
        tmp_path,
        "T1",
        [
            SyncTarget(name="usb", path=str(tmp_path / "no-stick")),
            SyncTarget(name="central", url="postgresql://s001@127.0.0.1:1/chain"),
        ],
    )
    code, out, err = run("--data-dir", str(folder), "sync", env={"PGPASSWORD": "hunter2-secret"})
    assert code == 1
    assert "usb: not synced: the sync folder" in err and "no-stick" in err
    assert "central: not synced: cannot reach the central database" in err
    assert "127.0.0.1:1" in err
    assert "hunter2-secret" not in err + out
    code, out, _ = run("--data-dir", str(folder), "sync", "status")
    assert status_row(out, "usb")[3] == status_row(out, "central")[3] == "2"
    assert "hunter2-secret" not in out


def test_sync_unknown_target_is_bad_input(tmp_path: Path) -> None:
    folder = terminal(tmp_path, "T1", [SyncTarget(name="share", path=str(tmp_path))])
    code, _, err = run("--data-dir", str(folder), "sync", "--target", "nas")
    assert code == 2 and "no sync target named nas; the config has: share" in err


def test_sync_without_targets_says_how_to_add_one(tmp_path: Path) -> None:
    folder = terminal(tmp_path, "T1", [])
    code, _, err = run("--data-dir", str(folder), "sync")
    assert code == 2 and "[[sync.targets]]" in err


def test_status_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHIFTCHECK_LANG", "zh-CN")
    folder = terminal(tmp_path, "T1", [SyncTarget(name="usb", path=str(tmp_path / "x"))])
    code, out, _ = run("--data-dir", str(folder), "sync", "status")
    assert code == 0 and out.splitlines()[0].split()[:4] == ["同步目标", "类型", "位置", "待发送"]
    assert status_row(out, "usb") == ["usb", "文件夹", str(tmp_path / "x"), "2", "从未", "无"]


def test_central_refuses_password_in_url() -> None:
    code, out, err = run("central", "init", "postgresql://admin:topsecret@127.0.0.1/test")
    assert code == 2 and "must not contain a password" in err and "topsecret" not in err + out


def test_central_unreachable_exit_1() -> None:
    code, _, err = run("central", "init", "postgresql://admin@127.0.0.1:1/test")
    assert (
        code == 1 and "cannot reach the central database postgresql://admin@127.0.0.1:1/test" in err
    )


def test_central_bad_schema_and_store(pg_server: str) -> None:
    code, _, err = run("central", "init", f"{pg_server}?schema=Bad-Name")
    assert code == 2 and "schema 'Bad-Name' is not valid" in err
    code, _, err = run("central", "add-store", pg_server, "S 1")
    assert code == 2 and "store id 'S 1' is not valid" in err


@pytest.mark.postgres
def test_central_init_add_store_then_a_terminal_syncs(pg_server: str, tmp_path: Path) -> None:
    schema = f"shiftcheck_test_{uuid.uuid4().hex[:8]}"
    admin = f"{pg_server}?schema={schema}"
    try:
        code, _, err = run("central", "add-store", admin, "S001")
        assert code == 1 and f"has no schema {schema}" in err
        code, out, err = run("central", "init", admin)
        assert code == 0 and f"schema {schema} is ready" in out, err
        assert run("central", "init", admin)[0] == 0  # again: nothing changes
        code, out, err = run(
            "central", "add-store", admin, "S001", "--password-stdin", stdin="pw-for-store\n"
        )
        role = f"{schema}_store_s001"
        assert code == 0 and f"login role {role}" in out, err
        assert "pw-for-store" not in out + err
        with psycopg.connect(pg_server) as conn:
            row = conn.execute(
                "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,)
            ).fetchone()
        assert row is not None and row[0].startswith("SCRAM-SHA-256$")
        url = f"postgresql://{role}@{pg_server.split('@', 1)[1]}?schema={schema}"
        folder = terminal(tmp_path, "T1", [SyncTarget(name="central", url=url)])
        code, out, err = run("--data-dir", str(folder), "sync")
        assert code == 0 and "central: sent 2" in out, err
        code, out, err = run("central", "terminals", admin)
        assert code == 0, err
        assert out.startswith("S001\tT1\tlast seen ") and "CLOCK OFF" not in out
    finally:
        drop_schema(admin)
