"""A forgotten clock-out closed by a supervisor's correction on one terminal pays the same on
the store's other terminal, after the correction came through the share."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import SyncTarget
from shiftcheck.domain.staff import Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import supervisor_tools
from tests.sync.conftest import TZ, MakeTerminal, enrol, sync_of, work_day
from tests.unit.factories import start

DAY1 = datetime(2026, 11, 16, 9, 0, tzinfo=TZ)
PERIOD = ["--from", "2026-11-16", "--to", "2026-11-17"]


def payroll(folder: Path) -> bytes:
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), "export", "payroll", *PERIOD])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def test_a_corrected_missed_clock_out_pays_the_same_on_every_terminal(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    targets = [SyncTarget(name="share", path=str(share))]
    clock = ManualClock(DAY1 + timedelta(days=1, hours=10))
    t1 = make_terminal("T1", targets, clock=clock)
    t2 = make_terminal("T2", targets)
    enrol(t1, ("E001", "张伟", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    forgotten = replace(start("E002", DAY1), terminal_id="T1")
    assert t1.store.add(forgotten, local=True)
    work_day(t1, "E002", DAY1 + timedelta(days=1))  # the next day's shift, clocked out
    tools = supervisor_tools(t1)
    shift = tools.corrections.shift_on("E002", date(2026, 11, 16), actor="E001")
    assert shift.missed_clock_out
    tools.corrections.correct(
        shift, "clock_out", DAY1 + timedelta(hours=8), "forgot to clock out", actor="E001"
    )
    assert sync_of(t1).sync()[0].ok
    [pulled] = sync_of(t2).sync()
    assert pulled.ok, pulled.problems + [r.reason for r in pulled.refused]
    here = payroll(t1.data_dir)
    assert b"missed_clock_out" in here and b"forgot to clock out" in here
    assert payroll(t2.data_dir) == here
