"""`shiftcheck summary` and `shiftcheck correct` over the seeded team (real clock: the seeded
days are in the past)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from shiftcheck.cli import cli
from shiftcheck.domain.records import Correction
from shiftcheck.services.context import Services, open_services


@pytest.fixture
def folder(team: Services) -> Path:
    """The seeded data folder, released so that commands can open it."""
    team.close()
    return team.data_dir


def run(folder: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--data-dir", str(folder), *args], input=stdin)


def corrections(folder: Path) -> list[Correction]:
    s = open_services(folder, writer=False)
    try:
        return [d for d in s.store.all_documents() if isinstance(d, Correction)]
    finally:
        s.close()


def day_json(folder: Path) -> dict[str, object]:
    result = run(folder, "summary", "--date", "2026-11-26", "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout, parse_float=Decimal)
    return data


def test_day_summary_json_matches_the_screen(folder: Path) -> None:
    data = day_json(folder)
    assert data["totals"] == {
        "employees": 4,
        "shifts": 4,
        "on_shift": 0,
        "checked_out": 3,
        "missing_checks": 1,
        "failed_items": 4,
        "forms": 7,
        "worked_hours": Decimal("26.17"),
        "paid_hours": Decimal("26.17"),
    }
    assert (
        '"paid_hours": 26.17'
        in run(folder, "summary", "--date", "2026-11-26", "--format", "json").stdout
    )
    rows = {r["employee_id"]: r for r in data["rows"]}  # type: ignore[attr-defined]
    assert rows["E001"]["corrections"][0]["reason"] == "forgot to check out"
    assert rows["E003"]["clock_out"] == "2026-11-27T06:30:00+08:00"
    assert rows["E004"]["flags"] == ["open", "long"]


def test_day_summary_table_and_period_csv(folder: Path) -> None:
    table = run(folder, "summary", "--date", "2026-11-26")
    assert table.exit_code == 0
    assert "Team · 2026-11-26 Thursday" in table.stdout
    assert "06:30+1" in table.stdout and "1 failed" in table.stdout
    assert "failed items 4 · forms 7 · worked 26.17 h · paid 26.17 h" in table.stdout
    assert "Clock-out set to 17:30 by E001" in table.stdout
    csv = run(folder, "summary", "--from", "2026-11-23", "--to", "2026-11-26", "--format", "csv")
    assert csv.exit_code == 0
    lines = csv.stdout.splitlines()
    assert lines[0].startswith(
        "\ufeffemployee_id,name,shifts,checks_done,checks_expected,completion"
    )
    assert lines[2].startswith("E002,李娜,1,2,2,1.0,2,")
    period = run(
        folder, "summary", "--from", "2026-11-23", "--to", "2026-11-26", "--format", "json"
    )
    items = json.loads(period.stdout)["items"]
    assert [(i["item"], i["failed"], i["answered"]) for i in items[:2]] == [
        ("desk_tidy", 2, 4),  # 50 %, more failures first on a tie
        ("customer_info_secured", 1, 2),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2099-01-01"], "2099-01-01 is in the future"),
        (["--date", "2026-11-26", "--from", "2026-11-20"], "either --date or --from/--to"),
        (["--from", "2026-11-20"], "needs both --from and --to"),
        (["--from", "2026-11-26", "--to", "2026-11-20"], "ends (2026-11-20) before it starts"),
        (["--date", "26/11/2026"], "is not a date"),
    ],
)
def test_summary_bad_input(folder: Path, args: list[str], message: str) -> None:
    result = run(folder, "summary", *args)
    assert result.exit_code == 2
    assert message in result.stderr


CORRECT = ["correct", "--employee", "E004", "--shift-date", "2026-11-26", "--by", "E001"]


def test_correct_a_forgotten_clock_out(folder: Path) -> None:
    result = run(
        folder,
        *CORRECT,
        "--clock-out",
        "18:00",
        "--reason",
        "forgot",
        "--pin-stdin",
        stdin="2580\n",
    )
    assert result.exit_code == 0, result.output
    assert "E004" in result.stdout and "2026-11-26 18:00" in result.stdout
    row = next(r for r in day_json(folder)["rows"] if r["employee_id"] == "E004")  # type: ignore[attr-defined]
    assert (row["paid_hours"], row["flags"]) == (Decimal("8.00"), ["corrected"])
    assert row["corrections"][0]["by"] == "E001"


def test_correct_with_a_next_day_clock_out(folder: Path) -> None:
    result = run(
        folder,
        *CORRECT,
        "--clock-out",
        "2026-11-27T01:00",
        "--reason",
        "stocktake",
        "--pin-stdin",
        stdin="2580\n",
    )
    assert result.exit_code == 0, result.output
    row = next(r for r in day_json(folder)["rows"] if r["employee_id"] == "E004")  # type: ignore[attr-defined]
    assert row["paid_hours"] == Decimal("15.00")


@pytest.mark.parametrize(
    ("args", "pin", "message"),
    [
        (["--clock-out", "18:00", "--reason", "x"], "1111", "Wrong PIN"),
        (["--clock-out", "09:00", "--reason", "x"], "2580", "is not after the clock-in"),
        (["--clock-out", "18:00", "--reason", "  "], "2580", "needs a reason"),
        (["--clock-out", "18:00", "--clock-in", "09:00", "--reason", "x"], "2580", "exactly one"),
        (["--clock-out", "6pm", "--reason", "x"], "2580", "is not a time"),
    ],
)
def test_bad_corrections_change_nothing(
    folder: Path, args: list[str], pin: str, message: str
) -> None:
    result = run(folder, *CORRECT, *args, "--pin-stdin", stdin=pin + "\n")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(corrections(folder)) == 1


def test_staff_cannot_correct_and_unknown_employees_are_named(folder: Path) -> None:
    staff = run(
        folder,
        "correct",
        "--employee",
        "E004",
        "--shift-date",
        "2026-11-26",
        "--clock-out",
        "18:00",
        "--reason",
        "x",
        "--by",
        "E002",
        "--pin-stdin",
        stdin="2468\n",
    )
    assert staff.exit_code == 2 and "E002 is not a supervisor" in staff.stderr
    unknown = run(
        folder,
        "correct",
        "--employee",
        "E999",
        "--shift-date",
        "2026-11-26",
        "--clock-out",
        "18:00",
        "--reason",
        "x",
        "--by",
        "E001",
        "--pin-stdin",
        stdin="2580\n",
    )
    assert unknown.exit_code == 2 and "no employee with id E999" in unknown.stderr
    assert len(corrections(folder)) == 1
