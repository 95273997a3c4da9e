"""Every command that takes a database URL refuses one that carries a password (any spelling),
says where the password goes instead, and never echoes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import Config
from shiftcheck.services.context import save_config

SECRET = "s3cr3t-word"
URLS = [
    f"postgresql://ho@127.0.0.1:1/chain?password={SECRET}",
    f"postgresql://ho@127.0.0.1:1/chain?sslpassword={SECRET}",
    f"postgresql://ho:{SECRET}@127.0.0.1:1/chain",
    f"postgresql://ho@127.0.0.1:1/?dbname=chain%20password%3D{SECRET}",
]


def commands(url: str) -> list[list[str]]:
    return [
        ["central", "init", url],
        ["central", "add-store", url, "S001"],
        ["central", "terminals", url],
        ["summary", "--date", "2026-11-20", "--source", url],
        ["export", "payroll", "--from", "2026-11-16", "--to", "2026-11-22", "--source", url],
    ]


@pytest.fixture
def office(tmp_path: Path) -> Path:
    save_config(tmp_path, Config(store_id="HQ", store_name="Head office", timezone="UTC"))
    return tmp_path


@pytest.mark.parametrize("url", URLS)
def test_commands_refuse_a_password_in_the_url(office: Path, url: str) -> None:
    for args in commands(url):
        result = CliRunner().invoke(cli, ["--data-dir", str(office), *args])
        assert result.exit_code == 2, (args, result.stderr)
        assert "~/.pgpass" in result.stderr and "PGPASSWORD" in result.stderr, args
        assert SECRET not in result.stderr and SECRET not in result.stdout, args


def test_a_config_with_a_password_parameter_is_refused(office: Path) -> None:
    (office / "config.toml").write_text(
        'store_id = "S001"\ntimezone = "UTC"\n[[sync.targets]]\nname = "hq"\n'
        f'url = "postgresql://store@db/chain?password={SECRET}"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--data-dir", str(office), "sync", "status"])
    assert result.exit_code == 2
    assert "sync.targets.0" in result.stderr and "?password=" in result.stderr
    assert SECRET not in result.stderr
