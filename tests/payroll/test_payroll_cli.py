"""`shiftcheck export payroll` as a user runs it: output, exit codes, messages, files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from tests.payroll.conftest import GOLDEN

WEEK = ["--from", "2026-11-23", "--to", "2026-11-29"]


def run(data_dir: Path, *args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "export", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def test_csv_to_stdout_matches_golden(shanghai: Path) -> None:
    code, out, err = run(shanghai, "payroll", *WEEK)
    assert code == 0, err
    assert out == (GOLDEN / "shanghai-week-round0.csv").read_bytes()


def test_no_bom_totals_and_employee_filter(shanghai: Path) -> None:
    code, out, _ = run(shanghai, "payroll", *WEEK, "--no-bom", "--totals", "--employee", "E003")
    assert code == 0
    text = out.decode("utf-8")
    assert not text.startswith("\ufeff")
    assert text.splitlines() == [
        "employee_id,employee_name,shifts,paid_hours,regular_hours,overtime_hours,open_shifts,"
        "checks_missed,failed_items,forms_handed_in",
        "E003,Amy Chen,3,30.00,24.00,6.00,0,0,2,3",
    ]


def test_json_and_profiles(shanghai: Path) -> None:
    code, out, _ = run(shanghai, "payroll", *WEEK, "--format", "json", "--employee", "E002")
    rows = json.loads(out)
    assert {r["employee_id"] for r in rows} == {"E002"} and len(rows) == 7
    code, out, _ = run(shanghai, "payroll", *WEEK, "--profile", "gusto", "--no-bom")
    assert code == 0 and out.decode().splitlines()[0] == (
        "first_name,last_name,regular_hours,overtime_hours"
    )
    code, out, _ = run(shanghai, "profiles")
    lines = out.decode().splitlines()
    assert code == 0 and lines[0].split()[:2] == ["Profile", "Title"]
    assert [line.split()[0] for line in lines[1:]] == ["generic", "gusto", "quickbooks"]


def test_xlsx_file_written_and_replaced_only_with_force(shanghai: Path, tmp_path: Path) -> None:
    target = tmp_path / "week.xlsx"
    code, _, err = run(shanghai, "payroll", *WEEK, "-o", str(target))
    assert code == 0 and "wrote 12 shifts, 4 employees" in err
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Shifts", "Totals", "Export"]
    before = target.read_bytes()
    target.write_bytes(b"someone else's file")
    code, _, err = run(shanghai, "payroll", *WEEK, "-o", str(target))
    assert code == 2 and "already exists; add --force" in err
    assert target.read_bytes() == b"someone else's file"
    code, _, _ = run(shanghai, "payroll", *WEEK, "-o", str(target), "--force")
    assert code == 0 and target.read_bytes() == before
    openpyxl.load_workbook(io.BytesIO(target.read_bytes()))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2026-11-29", "--to", "2026-11-23"],
            "--from 2026-11-29 is after --to 2026-11-23",
        ),
        (["--from", "2026-13-01", "--to", "2026-11-23"], "'2026-13-01' is not a date"),
        ([*WEEK, "--employee", "E999"], "no employee with id E999"),
        (
            [*WEEK, "--profile", "sage"],
            "unknown export profile sage; known profiles: generic, gusto",
        ),
        ([*WEEK, "--format", "xlsx"], "XLSX is a binary file: give -o FILE.xlsx"),
        ([*WEEK, "--format", "pdf"], "'pdf' is not one of"),
    ],
)
def test_bad_input_exits_2_with_message_and_writes_nothing(
    shanghai: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, out, err = run(shanghai, "payroll", *args)
    assert code == 2
    assert message in err
    assert out == b""
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_unwritable_paths_exit_2_and_leave_nothing(shanghai: Path, tmp_path: Path) -> None:
    code, _, err = run(shanghai, "payroll", *WEEK, "-o", str(tmp_path / "missing" / "w.csv"))
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "missing").exists()
    code, _, err = run(shanghai, "payroll", *WEEK, "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err
    # /proc takes no new files, whoever runs the test (root included)
    code, _, err = run(shanghai, "payroll", *WEEK, "-o", "/proc/week.csv")
    assert code == 2 and "cannot write /proc/week.csv" in err and "no file was written" in err
    assert not Path("/proc/week.csv").exists()
    a_file = tmp_path / "plain"
    a_file.write_text("x")
    code, _, err = run(shanghai, "payroll", *WEEK, "-o", str(a_file / "w.csv"))
    assert code == 2 and "does not exist" in err


def test_messages_in_chinese(shanghai: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHIFTCHECK_LANG", "zh-CN")
    code, _, err = run(shanghai, "payroll", *WEEK, "--employee", "E999")
    assert code == 2 and "员工名单中没有编号为 E999 的员工" in err
