"""`shiftcheck roster import|show|export` on a real data folder, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shiftcheck.domain.records import PlannedShift
from shiftcheck.services.context import Services
from shiftcheck.store import DataStore
from tests.cli.test_cli_core import run
from tests.cli.test_records_roundtrip import empty_folder

HEADER = "employee_id,date,start,end,note\r\n"
GOOD = (
    "\ufeff"
    + HEADER
    + "E002,2026-11-23,09:00,17:00,\r\n"
    + "E003,2026-11-23,22:00,06:00,夜班\r\n"
    + 'E002,2026-11-24,9:30,17:30,"front desk, till 2"\r\n'
)


def plans_in(folder: Path) -> list[PlannedShift]:
    with DataStore.open(folder, writer=False) as store:
        return [d for d in store.all_documents() if isinstance(d, PlannedShift)]


def import_file(
    folder: Path,
    tmp_path: Path,
    text: str | bytes,
    *extra: str,
    by: str = "E001",
    pin: str = "2580",
) -> tuple[int, str, str]:
    path = tmp_path / "roster.csv"
    if isinstance(text, str):
        path.write_text(text, "utf-8", newline="")
    else:
        path.write_bytes(text)
    return run(
        folder, "roster", "import", str(path), "--by", by, "--pin-stdin", *extra, stdin=f"{pin}\n"
    )


@pytest.fixture
def folder(staffed: Services) -> Path:
    """The staffed data folder, closed so the commands can open it."""
    staffed.close()
    return staffed.data_dir


def test_import_a_spreadsheet_file_then_again_changes_nothing(folder: Path, tmp_path: Path) -> None:
    code, out, err = import_file(folder, tmp_path, GOOD)
    assert code == 0, err
    assert "3 added, 0 changed, 0 removed, 0 unchanged" in out
    first = plans_in(folder)
    assert len(first) == 3
    code, out, err = import_file(folder, tmp_path, GOOD)
    assert code == 0, err
    assert "0 added, 0 changed, 0 removed, 3 unchanged" in out
    assert plans_in(folder) == first


BAD_LINES = [
    ("wrong header", "employee,day,from,to\r\nE002,2026-11-23,09:00,17:00\r\n", 1, "header"),
    ("empty file", "", 1, "header"),
    ("unknown employee", HEADER + "E404,2026-11-23,09:00,17:00,\r\n", 2, "employee_id"),
    ("bad employee id", HEADER + "E 2,2026-11-23,09:00,17:00,\r\n", 2, "employee_id"),
    ("bad date", HEADER + "E002,2026-13-01,09:00,17:00,\r\n", 2, "date"),
    ("date as typed", HEADER + "E002,23/11/2026,09:00,17:00,\r\n", 2, "date"),
    ("bad start", HEADER + "E002,2026-11-23,9h,17:00,\r\n", 2, "start"),
    ("bad end", HEADER + "E002,2026-11-23,09:00,24:00,\r\n", 2, "end"),
    ("longer than 16 h", HEADER + "E002,2026-11-23,06:00,23:00,\r\n", 2, "end"),
    ("too few columns", HEADER + "E002,2026-11-23,09:00\r\n", 2, "(line)"),
    ("note with escape", HEADER + "E002,2026-11-23,09:00,17:00,a\x1b[2Jb\r\n", 2, "note"),
    ("note too long", HEADER + "E002,2026-11-23,09:00,17:00," + "x" * 201 + "\r\n", 2, "note"),
    (
        "overlap in the file",
        HEADER + "E002,2026-11-23,09:00,17:00,\r\nE002,2026-11-23,16:00,20:00,\r\n",
        3,
        "start",
    ),
    (
        "overnight overlap in the file",
        HEADER + "E003,2026-11-23,22:00,06:00,\r\nE003,2026-11-24,05:00,09:00,\r\n",
        3,
        "start",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "field"), [b[1:] for b in BAD_LINES], ids=[b[0] for b in BAD_LINES]
)
def test_every_bad_line_is_named_and_nothing_is_imported(
    folder: Path, tmp_path: Path, text: str, line: int, field: str
) -> None:
    good_first = HEADER + "E003,2026-11-30,09:00,17:00,\r\n"
    assert import_file(folder, tmp_path, good_first)[0] == 0
    before = plans_in(folder)
    code, out, err = import_file(folder, tmp_path, text)
    assert code == 2, out
    assert f"line {line}: {field}:" in err and "nothing was imported" in err
    assert plans_in(folder) == before


def test_a_line_overlapping_a_stored_plan_is_refused(folder: Path, tmp_path: Path) -> None:
    assert import_file(folder, tmp_path, GOOD)[0] == 0
    code, _, err = import_file(folder, tmp_path, HEADER + "E002,2026-11-23,16:30,20:00,\r\n")
    assert code == 2
    assert "line 2: start: overlaps the stored plan for E002 on 2026-11-23 09:00-17:00" in err
    assert len(plans_in(folder)) == 3


def test_a_file_that_is_not_utf8_is_refused(folder: Path, tmp_path: Path) -> None:
    text = (HEADER + "E002,2026-11-23,09:00,17:00,café\r\n").encode("latin-1")
    code, _, err = import_file(folder, tmp_path, text)
    assert code == 2 and "not UTF-8 text" in err
    assert plans_in(folder) == []


def test_only_a_supervisor_with_the_right_pin_imports(folder: Path, tmp_path: Path) -> None:
    code, _, err = import_file(folder, tmp_path, GOOD, pin="1111")
    assert code == 2 and "Wrong PIN" in err
    code, _, err = import_file(folder, tmp_path, GOOD, by="E002", pin="2468")
    assert code == 2 and "supervisor" in err.lower()
    assert plans_in(folder) == []


def test_replace_week_outside_line_and_replacement(folder: Path, tmp_path: Path) -> None:
    assert import_file(folder, tmp_path, GOOD)[0] == 0
    code, _, err = import_file(
        folder,
        tmp_path,
        HEADER + "E002,2026-12-01,09:00,17:00,\r\n",
        "--replace-week",
        "2026-11-25",
    )
    assert code == 2 and "line 2: date:" in err
    code, out, err = import_file(
        folder,
        tmp_path,
        HEADER + "E002,2026-11-23,09:00,17:00,\r\n",
        "--replace-week",
        "2026-11-25",
    )
    assert code == 0, err
    assert "0 added, 0 changed, 2 removed, 1 unchanged" in out


def test_show_table_json_csv_and_export_round_trip(folder: Path, tmp_path: Path) -> None:
    assert import_file(folder, tmp_path, GOOD)[0] == 0
    code, out, err = run(folder, "roster", "show", "--week", "2026-11-26")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Employee", "Name", "Date", "Day", "Start", "End", "Hours", "Note"]
    assert "22:00  06:00+1" in out and "8.00" in out and "夜班" in out
    assert "3 planned shifts, 24.00 h, 2026-11-23 to 2026-11-29." in out
    code, out, _ = run(folder, "roster", "show", "--week", "2026-11-26", "--format", "json")
    data = json.loads(out)
    assert data["week"] == {"first": "2026-11-23", "last": "2026-11-29"}
    assert [p["planned_minutes"] for p in data["plans"]] == [480, 480, 480]
    assert data["plans"][2]["note"] == "front desk, till 2"
    code, out, _ = run(folder, "roster", "show", "--week", "2026-11-26", "--format", "csv")
    assert out.splitlines()[0] == "employee_id,date,start,end,note"
    assert '"front desk, till 2"' in out
    empty = run(folder, "roster", "show", "--week", "2026-12-10")[1]
    assert "No planned shifts from 2026-12-07 to 2026-12-13." in empty
    exported = tmp_path / "out.csv"
    code, _, err = run(folder, "roster", "export", "--output", str(exported))
    assert code == 0, err
    before = plans_in(folder)
    code, out, err = import_file(folder, tmp_path, exported.read_text("utf-8"))
    assert code == 0, err
    assert "3 unchanged" in out and plans_in(folder) == before


def test_show_speaks_chinese(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert import_file(folder, tmp_path, GOOD)[0] == 0
    monkeypatch.setenv("SHIFTCHECK_LANG", "zh-CN")
    code, out, _ = run(folder, "roster", "show", "--week", "2026-11-23")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["工号", "姓名", "日期"]
    assert "2026-11-23 至 2026-11-29：3 个计划班次，共 24.00 小时。" in out


def test_a_backup_carries_the_roster_and_restores_it(folder: Path, tmp_path: Path) -> None:
    assert import_file(folder, tmp_path, GOOD)[0] == 0
    plans = plans_in(folder)
    backup = tmp_path / "backup.jsonl"
    code, _, err = run(folder, "records", "export", "-o", str(backup))
    assert code == 0, err
    assert backup.read_text("utf-8").count('"schema":"shiftcheck.roster/1"') == 3
    restored = empty_folder(tmp_path)
    code, out, err = run(restored, "records", "import", str(backup))
    assert code == 0, err
    assert sorted(p.id for p in plans_in(restored)) == sorted(p.id for p in plans)
    code, out, _ = run(restored, "roster", "show", "--week", "2026-11-23")
    assert "3 planned shifts" in out
