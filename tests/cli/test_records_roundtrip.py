"""`records export` / `records import` as a backup: names come back, a second import changes
nothing, and every valid document survives export → import → export byte for byte."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from shiftcheck.config import Config
from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT, Answer, Result
from shiftcheck.domain.records import CheckRecord, RecordFormatError, document_from_json
from shiftcheck.domain.staff import Employee, Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, save_config
from shiftcheck.store import DataStore
from tests.cli.test_cli_core import run, split_export
from tests.conftest import TZ

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character `str.splitlines` splits at."""


def empty_folder(parent: Path, name: str = "restored") -> Path:
    folder = parent / name
    folder.mkdir()
    save_config(folder, Config(store_id="S001", terminal_id="T9", timezone="Asia/Shanghai"))
    return folder


def record(employee: str, checklist: str, at: datetime, note: str = "") -> CheckRecord:
    answer = (
        Answer("desk_tidy", Result.FAIL, note=note) if note else Answer("desk_tidy", Result.PASS)
    )
    return CheckRecord(
        id=str(uuid.uuid4()),
        store_id="S001",
        terminal_id="T1",
        employee_id=employee,
        checklist=checklist,
        checklist_version="1+test",
        started_at=at,
        submitted_at=at + timedelta(minutes=2),
        answers=(answer,),
    )


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a data folder but the lock, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def test_backup_restores_names_and_a_second_import_changes_nothing(
    staffed: Services, data_dir: Path, tmp_path: Path, clock: ManualClock
) -> None:
    start = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
    staffed.store.add_many(
        [
            record("E002", START_OF_SHIFT, start),
            record("E002", END_OF_SHIFT, start + timedelta(hours=8)),
            record("E003", START_OF_SHIFT, start + timedelta(hours=1)),
            record("E003", END_OF_SHIFT, start + timedelta(hours=6)),
        ],
        local=True,
    )
    staffed.staff.deactivate("E003")
    staffed.close()
    backup = tmp_path / "backup.jsonl"
    code, _, err = run(data_dir, "records", "export", "-o", str(backup))
    assert code == 0, err
    text = backup.read_text(encoding="utf-8")
    assert "pin" not in text.lower() and "pepper" not in text.lower()
    staff = [json.loads(line) for line in split_export(text)[0]]
    assert staff == [
        {"schema": "shiftcheck.staff/1", "id": "E001", "name": "张伟", "role": "supervisor",
         "active": True},
        {"schema": "shiftcheck.staff/1", "id": "E002", "name": "李娜", "role": "staff",
         "active": True},
        {"schema": "shiftcheck.staff/1", "id": "E003", "name": "Amy Chen", "role": "staff",
         "active": False},
    ]  # fmt: skip

    restored = empty_folder(tmp_path)
    code, out, err = run(restored, "records", "import", str(backup))
    assert code == 0, err
    assert "added 4" in out and "3 read, 3 added" in out
    with DataStore.open(restored, writer=False) as store:
        people = store.list_staff(include_inactive=True)
    assert [(e.id, e.name, e.role, e.active, e.pin_hash) for e in people] == [
        ("E001", "张伟", Role.SUPERVISOR, False, ""),
        ("E002", "李娜", Role.STAFF, False, ""),
        ("E003", "Amy Chen", Role.STAFF, False, ""),
    ]
    code, payroll, err = run(
        restored, "export", "payroll", "--from", "2026-11-26", "--to", "2026-11-26", "--no-bom"
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(payroll)))
    assert [(r["employee_id"], r["employee_name"]) for r in rows] == [
        ("E002", "李娜"),
        ("E003", "Amy Chen"),
    ]

    before = folder_bytes(restored)
    code, out, err = run(restored, "records", "import", str(backup))
    assert code == 0, err
    assert "added 0, already there 4" in out and "3 read, 0 added" in out
    assert folder_bytes(restored) == before


