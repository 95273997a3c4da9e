"""A roster plan written on one terminal reaches the store's other terminal by the share and
by the central database, as every other document does."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from shiftcheck.config import SyncTarget
from shiftcheck.domain.records import PlannedShift
from shiftcheck.domain.staff import Role
from shiftcheck.services.roster import RosterService
from shiftcheck.services.sync.central import init_schema
from tests.security.conftest import share_targets
from tests.sync.conftest import Central, MakeTerminal, enrol, sync_of


@pytest.mark.parametrize("way", ["share", "central", "central-made-before-rosters"])
def test_a_plan_reaches_the_other_terminal(
    tmp_path: Path, make_terminal: MakeTerminal, request: pytest.FixtureRequest, way: str
) -> None:
    if way == "share":
        targets = share_targets(tmp_path)
    else:
        central: Central = request.getfixturevalue("central")
        targets = [SyncTarget(name="central", url=central.url_for("S001"))]
    if way == "central-made-before-rosters":
        # A schema set up (store role and all) before the roster table existed: running
        # `central init` again adds the table with the store's grants and policies.
        with central.admin() as conn:
            conn.execute("DROP TABLE roster")
        assert init_schema(central.admin_url) == central.schema
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    for t in (t1, t2):
        enrol(t, ("E001", "王芳", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    writer = RosterService(t2.store, t2.config, t2.clock, t2.staff.require_supervisor)
    plan = writer.save("E002", date(2026, 11, 27), time(9), time(17), "前台", actor="E001")
    [sent] = sync_of(t2).sync()
    assert sent.error is None, sent.error
    [got] = sync_of(t1).sync()
    assert got.error is None and not got.refused
    reader = RosterService(t1.store, t1.config, t1.clock, t1.staff.require_supervisor)
    assert reader.plans() == [plan]
    assert [d for d in t1.store.all_documents() if isinstance(d, PlannedShift)] == [plan]
    if way != "share":
        assert central.count("roster") == 1
