"""`shiftcheck.tui` has no import loop: the graph of its modules' imports (every import
statement, wherever it is written, `TYPE_CHECKING` blocks and function bodies included) is
built from the source with `ast` and must have no cycle. Screens reach the app through
`tui.host.Host`, never by importing `tui.app`."""

from __future__ import annotations

import ast
from pathlib import Path

from shiftcheck import tui

PACKAGE = "shiftcheck.tui"
ROOT = Path(tui.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def imported(tree: ast.AST, name: str, is_package: bool) -> set[str]:
    """The modules a module's import statements name (relative ones resolved)."""
    base = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
                module = f"{anchor}.{node.module}" if node.module else anchor
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def tui_graph() -> dict[str, set[str]]:
    """Each `shiftcheck.tui` module → the `shiftcheck.tui` modules it imports."""
    sources = {module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = imported(tree, name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in sources and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop, as the modules along it, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (loop := visit(target)) is not None:
                return loop
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (loop := visit(node)) is not None:
            return loop
    return None


def test_the_graph_sees_the_apps_imports() -> None:
    graph = tui_graph()
    assert "shiftcheck.tui.screens.welcome" in graph["shiftcheck.tui.app"]
    assert "shiftcheck.tui.screens.supervisor.workspace" in graph["shiftcheck.tui.app"]


def test_a_loop_is_found_when_there_is_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_tui_has_no_import_loop() -> None:
    assert find_cycle(tui_graph()) is None


def test_no_screen_imports_the_app() -> None:
    graph = tui_graph()
    importers = sorted(m for m, targets in graph.items() if "shiftcheck.tui.app" in targets)
    assert importers == []
