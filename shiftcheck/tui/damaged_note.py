"""A red line under a summary when days it covers are damaged (their hours are missing)."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from shiftcheck.i18n import Translator
from shiftcheck.services.context import Services
from shiftcheck.services.damaged import damaged_days, dates


def with_damaged_note(
    text: str, services: Services, first: date, last: date, tr: Translator
) -> Text:
    """`text`, and below it which days from `first` to `last` have damaged history."""
    out = Text(text)
    days = damaged_days(services.store, first, last)
    if days:
        out.append("\n" + tr("trust.damaged_line", days=dates(days)), style="bold red")
    return out
