"""`services.context.open_head_office`: head office's reports are wired where the terminal's
are, over the real central database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from shiftcheck.config import Config
from shiftcheck.services.context import (
    ALL_STORES,
    open_head_office,
    open_services,
    save_config,
    supervisor_tools,
)
from shiftcheck.services.errors import ServiceError
from tests.sync.conftest import Central
from tests.sync.test_head_office import chain

pytestmark = pytest.mark.postgres
__all__ = ["chain"]  # the fixture, used by name
NOW = datetime(2026, 11, 30, 12, 0).astimezone()


def test_one_store_reports_in_its_own_zone_and_matches_the_terminal(
    central: Central, chain: tuple[Path, Path]
) -> None:
    terminal, office = chain
    here, there = open_services(terminal, writer=False), open_services(office, writer=False)
    try:
        head = open_head_office(there, central.admin_url, "S001")
        try:
            assert (head.config.store_id, head.config.timezone) == ("S001", "Asia/Shanghai")
            assert head.config.payroll == there.config.payroll
            day = date(2026, 11, 17)
            central_rows = head.summary(there).day(day, NOW).rows
            local_rows = supervisor_tools(here).summary.day(day, NOW).rows
            assert [(r.employee_id, r.paid_hours) for r in central_rows] == [
                (r.employee_id, r.paid_hours) for r in local_rows
            ]
        finally:
            head.close()
        every = open_head_office(there, central.admin_url, None)
        try:
            assert every.config.store_id == every.config.store_name == ALL_STORES
            assert every.config.timezone == "UTC"  # head office's own zone across stores
        finally:
            every.close()
    finally:
        here.close()
        there.close()


def test_unknown_store_and_empty_database_are_refused(central: Central, tmp_path: Path) -> None:
    save_config(tmp_path, Config(store_id="HQ", timezone="UTC"))
    services = open_services(tmp_path, writer=False)
    try:
        with pytest.raises(ServiceError) as info:
            open_head_office(services, central.admin_url, None)
        assert info.value.key == "central.no_stores"
        assert info.value.message("en") == "the central database has no stores yet"
    finally:
        services.close()
