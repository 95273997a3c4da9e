"""A share's staff directory with a hostile name is refused with a message, never copied in."""

from __future__ import annotations

import json
from pathlib import Path

from shiftcheck.domain.staff import Role
from shiftcheck.services.sync.signing import signed
from tests.sync.conftest import MakeTerminal, enrol, make_terminal, store_key, sync_of  # noqa: F401
from tests.sync.test_folder import share_of
from tests.text.conftest import ESCAPE_NAME


def test_a_directory_naming_someone_with_terminal_controls_is_refused(
    tmp_path: Path,
    make_terminal: MakeTerminal,  # noqa: F811 (the fixture imported above)
) -> None:
    targets = share_of(tmp_path)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    enrol(t1, ("E001", "张伟", Role.SUPERVISOR))
    sync_of(t1).sync()
    path = tmp_path / "share/S001/T1/staff.json"
    directory = json.loads(path.read_text(encoding="utf-8"))
    directory["employees"].append(
        {"id": "E666", "name": ESCAPE_NAME, "role": "staff", "active": True}
    )
    directory["employees"].append(
        {"id": "E667", "name": "x" * 10_000, "role": "staff", "active": True}
    )
    # Signed with the store's key: a terminal of the store (an older version, say) wrote it.
    directory = signed(directory, store_key("S001").encode())
    path.write_text(json.dumps(directory), encoding="utf-8")
    [result] = sync_of(t2).sync()
    assert t2.store.get_employee("E666") is None
    assert t2.store.get_employee("E667") is None
    assert any("staff.json" in p and "E66" in p for p in result.problems), result.problems
    assert not any("\x1b" in p for p in result.problems)
