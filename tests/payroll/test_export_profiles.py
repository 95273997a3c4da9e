"""Export profiles are data: a store adds its own; a broken one is refused naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.services.export_profiles import ProfileError, list_profiles, load_profile
from shiftcheck.services.payroll_writers import render
from tests.payroll.test_payroll_rules import WEEK, report

OWN = """
title = "Head office sheet"
default_rows = "shifts"
date_format = "%d.%m.%Y"
time_format = "%H:%M"
duration_format = "minutes"
list_separator = "|"

[[shifts]]
header = "Personalnummer"
field = "employee_id"

[[shifts]]
header = "Datum"
field = "date"

[[shifts]]
header = "Beginn"
field = "clock_in"

[[shifts]]
header = "Bezahlt"
field = "paid_minutes"

[[shifts]]
header = "Bezahlt h"
field = "paid_hours"
format = "hh:mm"

[[shifts]]
header = "Hinweise"
field = "flags"
"""


def own_profile(folder: Path, name: str, text: str) -> Path:
    path = folder / "export_profiles" / f"{name}.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_store_adds_its_own_profile_without_code(shanghai: Path) -> None:
    own_profile(shanghai, "head-office", OWN)
    profile = load_profile("head-office", shanghai)
    assert profile.totals[0].field == "employee_id"  # totals fall back to the generic columns
    text = render(report(shanghai, *WEEK), profile, "csv", bom=False).decode()
    lines = text.splitlines()
    assert lines[0] == "Personalnummer,Datum,Beginn,Bezahlt,Bezahlt h,Hinweise"
    assert lines[1] == "E001,29.11.2026,09:00,240.00,4:00,fast"
    assert "E002,26.11.2026,09:00,,,missed_clock_out|no_end_check" in lines
    names = [name for name, _ in list_profiles(shanghai)]
    assert names == ["generic", "gusto", "head-office", "quickbooks"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            OWN.replace('field = "paid_minutes"', 'field = "pay"'),
            "shifts[3].field: unknown field 'pay'",
        ),
        (OWN.replace('format = "hh:mm"', 'format = "%H"'), "shifts[4].format: expected one of"),
        (OWN.replace('time_format = "%H:%M"', 'time_format = "HH:MM"'), "time_format: expected"),
        (OWN.replace('title = "Head office sheet"', ""), "title: Field required"),
        (OWN + "\ncolour = 1\n", "colour: unknown key"),
        (
            OWN.replace("[[shifts]]", 'translations.de = { titel = "x" }\n[[shifts]]', 1),
            "translations.de.titel: unknown key",
        ),
        (OWN.replace('header = "Datum"', 'header = "Personalnummer"'), "shifts[1].header"),
        ("title = 'x'\n", "give [[shifts]] columns, [[totals]] columns or both"),
        ("title = \n", "not valid TOML"),
    ],
)
def test_broken_profile_names_file_and_field(shanghai: Path, text: str, where: str) -> None:
    path = own_profile(shanghai, "broken", text)
    with pytest.raises(ProfileError) as exc:
        load_profile("broken", shanghai)
    message = exc.value.message("en")
    assert str(path) in message and where in message
    result = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(shanghai),
            "export",
            "payroll",
            *map(str, ("--from", WEEK[0], "--to", WEEK[1])),
            "--profile",
            "broken",
        ],
    )
    assert result.exit_code == 2 and where in result.stderr and result.stdout == ""
    listed = CliRunner().invoke(cli, ["--data-dir", str(shanghai), "export", "profiles"])
    assert listed.exit_code == 2 and "broken:" in listed.stderr and "generic" in listed.stdout


def test_profile_names_cannot_reach_outside(shanghai: Path) -> None:
    with pytest.raises(ProfileError) as exc:
        load_profile("../config", shanghai)
    assert exc.value.key == "payroll.profile_unknown"


def test_titles_show_in_the_readers_language(shanghai: Path) -> None:
    generic = load_profile("generic", shanghai)
    assert generic.title_in("zh-CN") == generic.title_in("zh") == "通用工时表"
    assert generic.title_in("en") == generic.title == "Generic timesheet"
    assert "上下班时间" in generic.description_in("zh-CN")
    own_profile(shanghai, "head-office", OWN)
    own = load_profile("head-office", shanghai)  # a store's profile without translations
    assert own.title_in("zh-CN") == own.title
