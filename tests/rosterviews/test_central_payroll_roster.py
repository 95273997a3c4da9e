"""Head office's `export payroll --source` over a rostered store gives the terminal's figures:
the roster flags, planned columns and totals, not a roster-less report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.rosterviews.test_central_roster_summary import rostered_chain  # noqa: F401
from tests.sync.conftest import Central
from tests.sync.test_head_office import WEEK, run

pytestmark = pytest.mark.postgres


def test_head_office_payroll_carries_the_roster(
    central: Central,
    rostered_chain: tuple[Path, Path],  # noqa: F811
) -> None:
    terminal, office = rostered_chain
    source = ["--source", central.admin_url, "--store", "S001"]
    here = run(terminal, "export", "payroll", *WEEK, "--format", "json")
    there = run(office, "export", "payroll", *WEEK, *source, "--format", "json")
    assert here[0] == 0 and there[0] == 0, there[2]
    mine, theirs = json.loads(here[1]), json.loads(there[1])
    assert ["late"] in [row["flags"] for row in mine]  # the terminal sees the roster
    assert theirs == mine
    for fmt in ("csv", "json"):
        assert (
            run(office, "export", "payroll", *WEEK, *source, "--format", fmt)[1]
            == run(terminal, "export", "payroll", *WEEK, "--format", fmt)[1]
        )
