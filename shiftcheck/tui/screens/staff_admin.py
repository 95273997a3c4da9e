"""Staff administration for the supervisor: add, deactivate, reset PIN, unlock an employee or
the terminal, change role or language — through `StaffService` with the supervisor as actor."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, DataTable, Footer, Input, Label, Static

from shiftcheck.domain.staff import PIN_MAX, Employee, Role
from shiftcheck.domain.text import NAME_MAX
from shiftcheck.i18n import Translator
from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.plain import plain, plain_rich
from shiftcheck.tui.screens.supervisor.common import (
    SupervisorDialog,
    SupervisorScreen,
    SupervisorTitle,
)
from shiftcheck.tui.table_fill import fill_table
from shiftcheck.tui.widgets.guarded_input import GuardedInput
from shiftcheck.tui.widgets.labelled import LabelledField

ResultT = TypeVar("ResultT")

ID_MAX = 32
"""Characters in an employee id (see `EMPLOYEE_ID_RE`)."""


class StaffAdminScreen(SupervisorScreen):
    """The staff list with one key per change."""

    CSS_PATH = "supervisor/supervisor.tcss"
    SCREEN_NAME = "staff_admin"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "supervisor.key.add"),
        Binding("x", "toggle_active", "supervisor.key.toggle_active"),
        Binding("p", "reset_pin", "supervisor.key.reset_pin"),
        Binding("u", "unlock", "supervisor.key.unlock"),
        Binding("T", "unlock_terminal", "supervisor.key.unlock_terminal", show=False),
        Binding("r", "toggle_role", "supervisor.key.toggle_role"),
        Binding("l", "toggle_language", "supervisor.key.toggle_language"),
    ]

    people: list[Employee]

    def compose(self) -> ComposeResult:
        yield SupervisorTitle(self.tr("supervisor.staff.title"), id="sv-title")
        yield DataTable(id="staff-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="sv-hint")
        yield from self.compose_footer()

    def refresh_data(self) -> None:
        tr = self.tr
        self.people = self.services.staff.list(include_inactive=True)
        now = self.services.clock()
        table = self.query_one("#staff-table", DataTable)
        row = table.cursor_row
        rows: list[list[str | Text]] = []
        for e in self.people:
            if not e.active:
                status = Text(tr("supervisor.staff.inactive"), style="dim")
            elif e.is_locked(now):
                status = Text(tr("supervisor.staff.locked"), style="bold red")
            else:
                status = Text(tr("supervisor.staff.active"), style="green")
            rows.append(
                [
                    plain_rich(e.id),
                    plain_rich(e.name),
                    tr(f"role.{e.role.value}"),
                    plain_rich(e.language),
                    status,
                ]
            )
        keys = ("id", "name", "role", "language", "status")
        columns = [(tr(f"supervisor.col.{key}"), key) for key in keys]
        fill_table(table, columns, rows, [e.id for e in self.people])
        if self.people:
            table.move_cursor(row=min(max(row, 0), len(self.people) - 1))
        paused = self.services.auth.terminal_paused()
        self.query_one("#sv-hint", Static).update(
            Text(tr("supervisor.staff.paused"), style="bold red") if paused else ""
        )
        table.focus()

    def selected(self) -> Employee | None:
        """The employee under the cursor."""
        table = self.query_one("#staff-table", DataTable)
        if not self.people or table.cursor_row < 0:
            return None
        return self.people[table.cursor_row]

    def change(self, action: str, detail: str, do: Callable[[], object], message: str) -> bool:
        """Run one change through the service, record it, report it; False if refused."""
        try:
            do()
        except ServiceError as exc:
            self.fail(exc)
            return False
        self.tools.audit.record(self.actor, f"staff:{action}", detail)
        self.notify(message)
        self.refresh_data()
        return True

    def action_add(self) -> None:
        """Add an employee."""
        self.app.push_screen(AddEmployeeDialog(self), callback=lambda _: self.refresh_data())

    def action_toggle_active(self) -> None:
        """Deactivate the selected employee, or reactivate a deactivated one."""
        e = self.selected()
        if e is None:
            return
        staff, tr = self.services.staff, self.tr
        if e.active:
            self.change(
                "deactivate",
                e.id,
                lambda: staff.deactivate(e.id, actor=self.actor),
                tr("supervisor.staff.deactivated", id=e.id, name=e.name),
            )
        elif not e.has_pin:
            # No PIN on this terminal (e.g. arrived from another one): set it in the same step.
            dialog = PinDialog(self, e, reactivate=True)
            self.app.push_screen(dialog, callback=lambda _: self.refresh_data())
        else:
            self.change(
                "reactivate",
                e.id,
                lambda: staff.reactivate(e.id, actor=self.actor),
                tr("supervisor.staff.reactivated", id=e.id, name=e.name),
            )

    def action_reset_pin(self) -> None:
        """Give the selected employee a new PIN."""
        e = self.selected()
        if e is not None:
            self.app.push_screen(PinDialog(self, e), callback=lambda _: self.refresh_data())

    def action_unlock(self) -> None:
        """Clear the selected employee's wrong-PIN lock."""
        e = self.selected()
        if e is None:
            return
        self.change(
            "unlock",
            e.id,
            lambda: self.services.staff.unlock(e.id, actor=self.actor),
            self.tr("supervisor.staff.unlocked", id=e.id, name=e.name),
        )

    def action_unlock_terminal(self) -> None:
        """Resume PIN entry on this terminal."""
        self.change(
            "unlock_terminal",
            self.services.config.terminal_id,
            lambda: self.services.staff.unlock_terminal(actor=self.actor),
            self.tr("supervisor.staff.terminal_unlocked"),
        )

    def action_toggle_role(self) -> None:
        """Make the selected employee a supervisor, or staff again."""
        e = self.selected()
        if e is None:
            return
        role = Role.STAFF if e.is_supervisor else Role.SUPERVISOR
        if role is Role.SUPERVISOR:  # a new supervisor gets a six-digit PIN in the same step
            self.app.push_screen(PinDialog(self, e, promote=True))
            return
        self.change(
            "role",
            f"{e.id} {role.value}",
            lambda: self.services.staff.set_role(e.id, role, actor=self.actor),
            self.tr("supervisor.staff.role_set", id=e.id, role=self.tr(f"role.{role.value}")),
        )

    def action_toggle_language(self) -> None:
        """Switch the selected employee's language between Chinese and English."""
        e = self.selected()
        if e is None:
            return
        lang = "en" if e.language == "zh-CN" else "zh-CN"
        self.change(
            "language",
            f"{e.id} {lang}",
            lambda: self.services.staff.set_language(e.id, lang, actor=self.actor),
            self.tr("supervisor.staff.language_set", id=e.id, language=lang),
        )


