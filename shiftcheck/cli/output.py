"""What the commands print: names, notes, reasons and messages from a share, a database or an
import file are data, so no control character they hold ever reaches the terminal.

`echo` prints one message (its own line breaks shown as `␊`), `echo_lines` a block of lines built
by a command (each line neutralised), `echo_json` JSON whose strings keep every character
exactly, escaped where the terminal would act on it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click

from shiftcheck.domain.text import neutralise

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters `json.dumps(ensure_ascii=False)` leaves raw that a terminal acts on (DEL, C1
controls such as CSI) or that reorder or break the lines shown (bidi controls, separators)."""


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Print one message, every control character in it made visible."""
    click.echo(neutralise(message), err=err, nl=nl)


def echo_lines(text: str, *, err: bool = False) -> None:
    """Print a block of lines (a table, a report), each line neutralised."""
    click.echo("\n".join(neutralise(line) for line in text.split("\n")), err=err)


def json_text(data: Any) -> str:
    """`data` as indented JSON, non-ASCII text kept readable, terminal-unsafe characters as
    `\\uXXXX` escapes (the same JSON value)."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))


def json_safe(text: str) -> str:
    """JSON text with terminal-unsafe characters written as `\\uXXXX` escapes (the same value)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def echo_json(data: Any) -> None:
    """Print `data` as JSON (see `json_text`)."""
    click.echo(json_text(data))


def echo_json_bytes(data: bytes) -> None:
    """Print JSON already encoded as UTF-8 (see `json_safe`), as it ends."""
    click.echo(json_safe(data.decode("utf-8")), nl=False)
