"""The kiosk app: one data folder, one terminal, staff checking in and out."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

from shiftcheck.crash_log import crash_message
from shiftcheck.domain.staff import Employee
from shiftcheck.domain.text import neutralise
from shiftcheck.i18n import Translator
from shiftcheck.services.check_session import CheckSession
from shiftcheck.services.checks import DueCheck, Started
from shiftcheck.services.clock import Clock
from shiftcheck.services.context import (
    Services,
    SupervisorTools,
    open_services,
    supervisor_tools,
)
from shiftcheck.services.errors import CorruptFileError, ServiceError, StoreError
from shiftcheck.services.setup import needs_setup
from shiftcheck.tui import formatting
from shiftcheck.tui.screens.base import Host, KioskMixin
from shiftcheck.tui.screens.checklist import ChecklistScreen
from shiftcheck.tui.screens.forgotten import ForgottenShiftScreen
from shiftcheck.tui.screens.key_help import KeyHelpScreen
from shiftcheck.tui.screens.leave import LeaveKioskScreen
from shiftcheck.tui.screens.onboarding import OnboardingScreen
from shiftcheck.tui.screens.payroll_export import PayrollExportScreen
from shiftcheck.tui.screens.pin import PinScreen
from shiftcheck.tui.screens.resume import ResumeScreen
from shiftcheck.tui.screens.review import DoneScreen, ReviewScreen
from shiftcheck.tui.screens.staff_admin import StaffAdminScreen
from shiftcheck.tui.screens.supervisor.corrections import CorrectionsScreen
from shiftcheck.tui.screens.supervisor.day import DaySummaryScreen, EmployeeDayScreen
from shiftcheck.tui.screens.supervisor.forms import FormsScreen
from shiftcheck.tui.screens.supervisor.period import PeriodScreen
from shiftcheck.tui.screens.supervisor.workspace import SupervisorWorkspace
from shiftcheck.tui.screens.sync import IntervalSync, SyncScreen
from shiftcheck.tui.screens.welcome import WelcomeScreen
from shiftcheck.tui.widgets.idle_warning import IDLE_WARNING_SECONDS, IdleWarning

EXIT_WHEN_READY_ENV = "SHIFTCHECK_EXIT_WHEN_READY"
"""When set, the app exits as soon as the welcome screen has first been drawn (benchmarks)."""


@runtime_checkable
class TakesKeys(Protocol):
    """A screen that handles every key itself as it arrives (see `ShiftcheckApp.on_event`)."""

    def take_key(self, event: events.Key) -> bool:
        """Act on the key; False leaves it to the app's usual handling."""
        ...


ReadyHook = Callable[[], None]
"""Called once, when the welcome screen has first been drawn and takes keys."""

ACTIVITY_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
"""Events that count as someone using the terminal (they reset the idle timeout)."""

SUPERVISOR_SCREENS: dict[str, Callable[..., Screen[Any]]] = {
    "day": DaySummaryScreen,
    "employee_day": EmployeeDayScreen,
    "period": PeriodScreen,
    "corrections": CorrectionsScreen,
    "forms": FormsScreen,
    "staff": StaffAdminScreen,
    "export": PayrollExportScreen,
    "sync": SyncScreen,
}
"""Supervisor screens by workspace entry: `Screen(supervisor, **options)`."""


