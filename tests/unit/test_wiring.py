"""`services/context.py` is the one place that puts services together: the terminal's own,
the supervisor's tools and head office's reports. Screens and commands ask it."""

from __future__ import annotations

import ast
from pathlib import Path

import shiftcheck

ROOT = Path(shiftcheck.__file__).resolve().parent
WIRED_IN_CONTEXT = frozenset(
    {
        "AcknowledgementService",
        "AuditService",
        "AuthService",
        "CheckService",
        "CorrectionService",
        "HeadOffice",
        "Services",
        "StaffService",
        "SummaryService",
        "SupervisorTools",
    }
)
"""Classes built only in `services/context.py` (a service may still make its own helpers)."""


def _built_outside_context() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == ROOT / "services" / "context.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in WIRED_IN_CONTEXT:
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} builds {name}")
    return found


def test_services_are_wired_only_in_the_context() -> None:
    assert _built_outside_context() == []


def test_the_summary_module_no_longer_wires() -> None:
    import shiftcheck.services.summary as summary

    assert not hasattr(summary, "supervisor_tools")
    assert not hasattr(summary, "SupervisorTools")


def test_the_faces_build_no_service() -> None:
    """Commands and screens ask the context. `PayrollService` is the exception: it is the report
    itself, made over the source the command chose (this terminal's store or head office's
    database)."""
    found = []
    for path in sorted([*(ROOT / "cli").rglob("*.py"), *(ROOT / "tui").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
                if name.endswith("Service") and name != "PayrollService":
                    found.append(f"{path.name}:{node.lineno} builds {name}")
    assert found == []
