"""First run: create the store and its first supervisor."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Static

from shiftcheck.config import system_timezone
from shiftcheck.domain.staff import PIN_MAX
from shiftcheck.domain.text import LABEL_MAX, NAME_MAX, STORE_NAME_MAX
from shiftcheck.services.errors import StoreError
from shiftcheck.services.setup import SetupError, StoreSetup, check_setup, setup_store
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain
from shiftcheck.tui.screens.base import KioskScreen
from shiftcheck.tui.widgets.inputs import KioskInput

FIELD_MAX = {
    "store_name": STORE_NAME_MAX,
    "supervisor_name": NAME_MAX,
    "pin": PIN_MAX,
    "pin_again": PIN_MAX,
}
"""How many characters each field takes (others: `LABEL_MAX`)."""

FIELDS = (
    "store_id",
    "store_name",
    "timezone",
    "language",
    "supervisor_id",
    "supervisor_name",
    "pin",
    "pin_again",
)


class OnboardingScreen(KioskScreen[None]):
    """A form for the store's settings and the first supervisor."""

    CSS_PATH = "onboarding.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "kiosk.key.save"),
        Binding("down", "app.focus_next", "kiosk.key.next_field", key_display="↓/Tab"),
        Binding("up", "app.focus_previous", "kiosk.key.previous_field", show=False),
        Binding("f2", "app.language", "kiosk.key.language"),
    ]

    save_tried = False
    """Whether Save was pressed: from then on the marks follow the fields as they change."""

    def compose(self) -> ComposeResult:
        yield Static(id="setup-title")
        with VerticalScroll(id="setup-form"):
            yield Static(id="setup-intro")
            for name in FIELDS:
                with Horizontal(classes="setup-row"):
                    yield Static(id=f"label-{name}", classes="setup-label")
                    yield KioskInput(
                        id=name,
                        compact=True,
                        password=name.startswith("pin"),
                        restrict=r"[0-9]*" if name.startswith("pin") else None,
                        max_length=FIELD_MAX.get(name, LABEL_MAX),
                    )
                yield Static(id=f"error-{name}", classes="setup-error")
            yield Button(id="setup-save", variant="primary")
        # Outside the scrolling form, so the summary stays in view however far it scrolls.
        yield Static(id="setup-status")
        yield Footer()

    def on_mount(self) -> None:
        config = self.services.config
        values = {
            "store_id": config.store_id,
            "store_name": config.store_name if self.services.configured else "",
            "timezone": config.timezone if self.services.configured else system_timezone(),
            "language": config.language,
        }
        for name in FIELDS:
            field = self.query_one(f"#{name}", Input)
            field.value = values.get(name, "")
            self.query_one(f"#error-{name}").display = False
        self.refresh_texts()
        self.query_one("#store_name" if values["store_id"] else "#store_id", Input).focus()

    def refresh_texts(self) -> None:
        self.query_one("#setup-title", Static).update(self.tr("kiosk.setup.title"))
        self.query_one("#setup-intro", Static).update(self.tr("kiosk.setup.intro"))
        for name in FIELDS:
            self.query_one(f"#label-{name}", Static).update(self.tr(f"kiosk.setup.{name}"))
        self.query_one("#language", Input).placeholder = "zh-CN / en"
        self.query_one("#setup-save", Button).label = self.tr("kiosk.setup.save")
        self.retranslate()

    def language_changed(self) -> None:
        """F2: the form in the new language, which becomes the store's Language too."""
        self.refresh_texts()
        self.query_one("#language", Input).value = self.kiosk.tr.lang
        self.recheck()

    def shown_errors(self) -> list[str]:
        """The fields whose message is on screen."""
        return [n for n in FIELDS if self.query_one(f"#error-{n}", Static).display]

    def show_problems(self, problems: list[SetupError], fields: list[str]) -> None:
        """Show each of `fields`' problem beside it (hide the message of a field that has
        none), then the summary: how many fields are still marked, or that all are right."""
        lang = self.kiosk.tr.lang
        for name in fields:
            error = self.query_one(f"#error-{name}", Static)
            found = next((p for p in problems if p.field == name), None)
            error.display = found is not None
            error.update(plain(found.message(lang) if found is not None else ""))
        marked = len(self.shown_errors())
        status = self.query_one("#setup-status", Static)
        if marked:
            status.update(self.tr("dialogs.setup.fix", n=marked))
        else:
            status.update("" if problems else self.tr("dialogs.setup.ready"))
        status.set_class(not marked and not problems, "-ready")

    @on(Input.Changed)
    def recheck(self) -> None:
        """Once Save has been tried, fields are judged again as they change: a mark goes as
        soon as its field is right (a field not marked is marked only by the next Save)."""
        if self.save_tried:
            self.show_problems(check_setup(self.services, self.form()), self.shown_errors())

    def form(self) -> StoreSetup:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        language = value("language").strip()
        if language.lower() in ("zh", "zh-cn", "中文"):
            language = "zh-CN"
        elif language.lower() in ("en", "english"):
            language = "en"
        return StoreSetup(*(language if n == "language" else value(n) for n in FIELDS))

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == FIELDS[-1]:
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#setup-save")
    def action_save(self) -> None:
        form = self.form()
        problems = check_setup(self.services, form)
        self.save_tried = True
        self.show_problems(problems, list(FIELDS))
        if problems:
            self.query_one(f"#{problems[0].field}", Input).focus()
            return
        try:
            setup_store(self.services, form)
        except StoreError as exc:
            status = self.query_one("#setup-status", Static)
            status.remove_class("-ready")
            status.update(plain(formatting.save_failed(self.kiosk.tr, exc)))
            return
        self.kiosk.set_up()
