"""Staff administration: the same operations for the command line and the supervisor screens."""

from __future__ import annotations

from shiftcheck.domain.staff import (
    Employee,
    Role,
    employee_id_ok,
    next_employee_id,
    pin_problem,
)
from shiftcheck.i18n import normalise
from shiftcheck.services.auth import AuthService, PinHasher
from shiftcheck.services.errors import PermissionDenied, ServiceError
from shiftcheck.services.text_checks import require_name
from shiftcheck.store import DataStore


class StaffService:
    """Add, list, deactivate, reset PINs, unlock, change role or language.

    Every changing method takes `actor`: the id of the supervisor doing it, re-checked here, or
    None for store IT at the command line (who has the data folder itself).
    """

    def __init__(self, store: DataStore, hasher: PinHasher, auth: AuthService) -> None:
        self.store = store
        self.hasher = hasher
        self.auth = auth

    def require_supervisor(self, actor: str | None) -> None:
        """Refuse unless `actor` is None (command line) or an active supervisor."""
        if actor is None:
            return
        employee = self.store.get_employee(actor)
        if employee is None or not employee.active or not employee.is_supervisor:
            raise PermissionDenied("staff.not_supervisor", id=actor)

    def _get(self, employee_id: str) -> Employee:
        employee = self.store.get_employee(employee_id)
        if employee is None:
            raise ServiceError("staff.unknown", id=employee_id)
        return employee

    @staticmethod
    def check_pin(pin: str, role: Role = Role.STAFF) -> None:
        """Refuse a PIN that breaks the policy (a supervisor's needs 6 digits or more)."""
        problem = pin_problem(pin, role)
        if problem is not None:
            raise ServiceError(problem.value)

    def list(self, *, include_inactive: bool = False) -> list[Employee]:
        """Employees by id."""
        return self.store.list_staff(include_inactive=include_inactive)

    def next_free_id(self) -> str | None:
        """The id to suggest for a new employee (see `next_employee_id`); every id on the
        list counts, a deactivated employee's too, so no one's history is ever shared."""
        return next_employee_id(e.id for e in self.list(include_inactive=True))

    def get(self, employee_id: str) -> Employee:
        """One employee; `ServiceError` if unknown."""
        return self._get(employee_id)

    def add(
        self,
        employee_id: str,
        name: str,
        pin: str,
        *,
        role: Role = Role.STAFF,
        language: str = "zh-CN",
        actor: str | None = None,
    ) -> Employee:
        """A new employee with a PIN; nothing is written if anything is wrong."""
        self.require_supervisor(actor)
        if not employee_id_ok(employee_id):
            raise ServiceError("staff.bad_id", id=employee_id)
        if not name.strip():
            raise ServiceError("staff.bad_name")
        require_name(name.strip())
        if self.store.get_employee(employee_id) is not None:
            raise ServiceError("staff.exists", id=employee_id)
        self.check_pin(pin, role)
        employee = Employee(
            id=employee_id,
            name=name.strip(),
            role=role,
            language=normalise(language),
            pin_hash=self.hasher.hash(pin),
        )
        self.store.save_employee(employee)
        return employee

    @staticmethod
    def _not_self(employee_id: str, actor: str | None) -> None:
        # A supervisor cannot lock themselves out (or demote themselves) by mistake.
        if actor is not None and actor == employee_id:
            raise ServiceError("supervisor.staff.not_self")

    def deactivate(self, employee_id: str, *, actor: str | None = None) -> Employee:
        """Take an employee off the terminal's list (their history stays)."""
        self.require_supervisor(actor)
        self._not_self(employee_id, actor)
        employee = self._get(employee_id).with_changes(active=False)
        self.store.save_employee(employee)
        return employee

    def reactivate(
        self, employee_id: str, pin: str | None = None, *, actor: str | None = None
    ) -> Employee:
        """Put a deactivated employee back on the list; one with no PIN on this terminal
        (e.g. arriving from another terminal) needs `pin`, set in the same step."""
        self.require_supervisor(actor)
        employee = self._get(employee_id)
        changes: dict[str, object] = {"active": True}
        if pin is not None:
            self.check_pin(pin, employee.role)
            changes.update(
                pin_hash=self.hasher.hash(pin), failed_pins=0, locked_until=None, locks=0
            )
        elif not employee.has_pin:
            raise ServiceError("shifts.staff.pin_needed", id=employee_id)
        employee = employee.with_changes(**changes)
        self.store.save_employee(employee)
        return employee

    def reset_pin(self, employee_id: str, pin: str, *, actor: str | None = None) -> Employee:
        """Give an employee a new PIN (and clear their lock)."""
        self.require_supervisor(actor)
        employee = self._get(employee_id)
        self.check_pin(pin, employee.role)
        employee = employee.with_changes(
            pin_hash=self.hasher.hash(pin), failed_pins=0, locked_until=None, locks=0
        )
        self.store.save_employee(employee)
        return employee

    def unlock(self, employee_id: str, *, actor: str | None = None) -> Employee:
        """Clear an employee's wrong-PIN lock."""
        self.require_supervisor(actor)
        employee = self._get(employee_id).with_changes(failed_pins=0, locked_until=None, locks=0)
        self.store.save_employee(employee)
        return employee

    def unlock_terminal(self, *, actor: str | None = None) -> None:
        """Resume PIN entry on a terminal paused after too many wrong PINs."""
        self.require_supervisor(actor)
        self.auth.unlock_terminal()

    def set_role(
        self, employee_id: str, role: Role, *, pin: str | None = None, actor: str | None = None
    ) -> Employee:
        """Make an employee staff or supervisor.

        A new supervisor gets a new PIN here (`pin`, at least six digits): the PIN they had as
        staff may be shorter, and a supervisor's PIN guards the whole team's records.
        """
        self.require_supervisor(actor)
        self._not_self(employee_id, actor)
        employee = self._get(employee_id)
        if role is Role.SUPERVISOR and not employee.is_supervisor:
            if pin is None:
                raise ServiceError("staffpin.promote_needs_pin", id=employee_id)
            self.check_pin(pin, Role.SUPERVISOR)
            employee = employee.with_changes(
                pin_hash=self.hasher.hash(pin), failed_pins=0, locked_until=None, locks=0
            )
        employee = employee.with_changes(role=role)
        self.store.save_employee(employee)
        return employee

    def set_language(
        self, employee_id: str, language: str, *, actor: str | None = None
    ) -> Employee:
        """Change an employee's screen language."""
        self.require_supervisor(actor)
        employee = self._get(employee_id).with_changes(language=normalise(language))
        self.store.save_employee(employee)
        return employee
