"""Reading documents out of the central database the way a terminal reads a bundle: every body
checked field by field by the domain's `from_json` (in bulk where it can), a bad one set aside
with its store, terminal, id and the reason, never a crash and never a silent skip.

Rows stream through a server-side cursor in chunks, so a chain-wide read never holds every row's
text at once; one thread fetches the next chunk while the current one is checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from shiftcheck.domain.records import Document, RecordFormatError
from shiftcheck.store.codec import decode, decode_texts, document_from_json

CHUNK = 5_000
"""Rows fetched and checked at a time."""


@dataclass(frozen=True, slots=True)
class InvalidRow:
    """A central row whose document does not pass the record contract."""

    table: str
    store_id: str
    terminal_id: str
    id: str
    why: str

    def describe(self) -> str:
        """`store S001, terminal T1, id …: why` (for messages and the XLSX Export sheet)."""
        return f"store {self.store_id}, terminal {self.terminal_id}, id {self.id}: {self.why}"


InvalidRows = dict[tuple[str, str, str], InvalidRow]
"""Invalid rows found so far, by (table, store, id): a row read twice is listed once."""


def _strict(text: str) -> Document:
    """One body read the strict way; `RecordFormatError`/`ValueError` name what is wrong."""
    return document_from_json(decode(text))


def check_rows(
    table: str, rows: Sequence[tuple[str, str, str, str]], invalid: InvalidRows
) -> list[Document]:
    """The documents of `(store, terminal, id, body)` rows; bad ones go to `invalid`."""
    quick = decode_texts([body for *_, body in rows])
    if quick is not None:
        return [doc for doc, _ in quick]
    docs: list[Document] = []
    for store, terminal, doc_id, body in rows:
        try:
            docs.append(_strict(body))
        except (ValueError, RecordFormatError) as exc:
            why = str(exc) or type(exc).__name__
            invalid[(table, store, doc_id)] = InvalidRow(table, store, terminal, doc_id, why)
    return docs


def stream_documents(
    conn: psycopg.Connection[Any],
    query: sql.Composed,
    params: Sequence[Any],
    table: str,
    invalid: InvalidRows,
) -> list[Document]:
    """Documents of a query returning `(store_id, terminal_id, id::text, body::text)`, read in
    chunks through a server-side cursor; rows that fail the contract go to `invalid`."""
    docs: list[Document] = []
    with (
        conn.transaction(),
        conn.cursor(name="shiftcheck_read") as cur,
        ThreadPoolExecutor(1, thread_name_prefix="shiftcheck-fetch") as fetcher,
    ):
        cur.itersize = CHUNK
        cur.execute(query, params)
        # The next chunk is fetched while this one is checked: the server and the checks overlap.
        ahead = fetcher.submit(cur.fetchmany, CHUNK)
        while chunk := ahead.result():
            ahead = fetcher.submit(cur.fetchmany, CHUNK)
            docs.extend(check_rows(table, chunk, invalid))
    return docs


__all__ = ["CHUNK", "InvalidRow", "check_rows", "stream_documents"]
