"""Review before submitting, then the confirmation with the clock time and hours worked."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from shiftcheck.domain.checklist import END_OF_SHIFT, ItemKind, Result
from shiftcheck.domain.text import neutralise
from shiftcheck.services.check_session import CheckSession, UnsavedAnswers
from shiftcheck.services.checks import ClockLooksWrong, SubmissionRefused, Submitted
from shiftcheck.services.errors import StoreError
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain, plain_lines
from shiftcheck.tui.screens.base import KioskModal, KioskScreen

CONFIRMATION_SECONDS = 5.0


class ReviewScreen(KioskModal[bool]):
    """What will be submitted: failed items with notes, counts and texts. Dismissed with True
    once the check is stored (`submitted` says what was stored), False to change an answer."""

    CSS_PATH = "review.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "kiosk.key.submit", key_display="Enter"),
        Binding("escape", "back", "kiosk.key.change"),
    ]

    def __init__(self, check: CheckSession, name: str) -> None:
        super().__init__()
        self.check = check
        """The check in progress (shared with the checklist screen underneath)."""
        self.name_shown = name
        self.submitted: Submitted | None = None
        """What was stored, once the check is submitted."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        with VerticalScroll(id="review-body"):
            yield Static(id="review-summary")
            yield Static(id="review-list")
        yield Static(id="review-status")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_texts()

    def refresh_texts(self) -> None:
        """The summary and the answers to look at in the current language."""
        super().refresh_texts()
        check = self.check
        lang = self.kiosk.tr.lang
        self.query_one("#review-title", Static).update(
            self.tr("kiosk.review.title", check=check.checklist.title.get(lang))
        )
        answers = check.answers
        items = check.checklist.items
        passed = sum(1 for a in answers.values() if a.result is Result.PASS)
        failed = [i for i in items if (a := answers.get(i.id)) and a.result is Result.FAIL]
        self.query_one("#review-summary", Static).update(
            self.tr(
                "kiosk.review.summary",
                answered=len(answers),
                total=len(items),
                passed=passed,
                failed=len(failed),
            )
        )
        failed_rows: list[tuple[Text, Text]] = []
        value_rows: list[tuple[Text, Text]] = []
        other_rows: list[tuple[Text, Text]] = []
        for item in items:
            answer = answers.get(item.id)
            name = item.text.get(lang)
            if answer is None:
                if not item.required:
                    label = self.tr("kiosk.review.label", name=name)
                    blank = Text(f"{label}{self.tr('kiosk.review.blank')}", style="dim")
                    other_rows.append((Text("◦", style="dim"), blank))
            elif answer.result is Result.FAIL:
                line = Text(name)
                if answer.note:
                    note = neutralise(answer.note)
                    line.append(f"\n{self.tr('kiosk.check.note')}{note}", style="italic")
                failed_rows.append((Text("✗", style="bold red"), line))
            elif answer.result is Result.NA:
                line = Text(self.tr("kiosk.review.label", name=name) + self.tr("result.na"))
                other_rows.append((Text("–", style="yellow"), line))
            elif item.kind is not ItemKind.CHECK:
                label = self.tr("kiosk.review.label", name=name)
                line = Text.assemble(label, (neutralise(str(answer.value)), "bold"))
                value_rows.append((Text("✓", style="green"), line))
        rows = failed_rows + value_rows + other_rows
        body: Table | Text
        if rows:
            body = Table.grid(padding=(0, 1))
            body.add_column(width=2, justify="right")
            body.add_column(ratio=1)
            for mark, line in rows:
                body.add_row(mark, line)
        else:
            body = Text(self.tr("kiosk.review.all_passed"), style="green")
        self.query_one("#review-list", Static).update(body)

    def say(self, message: str, *, error: bool = True) -> None:
        widget = self.query_one("#review-status", Static)
        widget.update(plain(message))
        widget.set_class(error, "kiosk-error")

    def action_back(self) -> None:
        self.dismiss(False)

    def action_submit(self) -> None:
        if not self.is_current:  # an Enter typed twice in a burst: submitted once
            return
        try:
            submitted = self.check.submit()
        except UnsavedAnswers as exc:
            reason = formatting.save_failed(self.kiosk.tr, exc.cause) if exc.cause else ""
            self.say(f"{reason} {self.tr('kiosk.review.unsaved')}".strip())
            return
        except (SubmissionRefused, ClockLooksWrong) as exc:
            self.say(exc.message(self.kiosk.tr.lang))
            return
        except StoreError as exc:
            self.say(
                f"{formatting.save_failed(self.kiosk.tr, exc)} {self.tr('kiosk.review.retry')}"
            )
            return
        self.submitted = submitted
        self.dismiss(True)


class DoneScreen(KioskScreen[None]):
    """The check is stored: clock-in or clock-out time, and hours for an end check."""

    CSS_PATH = "review.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "kiosk.key.done", key_display="Enter")
    ]

    def __init__(self, name: str, submitted: Submitted, lang: str) -> None:
        super().__init__()
        self.name_shown = name
        self.submitted = submitted
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="done-box"):
            yield Static(id="done-mark")
            yield Static(id="done-text")
            yield Static(id="done-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.kiosk.set_language(self.lang)
        self.refresh_texts()
        self.set_timer(CONFIRMATION_SECONDS, self.action_done, name="done")

    def refresh_texts(self) -> None:
        """The confirmation in the current language."""
        super().refresh_texts()
        self.lang = self.kiosk.tr.lang
        record = self.submitted.record
        tz = self.services.config.tz
        lines = [self.tr("kiosk.done.thanks", name=self.name_shown)]
        if record.checklist == END_OF_SHIFT:
            lines.append(
                self.tr("kiosk.done.clocked_out", time=formatting.hhmm(record.submitted_at, tz))
            )
            shift = self.submitted.shift
            worked = self.submitted.worked
            if shift is not None and worked is not None:
                lines.append(
                    self.tr(
                        "kiosk.done.worked",
                        start=formatting.clock_in_at(
                            self.kiosk.tr, shift.clock_in, tz, record.submitted_at
                        ),
                        end=formatting.hhmm(record.submitted_at, tz),
                        hours=formatting.duration(self.kiosk.tr, worked),
                    )
                )
        else:
            lines.append(
                self.tr("kiosk.done.clocked_in", time=formatting.hhmm(record.started_at, tz))
            )
        failed = [a for a in record.answers if a.result is Result.FAIL]
        if any(a.note for a in failed):
            lines.append(self.tr("kiosk.done.failed", count=len(failed)))
        elif failed:
            lines.append(self.tr("counter.input.done_failed", count=len(failed)))
        self.query_one("#done-mark", Static).update("✓")
        self.query_one("#done-text", Static).update(plain_lines(lines))
        self.query_one("#done-hint", Static).update(
            self.tr("kiosk.done.hint", seconds=int(CONFIRMATION_SECONDS))
        )

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.action_done()

    def on_click(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        if self.is_current:
            self.kiosk.back_to_base()