class StaffDialog(SupervisorDialog[ResultT]):
    """A staff-admin dialog: Enter moves to the next field, then saves."""

    CSS_PATH = "supervisor/supervisor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "supervisor.key.cancel"),
    ]
    owner: StaffAdminScreen
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def on_mount(self) -> None:
        self.query_one(f"#{self.FIELDS[0]}", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ids = list(self.FIELDS)
        if event.input.id in ids[:-1]:
            self.query_one(f"#{ids[ids.index(event.input.id) + 1]}", Input).focus()
        else:
            self.action_save()

    def value(self, field: str) -> str:
        """A field's text."""
        return self.query_one(f"#{field}", Input).value


class AddEmployeeDialog(StaffDialog[Employee]):
    """Id, name, PIN (twice), supervisor or not, English or not."""

    FIELDS = ("new-id", "new-name", "new-pin", "new-pin2")

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="sv-dialog"):
            yield Label(tr("supervisor.staff.add_title"), id="sv-dialog-title")
            suggested = self.services.staff.next_free_id()
            yield LabelledField(
                tr("dialogs.staff.id"),
                GuardedInput(
                    placeholder=tr("dialogs.staff.id_hint", id=suggested) if suggested else "",
                    id="new-id",
                    compact=True,
                    max_length=ID_MAX,
                ),
            )
            yield LabelledField(
                tr("dialogs.staff.name"),
                GuardedInput(id="new-name", compact=True, max_length=NAME_MAX),
            )
            yield from pin_fields(tr, "new-pin", "new-pin2")
            yield Checkbox(tr("supervisor.staff.is_supervisor"), id="new-supervisor")
            yield Checkbox(tr("supervisor.staff.is_english"), id="new-english")
            yield from self.buttons()
        yield Footer()

    def action_save(self) -> None:
        if self.value("new-pin") != self.value("new-pin2"):
            self.show_error(self.tr("pin.mismatch"))
            return
        owner = self.owner
        role = Role.SUPERVISOR if self.query_one("#new-supervisor", Checkbox).value else Role.STAFF
        lang = "en" if self.query_one("#new-english", Checkbox).value else "zh-CN"
        employee_id = self.value("new-id").strip()
        try:
            e = owner.services.staff.add(
                employee_id,
                self.value("new-name"),
                self.value("new-pin"),
                role=role,
                language=lang,
                actor=owner.actor,
            )
        except ServiceError as exc:
            self.show_error(exc.message(self.tr.lang))
            return
        owner.tools.audit.record(owner.actor, "staff:add", f"{e.id} {e.role.value} {e.language}")
        owner.notify(self.tr("supervisor.staff.added", id=e.id, name=e.name))
        self.dismiss(e)


