"""A staffed data folder and its roster service."""

from __future__ import annotations

import pytest

from shiftcheck.services.context import Services
from shiftcheck.services.roster import RosterService


def roster_of(s: Services) -> RosterService:
    """The roster service over a terminal's store, re-checking supervisors as every screen."""
    return RosterService(s.store, s.config, s.clock, s.staff.require_supervisor)


@pytest.fixture
def roster(staffed: Services) -> RosterService:
    """Roster service over the `staffed` folder (E001 supervisor, E002 and E003 staff)."""
    return roster_of(staffed)
