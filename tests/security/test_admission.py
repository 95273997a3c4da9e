"""The same semantic checks on every way a document comes in: a bundle on the share, the
central database pulled into a terminal, `records import`. Each attack is sent by a terminal
(or store role, or import file) that passes every form check: only admission stops it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.config import SyncTarget
from shiftcheck.domain.checklist import END_OF_SHIFT, FORMS_ITEM_ID, START_OF_SHIFT, Answer
from shiftcheck.domain.records import Correction, Document, PlannedShift
from shiftcheck.domain.staff import Role
from shiftcheck.services.context import Services
from shiftcheck.services.records_io import export_lines
from shiftcheck.store import DataStore
from tests.security.conftest import DAY, MakeTerminal, real_record, share_targets, sync_of
from tests.sync.conftest import Central, enrol

WAYS = ["share", "central", "import"]


def _correction(start: Document, by: str, field: str, hours: float) -> Correction:
    assert start.__class__.__name__ == "CheckRecord"
    return Correction(
        id=str(uuid.uuid4()),
        store_id="S001",
        employee_id="E002",
        target=start.id,
        field=field,  # type: ignore[arg-type]
        value=DAY + timedelta(hours=hours),
        reason="forgot",
        by=by,
        at=DAY + timedelta(days=1),
    )


Attack = Callable[[Services, Services], tuple[list[Document], Document, str]]
"""(receiving terminal, sending terminal) -> (good documents, the bad one, words of the reason)"""


def _shift(t: Services, sender: Services) -> list[Document]:
    terminal = sender.config.terminal_id
    return [
        real_record(t, START_OF_SHIFT, "E002", DAY, terminal),
        real_record(t, END_OF_SHIFT, "E002", DAY + timedelta(hours=8), terminal),
    ]


def correction_by_staff(t: Services, sender: Services) -> tuple[list[Document], Document, str]:
    good = _shift(t, sender)
    return good, _correction(good[0], "E002", "clock_out", 12), "not a supervisor"


def correction_by_nobody(t: Services, sender: Services) -> tuple[list[Document], Document, str]:
    good = _shift(t, sender)
    return good, _correction(good[0], "E404", "clock_out", 12), "not a supervisor"


def clock_out_before_clock_in(
    t: Services, sender: Services
) -> tuple[list[Document], Document, str]:
    good = _shift(t, sender)
    return good, _correction(good[0], "E001", "clock_out", -1), "not after the clock-in"


def count_as_formula(t: Services, sender: Services) -> tuple[list[Document], Document, str]:
    good = _shift(t, sender)
    end = real_record(t, END_OF_SHIFT, "E003", DAY + timedelta(hours=9), sender.config.terminal_id)
    answers = tuple(
        Answer(a.item, None, "=1+1") if a.item == FORMS_ITEM_ID else a for a in end.answers
    )
    return good, replace(end, answers=answers), "answer.number_needed"


def no_answers(t: Services, sender: Services) -> tuple[list[Document], Document, str]:
    good = _shift(t, sender)
    bad = real_record(t, START_OF_SHIFT, "E003", DAY, sender.config.terminal_id)
    return good, replace(bad, answers=()), "none given"


def id_stored_on_another_day(t: Services, sender: Services) -> tuple[list[Document], Document, str]:
    good = _shift(t, sender)
    mine = real_record(t, START_OF_SHIFT, "E005", DAY - timedelta(days=3), "T1")
    assert t.store.add(mine, local=True)
    other_day = DAY + timedelta(days=1)
    copy = replace(
        mine,
        terminal_id=sender.config.terminal_id,
        started_at=other_day,
        submitted_at=other_day + timedelta(minutes=1),
    )
    return good, copy, "another day"


def roster_plan_by_staff(t: Services, sender: Services) -> tuple[list[Document], Document, str]:
    plan = PlannedShift(
        id=str(uuid.uuid4()),
        plan=str(uuid.uuid4()),
        store_id="S001",
        employee_id="E002",
        day=DAY.date(),
        start=time(9, 0),
        end=time(17, 0),
        note="",
        deleted=False,
        by="E002",
        at=DAY + timedelta(hours=1),
    )
    return _shift(t, sender), plan, "not a supervisor"


ATTACKS: list[Attack] = [
    correction_by_staff,
    correction_by_nobody,
    clock_out_before_clock_in,
    count_as_formula,
    no_answers,
    id_stored_on_another_day,
    roster_plan_by_staff,
]


def _targets(way: str, tmp_path: Path, request: pytest.FixtureRequest) -> list[SyncTarget]:
    if way == "share":
        return share_targets(tmp_path)
    if way == "central":
        central: Central = request.getfixturevalue("central")
        return [SyncTarget(name="central", url=central.url_for("S001"))]
    return []


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.__name__)
def test_every_way_in_refuses_the_bad_document_and_names_why(
    tmp_path: Path,
    make_terminal: MakeTerminal,
    request: pytest.FixtureRequest,
    way: str,
    attack: Attack,
) -> None:
    targets = _targets(way, tmp_path, request)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    for t in (t1, t2):
        enrol(t, ("E001", "王芳", Role.SUPERVISOR), ("E002", "李娜", Role.STAFF))
    good, bad, why = attack(t1, t2)
    before = {d.id for d in t1.store.all_documents()}
    if way == "import":
        path = tmp_path / "in.jsonl"
        path.write_text("".join(f"{line}\n" for line in export_lines([*good, bad])), "utf-8")
        t1.close()
        done = CliRunner().invoke(
            cli, ["--data-dir", str(t1.data_dir), "records", "import", str(path)]
        )
        assert done.exit_code == 2, done.output
        assert bad.id in done.stderr and why in done.stderr
        with DataStore.open(t1.data_dir, writer=False) as store:
            assert {d.id for d in store.all_documents()} == before  # all or nothing
        return
    assert t2.store.add_many([*good, bad], local=True) == len(good) + 1
    [sent] = sync_of(t2).sync()
    assert sent.error is None, sent.error
    [result] = sync_of(t1).sync()
    # (the central database may refuse T1's own copy of a duplicated id as well)
    assert {r.id for r in result.refused} == {bad.id}
    assert any(why in r.reason for r in result.refused)
    assert result.pulled == len(good)
    assert {d.id for d in t1.store.all_documents()} == before | {d.id for d in good}
    status = sync_of(t1).status()[0]
    assert status.refused and status.refused[-1]["id"] == bad.id


def test_unknown_checklist_version_is_checked_by_the_items_this_terminal_knows(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    """A record citing a version this terminal does not have: answers to known items must fit
    them; answers to unknown items must be well-formed; then it is admitted."""
    from shiftcheck.services.admission import Admission

    t1 = make_terminal("T1", [])
    admission = Admission(t1.store, "S001", t1.checklists)
    end = real_record(t1, END_OF_SHIFT, "E003", DAY, "T2")
    newer = replace(end, checklist_version="2+000000000000")
    extra = replace(newer, answers=(*newer.answers, Answer("new_item", None, 3)))
    formula = replace(
        newer,
        answers=tuple(
            Answer(a.item, None, "=1+1") if a.item == FORMS_ITEM_ID else a for a in newer.answers
        ),
    )
    empty_answer = replace(newer, answers=(Answer("new_item"),))
    verdict = admission.admit([extra, formula, empty_answer])
    assert verdict.fresh == [extra]
    assert [r.doc for r in verdict.refused] == [formula, empty_answer]


def test_records_import_with_a_lone_surrogate_is_refused_naming_the_line(
    tmp_path: Path, make_terminal: MakeTerminal
) -> None:
    t1 = make_terminal("T1", [])
    good = real_record(t1, START_OF_SHIFT, "E002", DAY, "T2")
    bad = real_record(t1, END_OF_SHIFT, "E002", DAY + timedelta(hours=8), "T2")
    lines = list(export_lines([good, bad]))
    lines[1] = lines[1].replace('"note":""', '"note":"\\ud800"', 1)
    path = tmp_path / "in.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    t1.close()
    done = CliRunner().invoke(cli, ["--data-dir", str(t1.data_dir), "records", "import", str(path)])
    assert done.exit_code == 2, done.output
    assert "line 2" in done.stderr and "surrogate" in done.stderr
    with DataStore.open(t1.data_dir, writer=False) as store:
        assert list(store.all_documents()) == []


@pytest.mark.parametrize("bad_id", ["../../pwned", ""])
def test_central_staff_directory_rows_with_a_path_for_an_id_are_refused(
    tmp_path: Path,
    make_terminal: MakeTerminal,
    request: pytest.FixtureRequest,
    bad_id: str,
) -> None:
    """A store's role writes a directory row of its own; the terminal that pulls it refuses
    the row, names it, and goes on syncing."""
    from shiftcheck.services.sync.base import DirectoryEntry

    targets = _targets("central", tmp_path, request)
    t1, t2 = make_terminal("T1", targets), make_terminal("T2", targets)
    with sync_of(t2).targets[0].open() as session:
        session.push_directory([DirectoryEntry(bad_id, "Mallory", "supervisor", True)], t2.clock())
    [result] = sync_of(t1).sync()
    assert result.error is None and result.staff_added == 0
    assert any("not a valid employee id" in p for p in result.problems)
    assert t1.store.list_staff(include_inactive=True) == []
    assert not list(tmp_path.rglob("pwned*"))
