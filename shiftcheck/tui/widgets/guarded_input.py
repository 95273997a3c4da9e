"""A text field that stops at its length bound and never takes control characters.

Typed keys only ever insert printable characters; a paste can carry anything (escape sequences,
a bidi override, a megabyte of text). A paste that would go past the field's `max_length` or
holds a control character is refused whole, with a message saying why.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.widgets import Input

from shiftcheck.domain.text import text_problem
from shiftcheck.i18n import t


class GuardedInput(Input):
    """An `Input` with a length bound (`DEFAULT_MAX_LENGTH` unless given) and guarded pastes."""

    DEFAULT_MAX_LENGTH: ClassVar[int] = 0
    """The bound when none is given (0: none)."""

    def __init__(self, *args: Any, max_length: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length or self.DEFAULT_MAX_LENGTH, **kwargs)

    def paste_problem(self, text: str) -> str | None:
        """The message key saying why `text` may not be pasted here, or None."""
        line = text.splitlines()[0] if text else ""
        start, end = sorted(self.selection)
        room = self.max_length - (len(self.value) - (end - start)) if self.max_length else None
        if room is not None and len(line) > room:
            return "text.paste.too_long"
        if text_problem(line, len(line), one_line=True, empty_ok=True) is not None:
            return "text.paste.control"  # a control character, a tab or a bidi override
        return None

    def _on_paste(self, event: events.Paste) -> None:
        problem = self.paste_problem(event.text)
        if problem is None:
            return  # `Input` inserts it
        event.prevent_default()
        event.stop()
        tr = getattr(self.screen, "tr", None)
        message = (
            tr(problem, limit=self.max_length)
            if callable(tr)
            else t(problem, "en", limit=self.max_length)
        )
        self.notify(message, severity="warning")