class ShiftcheckApp(App[None]):
    """The store terminal's kiosk."""

    CSS_PATH = "app.tcss"
    TITLE = "shiftcheck"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "leave", "habits.key.quit", show=False, priority=True),
        Binding("ctrl+c", "leave", "habits.key.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        services: Services,
        *,
        owns_services: bool = True,
        demo_people: list[tuple[str, str, str, bool]] | None = None,
        cursor_blink: bool = True,
        exit_when_ready: bool = False,
        on_ready: ReadyHook | None = None,
        allow_quit: bool = False,
    ) -> None:
        super().__init__()
        self.services = services
        """The open data folder and its services."""
        self.owns_services = owns_services
        """Whether the app closes `services` when it exits."""
        self.tr = Translator(services.config.language)
        """Messages in the current language (store default on welcome, the employee's after)."""
        self.demo_people = demo_people
        """(id, name, PIN, supervisor) shown in a banner on the welcome screen of the demo."""
        self.cursor_blink = cursor_blink
        """Whether text cursors blink (off for snapshots)."""
        self.exit_when_ready = exit_when_ready
        """Exit right after the welcome screen's first refresh (start-up benchmark)."""
        self.on_ready = on_ready
        self.allow_quit = allow_quit
        """Whether ctrl+q / ctrl+c close the kiosk at once (demo, development); otherwise a
        supervisor signs in first, so a clerk never lands in the terminal's shell."""
        self.notice = ""
        """A problem found on opening the data folder, shown on the welcome screen."""
        self.last_activity: datetime = services.clock()
        """When a key or the mouse was last used (for the idle timeout)."""
        self.idle_warning: IdleWarning | None = None
        """The countdown shown in the last seconds before the idle timeout, if shown."""
        self._supervisor_tools: SupervisorTools | None = None

    @property
    def clock(self) -> Clock:
        """The services' clock (the time shown and recorded)."""
        return self.services.clock

    @property
    def supervisor_tools(self) -> SupervisorTools:
        """Summary, corrections, acknowledgements and audit for the supervisor screens (made
        once per sign-in)."""
        if self._supervisor_tools is None:
            self._supervisor_tools = supervisor_tools(self.services)
        return self._supervisor_tools

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification shown as plain text: messages quote names, notes and ids, which are
        never markup nor terminal control (`markup` is accepted and ignored)."""
        super().notify(
            neutralise(message),
            title=neutralise(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        self.push_screen(self.first_screen())
        self.set_interval(0.5, self.idle_tick, name="idle")
        if self.services.config.sync.interval_minutes and self.services.config.sync.targets:
            IntervalSync(self, self.services).start()

    def first_screen(self) -> Screen[Any]:
        """First-run setup, or the welcome screen."""
        return OnboardingScreen() if needs_setup(self.services) else WelcomeScreen()

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: the app exits with a short message, the traceback (never local
        variables, which Textual shows by default) goes to the data folder's crash log."""
        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it in tests
            self._exception = error
            self._exception_event.set()
        message = crash_message(self.services.data_dir, error, self.tr.lang)
        self._exit_renderables.append(Text(message))
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        if self.owns_services:
            self.services.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY_EVENTS):
            self.touch()
            if self.idle_warning is not None:
                # The key (or click) that cancels the countdown does nothing else: it was
                # meant to keep the screen, not to answer on it.
                self.hide_idle_warning()
                if isinstance(event, events.Key):
                    event.stop()
                    return
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event.key == "f2" and self.action_language():
                event.stop()  # before any field or screen takes it: F2 works everywhere
                return
            if self.wants_help(event) and self.action_help():
                event.stop()
                return
            # A screen that takes keys itself gets each one now, in typing order, whatever
            # has focus (focus moves later, so a burst would otherwise land on the old widget).
            taker = self.screen
            if isinstance(taker, TakesKeys) and taker.take_key(event):
                return
        await super().on_event(event)

    def touch(self) -> None:
        """Note activity now (resets the idle timeout)."""
        self.last_activity = self.clock()

    def welcome_ready(self) -> None:
        """The welcome screen has been drawn for the first time."""
        if self.on_ready is not None:
            hook, self.on_ready = self.on_ready, None
            hook()
        if self.exit_when_ready:
            self.exit()

    def set_language(self, lang: str) -> None:
        """Switch the app's language (screens re-read `app.tr` when they refresh)."""
        self.tr = Translator(lang)

    def action_language(self) -> bool:
        """F2: switch this session's language (until the terminal is back at the start) and
        show the current screen in it; False on screens that are not the app's own."""
        screen = self.screen
        if not isinstance(screen, KioskMixin):
            return False
        self.set_language("en" if self.tr.lang == "zh-CN" else "zh-CN")
        for shown in self.screen_stack:  # those underneath too, for when they are back on top
            if isinstance(shown, KioskMixin):
                shown.language_changed()
        if self.idle_warning is not None:
            self.hide_idle_warning()
        return True

    # --- help ----------------------------------------------------------------------------
    def wants_help(self, event: events.Key) -> bool:
        """F1 anywhere, or `?` where no text field has the keys."""
        return event.key == "f1" or (event.character == "?" and not isinstance(self.focused, Input))

    def action_help(self) -> bool:
        """Show the current kiosk screen's keys (F1 again closes them); False on screens that
        are not the app's own."""
        screen = self.screen
        if isinstance(screen, KeyHelpScreen):
            screen.action_close()
            return True
        if not isinstance(screen, KioskMixin):
            return False
        self.push_screen(KeyHelpScreen(screen))
        return True

    # --- leaving the kiosk ----------------------------------------------------------------
    def action_leave(self) -> None:
        """ctrl+q / ctrl+c: close at once where allowed, else ask for a supervisor's sign-in."""
        if not self.leaving_needs_supervisor():
            self.exit()
        elif not isinstance(self.screen, LeaveKioskScreen):
            self.push_screen(LeaveKioskScreen())

    def leaving_needs_supervisor(self) -> bool:
        """Whether ctrl+q / ctrl+c ask for a supervisor's sign-in (else they close at once)."""
        return not self.allow_quit and self.supervisor_can_sign_in()

    def supervisor_can_sign_in(self) -> bool:
        """Whether an active supervisor has a PIN here (not so during first-run setup, or
        when the staff list cannot be read: the kiosk then closes without a sign-in)."""
        try:
            staff = self.services.staff.list()
        except StoreError:
            return False
        return any(e.is_supervisor and e.has_pin for e in staff)

    async def action_quit(self) -> None:
        """Textual's own quit goes the kiosk's way too."""
        self.action_leave()

    def action_help_quit(self) -> None:
        """Textual's English "Do you want to quit?" hint is never shown: ctrl+c leaves as
        ctrl+q does."""
        self.action_leave()

    # --- going back to the start -------------------------------------------------------
    def at_welcome(self) -> bool:
        """Whether the welcome (or onboarding) screen is on top."""
        return isinstance(self.screen, WelcomeScreen | OnboardingScreen)

    def idle_tick(self) -> None:
        """Return to the welcome screen after the configured idle time (drafts are kept)."""
        if not self.screen_stack:  # a last tick while the app shuts down
            return
        if self.at_welcome() or self.unsaved_work():
            self.hide_idle_warning()
            return
        idle = (self.clock() - self.last_activity).total_seconds()
        left = self.services.config.idle_timeout_seconds - idle
        if left <= 0:
            self.hide_idle_warning()
            self.go_welcome()
        elif left <= IDLE_WARNING_SECONDS:
            self.show_idle_warning(math.ceil(left))
        else:
            self.hide_idle_warning()

    def show_idle_warning(self, seconds: int) -> None:
        """Show (or update) the countdown on the current screen."""
        text = self.tr("habits.idle.warning", seconds=seconds)
        warning = self.idle_warning
        if warning is None or warning.on_screen is not self.screen:
            self.hide_idle_warning()
            warning = self.idle_warning = IdleWarning(self.screen, text, id="idle-warning")
            self.screen.mount(warning)
        warning.show_seconds(text)

    def hide_idle_warning(self) -> None:
        """Take the countdown away (someone is at the keys, or the screen changed)."""
        warning, self.idle_warning = self.idle_warning, None
        if warning is not None and warning.is_attached:
            warning.remove()

    def unsaved_work(self) -> bool:
        """Whether an open check holds answers whose save failed (kept on screen until
        stored, so the idle timeout waits)."""
        return any(getattr(screen, "pending", None) for screen in self.screen_stack)

    def go_welcome(self) -> None:
        """Close every screen above the welcome screen and reset it for the next person (a
        supervisor is signed out)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WelcomeScreen):
            self.pop_screen()
        self.set_language(self.services.config.language)
        self._supervisor_tools = None
        if isinstance(self.screen, WelcomeScreen):
            self.screen.reset()
        self.touch()

    def workspace(self) -> SupervisorWorkspace | None:
        """The signed-in supervisor's workspace, if one is open."""
        return next(
            (s for s in reversed(self.screen_stack) if isinstance(s, SupervisorWorkspace)), None
        )

    def back_to_base(self) -> None:
        """Back to the supervisor's workspace when one is open (in the current language),
        else to the welcome screen for the next person."""
        base = self.workspace()
        if base is None:
            self.go_welcome()
            return
        while self.screen is not base:
            self.pop_screen()
        self.touch()

    def show(self, screen: Screen[Any]) -> None:
        """Open `screen` over the session's base (the supervisor's workspace when one is
        open, else the welcome screen), in the current language."""
        if self.workspace() is None:
            lang = self.tr.lang
            self.go_welcome()
            self.set_language(lang)
        else:
            self.back_to_base()
        self.push_screen(screen)

    # --- routing: screens say what happened, the app opens what comes next ---------------
    def set_up(self) -> None:
        """First-run setup is saved: the welcome screen, in the store's language."""
        self.set_language(self.services.config.language)
        self.switch_screen(WelcomeScreen())

    def pick(self, employee: Employee) -> None:
        """An employee picked their name: ask for their PIN."""
        self.touch()
        self.push_screen(PinScreen(employee))

    def signed_in(self, employee: Employee) -> str | None:
        """Route an employee whose PIN was accepted: a supervisor to their workspace (their
        own check is one of its entries), anyone else to their due check. A message if the
        check cannot start."""
        self.set_language(employee.language)
        if employee.is_supervisor:
            self.go_welcome()
            self.set_language(employee.language)
            self.push_screen(SupervisorWorkspace(employee))
            return None
        return self.open_due_check(employee)

    def open_due_check(self, employee: Employee) -> str | None:
        """Open the check due for `employee` (offering to resume an unfinished one, or first
        asking what to do about a forgotten clock-out)."""
        checks = self.services.checks
        try:
            due = checks.due(employee.id)
            if due.draft is not None:
                self.show(ResumeScreen(employee, due))
                return None
            if due.forgotten and due.open_shift is not None:
                self.show(ForgottenShiftScreen(employee, due.open_shift))
                return None
            draft = checks.begin(employee.id, due.checklist.id)
        except StoreError as exc:
            return formatting.save_failed(self.tr, exc)
        except ServiceError as exc:  # e.g. a terminal clock records cannot hold
            return exc.message(self.tr.lang)
        self.show(ChecklistScreen(employee, due.checklist, draft, due.open_shift))
        return None

    def resume_check(self, employee: Employee, due: DueCheck) -> None:
        """Go on with the unfinished check of `due` (same answers, same start time)."""
        assert due.draft is not None
        self.switch_screen(ChecklistScreen(employee, due.checklist, due.draft, due.open_shift))

    def open_started(self, employee: Employee, started: Started) -> None:
        """Open a check begun after the forgotten-clock-out choice."""
        self.switch_screen(
            ChecklistScreen(employee, started.checklist, started.draft, started.open_shift)
        )

    def review(self, check: CheckSession, name: str) -> None:
        """Show what will be submitted; once submitted, the confirmation."""
        review = ReviewScreen(check, name)

        def reviewed(submitted: bool | None) -> None:
            if submitted and review.submitted is not None:
                self.show(DoneScreen(name, review.submitted, self.tr.lang))

        self.push_screen(review, callback=reviewed)

    def open_supervisor(self, entry: str, supervisor: Employee, **options: Any) -> None:
        """Open a workspace entry for `supervisor`: their own due check, or a supervisor
        screen (`SUPERVISOR_SCREENS`)."""
        if entry == "check":
            problem = self.open_due_check(supervisor)
            if problem is not None:
                self.notify(problem, severity="error")
            return
        self.push_screen(SUPERVISOR_SCREENS[entry](supervisor, **options))


def _is_host(app: ShiftcheckApp) -> Host:
    """The app is what screens take it for (checked by mypy)."""
    return app


def build_app(
    data_dir: Path,
    *,
    clock: Clock | None = None,
    services: Services | None = None,
    demo_people: list[tuple[str, str, str, bool]] | None = None,
    cursor_blink: bool = True,
    on_ready: ReadyHook | None = None,
    allow_quit: bool = False,
) -> ShiftcheckApp:
    """The kiosk on `data_dir` (opened here as the writer unless `services` is given)."""
    owns = services is None
    notice = ""
    if services is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            services = open_services(data_dir, clock=clock)
        except CorruptFileError as exc:
            if exc.moved_to is None:
                raise
            notice = str(exc)  # moved aside to quarantine/: the rest of the folder opens
            services = open_services(data_dir, clock=clock)
    app = ShiftcheckApp(
        services,
        owns_services=owns,
        demo_people=demo_people,
        cursor_blink=cursor_blink,
        exit_when_ready=bool(os.environ.get(EXIT_WHEN_READY_ENV)),
        on_ready=on_ready,
        allow_quit=allow_quit,
    )
    app.notice = notice
    return app
