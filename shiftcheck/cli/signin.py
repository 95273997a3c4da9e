"""A supervisor's PIN at the command line, with the kiosk's lockouts (one wrong PIN counts the
same here as at the counter)."""

from __future__ import annotations

from shiftcheck.cli.common import fail, read_pin
from shiftcheck.i18n import t
from shiftcheck.services.context import Services


def sign_in(services: Services, employee_id: str, pin_stdin: bool, lang: str) -> None:
    """Check `employee_id`'s PIN (stdin or a no-echo prompt); exit 2 with the reason if it is
    refused. Whether they are a supervisor is for the service they call to check."""
    pin = read_pin(pin_stdin, confirm=False, prompt=f"PIN for {employee_id}")
    login = services.auth.login(employee_id, pin)
    if login.ok:
        return
    if login.employee is None and not login.terminal_paused:
        fail(t("staff.unknown", lang, id=employee_id))
    fail(login.message(lang, services.config.tz, services.clock()))
