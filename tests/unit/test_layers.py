"""Imports go inward only: faces (tui/, cli/) → services → store → domain.

Read from the source with `ast`, so an import inside a function or under `TYPE_CHECKING`
counts as much as one at the top of a module.
"""

from __future__ import annotations

from pathlib import Path

import shiftcheck
from tests.unit.import_graph import import_graph

ROOT = Path(shiftcheck.__file__).resolve().parent
FACES = ("shiftcheck.tui", "shiftcheck.cli")

NOT_FROM: dict[str, tuple[str, ...]] = {
    "shiftcheck.tui": ("shiftcheck.store", "shiftcheck.cli"),
    "shiftcheck.cli": ("shiftcheck.store",),
    "shiftcheck.services": ("shiftcheck.tui", "shiftcheck.cli"),
    "shiftcheck.store": ("shiftcheck.services", "shiftcheck.tui", "shiftcheck.cli"),
    "shiftcheck.domain": (
        "shiftcheck.store",
        "shiftcheck.services",
        "shiftcheck.tui",
        "shiftcheck.cli",
    ),
}
"""For each layer, the packages it must not import (anything of theirs, at any depth)."""


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _breaches(layer: str) -> list[str]:
    graph, where = import_graph(ROOT)
    return sorted(
        f"{where[(module, target)]}: {module} imports {target}"
        for module, targets in graph.items()
        if _within(module, layer)
        for target in targets
        if any(_within(target, banned) for banned in NOT_FROM[layer])
    )


def test_the_faces_import_nothing_from_the_store() -> None:
    """Screens and commands reach the data folder through services only (errors they catch
    from `services.errors`, files they write through `services.files`)."""
    found = _breaches("shiftcheck.tui") + _breaches("shiftcheck.cli")
    assert not [line for line in found if "shiftcheck.store" in line.split(" imports ")[1]], (
        "\n".join(found)
    )


def test_every_layer_imports_only_inward() -> None:
    found = [line for layer in NOT_FROM for line in _breaches(layer)]
    assert found == [], "\n".join(found)


def test_the_check_sees_imports_inside_functions_and_type_checking(tmp_path: Path) -> None:
    package = tmp_path / "shop"
    (package / "store").mkdir(parents=True)
    (package / "tui").mkdir()
    for init in ("__init__.py", "store/__init__.py", "tui/__init__.py"):
        (package / init).write_text("")
    (package / "store" / "errors.py").write_text("class StoreError(Exception): ...\n")
    (package / "tui" / "screen.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from ..store import StoreError\n"
        "def save() -> None:\n"
        "    from shop.store.errors import StoreError\n"
    )
    graph, where = import_graph(package)
    assert graph["shop.tui.screen"] == {"shop.store", "shop.store.errors"}
    assert where[("shop.tui.screen", "shop.store")] == "shop/tui/screen.py:3"
    assert where[("shop.tui.screen", "shop.store.errors")] == "shop/tui/screen.py:5"
