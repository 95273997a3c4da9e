"""The summary's writers live in services (`summary_tables` beside `summary_files`): the
`summary` command prints exactly what they make, and they run without a terminal."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

from click.testing import CliRunner

import shiftcheck.cli.summary as command
from shiftcheck.cli import cli
from shiftcheck.domain.text import neutralise
from shiftcheck.services.context import Services, SupervisorTools
from shiftcheck.services.summary_files import day_csv, period_csv
from shiftcheck.services.summary_tables import day_table, period_table

DAY = date(2026, 11, 26)
WEEK = (date(2026, 11, 23), date(2026, 11, 27))


def _printed(folder: Path, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), "summary", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_the_command_prints_what_the_services_write(tools: SupervisorTools, team: Services) -> None:
    now = datetime.now(team.config.tz)  # as the command reads it: the seeded days are past
    svc = tools.summary
    day, week = svc.day(DAY, now), svc.period(*WEEK, now)
    day_text, week_text = day_table(day, svc, "en"), period_table(week, svc, "zh-CN")
    assert day_text.startswith("Team · 2026-11-26") and day.totals.line("en") in day_text
    assert "张伟" in week_text
    expected = {
        ("--date", "2026-11-26"): day_text,
        ("--date", "2026-11-26", "--format", "csv"): day_csv(day),
        ("--from", "2026-11-23", "--to", "2026-11-27", "--format", "csv"): period_csv(week),
    }
    team.close()
    for args, made in expected.items():
        if isinstance(made, str):
            made = ("\n".join(neutralise(line) for line in made.split("\n")) + "\n").encode()
        assert _printed(team.data_dir, *args) == made


def test_the_command_module_only_parses_and_prints() -> None:
    tree = ast.parse(Path(command.__file__).read_text(encoding="utf-8"))
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert defined == {"_source", "_damaged", "summary", "correct"}
