"""Supervisor PINs at the command line: six digits for new and reset ones (issue 11 §6), and the
escalating lock's message from `correct`."""

from __future__ import annotations

import re
from pathlib import Path

from shiftcheck.services.context import Services
from tests.cli.test_cli_core import run

ADD_BOSS = ("staff", "add", "--id", "E008", "--name", "孙丽", "--role", "supervisor", "--pin-stdin")


def test_a_new_supervisor_pin_needs_six_digits(data_dir: Path) -> None:
    code, _, err = run(data_dir, *ADD_BOSS, stdin="2468\n")
    assert code == 2 and "a supervisor's PIN has 6 to 8 digits" in err
    assert "E008" not in run(data_dir, "staff", "list", "--all")[1]
    code, _, err = run(data_dir, *ADD_BOSS, stdin="246813\n")
    assert code == 0, err
    code, _, err = run(data_dir, "staff", "reset-pin", "E008", "--pin-stdin", stdin="1357\n")
    assert code == 2 and "6 to 8 digits" in err
    staff = ("staff", "add", "--id", "E009", "--name", "钱进", "--pin-stdin")
    assert run(data_dir, *staff, stdin="1357\n")[0] == 0  # staff keep 4 digits


def test_correct_names_the_escalated_lock(staffed: Services) -> None:
    # Nine locks already: the next wrong PIN (on the real clock) locks for 24 h, to a date.
    staffed.store.save_employee(staffed.staff.get("E001").with_changes(locks=9))
    folder = staffed.data_dir
    staffed.close()
    args = ("correct", "--employee", "E002", "--shift-date", "2026-11-26", "--clock-out", "18:00")
    code, _, err = run(folder, *args, "--reason", "x", "--by", "E001", "--pin-stdin", stdin="1\n")
    assert code == 2
    assert re.search(r"Too many wrong PINs: locked until \d{4}-\d\d-\d\d \d\d:\d\d\.", err), err
