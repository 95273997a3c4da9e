"""The import graph of a package, read from its source with `ast` (nothing is imported).

Every import statement counts, wherever it is written: at module level, inside a function or
method, under `if TYPE_CHECKING:`, in a `try`. So does `importlib.import_module("a.b")` with a
literal name, and a module that calls `import_module` with a name from a table imports every
module of ours its strings name (`"pkg.mod"` or `"pkg.mod:attr"`, as the command table and the
menus write them). A loop held apart by an import inside a function is still a loop.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path

Graph = dict[str, set[str]]


def module_names(root: Path) -> dict[str, Path]:
    """Every module of the package at `root` (a folder holding `__init__.py`), by dotted name."""
    base = root.parent
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(module: str, path: Path, node: ast.AST) -> Iterator[tuple[str, int]]:
    """Dotted names `node` imports (each with its line), relative imports resolved."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name, node.lineno
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            source = ".".join([*package, *([node.module] if node.module else [])])
        else:
            source = node.module or ""
        for alias in node.names:
            # `from pkg import sub` imports the module `pkg.sub` when there is one
            yield f"{source}.{alias.name}", node.lineno
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        yield node.args[0].value, node.lineno


def imports_of(module: str, path: Path, known: Mapping[str, Path]) -> dict[str, int]:
    """The package's own modules `module` imports, each with the first line that does.

    A name is taken to the longest known module it starts with (`pkg.mod.Name` is `pkg.mod`).
    Packages a module sits in are not counted for the import alone: Python initialises them
    before any of their modules, so `store/__init__.py` re-exporting `store.errors`, which
    another store module imports, is no loop; an explicit `from shiftcheck.store import X`
    names the package and does count.
    """
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    by_name = "import_module" in text
    edges: dict[str, int] = {}
    for node in ast.walk(tree):
        found = list(_imported(module, path, node))
        if (
            by_name
            and isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "." in node.value
            and node.value.split(":")[0] in known
        ):
            found.append((node.value.split(":")[0], node.lineno))
        for name, line in found:
            target = name
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                edges.setdefault(target, line)
    return edges


@functools.cache
def import_graph(root: Path) -> tuple[Graph, dict[tuple[str, str], str]]:
    """Edges module → modules it imports, and where each edge is written (`file:line`); read
    once per run (do not change what it returns)."""
    known = module_names(root)
    graph: Graph = {}
    where: dict[tuple[str, str], str] = {}
    for module, path in known.items():
        edges = imports_of(module, path, known)
        graph[module] = set(edges)
        for target, line in edges.items():
            where[(module, target)] = f"{path.relative_to(root.parent)}:{line}"
    return graph, where


def strongly_connected(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The graph's loops: groups of two or more modules that all reach each other (Tarjan,
    without recursion), each sorted, the groups sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def one_loop(graph: Mapping[str, set[str]], group: list[str]) -> list[str]:
    """A shortest loop through the group's first module, as `[a, b, …, a]`."""
    members = set(group)
    start = group[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == start:
                    back = [node]
                    while back[-1] != start:
                        back.append(previous[back[-1]])
                    return [*reversed(back), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"{group} is not a loop")
