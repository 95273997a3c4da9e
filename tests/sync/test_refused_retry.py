"""A record the central database refuses stays listed by `sync status` until it is resolved, and
`shiftcheck sync --retry-refused` sends it again."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from tests.sync.conftest import Central, MakeTerminal, cli_ready, sync_of, work_day
from tests.sync.test_postgres import pg, today

pytestmark = pytest.mark.postgres


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.stdout, result.stderr


def pending(status: str) -> str:
    """The Pending cell of the first target in `sync status`'s table."""
    row = status.splitlines()[1]
    return re.split(r"\s{2,}", row)[3]


def test_refused_records_stay_listed_until_a_resend_is_taken(
    central: Central, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", pg(central))
    t2 = make_terminal("T2", pg(central))
    first = [work_day(t1, "E002", today())[0]]
    [ok] = sync_of(t1).sync()
    assert ok.ok
    forged = [replace(a, employee_id="E009", terminal_id="T2") for a in first]
    for doc in forged:
        assert t2.store.add(doc, local=True)
    more = work_day(t2, "E003", today())
    cli_ready(t2)
    t2.close()  # the commands below open the data folder themselves
    folder = t2.data_dir

    code, _, err = run(folder, "sync")
    assert code == 1 and "holds this id with different content" in err
    for _ in range(2):  # listed after later syncs too, though the cursor moved past it
        code, out, _ = run(folder, "sync", "status")
        assert code == 0 and f"refused {first[0].id}" in out and pending(out) == "0"
        run(folder, "sync")
    code, out, err = run(folder, "sync", "--retry-refused")
    assert code == 1 and first[0].id in err  # still refused: the database's copy differs
    assert f"refused {first[0].id}" in run(folder, "sync", "status")[1]

    with central.admin() as conn:  # head office removes the wrong row after checking
        conn.execute("DELETE FROM records WHERE id = %s", (first[0].id,))
    code, out, err = run(folder, "sync", "--retry-refused")
    assert code == 0, err
    assert "sent 1" in out
    code, out, _ = run(folder, "sync", "status")
    assert f"refused {first[0].id}" not in out
    with central.admin() as conn:
        row = conn.execute(
            "SELECT body->>'employee_id' FROM records WHERE id = %s", (first[0].id,)
        ).fetchone()
    assert row == ("E009",) and central.count() == 4 and more


def test_retry_with_nothing_refused_sends_nothing(
    central: Central, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", pg(central))
    work_day(t1, "E002", today())
    assert sync_of(t1).sync()[0].ok
    [result] = sync_of(t1).retry_refused()
    assert result.ok and result.pushed == 0
