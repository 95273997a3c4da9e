"""HMAC-SHA256 signatures of what a terminal leaves on a shared folder (manifests, staff
directories), with the store's sync key.

A manifest carries the SHA-256 of its data file, so signing the manifest authenticates the
documents too. The signature covers every other field of the JSON object, serialised
canonically (sorted keys, no spaces, UTF-8), and sits in the field `hmac`; `key_id` names the
key by a fingerprint that reveals nothing of it, so a message can say "signed with another
key" rather than "tampered with".
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

SIGNATURE_FIELD = "hmac"
KEY_ID_FIELD = "key_id"


def key_id(key: bytes) -> str:
    """A short fingerprint of the key (for messages and `sync key show`)."""
    return hmac.new(key, b"shiftcheck.sync-key-id/1", hashlib.sha256).hexdigest()[:16]


def _canonical(doc: Mapping[str, Any]) -> bytes:
    body = {k: v for k, v in doc.items() if k != SIGNATURE_FIELD}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def signed(doc: Mapping[str, Any], key: bytes) -> dict[str, Any]:
    """`doc` with `key_id` and its signature added."""
    out = {**doc, KEY_ID_FIELD: key_id(key)}
    out[SIGNATURE_FIELD] = hmac.new(key, _canonical(out), hashlib.sha256).hexdigest()
    return out


def signature_problem(doc: Mapping[str, Any], key: bytes) -> str | None:
    """Why `doc` is not signed with `key`, or None when it is."""
    given = doc.get(SIGNATURE_FIELD)
    if given is None:
        return "not signed (written before bundles were signed, or not by a terminal of this store)"
    if not isinstance(given, str):
        return "its signature is not text"
    if doc.get(KEY_ID_FIELD) != key_id(key):
        return (
            f"signed with another key ({doc.get(KEY_ID_FIELD)!s:.20}, this terminal's is "
            f"{key_id(key)}): not a terminal of this store, or the key differs"
        )
    expected = hmac.new(key, _canonical(doc), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        return "its signature does not match (changed after it was signed)"
    return None
