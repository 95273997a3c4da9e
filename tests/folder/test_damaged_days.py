"""Payroll and summaries over a day whose history went to quarantine: refused, or listed with
--allow-damaged; never fewer hours in silence."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.services.damaged import damaged_days
from shiftcheck.store import CorruptFileError
from tests.conftest import TZ, legacy_supervisor
from tests.folder.conftest import run_cli
from tests.folder.test_damaged_folder import truncate
from tests.services.test_checks import answer_all

PERIOD = ["--from", "2026-11-26", "--to", "2026-11-27"]


@pytest.fixture
def two_days(data_dir: Path) -> Path:
    """E002 worked 08:55–17:35 on 2026-11-26 and 2026-11-27; then the 26th's shard was
    damaged and a writer moved it to quarantine/."""
    clock = ManualClock(datetime(2026, 11, 26, 8, 55, tzinfo=TZ))
    services = open_services(data_dir, clock=clock)
    try:
        legacy_supervisor(services, "E001", "张伟", "2580")
        services.staff.add("E002", "李娜", "2468")
        for _ in range(2):
            for checklist in ("start_of_shift", "end_of_shift"):
                draft = services.checks.begin("E002", checklist)
                services.checks.submit(answer_all(services, draft, clock))
                clock.advance(hours=8, minutes=40)
            clock.advance(hours=6, minutes=40)
    finally:
        services.close()
    truncate(data_dir / "history" / "2026" / "2026-11-26.json")
    with pytest.raises(CorruptFileError):  # a writer finds it damaged and moves it aside
        open_services(data_dir, clock=clock)
    return data_dir


def quarantined(folder: Path) -> str:
    (copy,) = (folder / "quarantine").glob("history__2026__2026-11-26.json.*.damaged")
    return str(copy)


def test_payroll_over_a_damaged_day_exits_1_naming_file_and_day(two_days: Path) -> None:
    code, out, err = run_cli(two_days, "export", "payroll", *PERIOD)
    assert code == 1 and out == ""
    assert quarantined(two_days) in err and "2026-11-26" in err and "--allow-damaged" in err


def test_payroll_with_allow_damaged_lists_the_days(two_days: Path, tmp_path: Path) -> None:
    code, out, err = run_cli(two_days, "export", "payroll", *PERIOD, "--allow-damaged")
    assert code == 0, err
    assert quarantined(two_days) in err and "2026-11-26" in err
    assert out.count("E002") == 1  # only the 27th's shift is left
    target = tmp_path / "p.xlsx"
    code, _, err = run_cli(
        two_days, "export", "payroll", *PERIOD, "--allow-damaged", "-o", str(target)
    )
    assert code == 0, err
    sheet = load_workbook(io.BytesIO(target.read_bytes()))["Export"]
    about = {str(row[0]): str(row[1]) for row in sheet.iter_rows(values_only=True)}
    assert "2026-11-26" in about["damaged days left out"]
    assert quarantined(two_days) in about["damaged days left out"]


def test_a_period_away_from_the_damaged_day_exports_as_usual(two_days: Path) -> None:
    code, _, err = run_cli(
        two_days, "export", "payroll", "--from", "2026-11-29", "--to", "2026-11-30"
    )
    assert code == 0 and err == "", err


@pytest.mark.parametrize(
    "args", [["--date", "2026-11-26"], ["--from", "2026-11-20", "--to", "2026-11-27"]]
)
def test_summary_over_a_damaged_day_exits_1_unless_allowed(two_days: Path, args: list[str]) -> None:
    code, out, err = run_cli(two_days, "summary", *args)
    assert code == 1 and out == "" and quarantined(two_days) in err
    code, out, err = run_cli(two_days, "summary", *args, "--allow-damaged")
    assert code == 0 and "2026-11-26" in err and out


def test_resolved_copies_no_longer_count(two_days: Path, clock: ManualClock) -> None:
    copy = Path(quarantined(two_days))
    (two_days / "quarantine" / "resolved").mkdir()
    copy.rename(two_days / "quarantine" / "resolved" / copy.name)
    services = open_services(two_days, writer=False, clock=clock)
    try:
        first = datetime(2026, 11, 26).date()
        assert damaged_days(services.store, first, first + timedelta(days=1)) == []
    finally:
        services.close()
    assert run_cli(two_days, "export", "payroll", *PERIOD)[0] == 0
