"""Refill a DataTable with columns sized from their cells at once.

A DataTable measures the cells of new rows only when it next idles; a repaint before that (a
key pressed while the terminal redraws) caches rows drawn at header width, cutting names and
times short until something else changes. Widths given up front leave no such window.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

Cell = str | Text


def _width(cell: Cell) -> int:
    if isinstance(cell, Text):
        return max((line.cell_len for line in cell.split("\n")), default=0)
    return max((cell_len(line) for line in cell.split("\n")), default=0)


def fill_table(
    table: DataTable[Cell],
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[Cell]],
    keys: Sequence[str] | None = None,
    heights: Sequence[int] | None = None,
) -> None:
    """Replace the table's columns (label, key) and rows (cells in column order, optional
    row keys, optional row heights in lines), each column as wide as its widest cell or label."""
    table.clear(columns=True)
    for i, (label, key) in enumerate(columns):
        width = max([_width(label)] + [_width(row[i]) for row in rows])
        table.add_column(label, key=key, width=width)
    for n, row in enumerate(rows):
        table.add_row(
            *row,
            key=keys[n] if keys is not None else None,
            height=heights[n] if heights is not None else 1,
        )
