"""No import loop anywhere in `shiftcheck/`.

The graph is read from the source with `ast` (see `tests.unit.import_graph`): every import
counts, at module level, inside functions and under `if TYPE_CHECKING:` alike, and so does
`importlib.import_module("literal")`. A loop held apart by an import inside a function is still
a loop: the two modules cannot be understood, tested or moved one without the other. Imports
under `TYPE_CHECKING` are counted too (no exclusion): a type one module needs from another is
a dependency, and a loop through it is broken by moving the type, not by hiding the import.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import shiftcheck
from tests.unit.import_graph import import_graph, one_loop, strongly_connected

ROOT = Path(shiftcheck.__file__).resolve().parent

ALLOWED_TUI_EDGES: frozenset[tuple[str, str]] = frozenset()
"""Edges the loop test leaves out of the graph: none (screens reach the app through
`tui.host.Host`, never by importing it). Nothing outside `tui/` may ever be added here."""


def _graph_without_allowed() -> dict[str, set[str]]:
    graph, _ = import_graph(ROOT)
    return {m: {t for t in ts if (m, t) not in ALLOWED_TUI_EDGES} for m, ts in graph.items()}


def test_no_import_loop_in_the_package() -> None:
    graph = _graph_without_allowed()
    _, where = import_graph(ROOT)
    loops = strongly_connected(graph)
    report = []
    for group in loops:
        loop = one_loop(graph, group)
        steps = [f"  {a} -> {b}  ({where[(a, b)]})" for a, b in pairwise(loop)]
        report.append(f"loop among {len(group)} modules: {', '.join(group)}\n" + "\n".join(steps))
    assert loops == [], "import loops:\n" + "\n\n".join(report)


def test_allowed_edges_are_tui_edges_that_still_exist() -> None:
    """The allowance is only for the screens' known loop, and shrinks as it is removed."""
    graph, _ = import_graph(ROOT)
    assert all(a.startswith("shiftcheck.tui.") for a, _ in ALLOWED_TUI_EDGES)
    gone = sorted(edge for edge in ALLOWED_TUI_EDGES if edge[1] not in graph.get(edge[0], set()))
    assert gone == [], f"no longer imported, take out of ALLOWED_TUI_EDGES: {gone}"


def test_loops_are_found_through_functions_and_type_checking(tmp_path: Path) -> None:
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "summary.py").write_text(
        "def tools() -> None:\n    from shop.corrections import fix\n"
    )
    (package / "corrections.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from .payroll import Report\n"
        "def fix() -> None: ...\n"
    )
    (package / "payroll.py").write_text(
        "import importlib\nimportlib.import_module('shop.summary')\n"
    )
    (package / "apart.py").write_text("from shop import summary\n")
    (package / "menu.py").write_text(
        "import importlib\n"
        "SCREENS = {'day': 'shop.day:DayScreen'}\n"
        "def open_screen(name: str) -> object:\n"
        "    return importlib.import_module(SCREENS[name].split(':')[0])\n"
    )
    (package / "day.py").write_text("import shop.menu\n")
    graph, where = import_graph(package)
    assert strongly_connected(graph) == [
        ["shop.corrections", "shop.payroll", "shop.summary"],
        ["shop.day", "shop.menu"],
    ]
    assert where[("shop.menu", "shop.day")] == "shop/menu.py:2"
    assert one_loop(graph, ["shop.corrections", "shop.payroll", "shop.summary"]) == [
        "shop.corrections",
        "shop.payroll",
        "shop.summary",
        "shop.corrections",
    ]
    assert where[("shop.summary", "shop.corrections")] == "shop/summary.py:2"
