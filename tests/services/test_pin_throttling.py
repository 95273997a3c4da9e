"""Sign-in fair to staff and hard for attackers (issue 11 §6), with the injected clock.

Locks escalate after NIST SP 800-63B §5.2.2: five wrong PINs lock for 5 minutes, then each wrong
PIN locks again for twice as long (at most 24 h) until the right PIN or an unlock.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from shiftcheck.domain.staff import Employee, Role
from shiftcheck.services.auth import EMPLOYEE_LOCK_CAP, lock_length
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services
from shiftcheck.services.errors import ServiceError
from shiftcheck.services.wording import sign_in_refusal
from tests.conftest import TZ

THIRTY_DAYS = timedelta(days=30)


def wrong_pins() -> list[str]:
    """Six-digit guesses an attacker might try (none is E001's 2580)."""
    return [f"{n:06d}" for n in range(100_000, 100_200)]


def test_one_account_gets_far_fewer_than_100_guesses_in_30_days(
    staffed: Services, clock: ManualClock
) -> None:
    # An online guesser at the supervisor's account, trying whenever the lock allows.
    end = clock() + THIRTY_DAYS
    guesses = iter(wrong_pins())
    tried = 0
    while clock() < end:
        boss = staffed.staff.get("E001")
        if boss.is_locked(clock()):
            assert boss.locked_until is not None
            clock.set(boss.locked_until)
            continue
        result = staffed.auth.login("E001", next(guesses))
        assert not result.ok
        tried += 1
        clock.advance(seconds=2)
    # 5 + 8 guesses while the locks double from 5 min to 21 h 20 min (42 h 35 min in all), then
    # one a day for the remaining 28.2 days (29): 42 in 30 days, where the old five-minute lock
    # allowed 5 every 5 minutes (43,200).
    assert tried == 42
    assert staffed.staff.get("E001").locks == 42 - 4
    staffed.staff.unlock("E001", actor=None)  # store IT at the command line
    assert staffed.auth.login("E001", "2580").ok


def test_locks_double_up_to_a_day_and_the_right_pin_resets_them(
    staffed: Services, clock: ManualClock
) -> None:
    assert [lock_length(n) for n in range(4)] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert lock_length(9) == lock_length(50) == EMPLOYEE_LOCK_CAP == timedelta(hours=24)
    results = [staffed.auth.login("E002", "1111") for _ in range(5)]
    assert [r.tries_left for r in results[:4]] == [4, 3, 2, 1]
    assert sign_in_refusal(results[3], "E002", "en", TZ, clock()) == (
        "Wrong PIN. One more wrong PIN locks PIN entry for 5 min."
    )
    zh = sign_in_refusal(results[0], "E002", "zh-CN", TZ, clock())
    assert zh == "PIN 错误。再错 4 次将锁定 5分钟。"
    assert results[4].locked_until == clock() + timedelta(minutes=5)
    clock.advance(minutes=5)
    again = staffed.auth.login("E002", "1111")  # one wrong PIN after a lock locks again
    assert again.locked_until == clock() + timedelta(minutes=10)
    clock.advance(minutes=10)
    assert staffed.auth.login("E002", "2468").ok
    after = staffed.auth.login("E002", "1111")
    assert after.tries_left == 4 and after.locked_until is None  # a fresh start


def test_a_day_long_lock_names_its_date_and_survives_a_restart(
    staffed: Services, clock: ManualClock
) -> None:
    staffed.store.save_employee(staffed.staff.get("E002").with_changes(locks=12))
    locked = staffed.auth.login("E002", "1111")
    assert locked.locked_until == clock() + timedelta(hours=24)
    assert sign_in_refusal(locked, "E002", "en", TZ, clock()) == (
        "Too many wrong PINs: locked until 2026-11-28 08:55."
    )
    staffed.close()
    reopened = open_services(staffed.data_dir, clock=clock)
    try:
        assert reopened.staff.get("E002").locks == 13
        clock.advance(hours=24)
        assert reopened.auth.login("E002", "1111").locked_until == clock() + EMPLOYEE_LOCK_CAP
        reopened.staff.unlock("E002", actor="E001")
        assert reopened.staff.get("E002").locks == 0
        assert reopened.auth.login("E002", "2468").ok
    finally:
        reopened.close()


def test_an_employee_without_a_pin_is_told_so_and_nothing_counts(staffed: Services) -> None:
    # As a terminal adds someone from another terminal's staff directory, then reactivated
    # (before the rule below, reactivating needed no PIN).
    staffed.store.save_employee(Employee("E007", "赵敏"))
    for _ in range(12):
        result = staffed.auth.login("E007", "2468")
        assert result.no_pin and not result.ok and not result.terminal_paused
    assert sign_in_refusal(result, "E007", "en", TZ, staffed.clock()) == (
        "No PIN set yet for 赵敏: ask your supervisor."
    )
    assert staffed.staff.get("E007").failed_pins == 0
    assert not staffed.auth.terminal_paused()
    assert staffed.auth.login("E002", "1111").tries_left == 4  # the terminal's count is clean


def test_reactivating_someone_without_a_pin_sets_one(staffed: Services) -> None:
    staffed.store.save_employee(Employee("E007", "赵敏", active=False))
    with pytest.raises(ServiceError) as refused:
        staffed.staff.reactivate("E007", actor="E001")
    assert refused.value.key == "shifts.staff.pin_needed"
    assert not staffed.staff.get("E007").active
    with pytest.raises(ServiceError, match="too easy"):
        staffed.staff.reactivate("E007", "1234", actor="E001")
    staffed.staff.reactivate("E007", "4826", actor="E001")
    assert staffed.staff.get("E007").active and staffed.auth.login("E007", "4826").ok
    staffed.staff.deactivate("E002", actor="E001")
    assert staffed.staff.reactivate("E002", actor="E001").active  # has a PIN: none needed


def test_new_and_reset_supervisor_pins_need_six_digits(staffed: Services) -> None:
    with pytest.raises(ServiceError, match="a supervisor's PIN has 6 to 8 digits"):
        staffed.staff.add("E008", "孙丽", "2468", role=Role.SUPERVISOR, actor="E001")
    assert staffed.store.get_employee("E008") is None
    staffed.staff.add("E008", "孙丽", "246813", role=Role.SUPERVISOR, actor="E001")
    with pytest.raises(ServiceError, match="6 to 8 digits"):
        staffed.staff.reset_pin("E001", "4826", actor="E008")
    assert staffed.auth.login("E001", "2580").ok  # an existing 4-digit supervisor PIN works
    staffed.staff.reset_pin("E001", "482613", actor="E008")
    assert staffed.auth.login("E001", "482613").ok
    staffed.staff.add("E009", "钱进", "4826", actor="E001")  # staff keep 4 digits
    assert staffed.auth.login("E009", "4826").ok
