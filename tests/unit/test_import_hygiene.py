"""The core never imports Textual: domain, store and services run without a terminal."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "shiftcheck.domain.checklist",
    "shiftcheck.domain.records",
    "shiftcheck.domain.shifts",
    "shiftcheck.domain.staff",
    "shiftcheck.domain.drafts",
    "shiftcheck.store",
    "shiftcheck.services.context",
    "shiftcheck.services.history",
    "shiftcheck.services.records_io",
    "shiftcheck.config",
    "shiftcheck.i18n",
]


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, sys, pkgutil\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "import shiftcheck.services as s\n"
        "for info in pkgutil.walk_packages(s.__path__, 'shiftcheck.services.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


def test_domain_store_and_services_do_not_import_textual() -> None:
    loaded = _loaded_after_import(CORE)
    assert "shiftcheck.services.context" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_domain_imports_nothing_of_ours_but_domain() -> None:
    code = (
        "import sys, importlib\n"
        "for m in ['checklist','records','shifts','staff','drafts']:\n"
        "    importlib.import_module('shiftcheck.domain.' + m)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    ours = {m for m in out.stdout.split() if m.startswith("shiftcheck.")}
    assert ours <= {m for m in ours if m.startswith("shiftcheck.domain")}
    assert "tinydb" not in out.stdout.split()


def test_only_the_store_imports_tinydb() -> None:
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "shiftcheck"
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tinydb" in p.read_text(encoding="utf-8") and p.parent.name != "store"
    ]
    assert offenders == []
