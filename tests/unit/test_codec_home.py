"""The performance layer has one home, `store/codec.py`: the fast JSON libraries, the remembered
answers and the collector pause live there; the domain keeps nothing of what it decoded, and the
services leave the collector to the store, which pauses it where it decodes in bulk."""

from __future__ import annotations

import ast
import gc
import importlib
import pkgutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import shiftcheck.domain
from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.records import document_from_json
from shiftcheck.store import DataStore, codec
from tests.unit.factories import start

ROOT = Path(__file__).resolve().parents[2] / "shiftcheck"
SH = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 27, 8, 55, 2, tzinfo=SH)


def imported_names(path: Path) -> Iterator[str]:
    """Every module `path` imports, and every name it imports from one."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or ""
            yield from (alias.name for alias in node.names)


def modules_importing(names: set[str], under: Path = ROOT) -> list[str]:
    """Modules below `under` that import one of `names` (a module, or a name from one)."""
    found: list[str] = []
    for path in under.rglob("*.py"):
        imported = set(imported_names(path))
        if names & (imported | {n.split(".")[0] for n in imported}):
            found.append(str(path.relative_to(ROOT)))
    return sorted(found)


def test_only_the_codec_imports_the_fast_json_libraries() -> None:
    assert modules_importing({"orjson", "msgspec"}) == ["store/codec.py"]


def test_services_leave_the_collector_to_the_store() -> None:
    assert modules_importing({"gc", "many_objects"}, ROOT / "services") == []


def sizes_of_domain_state() -> dict[str, int]:
    """The size of every container and function cache held at module level in the domain."""
    sizes: dict[str, int] = {}
    for info in pkgutil.walk_packages(shiftcheck.domain.__path__, "shiftcheck.domain."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, dict | set | list):
                sizes[f"{info.name}.{name}"] = len(value)
            elif callable(cache_info := getattr(value, "cache_info", None)):
                sizes[f"{info.name}.{name}()"] = cache_info().currsize
    return sizes


def record(n: int) -> dict[str, object]:
    answers = (Answer("uniform_clean", Result.PASS), Answer("grooming", Result.FAIL, note=f"{n}"))
    return start("E002", AT + timedelta(days=n), answers=answers).to_json()


def test_the_domain_keeps_nothing_of_what_it_decoded() -> None:
    before = sizes_of_domain_state()
    data = record(1)
    first, again = document_from_json(data), document_from_json(dict(data))
    for n in range(200):
        document_from_json(record(n))
    assert sizes_of_domain_state() == before
    assert first == again
    assert first.answers[0] is not again.answers[0]  # type: ignore[union-attr]


def test_the_codec_reads_as_the_domain_does_and_remembers_answers() -> None:
    data = record(1)
    first, again = codec.document_from_json(data), codec.document_from_json(dict(data))
    assert first == again == document_from_json(data)
    assert first.answers[0] is again.answers[0]  # type: ignore[union-attr]
    bad = {**data, "checklist": "lunch", "answers": "none"}
    with pytest.raises(ValueError) as ours:
        codec.document_from_json(bad)
    with pytest.raises(ValueError) as domains:
        document_from_json(bad)
    assert (
        str(ours.value)
        == str(domains.value)
        == ("checklist: expected one of start_of_shift, end_of_shift")
    )


@pytest.fixture
def collector_runs() -> Iterator[list[int]]:
    """The generation of each run of the cycle collector while the test runs."""
    runs: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.collect()
    gc.callbacks.append(seen)
    try:
        yield runs
    finally:
        gc.callbacks.remove(seen)


def test_bulk_decoding_runs_without_the_collector(collector_runs: list[int]) -> None:
    lines = b"\n".join(codec.encode(record(n)) for n in range(3_000))
    del collector_runs[:]
    docs = codec.decode_lines(lines)
    assert docs is not None and len(docs) == 3_000
    assert len(collector_runs) <= 1 and gc.isenabled()  # at most one, once done


def test_reading_the_history_runs_without_the_collector(
    tmp_path: Path, collector_runs: list[int]
) -> None:
    docs = [document_from_json(record(n)) for n in range(400)]
    with DataStore.open(tmp_path / "data") as store:
        assert store.add_many(docs, local=True) == 400
    with DataStore.open(tmp_path / "data", writer=False) as reader:
        del collector_runs[:]
        found = reader.history(AT - timedelta(days=1), AT + timedelta(days=400))
    assert len(found) == 400
    assert len(collector_runs) <= 1 and gc.isenabled()  # at most one, once done
