"""The store's performance layer: fast JSON, documents read in bulk, remembered answers, and the
cycle collector held off while many objects are made.

Everything here changes speed only, never a result: `encode`/`decode` give the standard
library's bytes and answers; the bulk readers take exactly what the domain's strict
`from_json` takes (and say None, "read it strictly", for anything else); remembered answers
are only ever answers already checked. The domain itself stays pure: it keeps no cache.

Bulk reading: a year of shards or a 100,000-line sync bundle is mostly answers, and most
answers repeat exactly (the same checklist, all passed). msgspec reads each document's scalar
fields and keeps its `answers` as the raw JSON text; equal texts are checked once and
remembered. Every field is still checked by the domain's own `from_json`, so this path builds
equal documents. Anything it does not take (an unknown schema, a missing or unknown field, a
number out of range, text that is not JSON or not UTF-8, nesting too deep) makes it return
None: the caller then reads the same bytes the strict way, which names what is wrong.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Union, cast

import msgspec
import orjson

from shiftcheck.domain import records as domain
from shiftcheck.domain.checklist import Answer
from shiftcheck.domain.records import (
    DOCUMENT_FIELDS,
    DOCUMENT_TYPES,
    RECORD_SCHEMA,
    CheckRecord,
    Document,
    RecordFormatError,
)

# -- JSON text --------------------------------------------------------------------------------


def encode(data: Any) -> bytes:
    """Compact UTF-8 JSON, Chinese kept readable: for the plain JSON values the store writes,
    the same bytes as `json.dumps` with `ensure_ascii=False` and no spaces, several times
    faster (orjson; `orjson.Fragment` is JSON text written as it stands)."""
    try:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # what orjson refuses (a whole number beyond 64 bits) json can do
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_fragment)
        return text.encode("utf-8")


def _fragment(value: object) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON the standard library can write")


def as_written(text: bytes) -> Any:
    """JSON text that `encode` writes as it stands, inside a larger value (not re-encoded)."""
    return orjson.Fragment(text)


_INDENTED = msgspec.json.Encoder(decimal_format="number")


def encode_indented(data: object) -> bytes:
    """JSON for people to read: UTF-8 (names unescaped), two-space indent, a final newline;
    `Decimal`s as exact numbers (`8.50`)."""
    return msgspec.json.format(_INDENTED.encode(data), indent=2) + b"\n"


def decode(raw: bytes | str) -> Any:
    """Parse JSON bytes: orjson first (fast, strict RFC 8259), the standard library for what
    orjson refuses (NaN, invalid text), so each error message stays the standard library's.
    Unlike the standard library, a whole number beyond 64 bits is read as a float (documents
    refuse it either way)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


# -- the cycle collector ----------------------------------------------------------------------

PROMOTE_AFTER = 50_000
"""Objects made in one `many_objects` batch beyond which they skip the young generations."""


@contextlib.contextmanager
def many_objects() -> Iterator[None]:
    """Pause Python's cycle collector while many small objects are made (a year of parsed
    records): it would otherwise rescan them again and again.

    When many were made, they go straight to the oldest generation afterwards (freeze, then
    unfreeze) instead of being scanned all at once by the next young collection; they hold
    no cycles, so nothing is kept longer. A small batch is left to the usual young collection.
    The collector runs as usual from then on. Nesting is harmless (the outermost one decides).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > PROMOTE_AFTER:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


# -- answers, checked once --------------------------------------------------------------------

_ANSWER_MEMO: dict[tuple[object, ...], Answer] = {}
_ANSWER_MEMO_MAX = 4096


def answer_from_json(raw: object, index: int) -> Answer:
    """The domain's `answer_from_json`, remembered.

    Answers repeat a lot (same item, pass, no note), so answers written in full (all four
    keys, as `Answer.to_json` writes them) are remembered once checked, keyed by their exact
    values; `value` also by its type, as JSON's true and 1.0 equal 1 in Python. The memo is
    bounded and only ever holds checked answers, so it changes no result, only the speed.
    """
    key: tuple[object, ...] | None = None
    if type(raw) is dict and len(raw) == 4:
        try:
            value = raw["value"]
            key = (raw["item"], raw["result"], value, type(value), raw["note"])
            cached = _ANSWER_MEMO.get(key)
        except (KeyError, TypeError):  # another key, or an unhashable value: checked below
            cached, key = None, None
        if cached is not None:
            return cached
    answer = domain.answer_from_json(raw, index)
    if key is not None:
        if len(_ANSWER_MEMO) >= _ANSWER_MEMO_MAX:
            _ANSWER_MEMO.clear()
        _ANSWER_MEMO[key] = answer
    return answer


def answers_from_json(raw: object) -> tuple[Answer, ...]:
    """The domain's `answers_from_json`, each answer remembered."""
    if not isinstance(raw, list):
        raise RecordFormatError("answers", "expected a list")
    return tuple([answer_from_json(a, i) for i, a in enumerate(raw)])


