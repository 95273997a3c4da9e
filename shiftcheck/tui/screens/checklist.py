"""The checklist: one key per item, each answer saved as it is given.

The screen keeps the stored draft and, when a save fails, the answers not yet stored
(`pending`); those are shown as unsaved, retried every second and block the submission.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from shiftcheck.domain.checklist import (
    LARGEST_NUMBER,
    Answer,
    Checklist,
    Item,
    ItemKind,
    Result,
)
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.shifts import Shift
from shiftcheck.domain.staff import Employee
from shiftcheck.domain.text import neutralise
from shiftcheck.services.checks import AnswerRefused
from shiftcheck.store import StoreError
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import KioskScreen, translate_bindings
from shiftcheck.tui.widgets.inputs import AnswerInput

if TYPE_CHECKING:
    from shiftcheck.tui.app import ShiftcheckApp

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
        translate_bindings(self, cast("ShiftcheckApp", self.app))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":
            screen = self.screen
            return isinstance(screen, ChecklistScreen) and screen.enter_useful()
        return True


class ChecklistScreen(KioskScreen):
    """Walk through one check."""

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
        self.draft = draft
        """What is stored."""
        self.pending: dict[str, Answer | None] = {}
        """Answers (None: a taken-back answer) given but not stored yet because a save failed."""
        self.skipped: set[str] = set()
        """Optional items the employee chose to leave blank."""
        self.open_shift = open_shift
        self.field_item: str | None = None
        self.field_mode = ""
        self.save_error = ""

    # --- state --------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Answer]:
        """Every answer given, stored or not."""
        merged = dict(self.draft.answers)
        for item_id, answer in self.pending.items():
            if answer is None:
                merged.pop(item_id, None)
            else:
                merged[item_id] = answer
        return merged

    def current(self) -> Item | None:
        """The highlighted item."""
        option = self.query_one("#items", ItemList).highlighted_option
        if option is None or option.id is None or option.id.startswith(SECTION_PREFIX):
            return None
        return self.checklist.item(option.id)

    def required_done(self) -> bool:
        """Whether every required item has an answer."""
        answers = self.answers
        return all(i.id in answers for i in self.checklist.items if i.required)

    def is_open(self, item: Item) -> bool:
        return item.id not in self.answers and item.id not in self.skipped

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
            yield AnswerInput(id="field", compact=True)
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#field-row").display = False
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
                    time=formatting.hhmm(clock_in, self.services.config.tz),
                    ago=formatting.duration(self.kiosk.tr, self.kiosk.clock() - clock_in),
                )
            )
        items = self.query_one("#items", ItemList)
        lang = self.kiosk.tr.lang
        options: list[Option] = []
        for section in self.checklist.sections:
            title = Text(section.title.get(lang), style="bold")
            options.append(Option(title, id=SECTION_PREFIX + section.id, disabled=True))
            options.extend(Option(self.prompt(item), id=item.id) for item in section.items)
        items.add_options(options)
        items.focus()
        first = next((i for i in self.checklist.items if self.is_open(i)), None)
        self.highlight(first or self.checklist.items[0])
        self.show_progress()
        self.set_interval(1.0, self.retry_pending, name="retry")

    def prompt(self, item: Item) -> Table:
        """One item's row: mark, then text and what was answered (wrapped lines indented)."""
        lang = self.kiosk.tr.lang
        answer = self.answers.get(item.id)
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
        if item.id in self.pending:
            text.append(f"  {self.tr('kiosk.check.unsaved')}", style="bold yellow")
        row = Table.grid(padding=(0, 1))
        row.add_column(width=2, justify="right")
        row.add_column(ratio=1)
        row.add_row(Text(mark, style=f"bold {style}"), text)
        return row

    def highlight(self, item: Item) -> None:
        items = self.query_one("#items", ItemList)
        items.highlighted = items.get_option_index(item.id)

    def show_progress(self) -> None:
        answered = sum(1 for i in self.checklist.items if i.id in self.answers)
        self.query_one("#progress", Static).update(f"{answered}/{len(self.checklist.items)}")

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
        help_text = ""
        if item is not None:
            lang = self.kiosk.tr.lang
            help_text = item.help.get(lang) if item.help is not None else ""
            if item.kind is ItemKind.COUNT:
                help_text = f"{help_text}\n{self.count_hint(item)}".strip()
        self.query_one("#help", Static).update(help_text)
        if self.field_item is not None and (item is None or item.id != self.field_item):
            self.close_field()
        self.refresh_bindings()

    def count_hint(self, item: Item) -> str:
        if item.min is not None and item.max is not None:
            return self.tr("kiosk.check.count_range", min=item.min, max=item.max)
        return self.tr("kiosk.check.count_hint")

    # --- keys ---------------------------------------------------------------------------
    def enter_useful(self) -> bool:
        item = self.current()
        if item is None or self.field_item is not None:
            return False
        answer = self.answers.get(item.id)
        return item.kind is not ItemKind.CHECK or (
            answer is not None and answer.result is Result.FAIL and item.note_on_fail
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.current()
        if action in ("result", "digit"):
            if self.field_item is not None or item is None:
                return False
            if action == "digit":
                return item.kind is ItemKind.COUNT
            if item.kind is not ItemKind.CHECK:
                return False
            return parameters != ("na",) or item.allow_na
        return True

    def action_result(self, result: str) -> None:
        item = self.current()
        if item is None or item.kind is not ItemKind.CHECK:
            return
        chosen = Result(result)
        if chosen is Result.NA and not item.allow_na:
            self.status(self.tr("answer.na_not_allowed"), error=True)
            return
        if chosen is Result.FAIL and item.note_on_fail:
            self.open_field(item, "note")
            return
        self.give(Answer(item.id, chosen))

    def action_digit(self, digit: str) -> None:
        item = self.current()
        if item is not None and item.kind is ItemKind.COUNT:
            self.open_field(item, "count", digit)

    def action_review(self) -> None:
        if self.field_item is not None:
            return
        if not self.required_done():
            missing = [i for i in self.checklist.items if i.required and i.id not in self.answers]
            self.status(self.tr("check.not_ready", count=len(missing)), error=True)
            self.highlight(missing[0])
            return
        self.open_review()

    def action_escape(self) -> None:
        if self.field_item is not None:
            self.close_field()
            self.status("")
            return
        self.kiosk.go_welcome()

    @on(OptionList.OptionSelected, "#items")
    def _selected(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind is ItemKind.COUNT:
            self.open_field(item, "count")
        elif item.kind is ItemKind.TEXT:
            self.open_field(item, "text")
        else:
            answer = self.answers.get(item.id)
            if answer is not None and answer.result is Result.FAIL and item.note_on_fail:
                self.open_field(item, "note")

    # --- the field ----------------------------------------------------------------------
    def open_field(self, item: Item, mode: str, first: str = "") -> None:
        """Open the text field for a note, a count or a text answer."""
        self.field_item, self.field_mode = item.id, mode
        answer = self.answers.get(item.id)
        field = self.query_one("#field", Input)
        if mode == "count":
            field.type = "integer"
            field.restrict = COUNT_DIGITS
            value = first or (str(answer.value) if answer and answer.value is not None else "")
            label = self.tr("kiosk.check.field_count")
        else:
            field.type = "text"
            field.restrict = None
            if mode == "note":
                value = answer.note if answer and answer.result is Result.FAIL else ""
                label = self.tr("kiosk.check.field_note")
            else:
                value = str(answer.value) if answer and answer.value is not None else ""
                label = self.tr("kiosk.check.field_text")
        self.query_one("#field-label", Static).update(label)
        field.value = value
        self.query_one("#field-row").display = True
        field.focus()
        field.cursor_position = len(value)
        self.status(self.tr("kiosk.check.field_keys"))
        self.refresh_bindings()

    def close_field(self) -> None:
        self.field_item, self.field_mode = None, ""
        self.query_one("#field-row").display = False
        self.query_one("#items", ItemList).focus()
        if not self.pending:
            self.status("")
        self.refresh_bindings()

    @on(Input.Submitted, "#field")
    def _field_entered(self, event: Input.Submitted) -> None:
        if self.field_item is None:
            return
        item = self.checklist.item(self.field_item)
        raw = event.value.strip()
        if self.field_mode == "note":
            if not raw:
                self.status(self.tr("answer.note_needed"), error=True)
                return
            answer = Answer(item.id, Result.FAIL, note=raw)
        elif self.field_mode == "count":
            if not raw:
                self.status(self.tr("answer.number_needed"), error=True)
                return
            answer = Answer(item.id, value=int(raw))
        else:
            if not raw:
                if item.required:
                    self.status(self.tr("answer.text_needed"), error=True)
                    return
                self.close_field()
                self.skip(item)
                return
            answer = Answer(item.id, value=raw)
        mode = self.field_mode
        self.field_item = None
        if not self.give(answer):
            self.field_item, self.field_mode = item.id, mode
            return
        self.close_field()

    # --- saving -------------------------------------------------------------------------
    def give(self, answer: Answer) -> bool:
        """Save one answer; on a failed save keep it as pending. False if it was refused."""
        item = self.checklist.item(answer.item)
        try:
            self.draft = self.services.checks.answer(self.draft, answer)
            self.pending.pop(answer.item, None)
        except AnswerRefused as exc:
            self.status(exc.message(self.kiosk.tr.lang), error=True)
            return False
        except StoreError as exc:
            self.pending[answer.item] = answer
            self.save_failed(exc)
        else:
            if self.pending:
                self.status(f"{self.save_error} {self.tr('kiosk.save.kept')}", error=True)
            else:
                self.status("")
        self.skipped.discard(item.id)
        self.redraw(item)
        self.advance(item)
        return True

    def skip(self, item: Item) -> None:
        """Leave an optional item blank (taking back an earlier answer)."""
        if item.id in self.answers:
            try:
                self.draft = self.services.checks.clear_answer(self.draft, item.id)
                self.pending.pop(item.id, None)
            except StoreError as exc:
                self.pending[item.id] = None
                self.save_failed(exc)
        self.skipped.add(item.id)
        self.redraw(item)
        self.advance(item)

    def save_failed(self, exc: StoreError) -> None:
        self.save_error = formatting.save_failed(self.kiosk.tr, exc)
        self.status(f"{self.save_error} {self.tr('kiosk.save.kept')}", error=True)

    def retry_pending(self) -> None:
        """Try again to store the answers whose save failed."""
        if not self.pending:
            return
        draft = self.draft
        try:
            for item_id, answer in list(self.pending.items()):
                if answer is None:
                    draft = self.services.checks.clear_answer(draft, item_id)
                else:
                    draft = self.services.checks.answer(draft, answer)
        except AnswerRefused:  # pragma: no cover - answers were checked when given
            return
        except StoreError as exc:
            self.save_failed(exc)
            return
        self.draft = draft
        saved = list(self.pending)
        self.pending.clear()
        self.save_error = ""
        for item_id in saved:
            self.redraw(self.checklist.item(item_id))
        self.status(self.tr("kiosk.save.recovered"))
        self.kiosk.touch()  # the idle time starts again once the answers are stored

    def advance(self, after: Item) -> None:
        """Move to the next open item; open the review when none is left."""
        items = list(self.checklist.items)
        start = items.index(after)
        for item in items[start + 1 :] + items[: start + 1]:
            if self.is_open(item):
                self.highlight(item)
                return
        self.open_review()

    def open_review(self) -> None:
        from shiftcheck.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self))

    def started_at(self) -> datetime:
        """When the check began (the clock-in of a start check)."""
        return self.draft.started_at