def test_known_employees_are_never_changed_by_an_import(
    staffed: Services, data_dir: Path, tmp_path: Path
) -> None:
    staffed.close()
    backup = tmp_path / "b.jsonl"
    backup.write_text(
        '{"schema":"shiftcheck.staff/1","id":"E002","name":"Mallory","role":"supervisor",'
        '"active":true}\n',
        encoding="utf-8",
    )
    code, out, err = run(data_dir, "records", "import", str(backup))
    assert code == 0, err and "1 read, 0 added" in out
    with DataStore.open(data_dir, writer=False) as store:
        e002 = store.get_employee("E002")
    assert e002 is not None and (e002.name, e002.role) == ("李娜", Role.STAFF)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"schema":"shiftcheck.staff/1","id":"../x","name":"A","role":"staff","active":true}',
         "not a valid employee id"),
        ('{"schema":"shiftcheck.staff/1","id":"E9","name":" ","role":"staff","active":true}',
         "name"),
        ('{"schema":"shiftcheck.staff/1","id":"E9","name":"A","role":"boss","active":true}',
         "role"),
        ('{"schema":"shiftcheck.staff/1","id":"E9","name":"A","role":"staff","active":true,'
         '"pin_hash":"x"}', "exactly id, name, role, active"),
    ],
)  # fmt: skip
def test_a_bad_staff_line_imports_nothing(
    data_dir: Path, tmp_path: Path, line: str, message: str
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    code, _, err = run(data_dir, "records", "import", str(bad))
    assert code == 2 and "line 1" in err and message in err and "nothing was imported" in err
    with DataStore.open(data_dir, writer=False) as store:
        assert store.list_staff(include_inactive=True) == []


def _one_record_file(tmp_path: Path, started_at: str, submitted_at: str) -> Path:
    doc = record("E002", START_OF_SHIFT, datetime(2026, 11, 27, 8, 2, 29, tzinfo=TZ)).to_json()
    doc["started_at"], doc["submitted_at"] = started_at, submitted_at
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    return path


def test_fractional_seconds_are_refused_with_a_message(data_dir: Path, tmp_path: Path) -> None:
    path = _one_record_file(tmp_path, "2026-11-27T08:02:29.900-05:00", "2026-11-27T08:03:00-05:00")
    for _ in range(2):  # the same answer each time, and nothing stored
        code, _, err = run(data_dir, "records", "import", str(path))
        assert code == 2
        assert "line 1" in err and "started_at" in err and "fractional seconds" in err
        assert split_export(run(data_dir, "records", "export")[1]) == ([], [])


@pytest.mark.parametrize("year", ["0001", "1999", "2101", "9999"])
def test_times_outside_2000_to_2100_are_refused_at_import(
    data_dir: Path, tmp_path: Path, year: str
) -> None:
    path = _one_record_file(tmp_path, f"{year}-06-01T08:00:00+08:00", "2026-11-27T08:03:00+08:00")
    code, _, err = run(data_dir, "records", "import", str(path))
    assert code == 2 and "started_at" in err and "outside the years 2000–2100" in err
    code, out, err = run(data_dir, "records", "export")
    assert code == 0 and split_export(out) == ([], [])


def test_a_terminal_clock_outside_the_years_stores_nothing(data_dir: Path) -> None:
    with DataStore.open(data_dir) as store:
        doc = record("E002", START_OF_SHIFT, datetime(1970, 1, 1, 8, tzinfo=TZ))
        with pytest.raises(RecordFormatError, match="outside the years 2000–2100"):
            store.add(doc)
        assert store.shard_days() == []


def test_a_note_with_a_line_separator_survives_a_backup(data_dir: Path, tmp_path: Path) -> None:
    with DataStore.open(data_dir) as store:
        store.save_employee(Employee("E002", "李娜"))
        store.add(
            record("E002", START_OF_SHIFT, datetime(2026, 11, 27, 8, tzinfo=TZ), "a\u2028b\x85c")
        )
    code, first, _ = run(data_dir, "records", "export")
    assert code == 0 and "\u2028" in first
    backup = tmp_path / "b.jsonl"
    backup.write_text(first, encoding="utf-8")
    restored = empty_folder(tmp_path)
    code, out, err = run(restored, "records", "import", str(backup))
    assert code == 0 and "added 1" in out, err
    assert split_export(run(restored, "records", "export")[1])[1] == split_export(first)[1]


NOTE_LINE_BREAKS = "\n\r\x85\u2028\u2029"
"""The line breaks a note may hold (the others are control characters, refused everywhere)."""
SOME_TEXT = st.text(
    alphabet=st.sampled_from(NOTE_LINE_BREAKS) | st.sampled_from("李娜Amy é\u3000\U0001f600"),
    max_size=12,
)
"""Notes: mostly line breaks of every kind a note may hold, among wide, narrow and astral
letters (generated, not filtered: filtering most inputs away fails Hypothesis's health check)."""
SOME_NAME = st.text(alphabet=st.sampled_from("李娜Amy é\u3000\U0001f600"), max_size=12)
"""Names: one line (a name with a line break is refused everywhere), wide, narrow and astral."""


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(SOME_NAME.map(lambda s: f"N{s}"), min_size=1, max_size=3),
    notes=st.lists(SOME_TEXT.map(lambda s: f"n{s}"), min_size=1, max_size=3),
)
@example(names=["N李娜 \U0001f600"], notes=[f"n{NOTE_LINE_BREAKS}"])
def test_export_import_export_is_byte_identical(names: list[str], notes: list[str]) -> None:
    docs = []
    for i, note in enumerate(notes):
        at = datetime(2026, 11, 27, 8, i, tzinfo=TZ)
        doc = record(f"E{i % len(names)}", START_OF_SHIFT, at, note)
        try:  # only documents the record contract takes
            document_from_json(doc.to_json())
        except RecordFormatError:
            assume(False)
        docs.append(doc)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = empty_folder(root, "source")
        with DataStore.open(source) as store:
            for i, name in enumerate(names):
                store.save_employee(Employee(f"E{i}", name.strip() or "N", active=i % 2 == 0))
            store.add_many(docs, local=True)
        first = _export(source)
        second = _import_then_export(first, empty_folder(root, "one"))
        assert split_export(second)[1] == split_export(first)[1]
        staff_first = [{**json.loads(s), "active": False} for s in split_export(first)[0]]
        assert [json.loads(s) for s in split_export(second)[0]] == staff_first
        # Once restored, a backup of the backup is the same file, byte for byte.
        assert _import_then_export(second, empty_folder(root, "two")) == second