def document_from_json(data: Mapping[str, Any]) -> Document:
    """The domain's `document_from_json` (same documents, same errors), answers remembered."""
    if type(data) is dict and data.get("schema") == RECORD_SCHEMA:
        try:
            answers = answers_from_json(data.get("answers"))
        except RecordFormatError:
            pass  # the domain names the first problem, in its own order
        else:
            rest = {k: v for k, v in data.items() if k != "answers"}
            return CheckRecord.from_json(rest, answers=answers)
    return domain.document_from_json(data)


# -- documents in bulk ------------------------------------------------------------------------

SEQ_FIELD = "_seq"
"""The local sequence number a shard keeps beside a document this terminal wrote."""


class _Wire(msgspec.Struct, forbid_unknown_fields=True, tag_field="schema"):
    """Fields are `Any`: their types are the domain's to check, as in the strict path."""

    seq: Any = msgspec.field(default=msgspec.UNSET, name=SEQ_FIELD)


def _wire_type(schema: str, kind: type[Document]) -> type[_Wire]:
    """The wire form of one kind: its contract's fields (from the domain), all optional so
    a missing one is the domain's to name; a record's `answers` kept as raw JSON text."""
    fields: list[tuple[str, Any, Any]] = [
        (name, msgspec.Raw, msgspec.Raw()) if name == "answers" else (name, Any, msgspec.UNSET)
        for name in sorted(DOCUMENT_FIELDS[kind] - {"schema"})
    ]
    made = msgspec.defstruct(f"Wire{kind.__name__}", fields, bases=(_Wire,), tag=schema)
    return cast(type[_Wire], made)


_KIND_OF: dict[type[_Wire], tuple[str, type[Document]]] = {
    _wire_type(schema, kind): (schema, kind) for schema, kind in DOCUMENT_TYPES.items()
}
_AnyWire: Any = Union[tuple(_KIND_OF)]  # noqa: UP007 (a union built at run time)
_LINE = msgspec.json.Decoder(_AnyWire)
_SHARD = msgspec.json.Decoder(dict[str, dict[str, _AnyWire]])

_ANSWERS: dict[bytes, tuple[Answer, ...]] = {}
_ANSWERS_MAX = 4096


class _NotForThisPath(Exception):
    """Raised inside: the strict path must read these bytes."""


def _answers(raw: msgspec.Raw) -> tuple[Answer, ...]:
    key = bytes(raw)
    if not key:
        raise _NotForThisPath
    found = _ANSWERS.get(key)
    if found is None:
        try:
            found = answers_from_json(orjson.loads(key))
        except (orjson.JSONDecodeError, RecordFormatError):
            raise _NotForThisPath from None
        if len(_ANSWERS) >= _ANSWERS_MAX:
            _ANSWERS.clear()
        _ANSWERS[key] = found
    return found


def _document(wire: _Wire) -> Document:
    """The domain document, checked by the domain's `from_json` (absent fields left out)."""
    schema, kind = _KIND_OF[type(wire)]
    data: dict[str, Any] = {"schema": schema}
    answers = msgspec.Raw()
    for name, value in msgspec.structs.asdict(wire).items():
        if name == "answers":
            answers = value
        elif name != "seq" and value is not msgspec.UNSET:
            data[name] = value
    try:
        if kind is CheckRecord:
            return CheckRecord.from_json(data, answers=_answers(answers))
        return kind.from_json(data)
    except RecordFormatError:
        raise _NotForThisPath from None


def decode_lines(lines: bytes) -> list[tuple[Document, bytes]] | None:
    """Documents of JSON Lines text (one per line, no final newline), each with its line;
    None: read strictly."""
    if not lines:
        return []
    docs: list[tuple[Document, bytes]] = []
    with many_objects():
        try:
            for line in lines.split(b"\n"):
                wire = _LINE.decode(line)
                if wire.seq is not msgspec.UNSET:
                    return None  # a bundle line never carries a local sequence number
                docs.append((_document(wire), line))
        except (ValueError, RecursionError, _NotForThisPath):
            return None
    return docs


def decode_texts(texts: Sequence[str]) -> list[tuple[Document, bytes]] | None:
    """Documents of JSON texts that hold no raw newline (e.g. a database's `body::text`),
    each with its UTF-8 text; None: read them strictly, one at a time."""
    return decode_lines("\n".join(texts).encode("utf-8"))


def decode_shard(raw: bytes, tables: Mapping[type, str]) -> list[tuple[int, Document]] | None:
    """(sequence number, document) of a day shard's bytes, tables in `tables`' order; None:
    read strictly (a damaged or unusual shard)."""
    try:
        shard = _SHARD.decode(raw)
        docs: list[tuple[int, Document]] = []
        for table in tables.values():
            for wire in shard.get(table, {}).values():
                seq = 0 if wire.seq is msgspec.UNSET else wire.seq
                if type(seq) is not int:
                    return None
                doc = _document(wire)
                if tables.get(type(doc)) != table:
                    return None
                docs.append((seq, doc))
    except (ValueError, RecursionError, _NotForThisPath):
        return None
    return docs


def document_lines(docs: Iterable[Document]) -> bytes:
    """Documents as JSON Lines (contract JSON, compact UTF-8), each line ending in "\\n";
    give at least one."""
    with many_objects():
        return b"\n".join([encode(doc.to_json()) for doc in docs]) + b"\n"
