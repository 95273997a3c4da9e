"""A supervisor's PIN at the command line, with the kiosk's lockouts (one wrong PIN counts the
same here as at the counter)."""

from __future__ import annotations

from shiftcheck.cli.common import fail, read_pin
from shiftcheck.services.context import Services
from shiftcheck.services.wording import sign_in_refusal


def sign_in(services: Services, employee_id: str, pin_stdin: bool, lang: str) -> None:
    """Check `employee_id`'s PIN (stdin or a no-echo prompt); exit 2 with the reason if it is
    refused. Whether they are a supervisor is for the service they call to check."""
    pin = read_pin(pin_stdin, confirm=False, prompt=f"PIN for {employee_id}")
    login = services.auth.login(employee_id, pin)
    if login.ok:
        return
    fail(sign_in_refusal(login, employee_id, lang, services.config.tz, services.clock()))
