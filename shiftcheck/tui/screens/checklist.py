"""The checklist: one key per item, each answer saved as it is given.

The check in progress lives in a `CheckSession` (what is answered, stored, missing); this
screen shows it and forwards keys. Every key reaches `take_key` in the order it was typed,
straight from the app (not through focus, which moves later): while a field is open every
character goes into it, otherwise only the keys in the footer act, and any other key is
ignored. Keys typed before the screen is ready are kept and replayed in order.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from shiftcheck.domain.checklist import (
    LARGEST_NUMBER,
    Checklist,
    Item,
    ItemKind,
    Result,
)
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.shifts import Shift
from shiftcheck.domain.staff import Employee
from shiftcheck.domain.text import neutralise
from shiftcheck.services.check_session import CheckSession, Given, NoteAsk
from shiftcheck.services.checks import AnswerRefused
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import Host, KioskScreen, translate_bindings
from shiftcheck.tui.widgets.inputs import AnswerInput

SECTION_PREFIX = "section:"
MARKS = {
    Result.PASS: ("✓", "green"),
    Result.FAIL: ("✗", "red"),
    Result.NA: ("–", "yellow"),
}

COUNT_DIGITS = rf"[0-9]{{0,{len(str(LARGEST_NUMBER)) - 1}}}"
"""Digits a count field takes: always within the largest number a record keeps."""


class ItemList(OptionList):
    """The checklist's items; Enter opens the field of a count or text item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "kiosk.key.edit", key_display="Enter"),
    ]

    def on_mount(self) -> None:
        translate_bindings(self, cast(Host, self.app).tr)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":
            screen = self.screen
            return isinstance(screen, ChecklistScreen) and screen.enter_useful()
        return True


class FieldMode(StrEnum):
    """What the open field is for."""

    NOTE = "note"
    COUNT = "count"
    TEXT = "text"


MOVES = {
    "up": "cursor_up",
    "down": "cursor_down",
    "pageup": "page_up",
    "pagedown": "page_down",
    "home": "first",
    "end": "last",
}
"""Keys that move in the item list (when no field is open), and the list's action for each."""


