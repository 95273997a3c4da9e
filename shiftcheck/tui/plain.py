"""Showing text that came from people or other terminals: never markup, never terminal control.

Every name, note, answer, reason, id, store name and message quoting them goes through `plain`
(for Textual widgets) or `plain_rich` (for Rich renderables such as table cells) before it is
shown. Brackets stay brackets (`[/]Eve [bold]` is a name, not markup), and control characters
become visible symbols (`␛`), so no text can clear the screen or retitle the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.content import Content

from shiftcheck.domain.text import neutralise


def plain(text: object) -> Content:
    """`text` for a Textual widget (a Static, a Label, a Button, an option), shown as it is."""
    return Content(neutralise(str(text)))


def plain_lines(lines: Iterable[object]) -> Content:
    """Several texts, one per line (a line break inside one of them is shown as `␊`)."""
    return Content("\n".join(neutralise(str(line)) for line in lines))


def plain_rich(text: object, style: str = "") -> Text:
    """`text` as a Rich `Text` (a table cell, part of a line), shown as it is."""
    return Text(neutralise(str(text)), style=style)
