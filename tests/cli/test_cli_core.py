"""The command line: staff, records import/export, config errors, bad arguments (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import LAZY_COMMANDS, LazyGroup, cli
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from tests.services.test_checks import answer_all


def run(data_dir: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_every_registered_command_loads() -> None:
    loaded = {name: LazyGroup._load(name) for name in LAZY_COMMANDS}
    assert loaded["staff"] is not None and loaded["records"] is not None
    assert loaded["checklists"] is not None


def test_staff_add_list_deactivate_reset_unlock(data_dir: Path) -> None:
    code, out, err = run(
        data_dir,
        "staff",
        "add",
        "--id",
        "E001",
        "--name",
        "张伟",
        "--role",
        "supervisor",
        "--pin-stdin",
        stdin="258036\n",
    )
    assert code == 0, err
    assert "E001" in out
    code, out, _ = run(
        data_dir,
        "staff",
        "add",
        "--id",
        "E002",
        "--name",
        "Amy Chen",
        "--lang",
        "en",
        "--pin-stdin",
        stdin="2468\n",
    )
    assert code == 0
    code, out, _ = run(data_dir, "staff", "list", "--format", "json")
    rows = json.loads(out)
    assert [(r["id"], r["role"], r["language"]) for r in rows] == [
        ("E001", "supervisor", "zh-CN"),
        ("E002", "staff", "en"),
    ]
    assert "pin" not in out.lower()
    assert run(data_dir, "staff", "deactivate", "E002")[0] == 0
    code, out, _ = run(data_dir, "staff", "list")
    assert "E002" not in out and "张伟" in out
    assert "E002" in run(data_dir, "staff", "list", "--all")[1]
    assert run(data_dir, "staff", "reset-pin", "E001", "--pin-stdin", stdin="864213\n")[0] == 0
    assert run(data_dir, "staff", "unlock", "E001")[0] == 0
    assert run(data_dir, "staff", "unlock", "--terminal")[0] == 0


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("staff", "add", "--id", "E1", "--name", "x", "--pin-stdin"), "1234\n", "too easy"),
        (("staff", "add", "--id", "E1", "--name", "x", "--pin-stdin"), "12\n", "4 to 8"),
        (("staff", "add", "--id", "E 1", "--name", "x", "--pin-stdin"), "2580\n", "not valid"),
        (("staff", "add", "--id", "E1", "--name", "x", "--role", "boss"), None, "boss"),
        (("staff", "deactivate", "E404"), None, "no employee with id E404"),
        (("staff", "unlock"), None, "EMPLOYEE_ID or --terminal"),
        (("records", "export", "--from", "2026-13-01"), None, "not a date"),
        (("records", "export", "--from", "2026-11-27", "--to", "2026-11-01"), None, "after"),
    ],
)
def test_bad_arguments_exit_2_and_change_nothing(
    data_dir: Path, args: tuple[str, ...], stdin: str | None, message: str
) -> None:
    before = sorted(p.name for p in data_dir.iterdir())
    code, _out, err = run(data_dir, *args, stdin=stdin)
    assert code == 2
    assert message in err
    after = sorted(p.name for p in data_dir.iterdir())
    assert "staff.json" not in set(after) - set(before)


def test_pin_never_echoed_in_errors(data_dir: Path) -> None:
    code, out, err = run(
        data_dir, "staff", "add", "--id", "E1", "--name", "x", "--pin-stdin", stdin="1111\n"
    )
    assert code == 2 and "1111" not in out + err


def test_broken_config_is_named(data_dir: Path) -> None:
    (data_dir / "config.toml").write_text(
        'store_id = "S001"\ntimezone = "Mars/Base"\n[payroll]\nrounding_minutes = 7\n',
        encoding="utf-8",
    )
    code, _, err = run(data_dir, "staff", "list")
    assert code == 2
    assert "timezone" in err and "Mars/Base" in err
    assert "payroll.rounding_minutes" in err


def _seed(data_dir: Path, clock: ManualClock) -> None:
    s = open_services(data_dir, clock=clock)
    try:
        s.staff.add("E002", "李娜", "2468")
        s.checks.submit(answer_all(s, s.checks.begin("E002", "start_of_shift"), clock))
        clock.advance(hours=8)
        s.checks.submit(answer_all(s, s.checks.begin("E002", "end_of_shift"), clock))
    finally:
        s.close()


def split_export(text: str) -> tuple[list[str], list[str]]:
    """The staff directory lines and the document lines of a `records export`."""
    lines = text.split("\n")
    assert lines[-1] == ""
    staff = [line for line in lines[:-1] if '"schema":"shiftcheck.staff/1"' in line]
    return staff, lines[len(staff) : -1]


def test_records_export_then_import_elsewhere_is_idempotent(
    data_dir: Path, tmp_path: Path, clock: ManualClock
) -> None:
    _seed(data_dir, clock)
    out_file = tmp_path / "out.jsonl"
    code, _, err = run(
        data_dir,
        "records",
        "export",
        "--from",
        "2026-11-27",
        "--to",
        "2026-11-27",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    staff, lines = split_export(out_file.read_text(encoding="utf-8"))
    assert [json.loads(line)["name"] for line in staff] == ["李娜"]
    assert [json.loads(line)["checklist"] for line in lines] == ["start_of_shift", "end_of_shift"]
    assert all(json.loads(line)["schema"] == "shiftcheck.record/1" for line in lines)

    other = tmp_path / "other"
    other.mkdir()
    (other / "config.toml").write_text((data_dir / "config.toml").read_text(), encoding="utf-8")
    code, out, _ = run(other, "records", "import", str(out_file))
    assert code == 0 and "added 2" in out
    code, out, _ = run(other, "records", "import", str(out_file))
    assert code == 0 and "added 0" in out and "already there 2" in out
    _, exported, _ = run(other, "records", "export")
    assert split_export(exported)[1] == lines


def test_import_with_one_bad_line_imports_nothing(
    data_dir: Path, tmp_path: Path, clock: ManualClock
) -> None:
    _seed(data_dir, clock)
    _, text, _ = run(data_dir, "records", "export")
    lines = split_export(text)[1]
    broken = json.loads(lines[1])
    broken["started_at"] = "2026-11-27 08:00"  # no UTC offset
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n" + json.dumps(broken) + "\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "config.toml").write_text((data_dir / "config.toml").read_text(), encoding="utf-8")
    code, _, err = run(other, "records", "import", str(bad))
    assert code == 2
    assert "line 2" in err and "started_at" in err and "nothing was imported" in err
    assert split_export(run(other, "records", "export")[1]) == ([], [])

    changed = json.loads(lines[0])
    changed["employee_id"] = "E999"
    conflict = tmp_path / "conflict.jsonl"
    conflict.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    code, _, err = run(data_dir, "records", "import", str(conflict))
    assert code == 2 and "different content" in err


def test_import_refuses_another_stores_records(
    data_dir: Path, tmp_path: Path, clock: ManualClock
) -> None:
    _seed(data_dir, clock)
    _, text, _ = run(data_dir, "records", "export")
    first = json.loads(split_export(text)[1][0])
    first["store_id"] = "S002"
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps(first) + "\n", encoding="utf-8")
    code, _, err = run(data_dir, "records", "import", str(f))
    assert code == 2 and "S002" in err


def test_checklists_show_json_and_text(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "checklists", "show", "end_of_shift", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "end_of_shift"
    kinds = {i["id"]: i["kind"] for s in data["sections"] for i in s["items"]}
    assert kinds["registration_forms_handed_in"] == "count"
    assert kinds["pending_questions"] == "text"
    code, out, _ = run(data_dir, "checklists", "show", "start_of_shift", "--lang", "en")
    assert code == 0 and "Uniform clean and neat" in out
    code, out, _ = run(data_dir, "checklists", "show", "start_of_shift")
    assert "工作服整齐、干净" in out
    assert run(data_dir, "checklists", "show", "lunch")[0] == 2
