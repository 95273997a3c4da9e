"""Commands print hostile names, notes and reasons as text, and refuse them on input and import."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.records import Correction
from shiftcheck.domain.text import FREE_TEXT_MAX, NAME_MAX
from shiftcheck.services.context import Services, open_services
from shiftcheck.store import DataStore
from tests.supervisor.conftest import at, start_record
from tests.text.conftest import ESCAPE_NAME, ESCAPE_SHOWN, MARKUP_NAME

C1_NAME = "Trudy\x9b2J\u202e"
"""A C1 CSI (clears the screen on terminals that take 8-bit controls) and a bidi override."""


def run(folder: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def no_controls(text: str) -> None:
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), text


@pytest.fixture
def folder(team: Services) -> Path:
    """The seeded team with three hostile names in its staff file, released for commands."""
    store = team.store
    for employee_id, name in (("E002", MARKUP_NAME), ("E003", C1_NAME), ("E004", ESCAPE_NAME)):
        store.save_employee(store.get_employee(employee_id).with_changes(name=name))  # type: ignore[union-attr]
    team.close()
    return team.data_dir


def test_staff_list_prints_names_as_text_and_json_keeps_them_exactly(folder: Path) -> None:
    code, out, err = run(folder, "staff", "list", "--all")
    assert code == 0, err
    no_controls(out)
    assert MARKUP_NAME in out and ESCAPE_SHOWN in out and "Trudy�2J�" in out
    code, out, err = run(folder, "staff", "list", "--format", "json")
    assert code == 0, err
    no_controls(out)
    names = {row["id"]: row["name"] for row in json.loads(out)}
    assert names["E002"] == MARKUP_NAME
    assert names["E003"] == C1_NAME
    assert names["E004"] == ESCAPE_NAME


def test_staff_messages_and_summaries_show_hostile_names_as_text(folder: Path) -> None:
    code, out, err = run(folder, "staff", "deactivate", "E004")
    assert code == 0, err
    no_controls(out)
    assert ESCAPE_SHOWN in out
    for fmt in ("table", "json", "csv"):
        code, out, err = run(folder, "summary", "--date", "2026-11-26", "--format", fmt)
        assert code == 0, err
        no_controls(out)
        assert MARKUP_NAME in out
    code, out, err = run(folder, "summary", "--from", "2026-11-20", "--to", "2026-11-27")
    assert code == 0, err
    no_controls(out)
    assert ESCAPE_SHOWN in out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Eve\x1b]0;pwned\x07", "the name holds a control character"),
        ("Eve\u202eevE", "the name holds a control character"),
        ("Eve\tAdmin", "the name must be one line"),
        ("x" * (NAME_MAX + 1), "the name may be at most 100 characters"),
        ("x" * 1_000_000, "the name may be at most 100 characters"),
    ],
    ids=["escape", "bidi", "tab", "101", "1MB"],
)
def test_staff_add_refuses_control_characters_and_overlong_names(
    folder: Path, name: str, message: str
) -> None:
    code, _, err = run(
        folder, "staff", "add", "--id", "E009", "--name", name, "--pin-stdin", stdin="4826\n"
    )
    assert code == 2 and message in err, err
    no_controls(err)
    s = open_services(folder, writer=False)
    try:
        assert s.store.get_employee("E009") is None
    finally:
        s.close()


CORRECT = ["correct", "--employee", "E004", "--shift-date", "2026-11-26", "--by", "E001"]


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("forgot \x1b[2J", "the reason holds a control character"),
        ("r" * (FREE_TEXT_MAX + 1), "the reason may be at most 2000 characters"),
    ],
    ids=["escape", "2001"],
)
def test_correct_refuses_a_controlled_or_overlong_reason(
    folder: Path, reason: str, message: str
) -> None:
    code, _, err = run(
        folder, *CORRECT, "--clock-out", "18:00", "--reason", reason, "--pin-stdin", stdin="2580\n"
    )
    assert code == 2 and message in err, err
    store = DataStore.open(folder, writer=False)
    try:
        fixes = [d for d in store.all_documents() if isinstance(d, Correction)]
        assert all(f.employee_id != "E004" for f in fixes)
    finally:
        store.close()


def _line(note: str) -> str:
    record = replace(
        start_record("E002", at(25, 9), (Result.PASS, Result.PASS, Result.PASS)),
        answers=(Answer("desk_tidy", Result.FAIL, note=note),),
    )
    return json.dumps(record.to_json(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("note", "problem"),
    [
        ("x" * 1_000_000, "answers[0].note: longer than 2000 characters"),
        ("wiped \x1b]0;pwned\x07", "answers[0].note: holds a control character"),
    ],
    ids=["1MB", "escape"],
)
def test_records_import_refuses_a_1mb_or_controlled_note(
    folder: Path, tmp_path: Path, note: str, problem: str
) -> None:
    good = _line("wiped the desk")
    file = tmp_path / "in.jsonl"
    file.write_text(f"{good}\n{_line(note)}\n", encoding="utf-8")
    code, _, err = run(folder, "records", "import", str(file))
    assert code == 2 and problem in err and "line 2" in err, err
    assert len(err) < 2000  # the refused text is not echoed back
    store = DataStore.open(folder, writer=False)
    try:
        assert len(list(store.all_documents())) == 9  # the seed only: all or none go in
    finally:
        store.close()


def test_payroll_exports_show_a_hostile_name_as_text_and_xlsx_is_written(
    folder: Path, tmp_path: Path
) -> None:
    args = ["export", "payroll", "--from", "2026-11-26", "--to", "2026-11-27"]
    code, out, err = run(folder, *args)
    assert code == 0, err
    no_controls(out)
    assert ESCAPE_SHOWN in out
    code, _, err = run(folder, *args, "-o", str(tmp_path / "pay.xlsx"))
    assert code == 0, err  # openpyxl refused the escape character: the export crashed

    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "pay.xlsx")["Shifts"]
    names = {str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ESCAPE_SHOWN in names and MARKUP_NAME in names
