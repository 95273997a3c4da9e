"""Refusing a text a person typed (a name, a reason) with a message they can act on."""

from __future__ import annotations

from shiftcheck.domain.text import NAME_MAX, TextProblem, name_problem, text_problem
from shiftcheck.i18n import t
from shiftcheck.services.errors import ServiceError


class TextRefused(ServiceError):
    """A text that is too long, empty, or holds control characters; nothing was changed."""

    def __init__(self, problem: TextProblem, field: str, limit: int) -> None:
        super().__init__(problem.value, field=t(field, "en"), limit=limit)
        self.problem = problem
        self.field = field
        """The i18n key naming the field, e.g. `text.field.name`."""
        self.limit = limit

    def message(self, lang: str) -> str:
        """The reason in `lang`, naming the field in `lang` too."""
        return t(self.key, lang, field=t(self.field, lang), limit=self.limit)


def require_text(
    value: str, field: str, limit: int, *, one_line: bool, empty_ok: bool = False
) -> str:
    """`value` if acceptable; else `TextRefused` naming `field` (an i18n key)."""
    problem = text_problem(value, limit, one_line=one_line, empty_ok=empty_ok)
    if problem is not None:
        raise TextRefused(problem, field, limit)
    return value


def require_name(name: str) -> str:
    """An employee's name if acceptable (one plain line, 1–100 characters), else `TextRefused`."""
    problem = name_problem(name)
    if problem is not None:
        raise TextRefused(problem, "text.field.name", NAME_MAX)
    return name
