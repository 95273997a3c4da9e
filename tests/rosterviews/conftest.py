"""Roster plans written into a test data folder the way a supervisor writes them."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.services.roster import RosterService
from tests.payroll.conftest import shanghai  # noqa: F401 (fixtures used here too)
from tests.supervisor.conftest import seed, team, tools  # noqa: F401
from tests.sync.conftest import central, make_terminal, pg_server, store_key  # noqa: F401
from tests.tui.conftest import kiosk_dir, make_app  # noqa: F401

FRIDAY = date(2026, 11, 27)
"""The day of the conftest clock (08:55 in Shanghai)."""


def plan(
    folder: Path, clock: ManualClock, employee_id: str, start: str, end: str, day: date = FRIDAY
) -> None:
    """Add one planned shift, saved by supervisor E001 through the roster service."""
    services = open_services(folder, clock=clock)
    try:
        roster = RosterService(
            services.store, services.config, services.clock, services.staff.require_supervisor
        )
        roster.save(
            employee_id, day, time.fromisoformat(start), time.fromisoformat(end), actor="E001"
        )
    finally:
        services.close()
