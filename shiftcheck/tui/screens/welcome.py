"""Welcome: store, date and clock, who is on shift, and the staff list to pick yourself from."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from shiftcheck.domain.shifts import Shift
from shiftcheck.domain.staff import Employee
from shiftcheck.domain.text import neutralise
from shiftcheck.services.context import sync_service
from shiftcheck.services.errors import ServiceError, StoreError
from shiftcheck.services.name_search import NameSearch, warm_up
from shiftcheck.tui import formatting
from shiftcheck.tui.plain import plain, plain_lines, plain_rich
from shiftcheck.tui.screens.base import KioskScreen
from shiftcheck.tui.widgets.expected_now import ExpectedNow
from shiftcheck.tui.widgets.inputs import FilterInput


class WelcomeScreen(KioskScreen[None]):
    """The screen the terminal rests on."""

    CSS_PATH = "welcome.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "kiosk.key.clear_filter"),
        Binding("f2", "app.language", "kiosk.key.language"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.staff: list[Employee] = []
        self.search = NameSearch(())
        """The staff list searchable by name, id or pinyin."""
        self.on_shift: dict[str, Shift] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="welcome-top"):
            yield Static(id="store-name")
            yield Static(id="today")
        with Horizontal(id="welcome-body"):
            with Vertical(id="welcome-left"):
                yield Digits("", id="big-clock")
                yield Static(id="on-shift-title", classes="kiosk-subtitle")
                yield Static(id="on-shift")
                yield ExpectedNow(id="expected-now")
                yield Static(id="demo-banner")
            with Vertical(id="welcome-right"):
                yield Static(id="pick-prompt", classes="kiosk-subtitle")
                yield FilterInput(id="filter", compact=True)
                yield OptionList(id="staff")
        yield Static(id="paused", classes="kiosk-error")
        yield Static(id="notice", classes="kiosk-error")
        yield Static(id="sync-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#staff", OptionList).can_focus = False
        self.set_interval(1.0, self.tick, name="clock")
        self.set_interval(60.0, self.refresh_expected, name="expected")
        self.reset()
        self.call_after_refresh(self.kiosk.welcome_ready)
        if not self.kiosk.exit_when_ready:
            self.run_worker(warm_up, thread=True, exclusive=True, group="pinyin")

    def reset(self) -> None:
        """Ready for the next person: store language, empty filter, fresh lists."""
        self.query_one("#filter", Input).value = ""
        self.query_one("#filter", Input).focus()
        self.refresh_texts()
        self.load()

    def refresh_texts(self) -> None:
        """All fixed texts in the current language."""
        config = self.services.config
        self.query_one("#store-name", Static).update(plain(config.store_name))
        self.query_one("#pick-prompt", Static).update(self.tr("kiosk.welcome.pick"))
        self.query_one("#filter", Input).placeholder = self.tr("kiosk.welcome.filter")
        self.query_one("#on-shift-title", Static).update(self.tr("kiosk.welcome.on_shift"))
        banner = self.query_one("#demo-banner", Static)
        people = self.kiosk.demo_people
        banner.display = bool(people)
        if people:
            lines = [self.tr("kiosk.demo.banner")]
            for employee_id, name, pin, supervisor in people:
                role = self.tr("kiosk.demo.supervisor") if supervisor else ""
                lines.append(f"{employee_id} {name} · {pin}{role}")
            banner.update(plain_lines(lines))
        self.retranslate()
        self.tick()

    def tick(self) -> None:
        """Update the clock and date."""
        now = self.kiosk.clock().astimezone(self.services.config.tz)
        self.query_one("#big-clock", Digits).update(now.strftime("%H:%M"))
        self.query_one("#today", Static).update(formatting.long_date(self.kiosk.tr, now))

    def show_paused(self) -> None:
        """Say before anyone types a PIN that PIN entry is paused on this terminal."""
        paused = self.query_one("#paused", Static)
        try:
            is_paused = self.services.auth.terminal_paused()
        except StoreError:
            is_paused = False  # the notice line names the damaged file
        paused.update(self.tr("shifts.welcome.paused") if is_paused else "")
        paused.display = is_paused

    def show_sync_status(self) -> None:
        """Records waiting for sync and the last good sync (only where targets are set)."""
        status = self.query_one("#sync-status", Static)
        line: str | None = None
        if self.services.config.sync.targets:
            try:
                line = sync_service(self.services).welcome_line(self.kiosk.tr.lang)
            except (StoreError, ServiceError) as exc:
                line = exc.message(self.kiosk.tr.lang)
        status.update(plain(line or ""))

    def load(self) -> None:
        """Read the staff list and who is on shift now."""
        try:
            self.staff = self.services.staff.list()
            if tuple(self.staff) != self.search.staff:  # pinyin is worked out once per list
                self.search = NameSearch(self.staff)
            self.on_shift = {s.employee_id: s for s in self.services.checks.current_shifts()}
        except StoreError as exc:
            self.kiosk.notice = exc.message(self.kiosk.tr.lang)
        notice = self.query_one("#notice", Static)
        notice.update(plain(self.kiosk.notice))
        notice.display = bool(self.kiosk.notice)
        self.show_paused()
        self.show_sync_status()
        names = {e.id: e.name for e in self.staff}
        lines = [
            f"● {names.get(s.employee_id, s.employee_id)}  {self.clock_in_text(s)}"
            for s in self.on_shift.values()
        ]
        self.query_one("#on-shift", Static).update(
            plain_lines(lines or [self.tr("kiosk.welcome.nobody")])
        )
        self.show_expected(names)
        self.fill()

    def refresh_expected(self) -> None:
        """Each minute: plans begin and end while the terminal rests here."""
        self.show_expected({e.id: e.name for e in self.staff})

    def show_expected(self, names: dict[str, str]) -> None:
        """Who is planned to be in now and has not clocked in (only for a store with a roster)."""
        from shiftcheck.services.roster import expected_now

        try:
            plans = expected_now(
                self.services.store, self.services.config, self.kiosk.clock(), names
            )
        except StoreError:
            plans = None  # the notice line names the damaged file
        self.query_one(ExpectedNow).show(plans, names, self.tr)

    def fill(self) -> None:
        """Show the employees the filter picks."""
        query = self.query_one("#filter", Input).value
        options = []
        id_width = max((len(e.id) for e in self.staff), default=4)
        name_width = min(16, max((cell_len(neutralise(e.name)) for e in self.staff), default=8))
        for e in self.staff:
            if not self.search.matches(e, query):
                continue
            shift = self.on_shift.get(e.id)
            since = Text()
            if shift is not None:
                at = self.clock_in_text(shift)
                since = Text(f"● {self.tr('kiosk.welcome.since', time=at)}", style="green")
            row = Table.grid(padding=(0, 2))
            row.add_column(width=id_width, style="dim")
            row.add_column(width=name_width, no_wrap=True, overflow="ellipsis")
            row.add_column()
            row.add_row(plain_rich(e.id), plain_rich(e.name), since)
            options.append(Option(row, id=e.id))
        staff_list = self.query_one("#staff", OptionList)
        staff_list.clear_options()
        if options:
            staff_list.add_options(options)
            staff_list.highlighted = 0
        else:
            staff_list.add_option(Option(self.tr("kiosk.welcome.no_match"), disabled=True))

    def clock_in_text(self, shift: Shift) -> str:
        """The shift's clock-in: `08:55`, with its date when it was not today."""
        return formatting.clock_in_at(
            self.kiosk.tr, shift.clock_in, self.services.config.tz, self.kiosk.clock()
        )

    @on(Input.Changed, "#filter")
    def _filtered(self) -> None:
        self.fill()

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.app.screen is not self:
            return  # a second Enter of a burst: the PIN screen is already opening
        field = self.query_one("#filter", Input)
        if field.value != event.value:
            # Keys typed after Enter were meant for the PIN screen, not the name: they are
            # dropped, and the pick is made from what was typed before Enter.
            field.value = event.value
            self.fill()
        self.action_pick()

    @on(OptionList.OptionSelected, "#staff")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_pin(event.option.id)

    def action_move(self, step: int) -> None:
        staff_list = self.query_one("#staff", OptionList)
        if step > 0:
            staff_list.action_cursor_down()
        else:
            staff_list.action_cursor_up()

    def action_pick(self) -> None:
        option = self.query_one("#staff", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.open_pin(option.id)

    def action_clear(self) -> None:
        self.query_one("#filter", Input).value = ""

    def language_changed(self) -> None:
        """F2: every text in the new language."""
        self.refresh_texts()
        self.load()  # the on-shift list, the pause and sync lines in the new language too

    def open_pin(self, employee_id: str) -> None:
        """Ask the picked employee for their PIN."""
        employee = next((e for e in self.staff if e.id == employee_id), None)
        if employee is not None:
            self.kiosk.pick(employee)
