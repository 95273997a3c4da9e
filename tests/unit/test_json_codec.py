"""The store's JSON codec: orjson's speed with the standard library's answers."""

from __future__ import annotations

import gc
import json
from typing import Any

import orjson
import pytest

from shiftcheck.store.codec import decode, encode, many_objects

SAMPLES: list[Any] = [
    {"records": {"1": {"name": "王芳", "n": 3, "ok": True, "none": None, "list": [1, "二"]}}},
    {"big": 2**70, "neg": -(2**63)},
    {"text": 'tab\t quote" newline\n emoji 🙂 nul \u0000 \u2028'},
    {"1": {}, "": []},
]


@pytest.mark.parametrize("data", SAMPLES)
def test_encode_gives_the_standard_librarys_bytes(data: Any) -> None:
    expected = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert encode(data) == expected
    assert decode(expected) == data


def test_decode_takes_what_the_standard_library_takes() -> None:
    assert decode(b'{"x": NaN}')["x"] != decode(b'{"x": NaN}')["x"]  # NaN, as json reads it
    assert decode(b'{"x": 1e400}') == {"x": float("inf")}


@pytest.mark.parametrize("raw", [b'{"x": 1', b"\xff\xfe{}", b'{"x": 1} trailing'])
def test_decode_errors_are_the_standard_librarys(raw: bytes) -> None:
    with pytest.raises(ValueError) as ours:
        decode(raw)
    with pytest.raises(ValueError) as theirs:
        json.loads(raw)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)


def test_many_objects_pauses_the_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with many_objects():
        assert not gc.isenabled()
        with many_objects():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with many_objects():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), many_objects():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_json_kept_as_text_is_written_as_it_stands() -> None:
    kept = orjson.Fragment('{"note":"补妆\u2028","n":1}'.encode())
    assert encode({"a": kept}) == '{"a":{"note":"补妆\u2028","n":1}}'.encode()
    with pytest.raises(TypeError, match="not JSON the standard library can write"):
        encode({"a": kept, "big": 2**70})  # documents never hold such numbers


def test_a_big_batch_skips_the_young_generations_a_small_one_does_not() -> None:
    gc.collect()
    with many_objects():
        small = [[n] for n in range(100)]
    assert any(o is small for o in gc.get_objects(generation=0))
    with many_objects():
        big = [[n] for n in range(100_000)]
    assert not any(o is big for o in gc.get_objects(generation=0))
    assert any(o is big for o in gc.get_objects(generation=2))
    assert gc.isenabled()
