"""Fixtures shared with the roster views' tests."""

from tests.rosterviews.conftest import *  # noqa: F403
