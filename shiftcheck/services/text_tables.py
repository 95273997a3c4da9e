"""Plain-text tables (the commands' output, the summary as text), aligned by display width.

A Chinese character takes two terminal cells, so padding by `len()` pushes every later column
out of line; widths here are Rich's cell widths (the East Asian Width rules terminals use).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.cells import cell_len

from shiftcheck.domain.text import neutralise

Align = Literal["left", "right"]

GAP = "  "
"""Between two columns."""


def _pad(text: str, width: int, align: Align) -> str:
    space = " " * (width - cell_len(text))
    return space + text if align == "right" else text + space


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: Sequence[Align] = (),
) -> str:
    """`headers` above `rows`, each column as wide as its widest cell on screen.

    `align` gives each column's alignment (left unless said: counts read better right-aligned).
    Trailing spaces are left off every line. Every cell is shown as plain text: control and
    escape characters are made visible (`neutralise`), so a name can never drive the terminal.
    """
    headers = [neutralise(h) for h in headers]
    rows = [[neutralise(c) for c in row] for row in rows]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"a row has {len(row)} cells for {len(headers)} columns")
    left: list[Align] = ["left"] * (len(headers) - len(align))
    aligns: list[Align] = [*align, *left]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        padded = (_pad(c, w, a) for c, w, a in zip(cells, widths, aligns, strict=True))
        return GAP.join(padded).rstrip()

    return "\n".join([line(headers), *(line(r) for r in rows)])
