"""The bulk reader takes exactly what the strict reader takes, and builds equal documents.

Each case is a JSON text: a valid document, or one changed in a way the contract may or may not
allow. `decode_lines` must either decline (None: the caller reads strictly) or give what
`document_from_json` gives; it must never accept what the strict reader refuses.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.records import (
    Acknowledgement,
    AuditEvent,
    Document,
    RecordFormatError,
    document_from_json,
)
from shiftcheck.store.codec import decode_lines, decode_shard, encode
from shiftcheck.store.datastore import TABLE_OF
from tests.unit.factories import correction, end, start

SH = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 27, 8, 55, 2, tzinfo=SH)
ACK_ID = "0f0c4b9e-1a2b-4c3d-8e9f-a0b1c2d3e4f5"
AUDIT_ID = "1f0c4b9e-1a2b-4c3d-8e9f-a0b1c2d3e4f5"


def samples() -> list[Document]:
    s = start(
        "E002",
        AT,
        answers=(
            Answer("uniform_clean", Result.PASS),
            Answer("grooming", Result.FAIL, note="补妆\u2028第二行"),
            Answer("badge", Result.NA),
        ),
    )
    e = end("E002", AT + timedelta(hours=8), answers=(Answer("forms", value=3),))
    return [
        s,
        e,
        correction(s, "clock_out", AT + timedelta(hours=9), AT + timedelta(days=1)),
        Acknowledgement(
            "0f0c4b9e-1a2b-4c3d-8e9f-a0b1c2d3e4f5", "S001", "E002", e.id, 3, "E001", AT
        ),
        AuditEvent("1f0c4b9e-1a2b-4c3d-8e9f-a0b1c2d3e4f5", "S001", "T1", "E001", "open", "", AT),
    ]


def strict(text: bytes) -> Document | None:
    try:
        return document_from_json(json.loads(text))
    except (ValueError, RecordFormatError):
        return None


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(
        ["", " ", "E001\n", "E009", "pass", "2026-11-27T08:55:02", "2026-11-28T08:55:02+08:00"]
    ),
    st.lists(st.integers(), max_size=2),
    st.just({"item": "x"}),
)


@st.composite
def changed_documents(draw: st.DrawFn) -> bytes:
    """A sample document's JSON with a few fields removed, added or replaced."""
    body: dict[str, Any] = draw(st.sampled_from(samples())).to_json()
    changes = draw(st.integers(1, 3)) if draw(st.booleans()) else 0
    for _ in range(changes):
        how = draw(st.sampled_from(["drop", "set", "answer", "extra", "text", "text"]))
        key = draw(st.sampled_from(sorted(body)))
        if how == "drop":
            body.pop(key, None)
        elif how == "text":  # mostly still valid: other free text, numbers, flags
            answers = body.get("answers")
            if isinstance(answers, list) and answers and isinstance(answers[0], dict):
                note = draw(st.text(max_size=6))
                body["answers"] = [{**body["answers"][0], "note": note}, *body["answers"][1:]]
            for name in ("reason", "detail", "terminal_id", "actor", "action"):
                if name in body:
                    body[name] = draw(st.text(min_size=1, max_size=6))
            if "forms" in body:
                body["forms"] = draw(st.integers(min_value=0, max_value=2**70))
            if "flags" in body:
                body["flags"] = draw(st.lists(st.text(max_size=4), max_size=2))
        elif how == "set":
            body[key] = draw(ODD_VALUES)
        elif (
            how == "answer"
            and isinstance(body.get("answers"), list)
            and body["answers"]
            and isinstance(body["answers"][0], dict)
        ):
            answer = dict(body["answers"][0])
            answer[draw(st.sampled_from(["item", "result", "value", "note", "x"]))] = draw(
                ODD_VALUES
            )
            body["answers"] = [answer, *body["answers"][1:]]
        else:
            body[draw(st.sampled_from(["extra", "_seq", "schema"]))] = draw(ODD_VALUES)
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(changed_documents())
def test_one_line_is_read_as_the_strict_reader_reads_it(text: bytes) -> None:
    quick = decode_lines(text)
    expected = strict(text)
    event("strict: " + ("refused" if expected is None else "taken"))
    event("quick: " + ("declined" if quick is None else "taken"))
    if expected is None:
        assert quick is None  # never accepted where the strict reader refuses
    elif quick is not None:
        [(doc, line)] = quick
        assert doc == expected and line == text


def test_plain_bundles_take_the_quick_path_with_their_lines() -> None:
    docs = samples()
    lines = [encode(d.to_json()) for d in docs]
    quick = decode_lines(b"\n".join(lines))
    assert quick is not None
    assert [d for d, _ in quick] == docs
    assert [text for _, text in quick] == lines
    assert decode_lines(b"") == []


def test_a_bad_line_anywhere_sends_the_whole_text_to_the_strict_reader() -> None:
    lines = [encode(d.to_json()) for d in samples()]
    for bad in (b"", b"not json", b'{"schema":"shiftcheck.record/1"}', b"[1, 2]"):
        assert decode_lines(b"\n".join([*lines[:2], bad, *lines[2:]])) is None


def test_shards_read_the_same_both_ways() -> None:
    docs = samples()
    shard: dict[str, dict[str, Any]] = {}
    for seq, doc in enumerate(docs, start=1):
        body = doc.to_json()
        body["_seq"] = seq
        shard.setdefault(TABLE_OF[type(doc)], {})[str(seq)] = body
    quick = decode_shard(encode(shard), TABLE_OF)
    expected = [
        (seq, doc)
        for table in TABLE_OF.values()
        for seq, doc in enumerate(docs, start=1)
        if TABLE_OF[type(doc)] == table
    ]
    assert quick == expected
    # a record filed under another table, a text sequence number, a damaged file: strict
    moved = {"corrections": {"1": shard["records"]["1"]}}
    text_seq = {"records": {"1": {**shard["records"]["1"], "_seq": "1"}}}
    for odd in (encode(moved), encode(text_seq), encode(shard)[:-3], b"[]"):
        assert decode_shard(odd, TABLE_OF) is None


def test_the_store_never_writes_a_document_reading_would_refuse(tmp_path: Path) -> None:
    from shiftcheck.domain.checklist import LARGEST_NUMBER
    from shiftcheck.store import DataStore

    with DataStore.open(tmp_path / "d") as store:
        assert store.add(start("E002", AT), local=True)
        shard = tmp_path / "d/history/2026/2026-11-27.json"
        before = shard.read_bytes()
        huge = start("E003", AT, answers=(Answer("forms", value=LARGEST_NUMBER + 1),))
        with pytest.raises(RecordFormatError, match=r"answers\[0\]\.value: out of range"):
            store.add(huge, local=True)
        assert shard.read_bytes() == before
    with DataStore.open(tmp_path / "d") as store:
        assert [d.employee_id for d in store.all_documents()] == ["E002"]


def test_text_that_is_not_utf8_or_nested_too_deep_is_left_to_the_strict_reader() -> None:
    line = encode(samples()[0].to_json())
    assert decode_lines(line.replace("补妆".encode(), b"\xe9\xe9", 1)) is None
    assert decode_lines(b'{"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}") is None
    shard = encode({"records": {"1": samples()[0].to_json()}})
    assert decode_shard(shard.replace("补妆".encode(), b"\xe9\xe9", 1), TABLE_OF) is None
