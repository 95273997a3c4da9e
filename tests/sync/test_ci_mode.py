"""With no PostgreSQL server the central-database tests skip and say why; under CI they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONE_TEST = "tests/sync/test_postgres.py::test_same_batch_three_times_same_row_count"


def run_without_server(ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["SHIFTCHECK_TEST_PG"] = "postgresql://postgres@127.0.0.1:1/test"
    if ci:
        env["CI"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_server_skips_with_reason_but_fails_under_ci() -> None:
    local = run_without_server(ci=False)
    assert local.returncode == 0, local.stdout
    assert "1 skipped" in local.stdout
    assert "no PostgreSQL server at postgresql://postgres@127.0.0.1:1/test" in local.stdout
    ci = run_without_server(ci=True)
    assert ci.returncode != 0
    assert "CI is set: the PostgreSQL tests must run" in ci.stdout
