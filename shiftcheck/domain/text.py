"""Text from people and from other terminals: length bounds, refused characters, a safe shown form.

Names, notes, text answers and reasons are data. They are checked the same way wherever they
come in (the kiosk, the command line, a share, the central database, an import file), and
whatever is shown is passed through `neutralise` first, so no text can act on a terminal
(escape sequences, bell, title changes, screen clears) or reorder what is around it (bidi
overrides).
"""

from __future__ import annotations

from enum import StrEnum

NAME_MAX = 100
"""Characters in an employee's name."""

STORE_NAME_MAX = 80
"""Characters in the store's name shown on the welcome screen."""

FREE_TEXT_MAX = 2000
"""Characters in a note, a text answer or a correction's reason."""

LABEL_MAX = 100
"""Characters in a short one-line field of a document: a terminal id, a checklist version, a
flag, an audit event's actor and action."""

DETAIL_MAX = 3000
"""Characters in an audit event's detail: what was changed plus a reason of `FREE_TEXT_MAX`."""

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidi embeddings, overrides and isolates: they reorder the text shown after them."""

LINE_SEPARATORS = frozenset("\u2028\u2029")
"""Unicode's own line and paragraph separators (not control characters)."""


class TextProblem(StrEnum):
    """Why a text is refused (also the i18n message key, with `{field}` and `{limit}`)."""

    EMPTY = "text.problem.empty"
    TOO_LONG = "text.problem.too_long"
    CONTROL = "text.problem.control"
    LINE_BREAK = "text.problem.line_break"


def _is_control(ch: str) -> bool:
    """A C0 or C1 control character or DEL (Unicode category Cc)."""
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F


TEXT_BREAKS = frozenset("\t\n\r\x85") | LINE_SEPARATORS
"""What free text may hold besides printable characters: tab, line breaks (CR, LF, NEL) and
Unicode's line and paragraph separators. Other white-space controls (vertical tab, form feed,
the information separators) are refused like any control: a spreadsheet cannot hold them."""


def text_problem(
    value: str, limit: int, *, one_line: bool, empty_ok: bool = False
) -> TextProblem | None:
    """What is wrong with `value`, or None.

    Refused everywhere: more than `limit` characters, a control character other than tab and
    line breaks (escape, bell, NUL, DEL, vertical tab, C1 controls such as CSI), a bidi
    override. A `one_line` field (a name, an id-like label) also refuses tabs and line breaks;
    free text keeps them (see `TEXT_BREAKS`), and they are shown neutralised.
    """
    if len(value) > limit:
        return TextProblem.TOO_LONG
    if not empty_ok and (not value or value.isspace()):
        return TextProblem.EMPTY
    if value.isprintable():
        return None  # the common case, in one step: no control, separator or format char
    for ch in value:
        if ch in BIDI_CONTROLS:
            return TextProblem.CONTROL
        if ch in TEXT_BREAKS:
            if one_line:
                return TextProblem.LINE_BREAK
        elif _is_control(ch):
            return TextProblem.CONTROL
    return None


def name_problem(name: str) -> TextProblem | None:
    """What is wrong with an employee's name, or None."""
    return text_problem(name, NAME_MAX, one_line=True)


def free_text_problem(text: str, *, empty_ok: bool = True) -> TextProblem | None:
    """What is wrong with a note, a text answer or a reason, or None."""
    return text_problem(text, FREE_TEXT_MAX, one_line=False, empty_ok=empty_ok)


_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
"""C0 controls and DEL as their visible Control Pictures (ESC → ␛, BEL → ␇, LF → ␊)."""

_SHOWN = (
    _PICTURES
    | {code: "\ufffd" for code in range(0x80, 0xA0)}
    | {0x85: "\u2424", 0x2028: "\u2424", 0x2029: "\u2424"}
    | {ord(ch): "\ufffd" for ch in BIDI_CONTROLS}
)


def neutralise(text: str) -> str:
    """`text` safe to show on a terminal: every control character, line separator and bidi
    override replaced by a visible symbol (␛ ␇ ␊ ␤ �); everything else unchanged."""
    if text.isprintable():
        return text
    return text.translate(_SHOWN)
