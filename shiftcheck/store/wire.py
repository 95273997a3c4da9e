"""Bulk reading of history documents: the same checks as `document_from_json`, far fewer objects.

A year of shards or a 100,000-line sync bundle is mostly answers, and most answers repeat
exactly (the same checklist, all passed). msgspec reads each document's scalar fields and keeps
its `answers` as the raw JSON text; equal texts are checked once and remembered. Every field is
still checked by the domain's own `from_json`, so this path accepts exactly what the strict one
does and builds equal documents. Anything it does not take (an unknown schema, a missing or
unknown field, a number out of range, text that is not JSON or not UTF-8, nesting too deep)
makes it return None: the caller then reads the same bytes the strict way, which names what is
wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Union, cast

import msgspec
import orjson

from shiftcheck.domain.checklist import Answer
from shiftcheck.domain.records import (
    DOCUMENT_FIELDS,
    DOCUMENT_TYPES,
    CheckRecord,
    Document,
    RecordFormatError,
    answers_from_json,
)

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


def decode_shard(raw: bytes, tables: dict[type, str]) -> list[tuple[int, Document]] | None:
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
