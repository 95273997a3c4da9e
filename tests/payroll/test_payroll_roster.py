"""Payroll with a roster: flags, planned columns and totals; without one, the same bytes as
before (the other golden files prove that part)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shiftcheck.config import ConfigError, RosterConfig, load_config, parse_config
from shiftcheck.domain.records import PlannedShift
from shiftcheck.domain.roster import FLAG_EARLY_LEAVE, FLAG_LATE, FLAG_UNSCHEDULED, RosterRules
from shiftcheck.services.context import open_services, save_config
from shiftcheck.services.export_profiles import load_profile
from shiftcheck.services.payroll import PayrollReport, PayrollService
from shiftcheck.services.payroll_writers import Format, render
from shiftcheck.store import DataStore
from tests.payroll.conftest import golden
from tests.payroll.test_payroll_rules import WEEK

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=SH)
PLANS = [
    ("E002", 23, "09:00", "17:30"),  # on time
    ("E002", 24, "22:00", "06:00"),  # overnight, on time
    ("E002", 25, "09:30", "20:30"),  # in at 10:02:59: late
    ("E002", 26, "09:00", "17:00"),  # still open: neither late nor early
    ("E002", 27, "09:00", "18:00"),  # corrected out at 17:10: early leave
    ("E003", 23, "08:00", "18:30"),
    ("E003", 27, "09:00", "17:00"),  # never came: no-show
]


def add_roster(folder: Path) -> None:
    """The plans above, with fixed ids (so the golden files hold fixed bytes)."""
    docs = []
    for n, (employee, day, begin, end) in enumerate(PLANS):
        docs.append(
            PlannedShift(
                id=str(uuid.UUID(int=1000 + n)),
                plan=str(uuid.UUID(int=2000 + n)),
                store_id="S001",
                employee_id=employee,
                day=date(2026, 11, day),
                start=time.fromisoformat(begin),
                end=time.fromisoformat(end),
                note="",
                deleted=False,
                by="E001",
                at=datetime(2026, 11, 20, 18, 0, tzinfo=SH),
            )
        )
    with DataStore.open(folder) as store:
        store.add_many(docs, local=True)


def roster_report(folder: Path) -> PayrollReport:
    s = open_services(folder, writer=False)
    try:
        return PayrollService(s.store, s.config, now=NOW).report(*WEEK)
    finally:
        s.close()


def test_rows_carry_roster_flags_and_planned_times(shanghai: Path) -> None:
    add_roster(shanghai)
    report = roster_report(shanghai)
    assert report.has_roster
    flags = {(r.employee_id, r.date.day): r.flags for r in report.rows}
    assert flags[("E002", 23)] == ()
    assert flags[("E002", 24)] == ()
    assert FLAG_LATE in flags[("E002", 25)]
    assert FLAG_LATE not in flags[("E002", 26)] and FLAG_EARLY_LEAVE not in flags[("E002", 26)]
    assert FLAG_EARLY_LEAVE in flags[("E002", 27)]
    assert FLAG_UNSCHEDULED in flags[("E002", 28)]
    assert FLAG_UNSCHEDULED in flags[("E001", 29)]
    night = next(r for r in report.rows if (r.employee_id, r.date.day) == ("E002", 24))
    assert night.planned_start is not None and night.planned_end is not None
    assert night.planned_start.isoformat() == "2026-11-24T22:00:00+08:00"
    assert night.planned_end.isoformat() == "2026-11-25T06:00:00+08:00"
    assert night.planned_minutes == Decimal(480)
    totals = {t.employee_id: t for t in report.totals}
    assert (totals["E002"].late, totals["E002"].no_shows) == (1, 0)
    assert totals["E002"].planned_hours == Decimal("44.50")
    assert (totals["E003"].late, totals["E003"].no_shows) == (0, 1)
    assert totals["E003"].planned_hours == Decimal("18.50")
    assert (totals["E001"].late, totals["E001"].no_shows, totals["E001"].planned_hours) == (
        0,
        0,
        Decimal("0.00"),
    )


@pytest.mark.parametrize(
    ("profile", "fmt", "totals"),
    [("generic", "csv", False), ("generic", "csv", True), ("generic", "json", True)],
)
def test_golden_files_with_a_roster(
    shanghai: Path, profile: str, fmt: Format, totals: bool
) -> None:
    add_roster(shanghai)
    data = render(roster_report(shanghai), load_profile(profile, shanghai), fmt, totals=totals)
    golden(f"shanghai-week-roster-{profile}{'-totals' if totals else ''}.{fmt}", data)


def test_without_a_roster_no_roster_column_or_flag(shanghai: Path) -> None:
    report = roster_report(shanghai)
    assert not report.has_roster
    text = render(report, load_profile("generic", shanghai), "csv").decode("utf-8-sig")
    assert "planned_start" not in text and "late" not in text.splitlines()[0]
    totals = render(report, load_profile("generic", shanghai), "csv", totals=True)
    assert b"no_shows" not in totals
    assert all(r.planned_start is None for r in report.rows)
    assert not any(FLAG_UNSCHEDULED in r.flags for r in report.rows)


def test_a_profile_without_roster_columns_still_gets_the_flags(shanghai: Path) -> None:
    add_roster(shanghai)
    data = render(roster_report(shanghai), load_profile("quickbooks", shanghai), "csv")
    assert b"planned_start" not in data


def test_the_roster_section_of_config_sets_the_grace(shanghai: Path) -> None:
    add_roster(shanghai)
    config = load_config(shanghai)
    assert config is not None and config.roster == RosterConfig()
    assert config.roster.rules() == RosterRules(5, 5, 60)
    save_config(shanghai, config.model_copy(update={"roster": RosterConfig(late_grace_minutes=40)}))
    flags = {(r.employee_id, r.date.day): r.flags for r in roster_report(shanghai).rows}
    assert FLAG_LATE not in flags[("E002", 25)]  # 32 min late is within 40 min of grace


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ({"late_grace_minutes": -1}, "late_grace_minutes"),
        ({"no_show_after_minutes": "soon"}, "no_show_after_minutes"),
        ({"early_grace": 3}, "early_grace"),
    ],
)
def test_a_bad_roster_section_is_refused_naming_the_field(
    section: dict[str, object], field: str
) -> None:
    with pytest.raises(ConfigError, match=field):
        parse_config({"roster": section}, "config.toml")