def _export(folder: Path) -> str:
    code, out, err = run(folder, "records", "export")
    assert code == 0, err
    return out


def _import_then_export(text: str, folder: Path) -> str:
    path = folder.parent / f"{folder.name}.jsonl"
    path.write_bytes(text.encode("utf-8"))
    code, _, err = run(folder, "records", "import", str(path))
    assert code == 0, err
    return _export(folder)


def test_a_full_export_never_overflows(data_dir: Path) -> None:
    with DataStore.open(data_dir) as store:
        store.save_employee(Employee("E002", "李娜"))
        store.add(record("E002", START_OF_SHIFT, datetime(2026, 11, 27, 8, tzinfo=TZ)))
    planted = data_dir / "history" / "9999" / "9999-12-31.json"
    planted.parent.mkdir()
    planted.write_text("{}", encoding="utf-8")
    code, out, err = run(data_dir, "records", "export")
    assert code == 0, err
    assert len(split_export(out)[1]) == 1
    code, _, err = run(data_dir, "records", "export", "--to", "9999-12-31")
    assert code == 2 and "outside the days records may have" in err


@pytest.mark.parametrize(
    "when",
    ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", "2026-11-27T08:02:29.9+08:00"],
)
def test_bundles_and_the_central_reader_refuse_the_same_times(when: str) -> None:
    from shiftcheck.store.codec import decode_lines

    doc = record("E002", START_OF_SHIFT, datetime(2026, 11, 27, 8, tzinfo=TZ)).to_json()
    doc["started_at"] = when
    with pytest.raises(RecordFormatError, match="started_at"):
        document_from_json(doc)
    assert decode_lines(json.dumps(doc).encode()) is None  # the strict reader then names it


def test_a_backup_restored_into_an_empty_folder_can_be_staffed_again(
    staffed: Services, data_dir: Path, tmp_path: Path
) -> None:
    """The import adds everyone inactive without a PIN, so nobody could sign in and no
    supervisor could reactivate anyone: store IT puts people back from the command line."""
    staffed.close()
    backup = tmp_path / "backup.jsonl"
    assert run(data_dir, "records", "export", "-o", str(backup))[0] == 0
    restored = empty_folder(tmp_path)
    assert run(restored, "records", "import", str(backup))[0] == 0
    code, out, err = run(restored, "staff", "reactivate", "E001", "--pin-stdin", stdin="258036\n")
    assert code == 0, err
    assert "E001" in out
    code, _, err = run(restored, "staff", "reactivate", "E002", "--pin-stdin", stdin="12\n")
    assert code == 2 and "PIN" in err
    code, _, err = run(restored, "staff", "reactivate", "E404", "--pin-stdin", stdin="2468\n")
    assert code == 2 and "E404" in err
    with DataStore.open(restored, writer=False) as store:
        people = {e.id: e for e in store.list_staff()}
    assert list(people) == ["E001"]
    assert people["E001"].role is Role.SUPERVISOR and people["E001"].pin_hash
