"""PINs: hashing with scrypt and a pepper, checking in constant time, lockouts.

Throttling after NIST SP 800-63B §5.2.2: five wrong PINs lock an employee for five minutes;
after that, until the right PIN or an unlock, each further wrong PIN locks again for twice as
long as the lock before (10 min, 20 min, … at most 24 h). One account so gets at most 42 guesses
in 30 days (`tests/services/test_pin_throttling.py` counts them). Ten wrong PINs on the terminal
within ten minutes pause PIN entry for everyone but supervisors until a supervisor unlocks it.
Both survive restarts (they are kept in the store). An employee with no PIN on this terminal is
told so and nothing counts. A PIN never appears in a file, a log or an error.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from shiftcheck.domain.staff import Employee
from shiftcheck.services.clock import Clock
from shiftcheck.store import DataStore, StoreError
from shiftcheck.store.secrets import read_pepper

SCRYPT_N = 2**15
"""scrypt cost; tests lower it through `PinHasher(n=...)` only."""
SCRYPT_R, SCRYPT_P = 8, 1
EMPLOYEE_MAX_FAILURES = 5
"""Wrong PINs before the first lock; after a lock, each wrong PIN locks again."""
EMPLOYEE_LOCK = timedelta(minutes=5)
"""The first lock; each later one doubles, up to `EMPLOYEE_LOCK_CAP`."""
EMPLOYEE_LOCK_CAP = timedelta(hours=24)
TERMINAL_MAX_FAILURES = 10
TERMINAL_WINDOW = timedelta(minutes=10)
TERMINAL_STATE_KEY = "terminal_pin_guard"


class PinHasher:
    """scrypt(PIN + pepper, per-employee salt), stored as `scrypt$n$r$p$salt$hash`."""

    def __init__(self, pepper: bytes, n: int = SCRYPT_N) -> None:
        self._pepper = pepper
        self.n = n

    def _derive(self, pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(
            pin.encode("utf-8") + self._pepper,
            salt=salt,
            n=n,
            r=r,
            p=p,
            maxmem=256 * 1024 * 1024,
            dklen=32,
        )

    def hash(self, pin: str) -> str:
        """A new hash of `pin` with a fresh salt."""
        salt = secrets.token_bytes(16)
        digest = self._derive(pin, salt, self.n, SCRYPT_R, SCRYPT_P)
        b64 = base64.b64encode
        return f"scrypt${self.n}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"

    def verify(self, pin: str, stored: str) -> bool:
        """Whether `pin` matches `stored` (constant-time compare)."""
        try:
            scheme, n, r, p, salt, digest = stored.split("$")
            if scheme != "scrypt":
                return False
            expected = base64.b64decode(digest)
            got = self._derive(pin, base64.b64decode(salt), int(n), int(r), int(p))
        except (ValueError, TypeError):
            return False
        return hmac.compare_digest(got, expected)


class _MissingPepper(PinHasher):
    """Stands in for a reader whose data folder has no pepper yet: any PIN use says so."""

    def __init__(self, error: StoreError) -> None:
        super().__init__(b"")
        self.error = error

    def hash(self, pin: str) -> str:
        raise self.error

    def verify(self, pin: str, stored: str) -> bool:
        raise self.error


def hasher_for(store: DataStore, n: int = SCRYPT_N) -> PinHasher:
    """A hasher using the data folder's pepper, made by a writer only while no PIN hash exists
    (a new pepper would make every stored PIN fail)."""
    try:
        create = store.writer and not any(
            e.pin_hash for e in store.list_staff(include_inactive=True)
        )
        return PinHasher(read_pepper(store.data_dir, create=create), n)
    except StoreError as exc:
        if store.writer:
            raise
        return _MissingPepper(exc)


def lock_length(locks: int) -> timedelta:
    """How long the employee's next lock lasts after `locks` earlier ones (5 min doubling,
    at most 24 h)."""
    return min(EMPLOYEE_LOCK * (1 << min(locks, 20)), EMPLOYEE_LOCK_CAP)


@dataclass(frozen=True, slots=True)
class LoginResult:
    """What happened when a PIN was entered."""

    ok: bool
    employee: Employee | None = None
    tries_left: int | None = None
    locked_until: datetime | None = None
    terminal_paused: bool = False
    no_pin: bool = False
    """The employee has no PIN on this terminal (nothing was counted)."""
    next_lock: timedelta | None = None
    """How long the lock after `tries_left` more wrong PINs lasts."""


class AuthService:
    """PIN checks with per-employee lockout and a terminal-wide pause."""

    def __init__(self, store: DataStore, clock: Clock, hasher: PinHasher) -> None:
        self.store = store
        self.clock = clock
        self.hasher = hasher

    def _guard(self) -> dict[str, object]:
        return self.store.get_state(TERMINAL_STATE_KEY) or {"failures": [], "paused": False}

    def terminal_paused(self) -> bool:
        """Whether PIN entry is paused on this terminal."""
        return bool(self._guard().get("paused"))

    def unlock_terminal(self) -> None:
        """Resume PIN entry (a supervisor's action; checked by the caller's service)."""
        self.store.put_state(TERMINAL_STATE_KEY, {"failures": [], "paused": False})

    def _record_terminal_failure(self, now: datetime) -> bool:
        guard = self._guard()
        raw = guard.get("failures", [])
        recent = [
            t
            for t in (raw if isinstance(raw, list) else [])
            if isinstance(t, str) and now - datetime.fromisoformat(t) < TERMINAL_WINDOW
        ]
        recent.append(now.isoformat())
        paused = len(recent) >= TERMINAL_MAX_FAILURES
        self.store.put_state(TERMINAL_STATE_KEY, {"failures": recent, "paused": paused})
        return paused

    def login(self, employee_id: str, pin: str) -> LoginResult:
        """Check `pin` for the employee, counting failures and applying the locks."""
        now = self.clock()
        employee = self.store.get_employee(employee_id)
        if self.terminal_paused() and not (
            employee is not None and employee.active and employee.is_supervisor
        ):
            # While paused only a supervisor may sign in, so the pause can be lifted on the
            # terminal itself; their own five-try lock still applies.
            return LoginResult(False, terminal_paused=True)
        if employee is None or not employee.active:
            paused = self._record_terminal_failure(now)
            return LoginResult(False, terminal_paused=paused)
        if not employee.has_pin:
            # Arrived from another terminal without a PIN: not a guess, nothing to count.
            return LoginResult(False, employee, no_pin=True)
        if employee.is_locked(now):
            return LoginResult(False, employee, locked_until=employee.locked_until)
        if self.hasher.verify(pin, employee.pin_hash):
            if employee.failed_pins or employee.locked_until or employee.locks:
                employee = employee.with_changes(failed_pins=0, locked_until=None, locks=0)
                self.store.save_employee(employee)
            return LoginResult(True, employee)
        failures = employee.failed_pins + 1
        allowed = EMPLOYEE_MAX_FAILURES if employee.locks == 0 else 1
        locked_until = None
        locks = employee.locks
        if failures >= allowed:
            locked_until = now + lock_length(locks)
            failures = 0
            locks += 1
        employee = employee.with_changes(
            failed_pins=failures, locked_until=locked_until, locks=locks
        )
        self.store.save_employee(employee)
        paused = self._record_terminal_failure(now)
        if locked_until is not None:
            return LoginResult(False, employee, None, locked_until, paused)
        left = allowed - failures
        return LoginResult(False, employee, left, None, paused, next_lock=lock_length(locks))
