"""First run: create the store's config and its first supervisor, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from shiftcheck.config import Config
from shiftcheck.domain.staff import Employee, Role, employee_id_ok, pin_problem
from shiftcheck.domain.text import STORE_NAME_MAX, TextProblem, name_problem, text_problem
from shiftcheck.i18n import LANGUAGES
from shiftcheck.services.clock import ManualClock, system_clock
from shiftcheck.services.context import Services
from shiftcheck.services.errors import ServiceError

STORE_ID_HELP = "letters, digits, _ . - (up to 32)"


class SetupError(ServiceError):
    """A bad onboarding field; `field` names it so the screen can show the message beside it."""

    def __init__(self, field: str, key: str, /, **values: object) -> None:
        super().__init__(key, **values)
        self.field = field


@dataclass(frozen=True, slots=True)
class StoreSetup:
    """What the onboarding form collects."""

    store_id: str
    store_name: str
    timezone: str
    language: str
    supervisor_id: str
    supervisor_name: str
    pin: str
    pin_again: str


def needs_setup(services: Services) -> bool:
    """Whether the data folder still needs onboarding: only a folder that was never set up
    (no set-up mark, staff file, history or quarantined file; see `folder_check`)."""
    return services.store.is_new()


def check_setup(services: Services, form: StoreSetup) -> list[SetupError]:
    """Every problem with the form, in field order (empty: it can be saved)."""
    problems: list[SetupError] = []
    if not employee_id_ok(form.store_id.strip()):
        problems.append(SetupError("store_id", "setup.bad_store_id", id=form.store_id))
    store_name = text_problem(form.store_name.strip(), STORE_NAME_MAX, one_line=True)
    if store_name in (TextProblem.EMPTY, TextProblem.TOO_LONG):
        problems.append(SetupError("store_name", "setup.bad_store_name"))
    elif store_name is not None:
        problems.append(SetupError("store_name", "text.setup.control"))
    try:
        ZoneInfo(form.timezone.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # `Asia` names a folder of zones
        problems.append(SetupError("timezone", "setup.bad_timezone", zone=form.timezone))
    if form.language not in LANGUAGES:
        problems.append(SetupError("language", "setup.bad_language", lang=form.language))
    supervisor_id = form.supervisor_id.strip()
    if not employee_id_ok(supervisor_id):
        problems.append(SetupError("supervisor_id", "staff.bad_id", id=form.supervisor_id))
    elif services.store.get_employee(supervisor_id) is not None:
        problems.append(SetupError("supervisor_id", "staff.exists", id=supervisor_id))
    name = name_problem(form.supervisor_name.strip())
    if name is TextProblem.EMPTY:
        problems.append(SetupError("supervisor_name", "staff.bad_name"))
    elif name is TextProblem.TOO_LONG:
        problems.append(SetupError("supervisor_name", "text.setup.name_too_long"))
    elif name is not None:
        problems.append(SetupError("supervisor_name", "text.setup.control"))
    pin = pin_problem(form.pin, Role.SUPERVISOR)
    if pin is not None:
        problems.append(SetupError("pin", pin.value))
    elif form.pin != form.pin_again:
        problems.append(SetupError("pin_again", "pin.mismatch"))
    return problems


def setup_store(services: Services, form: StoreSetup) -> Employee:
    """Save the store's config and add its first supervisor; raise the first problem (nothing
    written) if the form is not right."""
    problems = check_setup(services, form)
    if problems:
        raise problems[0]
    try:
        config = Config.model_validate(
            services.config.model_dump()
            | {
                "store_id": form.store_id.strip(),
                "store_name": form.store_name.strip(),
                "timezone": form.timezone.strip(),
                "language": form.language,
            }
        )
    except ValidationError as exc:  # pragma: no cover - the checks above cover every field
        raise SetupError("store_id", "setup.bad_config", reason=str(exc)) from None
    services.reconfigure(config)
    if not isinstance(services.clock, ManualClock):
        clock = system_clock(config.tz)
        services.clock = services.checks.clock = services.auth.clock = clock
    supervisor = services.staff.add(
        form.supervisor_id.strip(),
        form.supervisor_name.strip(),
        form.pin,
        role=Role.SUPERVISOR,
        language=form.language,
    )
    services.store.mark_set_up()  # from now on this folder is never "new" again
    return supervisor
