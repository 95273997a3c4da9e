"""A set-up store with history: the folder an attacker or a clumsy copy damages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from tests.conftest import legacy_supervisor
from tests.services.test_checks import answer_all


@pytest.fixture
def store_dir(data_dir: Path, clock: ManualClock) -> Path:
    """The conftest store (S001) with a supervisor E001 (PIN 2580), staff E002 (2468) and one
    clocked-in shift in its history. Nothing holds its lock."""
    services = open_services(data_dir, clock=clock)
    try:
        legacy_supervisor(services, "E001", "张伟", "2580")
        services.staff.add("E002", "李娜", "2468")
        services.checks.submit(
            answer_all(services, services.checks.begin("E002", "start_of_shift"), clock)
        )
    finally:
        services.close()
    return data_dir


def run_cli(data_dir: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """Run `shiftcheck --data-dir DATA_DIR ARGS`: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr
