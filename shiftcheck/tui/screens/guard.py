"""The role re-check every supervisor screen makes when it opens."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from shiftcheck.i18n import Translator
from shiftcheck.services.context import Services
from shiftcheck.services.errors import ServiceError


def still_supervisor(screen: Screen[Any], services: Services, actor: str, tr: Translator) -> bool:
    """Ask the service whether `actor` is still an active supervisor; if not, say why and close
    the screen (returns False)."""
    try:
        services.staff.require_supervisor(actor)
    except ServiceError as exc:
        screen.notify(exc.message(tr.lang), severity="error")
        screen.app.pop_screen()
        return False
    return True
