"""PIN policy, hashing, lockouts (kept across restarts) and supervisor-only staff changes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from shiftcheck.domain.staff import PinProblem, Role, pin_problem
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services
from shiftcheck.services.errors import PermissionDenied, ServiceError


@pytest.mark.parametrize(
    ("pin", "problem"),
    [
        ("2580", None),
        ("13579", None),
        ("12a4", PinProblem.NOT_DIGITS),
        ("１２３５", PinProblem.NOT_DIGITS),
        ("123", PinProblem.LENGTH),
        ("123456789", PinProblem.LENGTH),
        ("0000", PinProblem.TRIVIAL),
        ("1234", PinProblem.TRIVIAL),
        ("9876", PinProblem.TRIVIAL),
        ("7890", PinProblem.TRIVIAL),
    ],
)
def test_pin_policy(pin: str, problem: PinProblem | None) -> None:
    assert pin_problem(pin) is problem


def test_pins_are_hashed_with_pepper_and_never_stored(staffed: Services, data_dir: Path) -> None:
    raw = (data_dir / "staff.json").read_text(encoding="utf-8")
    assert "2580" not in raw and "2468" not in raw
    hashes = [d["pin_hash"] for d in json.loads(raw)["staff"].values()]
    assert all(h.startswith("scrypt$") for h in hashes) and len(set(hashes)) == 3
    pepper = data_dir / "pepper"
    assert stat.S_IMODE(os.stat(pepper).st_mode) == 0o600
    assert "2580" not in repr(staffed.staff.get("E001"))


def test_login_and_lockout_survive_restart(
    staffed: Services, data_dir: Path, clock: ManualClock
) -> None:
    assert staffed.auth.login("E002", "2468").ok
    results = [staffed.auth.login("E002", "1111") for _ in range(4)]
    assert [r.tries_left for r in results] == [4, 3, 2, 1]
    locked = staffed.auth.login("E002", "1111")
    assert locked.locked_until == clock.current + __import__("datetime").timedelta(minutes=5)
    staffed.close()

    again = open_services(data_dir, clock=clock)
    refused = again.auth.login("E002", "2468")  # right PIN, still locked
    assert not refused.ok and refused.locked_until is not None
    clock.advance(minutes=5, seconds=1)
    assert again.auth.login("E002", "2468").ok
    again.close()


def test_terminal_pauses_after_ten_failures_until_unlocked(
    staffed: Services, clock: ManualClock
) -> None:
    for i in range(9):
        assert not staffed.auth.login(["E002", "E003"][i % 2], "1111").terminal_paused
    assert staffed.auth.login("E003", "1111").terminal_paused
    paused = staffed.auth.login("E002", "2468")  # even the right PIN of staff waits
    assert not paused.ok and paused.terminal_paused
    assert staffed.auth.login("E001", "2580").ok  # a supervisor may still sign in...
    with pytest.raises(PermissionDenied):
        staffed.staff.unlock_terminal(actor="E002")
    staffed.staff.unlock_terminal(actor="E001")  # ...and lift the pause on the terminal
    clock.advance(minutes=6)  # E002's own five-try lock has run out too
    assert staffed.auth.login("E002", "2468").ok


def test_staff_changes_need_a_supervisor(staffed: Services) -> None:
    with pytest.raises(PermissionDenied) as err:
        staffed.staff.add("E009", "王芳", "4826", actor="E002")
    assert "E002" in err.value.message("en")
    assert staffed.store.get_employee("E009") is None
    staffed.staff.add("E009", "王芳", "4826", actor="E001")
    with pytest.raises(ServiceError) as refused:  # a new supervisor needs a new, longer PIN
        staffed.staff.set_role("E009", Role.SUPERVISOR, actor="E001")
    assert refused.value.key == "staffpin.promote_needs_pin"
    with pytest.raises(ServiceError):
        staffed.staff.set_role("E009", Role.SUPERVISOR, pin="4826", actor="E001")
    assert not staffed.staff.get("E009").is_supervisor
    staffed.staff.set_role("E009", Role.SUPERVISOR, pin="583920", actor="E001")
    assert staffed.staff.get("E009").is_supervisor
    assert not staffed.auth.login("E009", "4826").ok
    assert staffed.auth.login("E009", "583920").ok
    staffed.staff.set_language("E009", "en", actor="E001")
    for change in (
        lambda: staffed.staff.deactivate("E001", actor="E001"),
        lambda: staffed.staff.set_role("E001", Role.STAFF, actor="E001"),
    ):
        with pytest.raises(ServiceError) as refused:
            change()
        assert refused.value.key == "supervisor.staff.not_self"
    assert staffed.staff.get("E001").is_supervisor and staffed.staff.get("E001").active
    staffed.staff.deactivate("E009", actor="E001")
    e = staffed.store.get_employee("E009")
    assert e is not None and e.is_supervisor and e.language == "en" and not e.active
    assert "E009" not in [x.id for x in staffed.staff.list()]
    assert not staffed.auth.login("E009", "4826").ok


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("E001", "dup", "4826"), "staff.exists"),
        (("bad id!", "x", "4826"), "staff.bad_id"),
        (("E010\n", "x", "4826"), "staff.bad_id"),
        (("E010", "  ", "4826"), "staff.bad_name"),
        (("E010", "x", "1111"), "pin.trivial"),
        (("E010", "x", "12"), "pin.length"),
    ],
)
def test_bad_staff_input_changes_nothing(
    staffed: Services, data_dir: Path, args: tuple[str, str, str], key: str
) -> None:
    before = (data_dir / "staff.json").read_bytes()
    with pytest.raises(ServiceError) as err:
        staffed.staff.add(*args)
    assert err.value.key == key
    assert (data_dir / "staff.json").read_bytes() == before


def test_reset_pin_and_unlock(staffed: Services) -> None:
    for _ in range(5):
        staffed.auth.login("E002", "1111")
    assert not staffed.auth.login("E002", "2468").ok
    staffed.staff.unlock("E002", actor="E001")
    assert staffed.auth.login("E002", "2468").ok
    staffed.staff.reset_pin("E002", "8642", actor="E001")
    assert not staffed.auth.login("E002", "2468").ok
    assert staffed.auth.login("E002", "8642").ok
