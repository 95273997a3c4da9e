"""`summary --format csv|json`: files a spreadsheet can take, written the way payroll's are."""

from __future__ import annotations

import csv
import io
import json
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from shiftcheck.cli import cli
from shiftcheck.domain.records import Correction
from shiftcheck.services.context import Services
from shiftcheck.services.summary_files import DAY_FIELDS
from tests.supervisor.conftest import Seed, at
from tests.sync.conftest import ADMIN_URL

DAY = ["summary", "--date", "2026-11-26"]
PERIOD = ["summary", "--from", "2026-11-23", "--to", "2026-11-26"]


def run(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--data-dir", str(folder), *args])


@pytest.fixture
def folder(team: Services, seed: Seed) -> Path:
    """The seeded team, with a second correction whose reason a spreadsheet would run."""
    e004 = next(s for s in seed.documents() if getattr(s, "employee_id", "") == "E004")
    for hour, reason, made in ((18, '=HYPERLINK("http://x")', 9), (19, "CCTV; left at 19:00", 10)):
        team.store.add(
            Correction(
                id=str(uuid.uuid4()),
                store_id="S001",
                employee_id="E004",
                target=e004.id,
                field="clock_out",
                value=at(26, hour),
                reason=reason,
                by="E001",
                at=at(27, made, 30 if hour == 18 else 0),
            )
        )
    team.close()
    return team.data_dir


def table(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_day_csv_is_flat_with_bom_crlf_and_neutralised_text(folder: Path) -> None:
    result = run(folder, *DAY, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {r["employee_id"]: r for r in table(result.stdout_bytes)}
    text = result.stdout_bytes.decode("utf-8-sig")
    assert "{" not in text and "[" not in text  # no Python repr of a dict or a list
    e002, e004 = rows["E002"], rows["E004"]
    assert e002["date"] == "2026-11-26"
    assert e002["start_failed_items"] == "desk_tidy;phone_working"
    assert (e002["worked_hours"], e002["paid_hours"]) == ("9.17", "9.17")
    assert e002["correction_1_by"] == ""
    assert [e004[f"correction_1_{k}"] for k in ("field", "value", "by", "at", "reason")] == [
        "clock_out",
        "2026-11-26T18:00:00+08:00",
        "E001",
        "2026-11-27T09:30:00+08:00",
        '\'=HYPERLINK("http://x")',  # neutralised like payroll's cells
    ]
    assert e004["correction_2_reason"] == "CCTV; left at 19:00"
    assert e004["flags"] == "corrected"
    assert e004["paid_hours"] == "9.00"
    assert rows["E004"]["clock_out"] == "2026-11-26T19:00:00+08:00"
    no_bom = run(folder, *DAY, "--format", "csv", "--no-bom").stdout_bytes
    assert no_bom == result.stdout_bytes[len("\ufeff".encode()) :]


def test_period_csv_has_one_column_per_failed_item(folder: Path) -> None:
    result = run(folder, *PERIOD, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {r["employee_id"]: r for r in table(result.stdout_bytes)}
    assert "{" not in result.stdout_bytes.decode("utf-8-sig")
    e002 = rows["E002"]
    assert (e002["failed_items"], e002["failed_desk_tidy"], e002["failed_phone_working"]) == (
        "2",
        "1",
        "1",
    )
    assert rows["E003"]["failed_customer_info_secured"] == "1"
    assert rows["E003"]["failed_desk_tidy"] == "0"


def test_json_hours_are_numbers_like_payroll(folder: Path) -> None:
    result = run(folder, *DAY, "--format", "json")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert '"paid_hours": 9.17' in text and '"paid_hours": "' not in text
    data = json.loads(text, parse_float=Decimal)
    assert all(tuple(r) == DAY_FIELDS for r in data["rows"])  # the CSV's columns, in order
    assert data["totals"]["worked_hours"] == Decimal("35.17")  # 26.17 + E004 10:00–19:00
    e004 = next(r for r in data["rows"] if r["employee_id"] == "E004")
    assert [c["reason"] for c in e004["corrections"]] == [
        '=HYPERLINK("http://x")',  # JSON keeps the text as it is
        "CCTV; left at 19:00",
    ]
    period = run(folder, *PERIOD, "--format", "json")
    assert json.loads(period.stdout)["employees"][1]["failed_by_item"] == {
        "desk_tidy": 1,
        "phone_working": 1,
    }


def test_unreadable_central_database_is_reported_as_a_report(folder: Path) -> None:
    """Connected, but the schema is not there: the message speaks of the report, not a sync."""
    url = ADMIN_URL.split("?")[0] + "?schema=no_such_shiftcheck_schema"
    result = run(folder, *DAY, "--source", url, "--store", "S001")
    assert result.exit_code == 1
    assert "could not read the central database" in result.stderr
    assert "for this report" in result.stderr
    assert "sync" not in result.stderr and "outbox" not in result.stderr
    period = ["--from", "2026-11-23", "--to", "2026-11-26", "--source", url, "--store", "S001"]
    exported = run(folder, "export", "payroll", *period)
    assert exported.exit_code == 1 and "for this report" in exported.stderr
    assert "outbox" not in exported.stderr and exported.stdout == ""
