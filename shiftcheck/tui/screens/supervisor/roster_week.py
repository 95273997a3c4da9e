"""The roster week grid: people × the seven days of the store's week, planned shifts added,
edited, moved and deleted with the keyboard.

Rows are the active staff (and anyone deactivated who still has a plan that week), columns the
days from the store's week start (`[payroll] week_start`). A cell shows its plans as start and
end on two lines (`22:00–` / `06:00+1` for a plan that ends the next day). Every change goes
through `RosterService`, which re-checks the supervisor, runs the import's checks and writes the
new version with its audit event durably before the screen says it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from shiftcheck.domain.records import MAX_NOTE_CHARS, PlannedShift
from shiftcheck.domain.staff import Employee
from shiftcheck.services.context import roster_service
from shiftcheck.services.errors import (
    PermissionDenied,
    ServiceError,
    StoreError,
    StoreWriteError,
)
from shiftcheck.services.roster import (
    ROSTER_FROM,
    ROSTER_UNTIL,
    PlanRefused,
    RosterService,
    parse_plan_time,
)
from shiftcheck.tui.plain import plain, plain_rich
from shiftcheck.tui.screens.supervisor.common import (
    SupervisorDialog,
    SupervisorScreen,
    SupervisorTitle,
)
from shiftcheck.tui.widgets.guarded_input import GuardedInput

LABEL_NARROW = 14
"""Cells for a person's `id name` on a narrow terminal (longer names are cut with `…`)."""
LABEL_WIDE = 22
"""… at most, on a wide one."""
DAY_NARROW = 8
"""A day column's narrowest width: ` 06:00+1` (a plan on two lines)."""
DAY_WIDE = 14
"""A day column wide enough for ` 22:00–06:00+1` (a plan on one line)."""
DAY_MAX = 16
TIME_CHARS = 5
"""Characters in a typed time (`HH:MM`)."""


def span(plan: PlannedShift) -> str:
    """`09:00–17:00`, or `22:00–06:00+1` for a plan that ends the next day."""
    return f"{plan.start:%H:%M}–{plan.end:%H:%M}" + ("+1" if plan.overnight else "")


def cell_text(plans: list[PlannedShift], moving: str | None, wide: bool) -> Text:
    """A cell: each plan as ` 22:00–06:00+1` when `wide`, else ` 22:00–` over ` 06:00+1`
    (`+1`: ends the next day); the plan being moved dimmed."""
    if not plans:
        return Text(" ·", style="dim")
    out = Text()
    for i, plan in enumerate(plans):
        style = "dim italic" if plan.plan == moving else ""
        end = f"{plan.end:%H:%M}" + ("+1" if plan.overnight else "")
        if i:
            out.append("\n")
        if wide:
            out.append(f" {plan.start:%H:%M}–{end}", style=style)
        else:
            out.append(f" {plan.start:%H:%M}–\n {end}", style=style)
    return out


def plan_lines(plans: list[PlannedShift], wide: bool) -> int:
    """Lines a cell's plans take."""
    return len(plans) * (1 if wide else 2)


class WeekTable(DataTable[Text]):
    """The grid: column 0 names the person and stays in view; the cursor moves over the
    seven day columns only."""

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        value = super().validate_cursor_coordinate(value)
        if value.column < 1 and len(self.columns) > 1:
            return Coordinate(value.row, 1)
        return value


@dataclass(frozen=True, slots=True)
class Cell:
    """The person and day under the cursor, and their plans."""

    person: Employee
    day: date
    plans: list[PlannedShift]