def pin_fields(tr: Translator, first: str, again: str) -> ComposeResult:
    """A new PIN's two hidden fields (typed, then typed again), ids `first` and `again`."""
    for field_id, key, hint in (
        (first, "dialogs.staff.pin", tr("dialogs.staff.pin_hint")),
        (again, "supervisor.staff.pin_again", ""),
    ):
        yield LabelledField(
            tr(key),
            GuardedInput(
                placeholder=hint, password=True, id=field_id, compact=True, max_length=PIN_MAX
            ),
        )


class PinDialog(StaffDialog[bool]):
    """A new PIN for one employee, asked twice (also reactivating one who has no PIN)."""

    FIELDS = ("pin", "pin2")

    def __init__(
        self,
        owner: StaffAdminScreen,
        employee: Employee,
        *,
        reactivate: bool = False,
        promote: bool = False,
    ) -> None:
        super().__init__(owner)
        self.employee = employee
        """Whose PIN."""
        self.reactivate = reactivate
        """Whether saving also reactivates the employee."""
        self.promote = promote
        """Whether saving also makes the employee a supervisor (with this new PIN)."""

    def compose(self) -> ComposeResult:
        tr = self.tr
        title = (
            "shifts.staff.reactivate_title"
            if self.reactivate
            else "staffpin.promote_title"
            if self.promote
            else "supervisor.staff.pin_title"
        )
        with Vertical(id="sv-dialog"):
            yield Label(
                plain(tr(title, id=self.employee.id, name=self.employee.name)),
                id="sv-dialog-title",
            )
            yield from pin_fields(tr, "pin", "pin2")
            yield from self.buttons()
        yield Footer()

    def action_save(self) -> None:
        if self.value("pin") != self.value("pin2"):
            self.show_error(self.tr("pin.mismatch"))
            return
        owner, e, pin = self.owner, self.employee, self.value("pin")
        try:
            if self.reactivate:
                owner.services.staff.reactivate(e.id, pin, actor=owner.actor)
            elif self.promote:
                owner.services.staff.set_role(e.id, Role.SUPERVISOR, pin=pin, actor=owner.actor)
            else:
                owner.services.staff.reset_pin(e.id, pin, actor=owner.actor)
        except ServiceError as exc:
            self.show_error(exc.message(self.tr.lang))
            return
        if self.reactivate:
            owner.tools.audit.record(owner.actor, "staff:reactivate", f"{e.id} pin")
            owner.notify(self.tr("supervisor.staff.reactivated", id=e.id, name=e.name))
        elif self.promote:
            owner.tools.audit.record(owner.actor, "staff:role", f"{e.id} supervisor pin")
            role = self.tr("role.supervisor")
            owner.notify(self.tr("supervisor.staff.role_set", id=e.id, role=role))
        else:
            owner.tools.audit.record(owner.actor, "staff:reset_pin", e.id)
            owner.notify(self.tr("supervisor.staff.pin_set", id=e.id))
        self.dismiss(True)