class ChecklistScreen(KioskScreen[None]):
    """Walk through one check."""

    CSS_PATH = "checklist.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "result('pass')", "kiosk.key.pass"),
        Binding("f", "result('fail')", "kiosk.key.fail"),
        Binding("n", "result('na')", "kiosk.key.na"),
        Binding("0", "digit('0')", "kiosk.key.count", key_display="0-9"),
        *(Binding(str(d), f"digit('{d}')", "kiosk.key.count", show=False) for d in range(1, 10)),
        Binding("ctrl+s", "review", "kiosk.key.review"),
        Binding("escape", "escape", "kiosk.key.leave"),
    ]

    def __init__(
        self,
        employee: Employee,
        checklist: Checklist,
        draft: Draft,
        open_shift: Shift | None,
    ) -> None:
        super().__init__()
        self.employee = employee
        self.checklist = checklist
        self.first_draft = draft
        self.open_shift = open_shift
        self.session: CheckSession | None = None
        """The check in progress (made when the screen is mounted)."""
        self.field_item: str | None = None
        self.field_mode: FieldMode | None = None
        self.early_keys: list[events.Key] = []
        """Keys that arrived before the screen was ready, replayed in order once it is."""

    # --- state --------------------------------------------------------------------------
    @property
    def check(self) -> CheckSession:
        """The session (the screen is mounted)."""
        assert self.session is not None
        return self.session

    @property
    def pending(self) -> dict[str, object]:
        """Answers whose save failed (the app's idle timeout waits while there are some)."""
        return dict(self.session.pending) if self.session is not None else {}

    def current(self) -> Item | None:
        """The highlighted item."""
        option = self.query_one("#items", ItemList).highlighted_option
        if option is None or option.id is None or option.id.startswith(SECTION_PREFIX):
            return None
        return self.checklist.item(option.id)

    # --- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="check-head"):
            yield Static(id="check-title")
            yield Static(id="progress")
        yield Static(id="shift-info")
        yield ItemList(id="items")
        yield Static(id="help")
        with Horizontal(id="field-row"):
            yield Static(id="field-label")
            yield AnswerInput(id="field")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.session = CheckSession(self.services.checks, self.first_draft, self.open_shift)
        self.query_one("#field-row").display = False
        self.show_title()
        items = self.query_one("#items", ItemList)
        lang = self.kiosk.tr.lang
        options: list[Option] = []
        for section in self.checklist.sections:
            title = Text(section.title.get(lang), style="bold")
            options.append(Option(title, id=SECTION_PREFIX + section.id, disabled=True))
            options.extend(Option(self.prompt(item), id=item.id) for item in section.items)
        items.add_options(options)
        self.set_focus(items)
        self.highlight(self.check.next_open() or self.checklist.items[0])
        self.show_progress()
        self.set_interval(1.0, self.retry_pending, name="retry")
        early, self.early_keys = self.early_keys, []
        for key in early:
            self.take_key(key)

    def refresh_texts(self) -> None:
        """Title, items, answers and help in the current language (after F2)."""
        super().refresh_texts()
        self.show_title()
        items = self.query_one("#items", ItemList)
        lang = self.kiosk.tr.lang
        for section in self.checklist.sections:
            title = Text(section.title.get(lang), style="bold")
            items.replace_option_prompt(SECTION_PREFIX + section.id, title)
            for item in section.items:
                items.replace_option_prompt(item.id, self.prompt(item))
        self.show_help()
        if self.field_item is not None and self.field_mode is not None:
            field = self.query_one("#field", AnswerInput)
            typed = field.value  # the open field's label in the new language, typing kept
            self.open_field(self.checklist.item(self.field_item), self.field_mode)
            field.value = typed
            field.cursor_position = len(typed)

    def show_title(self) -> None:
        """The checklist's name and who is checking, and their clock-in for an end check."""
        self.query_one("#check-title", Static).update(
            plain(f"{self.checklist.title.get(self.kiosk.tr.lang)} · {self.employee.name}")
        )
        info = self.query_one("#shift-info", Static)
        info.display = self.open_shift is not None
        if self.open_shift is not None:
            clock_in = self.open_shift.clock_in
            info.update(
                self.tr(
                    "kiosk.check.clocked_in",
                    time=formatting.clock_in_at(
                        self.kiosk.tr, clock_in, self.services.config.tz, self.kiosk.clock()
                    ),
                    ago=formatting.duration(self.kiosk.tr, self.kiosk.clock() - clock_in),
                )
            )

    def prompt(self, item: Item) -> Table:
        """One item's row: mark, then text and what was answered (wrapped lines indented)."""
        lang = self.kiosk.tr.lang
        answer = self.session.answer_to(item.id) if self.session is not None else None
        if answer is None:
            mark, style = ("·", "dim") if item.required else ("◦", "dim")
        elif answer.result is not None:
            mark, style = MARKS[answer.result]
        else:
            mark, style = ("✓", "green")
        text = Text(item.text.get(lang))
        if not item.required:
            text.append(f"  {self.tr('kiosk.check.optional')}", style="dim italic")
        if answer is not None:
            if answer.result is not None:
                text.append(f"  {self.tr(f'result.{answer.result.value}')}", style=style)
            elif answer.value is not None:
                text.append(f"  → {neutralise(str(answer.value))}", style="bold")
            if answer.note:
                note = neutralise(answer.note)
                text.append(f"\n{self.tr('kiosk.check.note')}{note}", style="italic")
        if self.session is not None and item.id in self.session.pending:
            text.append(f"  {self.tr('kiosk.check.unsaved')}", style="bold yellow")
        row = Table.grid(padding=(0, 1))
        row.add_column(width=2, justify="right")
        row.add_column(ratio=1)
        row.add_row(Text(mark, style=f"bold {style}"), text)
        return row

    def highlight(self, item: Item) -> None:
        items = self.query_one("#items", ItemList)
        items.highlighted = items.get_option_index(item.id)
        self.show_help()

    def show_progress(self) -> None:
        total = len(self.checklist.items)
        self.query_one("#progress", Static).update(f"{self.check.answered()}/{total}")

    def redraw(self, item: Item) -> None:
        self.query_one("#items", ItemList).replace_option_prompt(item.id, self.prompt(item))
        self.show_progress()
        self.refresh_bindings()

    def status(self, message: str, *, error: bool = False) -> None:
        widget = self.query_one("#status", Static)
        widget.update(plain(message))
        widget.set_class(error, "kiosk-error")

    @on(OptionList.OptionHighlighted, "#items")
    def _moved(self) -> None:
        item = self.current()
        if self.field_item is not None and (item is None or item.id != self.field_item):
            self.close_field()
        self.show_help()
        self.refresh_bindings()

    def show_help(self) -> None:
        item = self.current()
        help_text = ""
        if item is not None:
            lang = self.kiosk.tr.lang
            help_text = item.help.get(lang) if item.help is not None else ""
            if item.kind is ItemKind.COUNT:
                help_text = f"{help_text}\n{self.count_hint(item)}".strip()
        self.query_one("#help", Static).update(help_text)

    def count_hint(self, item: Item) -> str:
        if item.min is not None and item.max is not None:
            return self.tr("kiosk.check.count_range", min=item.min, max=item.max)
        return self.tr("kiosk.check.count_hint")

    # --- keys ---------------------------------------------------------------------------
    def help_keys(self) -> list[tuple[str, str]]:
        """Keys taken without a binding: moving, and Enter on an item."""
        return [("↑↓", self.tr("kiosk.key.move")), ("Enter", self.tr("habits.key.edit_item"))]

    def take_key(self, event: events.Key) -> bool:
        """Act on one key as it arrives; False leaves it to the app (e.g. ctrl+q)."""
        if self.session is None:
            self.early_keys.append(event)
            return True
        if self.field_item is not None:
            return self.field_key(event)
        key = event.key
        if key == "enter":
            item = self.current()
            if item is not None:
                self.edit(item)
            return True
        if key in MOVES:
            getattr(self.query_one("#items", ItemList), f"action_{MOVES[key]}")()
            return True
        binding = next((b for _, b in self._bindings if b.key == key), None)
        if binding is not None:
            name, parameters = _action_of(binding.action)
            if self.check_action(name, parameters):
                getattr(self, f"action_{name}")(*parameters)
            elif name == "result":
                self.say_refusal(Result(str(parameters[0])))
            return True
        # Any other character is ignored: no stray key answers anything.
        return event.is_printable

    def field_key(self, event: events.Key) -> bool:
        """A key while the field is open: Enter saves, Esc cancels, the rest goes in."""
        if event.key == "enter":
            self.field_entered(self.query_one("#field", AnswerInput).value)
            return True
        if event.key == "escape":
            self.action_escape()
            return True
        if self.query_one("#field", AnswerInput).take(event):
            return True
        # Other keys (↑, ↓, F-keys) do nothing while it is open; ctrl keys go to the app (quit).
        return not event.key.startswith("ctrl+")

    def say_refusal(self, result: Result) -> None:
        """Say why the highlighted item does not take `result` (e.g. N/A not allowed)."""
        item = self.current()
        if item is not None and item.kind is ItemKind.CHECK:
            problem = self.check.refusal(item, result)
            if problem is not None:
                self.status(self.tr(problem.value), error=True)

    def enter_useful(self) -> bool:
        item = self.current()
        if item is None or self.field_item is not None or self.session is None:
            return False
        answer = self.check.answer_to(item.id)
        return item.kind is not ItemKind.CHECK or (
            answer is not None and answer.result is Result.FAIL
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.current() if self.session is not None else None
        if action in ("result", "digit"):
            if self.field_item is not None or item is None:
                return False
            if action == "digit":
                return item.kind is ItemKind.COUNT
            return self.check.accepts(item, Result(str(parameters[0])))
        # While a field is open, Enter and Esc belong to it (the status line says so).
        return self.field_item is None

    def action_result(self, result: str) -> None:
        item = self.current()
        if item is None:
            return
        chosen = Result(result)
        if chosen is Result.FAIL:
            self.fail(item)
            return
        self.give(lambda: self.check.give_result(item, chosen))

    def fail(self, item: Item) -> None:
        """A fail: stored at once where a note is optional, then the note field opens."""
        optional = self.check.note_on_fail(item) is NoteAsk.OPTIONAL
        if optional and not self.give(
            lambda: self.check.give_result(item, Result.FAIL), advance=False
        ):
            return
        self.open_field(item, FieldMode.NOTE)

    def action_digit(self, digit: str) -> None:
        item = self.current()
        if item is not None and item.kind is ItemKind.COUNT:
            self.open_field(item, FieldMode.COUNT, digit)

    def action_review(self) -> None:
        if self.field_item is not None:
            return
        missing = self.check.missing()
        if missing:
            self.status(self.tr("check.not_ready", count=len(missing)), error=True)
            self.highlight(missing[0])
            return
        self.open_review()

    def action_escape(self) -> None:
        if self.field_item is not None:
            item = self.checklist.item(self.field_item)
            optional_note = (
                self.field_mode is FieldMode.NOTE
                and self.check.note_on_fail(item) is NoteAsk.OPTIONAL
            )
            self.close_field()
            self.status("")
            if optional_note:  # the fail is stored; no note is fine
                self.advance(item)
            return
        self.kiosk.back_to_base()

    @on(OptionList.OptionSelected, "#items")
    def _selected(self) -> None:
        item = self.current()
        if item is not None and self.field_item is None:
            self.edit(item)

    def edit(self, item: Item) -> None:
        """Enter on an item: the field of a count or text item, the note of a failed item."""
        if item.kind is ItemKind.COUNT:
            self.open_field(item, FieldMode.COUNT)
        elif item.kind is ItemKind.TEXT:
            self.open_field(item, FieldMode.TEXT)
        else:
            answer = self.check.answer_to(item.id)
            if answer is not None and answer.result is Result.FAIL:
                self.open_field(item, FieldMode.NOTE)

    # --- the field ----------------------------------------------------------------------
    def open_field(self, item: Item, mode: FieldMode, first: str = "") -> None:
        """Open the text field for a note, a count or a text answer."""
        self.field_item, self.field_mode = item.id, mode
        answer = self.check.answer_to(item.id)
        field = self.query_one("#field", AnswerInput)
        keys = "kiosk.check.field_keys"
        if mode is FieldMode.COUNT:
            field.type = "integer"
            field.restrict = COUNT_DIGITS
            value = first or (str(answer.value) if answer and answer.value is not None else "")
            label = self.tr("kiosk.check.field_count")
        else:
            field.type = "text"
            field.restrict = None
            if mode is FieldMode.NOTE:
                value = answer.note if answer and answer.result is Result.FAIL else ""
                if self.check.note_on_fail(item) is NoteAsk.REQUIRED:
                    label = self.tr("kiosk.check.field_note")
                else:
                    label = self.tr("counter.input.field_note_optional")
                    keys = "counter.input.note_keys_optional"
            else:
                value = str(answer.value) if answer and answer.value is not None else ""
                label = self.tr("kiosk.check.field_text")
        self.query_one("#field-label", Static).update(label)
        field.value = value
        field.cursor_position = len(value)
        self.query_one("#field-row").display = True
        self.set_focus(field)
        self.status(self.tr(keys))
        self.refresh_bindings()

    def close_field(self) -> None:
        self.field_item, self.field_mode = None, None
        self.query_one("#field-row").display = False
        self.set_focus(self.query_one("#items", ItemList))
        if not self.check.pending:
            self.status("")
        self.refresh_bindings()

    @on(Input.Submitted, "#field")
    def _field_submitted(self, event: Input.Submitted) -> None:
        # Enter normally reaches `take_key` first and never the field; should the field be
        # submitted another way, the answer is given all the same.
        event.stop()
        self.field_entered(event.value)

    def field_entered(self, typed: str) -> None:
        """Enter in the field: give the answer the session makes of what was typed."""
        if self.field_item is None or self.field_mode is None:
            return
        item = self.checklist.item(self.field_item)
        mode = self.field_mode
        check = self.check
        if mode is FieldMode.NOTE:
            self.give(lambda: check.give_note(item, typed), close=True)
        elif mode is FieldMode.COUNT:
            self.give(lambda: check.give_number(item, typed), close=True)
        else:
            self.give(lambda: check.give_text(item, typed), close=True)

    # --- saving -------------------------------------------------------------------------
    def give(
        self, answer: Callable[[], Given], *, close: bool = False, advance: bool = True
    ) -> bool:
        """Give an answer through the session; False (with the reason shown) if refused."""
        try:
            given = answer()
        except AnswerRefused as exc:
            self.status(exc.message(self.kiosk.tr.lang), error=True)
            return False
        if close:
            self.close_field()
        if given.error is not None or self.check.pending:
            self.save_failed()
        else:
            self.status("")
        self.redraw(given.item)
        if advance:
            self.advance(given.item)
        return True

    def save_failed(self) -> None:
        error = self.check.save_error
        reason = formatting.save_failed(self.kiosk.tr, error) if error is not None else ""
        self.status(f"{reason} {self.tr('kiosk.save.kept')}".strip(), error=True)

    def retry_pending(self) -> None:
        """Try again to store the answers whose save failed."""
        check = self.check
        if not check.pending:
            return
        waiting = list(check.pending)
        if not check.retry():
            self.save_failed()
            return
        for item_id in waiting:
            self.redraw(self.checklist.item(item_id))
        self.status(self.tr("kiosk.save.recovered"))
        self.kiosk.touch()  # the idle time starts again once the answers are stored

    def advance(self, after: Item) -> None:
        """Move to the next open item; open the review when none is left."""
        following = self.check.next_open(after)
        if following is not None:
            self.highlight(following)
            return
        self.open_review()

    def open_review(self) -> None:
        self.kiosk.review(self.check, self.employee.name)


def _action_of(action: str) -> tuple[str, tuple[object, ...]]:
    """A binding's action string split into its name and literal parameters."""
    name, _, rest = action.partition("(")
    if not rest:
        return name, ()
    return name, tuple(part.strip().strip("'") for part in rest.rstrip(")").split(","))