class RosterWeekScreen(SupervisorScreen):
    """A week of the roster as a grid of people × days, changed with the keyboard."""

    SCREEN_NAME = "roster_week"
    CSS_PATH = "roster_week.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "supervisor.key.back"),
        Binding("escape", "cancel_move", "rostergrid.key.cancel_move"),
        Binding("enter", "edit", "rostergrid.key.edit", key_display="Enter", priority=True),
        Binding("enter", "place", "rostergrid.key.place", key_display="Enter", priority=True),
        Binding("a", "add", "rostergrid.key.add"),
        Binding("m", "move", "rostergrid.key.move"),
        Binding("d,delete", "delete", "rostergrid.key.delete", key_display="d"),
        Binding("[", "week(-1)", "rostergrid.key.prev_week"),
        Binding("]", "week(1)", "rostergrid.key.next_week"),
        Binding("t", "this_week", "rostergrid.key.this_week"),
    ]
    MOVING_ONLY: ClassVar[frozenset[str]] = frozenset({"cancel_move", "place"})
    STILL_ONLY: ClassVar[frozenset[str]] = frozenset({"back", "edit", "add", "move", "delete"})

    def __init__(self, supervisor: Employee, day: date | None = None) -> None:
        super().__init__(supervisor)
        self.day = day
        """A day of the week to show first (None: this week)."""
        self.first = date.min
        """The first day of the week shown (set when the screen opens)."""
        self.people: list[Employee] = []
        """The grid's rows, in order."""
        self.plans: dict[tuple[str, date], list[PlannedShift]] = {}
        """The week's plans by person and day."""
        self.moving: PlannedShift | None = None
        """The plan being moved (arrows choose where, Enter puts it there)."""

    @property
    def roster(self) -> RosterService:
        """Reads the plans and writes the supervisor's changes (re-checking the role)."""
        return roster_service(self.services)

    def opened(self) -> None:
        """The week holding `day` (or today), once the supervisor is confirmed."""
        self.first = self.roster.week(self.day or self.today())[0]
        super().opened()

    @property
    def days(self) -> list[date]:
        """The seven days shown."""
        return [self.first + timedelta(days=i) for i in range(7)]

    def compose(self) -> ComposeResult:
        yield SupervisorTitle(id="sv-title")
        yield WeekTable(
            id="roster-grid",
            cursor_type="cell",
            zebra_stripes=True,
            header_height=2,
            fixed_columns=1,
            cell_padding=0,
        )
        yield Static(id="sv-hint")
        yield Static(id="sv-totals")
        yield from self.compose_footer()

    def audit_detail(self) -> str:
        return f"week {self.first.isoformat()}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for moving a plan only while moving one; the others only while not."""
        if action in self.MOVING_ONLY:
            return self.moving is not None
        if action in self.STILL_ONLY:
            return self.moving is None
        return True

    # Reading and drawing

    def refresh_data(self) -> None:
        """Read the week's plans again and redraw the grid, the cursor kept on its person and
        day."""
        last = self.first + timedelta(days=6)
        plans = self.roster.plans(self.first, last)
        held = {p.plan for p in plans}
        if self.moving is not None and self.moving.plan not in held:
            # The plan being moved may lie in another week now shown: keep moving it.
            current = {p.plan: p for p in self.roster.plans()}
            self.moving = current.get(self.moving.plan)
            self.refresh_bindings()
        staff = self.services.staff.list(include_inactive=True)
        planned = {p.employee_id for p in plans}
        self.people = [e for e in staff if e.active or e.id in planned]
        self.plans = {}
        for plan in plans:
            self.plans.setdefault((plan.employee_id, plan.day), []).append(plan)
        self.draw()

    def draw(self) -> None:
        """Fill the grid, title and totals from what was read (widths from the screen's)."""
        tr = self.tr
        days = self.days
        self.query_one("#sv-title", SupervisorTitle).update(
            tr("rostergrid.title", first=days[0].isoformat(), last=days[-1].isoformat())
        )
        table = self.query_one("#roster-grid", WeekTable)
        keep = table.cursor_coordinate
        keep_id = self.people_id_at(keep.row)
        width = self.size.width or 80
        # One column for the scroll bar; a day column of DAY_WIDE shows a plan on one line.
        room = width - 1 - 7 * DAY_WIDE - 2
        wide = room >= LABEL_NARROW
        cap = min(room, LABEL_WIDE) if wide else LABEL_NARROW
        labels = [self.row_label(p, cap) for p in self.people]
        label_w = max([t.cell_len for t in labels] + [cell_len(tr("rostergrid.field.employee"))])
        label_w += 2
        day_w = max(DAY_NARROW, min(DAY_MAX, (width - 1 - label_w) // 7))
        wide = day_w >= DAY_WIDE
        today = self.today()
        table.clear(columns=True)
        table.add_column(
            Text(" " + tr("rostergrid.field.employee"), style="bold"), key="who", width=label_w
        )
        for day in days:
            header = Text(
                f" {tr(f'rostergrid.day.{day.weekday()}')}\n {day:%m-%d}",
                style="bold reverse" if day == today else "bold",
            )
            table.add_column(header, key=day.isoformat(), width=day_w)
        moving = self.moving.plan if self.moving is not None else None
        for person, label in zip(self.people, labels, strict=True):
            cells = [self.plans.get((person.id, day), []) for day in days]
            height = max([1] + [plan_lines(c, wide) for c in cells])
            table.add_row(
                Text(" ") + label,
                *(cell_text(c, moving, wide) for c in cells),
                height=height,
                key=person.id,
            )
        if self.people:
            ids = [p.id for p in self.people]
            row = ids.index(keep_id) if keep_id in ids else min(keep.row, len(ids) - 1)
            table.move_cursor(row=max(row, 0), column=max(keep.column, 1))
        self.show_totals()
        self.show_cell()
        table.focus()

    def people_id_at(self, row: int) -> str | None:
        """The id of the person on grid row `row` (None if there is no such row)."""
        return self.people[row].id if 0 <= row < len(self.people) else None

    def row_label(self, person: Employee, cap: int) -> Text:
        """`E002 李娜`, cut to `cap` cells; dimmed for a deactivated employee."""
        text = plain_rich(f"{person.id} {person.name}", style="" if person.active else "dim")
        text.truncate(cap, overflow="ellipsis")
        return text

    def show_totals(self) -> None:
        """The week's count of plans and planned hours."""
        plans = [p for ps in self.plans.values() for p in ps]
        tz = self.services.config.tz
        minutes = sum((p.minutes(tz) for p in plans), Decimal(0))
        hours = (minutes / 60).quantize(Decimal("0.01"))
        self.query_one("#sv-totals", Static).update(
            self.tr("rostergrid.totals", plans=len(plans), hours=hours)
        )

    def cell(self) -> Cell | None:
        """The cell under the cursor (None when there is nobody to plan for)."""
        table = self.query_one("#roster-grid", WeekTable)
        row, column = table.cursor_coordinate
        if not self.people or not 0 <= row < len(self.people) or not 1 <= column <= 7:
            return None
        person, day = self.people[row], self.days[column - 1]
        return Cell(person, day, self.plans.get((person.id, day), []))

    def who(self, person: Employee) -> str:
        """`E002 李娜`, and `(inactive)` for someone deactivated."""
        suffix = "" if person.active else " " + self.tr("rostergrid.inactive")
        return f"{person.id} {person.name}{suffix}"

    def day_words(self, day: date) -> dict[str, str]:
        """`day` and `date` values for messages: `周一`, `2026-11-23`."""
        return {"day": self.tr(f"rostergrid.day.{day.weekday()}"), "date": day.isoformat()}

    def show_cell(self) -> None:
        """Say what the cell under the cursor holds (or, while moving, what is being moved)."""
        hint = self.query_one("#sv-hint", Static)
        hint.remove_class("sv-error")
        tr = self.tr
        if self.moving is not None:
            owner = next(
                (
                    e
                    for e in self.services.staff.list(include_inactive=True)
                    if e.id == self.moving.employee_id
                ),
                None,
            )
            who = self.who(owner) if owner is not None else self.moving.employee_id
            hint.update(
                plain(
                    tr(
                        "rostergrid.moving",
                        who=who,
                        span=span(self.moving),
                        **self.day_words(self.moving.day),
                    )
                )
            )
            return
        cell = self.cell()
        if cell is None:
            hint.update(tr("rostergrid.no_staff") if not self.people else "")
            return
        words = {"who": self.who(cell.person), **self.day_words(cell.day)}
        if not cell.plans:
            hint.update(plain(tr("rostergrid.cell_empty", **words)))
        elif len(cell.plans) == 1:
            plan = cell.plans[0]
            hours = (plan.minutes(self.services.config.tz) / 60).quantize(Decimal("0.01"))
            line = tr("rostergrid.cell_plan", span=span(plan), hours=hours, **words)
            hint.update(plain(f"{line} · {plan.note}" if plan.note else line))
        else:
            spans = ", ".join(span(p) for p in cell.plans)
            hint.update(
                plain(tr("rostergrid.cell_more", count=len(cell.plans), spans=spans, **words))
            )

    def say_problem(self, message: str) -> None:
        """Show a refused change in the hint line (and keep it until the cursor moves)."""
        hint = self.query_one("#sv-hint", Static)
        hint.update(plain(self.tr("rostergrid.not_saved", problem=message)))
        hint.add_class("sv-error")

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.show_cell()

    def on_resize(self, event: events.Resize) -> None:
        """Column widths follow the terminal's width."""
        if self.is_mounted and not self.denied and self.people:
            self.draw()

    # Changes

    def lost_role(self, exc: PermissionDenied) -> None:
        """The service refused the supervisor (demoted or deactivated since the grid opened):
        say why and close the grid; nothing was written."""
        self.denied = True
        self.notify(exc.message(self.tr.lang), severity="error", markup=False)
        self.app.pop_screen()

    def stale(self, exc: PlanRefused) -> None:
        """The plan changed or went elsewhere since it was shown: say so and show the week."""
        self.moving = None
        self.refresh_bindings()
        self.notify(exc.message(self.tr.lang), severity="warning", markup=False)
        self.refresh_data()

    def done(self, key: str, plan: PlannedShift, before: PlannedShift | None = None) -> None:
        """Say the change is saved (the service has written it durably) and show it."""
        if before is not None and plan.id == before.id:
            self.notify(self.tr("rostergrid.unchanged"), markup=False)
        else:
            owner = next((e for e in self.people if e.id == plan.employee_id), None)
            who = self.who(owner) if owner is not None else plan.employee_id
            self.notify(
                self.tr(key, who=who, span=span(plan), **self.day_words(plan.day)), markup=False
            )
        self.refresh_data()

    def with_plan(self, cell: Cell, then: str) -> None:
        """Run `then` ("edit", "move" or "delete") on the cell's plan, asking which when it
        holds several."""
        if len(cell.plans) == 1:
            self.on_plan_chosen(then, cell.plans[0])
            return
        self.app.push_screen(
            ChoosePlanDialog(self, cell),
            callback=lambda chosen: self.on_plan_chosen(then, chosen),
        )

    def on_plan_chosen(self, then: str, plan: object) -> None:
        """Carry on with the plan chosen (or do nothing when none was)."""
        if not isinstance(plan, PlannedShift):
            return
        if then == "edit":
            cell = self.cell()
            if cell is not None:
                self.app.push_screen(PlanDialog(self, cell, plan), callback=self.after_dialog)
        elif then == "move":
            self.moving = plan
            self.refresh_bindings()
            self.draw()
        else:
            self.app.push_screen(
                ConfirmDeleteDialog(self, plan), callback=lambda ok: self.delete_plan(plan, ok)
            )

    def after_dialog(self, result: object) -> None:
        """What the plan dialog ended with: a saved plan, a refusal, or nothing."""
        if isinstance(result, PermissionDenied):
            self.lost_role(result)
        elif isinstance(result, PlanRefused):
            self.stale(result)
        elif isinstance(result, tuple):
            plan, before = result
            self.done("rostergrid.saved", plan, before)

    def action_add(self) -> None:
        """Add a plan at the cell under the cursor."""
        cell = self.cell()
        if cell is None:
            return
        self.app.push_screen(PlanDialog(self, cell, None), callback=self.after_dialog)

    def action_edit(self) -> None:
        """Edit the plan at the cell (add one where there is none)."""
        cell = self.cell()
        if cell is None:
            return
        if not cell.plans:
            self.action_add()
            return
        self.with_plan(cell, "edit")

    def action_move(self) -> None:
        """Start moving the plan at the cell: arrows choose where, Enter puts it there."""
        self.with_plan_here("move")

    def action_delete(self) -> None:
        """Delete the plan at the cell, after a confirmation."""
        self.with_plan_here("delete")

    def with_plan_here(self, what: str) -> None:
        """Act on the plan at the cell under the cursor; a bell where there is none."""
        cell = self.cell()
        if cell is None or not cell.plans:
            self.app.bell()
            return
        self.with_plan(cell, what)

    def action_place(self) -> None:
        """Put the plan being moved at the cell under the cursor."""
        cell = self.cell()
        moving = self.moving
        if cell is None or moving is None:
            return
        try:
            moved = self.roster.move(
                moving.plan, cell.person.id, cell.day, actor=self.actor, seen=moving.id
            )
        except PermissionDenied as exc:
            self.lost_role(exc)
            return
        except PlanRefused as exc:
            if exc.field == "plan":
                self.stale(exc)
            else:
                self.say_problem(self.field_problem(exc))
            return
        except ServiceError as exc:
            self.say_problem(exc.message(self.tr.lang))
            return
        except StoreError as exc:
            self.say_problem(self.write_failed(exc))
            return
        self.moving = None
        self.refresh_bindings()
        self.done("rostergrid.moved", moved, moving)

    def action_cancel_move(self) -> None:
        """Stop moving; the plan stays where it was."""
        self.moving = None
        self.refresh_bindings()
        self.draw()

    def delete_plan(self, plan: PlannedShift, confirmed: object) -> None:
        """Delete `plan` once confirmed."""
        if confirmed is not True:
            return
        try:
            self.roster.delete(plan.plan, actor=self.actor, seen=plan.id)
        except PermissionDenied as exc:
            self.lost_role(exc)
            return
        except PlanRefused as exc:
            self.stale(exc)
            return
        except StoreError as exc:
            self.say_problem(self.write_failed(exc))
            return
        self.done("rostergrid.deleted", plan)

    def action_week(self, step: int) -> None:
        """Show the previous (-1) or next (1) week (within the years the roster is read
        over)."""
        first = self.first + timedelta(days=7 * step)
        if first < ROSTER_FROM.date() or first + timedelta(days=7) > ROSTER_UNTIL.date():
            self.app.bell()
            return
        self.first = first
        self.refresh_data()

    def action_this_week(self) -> None:
        """Show the week holding today."""
        self.first = self.roster.week(self.today())[0]
        self.refresh_data()

    def write_failed(self, exc: StoreError) -> str:
        """Why the data folder could not take the change (nothing was changed)."""
        reason = exc.reason if isinstance(exc, StoreWriteError) else str(exc)
        return self.tr("rostergrid.write_failed", reason=reason)

    def field_problem(self, exc: PlanRefused) -> str:
        """`End: a planned shift is at most 16 h`."""
        return self.tr(
            "rostergrid.field_problem",
            field=self.tr(f"rostergrid.field.{exc.field}"),
            problem=exc.message(self.tr.lang),
        )


class RosterDialog(SupervisorDialog[object]):
    """A dialog over the week grid (the supervisor dialogs' sheet; the grid's own is loaded
    underneath)."""

    def __init__(self, owner: RosterWeekScreen) -> None:
        super().__init__(owner)
        self.grid = owner
        """The week grid that opened the dialog."""


class PlanDialog(RosterDialog):
    """Start, end and note of a new plan (`plan` None) or of a new version of `plan`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "supervisor.key.cancel"),
        Binding("ctrl+s", "save", "supervisor.key.save"),
    ]

    def __init__(self, owner: RosterWeekScreen, cell: Cell, plan: PlannedShift | None) -> None:
        super().__init__(owner)
        self.cell = cell
        """Where the plan is (the person and day under the cursor)."""
        self.plan = plan
        """The plan being changed, or None for a new one."""

    def compose(self) -> ComposeResult:
        tr, cell = self.tr, self.cell
        title = "rostergrid.dialog.add" if self.plan is None else "rostergrid.dialog.edit"
        model = self.plan or self.usual_plan()
        with Vertical(id="sv-dialog"):
            yield Label(
                plain(tr(title, who=self.grid.who(cell.person), **self.grid.day_words(cell.day))),
                id="sv-dialog-title",
            )
            yield Label(tr("rostergrid.dialog.start"))
            yield GuardedInput(
                f"{model.start:%H:%M}" if model else "",
                placeholder="09:00",
                id="start",
                compact=True,
                max_length=TIME_CHARS,
            )
            yield Label(tr("rostergrid.dialog.end"))
            yield GuardedInput(
                f"{model.end:%H:%M}" if model else "",
                placeholder="17:00",
                id="end",
                compact=True,
                max_length=TIME_CHARS,
            )
            yield Label(tr("rostergrid.dialog.note"))
            yield GuardedInput(
                self.plan.note if self.plan else "",
                id="note",
                compact=True,
                max_length=MAX_NOTE_CHARS,
            )
            yield from self.buttons()
        yield Footer()

    def usual_plan(self) -> PlannedShift | None:
        """A plan of the same person this week, whose times a new plan starts from."""
        person = self.cell.person.id
        return next((p for d in self.grid.days for p in self.grid.plans.get((person, d), [])), None)

    def on_mount(self) -> None:
        self.query_one("#start", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        following = {"start": "#end", "end": "#note"}.get(event.input.id or "")
        if following is not None:
            self.query_one(following, Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        """Check the fields and write the plan; a refusal is shown beside them, naming the
        field, and nothing is written."""
        grid = self.grid
        note = self.query_one("#note", Input).value
        try:
            start = parse_plan_time(self.query_one("#start", Input).value, "start")
            end = parse_plan_time(self.query_one("#end", Input).value, "end")
            if self.plan is None:
                saved = grid.roster.add(
                    self.cell.person.id, self.cell.day, start, end, note, actor=grid.actor
                )
            else:
                saved = grid.roster.edit(
                    self.plan.plan, start, end, note, actor=grid.actor, seen=self.plan.id
                )
        except PermissionDenied as exc:
            self.dismiss(exc)
            return
        except PlanRefused as exc:
            if exc.field == "plan":
                self.dismiss(exc)
                return
            self.show_error(grid.field_problem(exc))
            if exc.field in ("start", "end", "note"):
                self.query_one(f"#{exc.field}", Input).focus()
            return
        except ServiceError as exc:
            self.show_error(exc.message(self.tr.lang))
            return
        except StoreError as exc:
            self.show_error(self.tr("rostergrid.not_saved", problem=grid.write_failed(exc)))
            return
        self.dismiss((saved, self.plan))


class ChoosePlanDialog(RosterDialog):
    """Which of a cell's plans to edit, move or delete."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "supervisor.key.cancel"),
    ]

    def __init__(self, owner: RosterWeekScreen, cell: Cell) -> None:
        super().__init__(owner)
        self.cell = cell
        """The cell whose plans are listed."""

    def compose(self) -> ComposeResult:
        cell = self.cell
        with Vertical(id="sv-dialog"):
            yield Label(
                plain(
                    self.tr(
                        "rostergrid.dialog.choose",
                        who=self.grid.who(cell.person),
                        **self.grid.day_words(cell.day),
                    )
                ),
                id="sv-dialog-title",
            )
            yield OptionList(
                *(
                    Option(plain_rich(f"{span(p)} {p.note}".rstrip()), id=str(i))
                    for i, p in enumerate(cell.plans)
                ),
                id="roster-choices",
            )
        yield Footer()

    def on_mount(self) -> None:
        choices = self.query_one("#roster-choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.cell.plans[int(event.option.id or 0)])


class ConfirmDeleteDialog(RosterDialog):
    """Delete one plan? Enter or y deletes, Esc or n keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "supervisor.key.cancel", key_display="Esc"),
        Binding("enter,y", "save", "rostergrid.key.confirm_delete", key_display="Enter"),
    ]

    def __init__(self, owner: RosterWeekScreen, plan: PlannedShift) -> None:
        super().__init__(owner)
        self.plan = plan
        """The plan to delete."""

    def compose(self) -> ComposeResult:
        grid, plan = self.grid, self.plan
        person = next((e for e in grid.people if e.id == plan.employee_id), None)
        who = grid.who(person) if person is not None else plan.employee_id
        with Vertical(id="sv-dialog"):
            yield Label(
                plain(
                    self.tr(
                        "rostergrid.dialog.delete",
                        who=who,
                        span=span(plan),
                        **grid.day_words(plan.day),
                    )
                ),
                id="sv-dialog-title",
            )
            yield Static(self.tr("rostergrid.dialog.delete_note"))
            yield from self.buttons("rostergrid.key.confirm_delete")
        yield Footer()

    def action_save(self) -> None:
        """Delete it (the grid writes the deletion)."""
        self.dismiss(True)
