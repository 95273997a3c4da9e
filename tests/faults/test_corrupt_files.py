"""Truncated, garbage-tailed and zero-byte files: named, quarantined, never read as empty.

The rest of the store stays readable, and the damaged bytes are kept in `quarantine/`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from shiftcheck.domain.staff import Employee
from shiftcheck.store import CorruptFileError, DataStore, jsonfile
from tests.faults.conftest import DAYS, EPOCH, FAR_FUTURE, Filled, make_record, snapshot

DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "trailing-garbage": lambda raw: raw + b'}\n{"half": ',
    "zero-byte": lambda raw: b"",
    "not-utf8": lambda raw: raw.replace(b'"', b'"\xe9', 1),  # a bit flip inside a string
    "nested-deep": lambda raw: b'{"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
}

DAMAGED_DAY = DAYS[1]

FILES: dict[str, tuple[str, Callable[[DataStore], Any]]] = {
    "day-shard": (f"history/2026/{DAMAGED_DAY}.json", lambda s: s.history(EPOCH, FAR_FUTURE)),
    "staff": ("staff.json", lambda s: s.list_staff()),
    "draft": ("drafts/E002.json", lambda s: s.load_draft("E002")),
    "state": ("state.json", lambda s: s.get_state("pin_window")),
    "meta": ("meta.json", lambda s: None),
}


def damage(path: Path, how: str) -> bytes:
    """Damage `path` in place; returns the damaged bytes."""
    bad = DAMAGES[how](path.read_bytes())
    path.write_bytes(bad)
    return bad


def expected_problem(how: str) -> str:
    return {
        "zero-byte": "zero bytes",
        "not-utf8": "not UTF-8",
        "nested-deep": "nested too deeply",
    }.get(how, "not valid JSON at line")


@pytest.mark.parametrize("how", list(DAMAGES))
@pytest.mark.parametrize("which", list(FILES))
def test_damaged_file_is_quarantined_with_a_message_and_the_rest_stays_readable(
    filled: Filled, which: str, how: str
) -> None:
    rel, read = FILES[which]
    path = filled.data_dir / rel
    bad = damage(path, how)

    with pytest.raises(CorruptFileError) as info, DataStore.open(filled.data_dir) as store:
        read(store)
    err = info.value
    assert err.path == path
    assert str(path) in str(err) and expected_problem(how) in str(err)
    # Moved aside, bytes kept exactly, with a note saying why.
    assert err.moved_to is not None and err.moved_to.parent == filled.data_dir / "quarantine"
    assert str(err.moved_to) in str(err)
    assert err.moved_to.read_bytes() == bad
    why = err.moved_to.parent / f"{err.moved_to.name}.why.txt"
    assert expected_problem(how) in why.read_text(encoding="utf-8")
    assert not path.exists()

    # The rest of the store is still readable, and the damaged copy is never overwritten.
    with DataStore.open(filled.data_dir) as store:
        assert store.quarantined() == [err.moved_to]
        stored = {r.id for r in store.records(EPOCH, FAR_FUTURE)}
        lost_day = DAMAGED_DAY if which == "day-shard" else None
        assert stored == filled.ids_except(lost_day)
        if which != "staff":
            assert [e.id for e in store.list_staff()] == ["E001", "E002"]
        if which != "draft":
            assert store.load_draft("E002") == filled.draft
        if which != "state":
            assert store.get_state("pin_window") == {"failures": [1, 2]}
        # Saving to the same place again writes a new file and leaves the quarantined one alone.
        if which == "day-shard":
            assert store.add(make_record("E002", DAMAGED_DAY))
        elif which == "draft":
            store.save_draft(filled.draft)
        elif which == "state":
            store.put_state("pin_window", {"failures": []})
    assert err.moved_to.read_bytes() == bad


def test_shard_damaged_while_the_store_is_open_is_caught_on_the_next_read(filled: Filled) -> None:
    with DataStore.open(filled.data_dir) as store:
        assert len(store.records(EPOCH, FAR_FUTURE)) == 6
        bad = damage(filled.shard(DAYS[2]), "truncated")
        with pytest.raises(CorruptFileError, match=DAYS[2]) as info:
            store.records(EPOCH, FAR_FUTURE)
        assert info.value.moved_to is not None and info.value.moved_to.read_bytes() == bad
        assert {r.id for r in store.records(EPOCH, FAR_FUTURE)} == filled.ids_except(DAYS[2])
        # Saving goes on: the damaged day starts a new shard, the old bytes stay in quarantine.
        other = make_record("E003", DAYS[2], 15)
        assert store.add(other)
        assert store.records(EPOCH, FAR_FUTURE)[-1] == other
    with DataStore.open(filled.data_dir, writer=False) as reader:
        assert {r.id for r in reader.records(EPOCH, FAR_FUTURE)} == filled.ids_except(DAYS[2]) | {
            other.id
        }
        assert (
            json.loads((filled.data_dir / "history" / "index.json").read_bytes())["shards"][
                DAYS[2]
            ]["count"]
            == 1
        )


def test_adding_to_a_damaged_day_fails_and_keeps_the_damaged_bytes(filled: Filled) -> None:
    with DataStore.open(filled.data_dir) as store:
        bad = damage(filled.shard(DAYS[0]), "trailing-garbage")
        with pytest.raises(CorruptFileError, match=DAYS[0]) as info:
            store.add(make_record("E002", DAYS[0], 18))
        assert info.value.moved_to is not None and info.value.moved_to.read_bytes() == bad


def test_a_reader_names_the_damaged_file_and_leaves_it_where_it_is(filled: Filled) -> None:
    path = filled.shard(DAMAGED_DAY)
    bad = damage(path, "zero-byte")
    before = snapshot(filled.data_dir)
    with pytest.raises(CorruptFileError, match="zero bytes") as info:
        DataStore.open(filled.data_dir, writer=False)
    assert info.value.path == path and info.value.moved_to is None
    assert path.read_bytes() == bad
    assert snapshot(filled.data_dir) == before
    assert not (filled.data_dir / "quarantine").exists()


def test_a_shard_holding_an_invalid_record_is_quarantined(filled: Filled) -> None:
    path = filled.shard(DAYS[0])
    data = json.loads(path.read_bytes())
    first = next(iter(data["records"].values()))
    first["submitted_at"] = "yesterday"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CorruptFileError, match="submitted_at") as info:
        DataStore.open(filled.data_dir)
    assert info.value.moved_to is not None
    with DataStore.open(filled.data_dir) as store:
        assert {r.id for r in store.records(EPOCH, FAR_FUTURE)} == filled.ids_except(DAYS[0])


@pytest.mark.parametrize("how", list(DAMAGES))
def test_damaged_index_is_rebuilt_from_the_shards_and_nothing_is_lost(
    filled: Filled, how: str
) -> None:
    index = filled.data_dir / "history" / "index.json"
    bad = damage(index, how)
    with DataStore.open(filled.data_dir) as store:
        assert store.index_rebuilt
        assert {r.id for r in store.records(EPOCH, FAR_FUTURE)} == filled.ids_except()
        assert store.last_seq == 6
        assert [s for s, _ in store.local_since(0)] == [1, 2, 3, 4, 5, 6]
        assert [p.read_bytes() for p in store.quarantined()] == [bad]
    rebuilt = json.loads(index.read_bytes())
    assert sorted(rebuilt["shards"]) == list(DAYS) and rebuilt["next_seq"] == 7
    with DataStore.open(filled.data_dir) as store:
        assert not store.index_rebuilt


def test_index_that_misses_a_day_is_rebuilt(filled: Filled) -> None:
    index = filled.data_dir / "history" / "index.json"
    data = json.loads(index.read_bytes())
    del data["shards"][DAYS[2]]
    data["next_seq"] = 1
    index.write_text(json.dumps(data), encoding="utf-8")
    with DataStore.open(filled.data_dir) as store:
        assert store.index_rebuilt and store.last_seq == 6
        assert {r.id for r in store.records(EPOCH, FAR_FUTURE)} == filled.ids_except()
        assert store.add(make_record("E002", DAYS[2], 20))
        assert store.last_seq == 7


def test_a_second_damaged_copy_never_replaces_the_first(
    filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> FrozenClock:
            return cls(2026, 11, 27, 1, 2, 3, 456789, tzinfo=tz)

    monkeypatch.setattr(jsonfile, "datetime", FrozenClock)  # both moves in "one microsecond"
    path = filled.data_dir / "staff.json"
    copies = []
    for how in ("truncated", "zero-byte"):
        if not path.exists():
            with DataStore.open(filled.data_dir) as store:
                store.save_employee(Employee("E005", "赵敏"))
        bad = damage(path, how)
        with pytest.raises(CorruptFileError) as info, DataStore.open(filled.data_dir) as store:
            store.list_staff()
        assert info.value.moved_to is not None
        copies.append((info.value.moved_to, bad))
    assert copies[0][0] != copies[1][0]
    assert [p.read_bytes() for p, _ in copies] == [bad for _, bad in copies]


def _first_shard_doc(data: dict[str, Any]) -> dict[str, Any]:
    return dict(next(iter(data["records"].values())))


# file, how its (valid JSON) contents are spoilt, what reads it, words in the message
MALFORMED: dict[str, tuple[str, Callable[[Any], Any], Callable[[DataStore], Any], str]] = {
    "employee without a name": (
        "staff.json",
        lambda d: {"staff": {"1": {"id": "E001"}}},
        lambda s: s.list_staff(),
        "invalid employee",
    ),
    "employee with an unknown role": (
        "staff.json",
        lambda d: {"staff": {k: {**v, "role": "boss"} for k, v in d["staff"].items()}},
        lambda s: s.get_employee("E001"),
        "invalid employee",
    ),
    "staff table that is a list": (
        "staff.json",
        lambda d: {"staff": list(d["staff"].values())},
        lambda s: s.list_staff(),
        "is not a JSON object",
    ),
    "state entry without a value": (
        "state.json",
        lambda d: {"state": {"1": {"key": "pin_window"}}},
        lambda s: s.get_state("pin_window"),
        "invalid entry",
    ),
    "draft without answers": (
        "drafts/E002.json",
        lambda d: {k: v for k, v in d.items() if k != "answers"},
        lambda s: s.load_draft("E002"),
        "not a valid draft",
    ),
    "record of an unknown schema": (
        f"history/2026/{DAMAGED_DAY}.json",
        lambda d: {"records": {"1": {**_first_shard_doc(d), "schema": "x/9"}}},
        lambda s: s.history(EPOCH, FAR_FUTURE),
        "invalid document",
    ),
    "empty record": (
        f"history/2026/{DAMAGED_DAY}.json",
        lambda d: {"records": {"1": {}}},
        lambda s: s.history(EPOCH, FAR_FUTURE),
        "invalid document",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_valid_json_of_the_wrong_shape_is_quarantined_too(filled: Filled, case: str) -> None:
    rel, spoil, read, words = MALFORMED[case]
    path = filled.data_dir / rel
    bad = json.dumps(spoil(json.loads(path.read_bytes()))).encode()
    path.write_bytes(bad)

    def open_and_read() -> None:
        with DataStore.open(filled.data_dir) as store:
            read(store)

    with pytest.raises(CorruptFileError, match=words) as info:
        open_and_read()
    assert info.value.path == path and str(path) in str(info.value)
    assert info.value.moved_to is not None and info.value.moved_to.read_bytes() == bad
    with DataStore.open(filled.data_dir) as store:
        lost_day = DAMAGED_DAY if rel.startswith("history") else None
        assert {r.id for r in store.records(EPOCH, FAR_FUTURE)} == filled.ids_except(lost_day)


def test_index_with_values_of_the_wrong_type_is_rebuilt(filled: Filled) -> None:
    index = filled.data_dir / "history" / "index.json"
    data = json.loads(index.read_bytes())
    for info in data["shards"].values():
        info["max_seq"] = "many"
    index.write_text(json.dumps(data), encoding="utf-8")
    with DataStore.open(filled.data_dir) as store:
        assert store.index_rebuilt and store.last_seq == 6
        assert {r.id for r in store.records(EPOCH, FAR_FUTURE)} == filled.ids_except()
