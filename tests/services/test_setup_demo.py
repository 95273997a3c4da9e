"""Onboarding (store config + first supervisor) and the demo data, through the real services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from shiftcheck.config import load_config
from shiftcheck.domain.checklist import END_OF_SHIFT, FORMS_ITEM_ID, Result
from shiftcheck.domain.records import FLAG_FAST
from shiftcheck.domain.shifts import pair_shifts
from shiftcheck.domain.staff import Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services
from shiftcheck.services.demo import CLOCKED_IN_TODAY, DEMO_DAYS, DEMO_STAFF, FORGOTTEN, seed_demo
from shiftcheck.services.setup import SetupError, StoreSetup, check_setup, needs_setup, setup_store

GOOD = StoreSetup(
    store_id="S009",
    store_name="南京西路店",
    timezone="Asia/Shanghai",
    language="en",
    supervisor_id="E100",
    supervisor_name="陈静",
    pin="482613",
    pin_again="482613",
)


@pytest.fixture
def fresh(tmp_path: Path, clock: ManualClock) -> Iterator[Services]:
    """A data folder never set up."""
    services = open_services(tmp_path / "fresh", clock=clock)
    yield services
    services.close()


def test_setup_saves_config_and_first_supervisor(fresh: Services) -> None:
    assert needs_setup(fresh)
    supervisor = setup_store(fresh, GOOD)
    assert supervisor.role is Role.SUPERVISOR and supervisor.language == "en"
    config = load_config(fresh.data_dir)
    assert config is not None
    assert (config.store_id, config.store_name, config.timezone, config.language) == (
        "S009",
        "南京西路店",
        "Asia/Shanghai",
        "en",
    )
    assert not needs_setup(fresh)
    assert fresh.auth.login("E100", "482613").ok


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"store_id": "my store"}, "store_id", "setup.bad_store_id"),
        ({"store_name": "  "}, "store_name", "setup.bad_store_name"),
        ({"timezone": "Mars/Olympus"}, "timezone", "setup.bad_timezone"),
        ({"timezone": "Asia"}, "timezone", "setup.bad_timezone"),  # a folder of zones
        ({"language": "fr"}, "language", "setup.bad_language"),
        ({"supervisor_id": "E 1"}, "supervisor_id", "staff.bad_id"),
        ({"supervisor_name": ""}, "supervisor_name", "staff.bad_name"),
        ({"pin": "1111", "pin_again": "1111"}, "pin", "pin.trivial"),
        ({"pin_again": "482631"}, "pin_again", "pin.mismatch"),
    ],
)
def test_bad_setup_names_the_field_and_saves_nothing(
    fresh: Services, change: dict[str, str], field: str, key: str
) -> None:
    form = StoreSetup(**_fields(GOOD) | change)
    problems = check_setup(fresh, form)
    assert [(p.field, p.key) for p in problems] == [(field, key)]
    with pytest.raises(SetupError) as caught:
        setup_store(fresh, form)
    assert caught.value.field == field
    assert load_config(fresh.data_dir) is None
    assert fresh.staff.list(include_inactive=True) == []


def _fields(form: StoreSetup) -> dict[str, str]:
    return {name: getattr(form, name) for name in StoreSetup.__slots__}


def test_demo_history_is_realistic(services: Services, clock: ManualClock) -> None:
    now = datetime.fromisoformat("2026-11-27T14:00:00+08:00")
    made = seed_demo(services, now)
    names = {e.name for e in services.staff.list()}
    assert {"张伟", "Amy Chen"} <= names and len(names) == len(DEMO_STAFF)
    records = services.store.records(now - timedelta(days=DEMO_DAYS + 1), now + timedelta(hours=1))
    assert len(records) == made > DEMO_DAYS * 8
    shifts = pair_shifts(records).shifts
    open_shifts = [s for s in shifts if s.clock_out is None]
    today = now.date()
    forgotten = [s for s in open_shifts if s.clock_in.date() < today]
    assert [(s.employee_id, (today - s.clock_in.date()).days) for s in forgotten] == [FORGOTTEN]
    assert sorted(s.employee_id for s in open_shifts if s.clock_in.date() == today) == sorted(
        CLOCKED_IN_TODAY
    )
    failed = [a for r in records for a in r.answers if a.result is Result.FAIL]
    assert failed and all(a.note for a in failed)
    forms = [r.answer(FORMS_ITEM_ID) for r in records if r.checklist == END_OF_SHIFT]
    assert all(f is not None and isinstance(f.value, int) for f in forms)
    assert any(FLAG_FAST in r.flags for r in records)
    current = {s.employee_id for s in services.checks.current_shifts(now)}
    assert current == set(CLOCKED_IN_TODAY)
    assert services.auth.login("E003", "1357").ok
