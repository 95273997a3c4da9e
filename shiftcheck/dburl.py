"""Database URLs never carry a secret: the password lives in `~/.pgpass` (or the file
`PGPASSFILE` names) or in `PGPASSWORD`, never in `config.toml`, a command line or a message.

libpq reads a secret from a URL in several spellings: `user:secret@host`, a query parameter
(`?password=`, `?sslpassword=`, `?oauth_client_secret=`, in any case or %-encoding), or a
`dbname` that is itself a connection string or URL holding one of these. Each is refused.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

SECRET_PARAMETERS = frozenset({"password", "sslpassword", "oauth_client_secret"})
"""libpq connection parameters whose value is a secret."""

_KEYWORD = re.compile(r"(?:^|\s)([A-Za-z_]+)\s*=")
_URL_PREFIXES = ("postgresql://", "postgres://")
_MAX_DEPTH = 4


def secret_in_url(url: str) -> str | None:
    """How `url` carries a secret (`"user:password@"`, `"?password="`…), or None if it does not.

    `url` is a libpq URL (postgresql://…); its query, and a `dbname` given as a nested
    connection string or URL, are checked too.
    """
    return _secret_in(url, 0)


def _secret_in(text: str, depth: int) -> str | None:
    if depth > _MAX_DEPTH:
        return "a nested connection string"
    if text.lower().startswith(_URL_PREFIXES):
        return _secret_in_uri(text, depth)
    if "=" in text:
        return _secret_in_keywords(text, depth)
    return None


def _secret_in_uri(url: str, depth: int) -> str | None:
    rest = url.split("://", 1)[1]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority and ":" in authority.rsplit("@", 1)[0]:
        return "user:password@"
    try:
        parts = urlsplit(url)
    except ValueError:
        return None  # not a URL libpq would take either; the connection is refused later
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        name = key.strip().lower()
        if name in SECRET_PARAMETERS:
            return f"?{name}="
        if name == "dbname":
            nested = _secret_in(value, depth + 1)
            if nested is not None:
                return nested
    return _secret_in(unquote(parts.path.lstrip("/")), depth + 1)


def _secret_in_keywords(conninfo: str, depth: int) -> str | None:
    for match in _KEYWORD.finditer(conninfo):
        name = match.group(1).lower()
        if name in SECRET_PARAMETERS:
            return f"{name}="
    found = re.search(r"(?:^|\s)dbname\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", conninfo)
    if found is not None:
        value = found.group(1).strip("'")
        if value != conninfo:
            return _secret_in(value, depth + 1)
    return None


__all__ = ["SECRET_PARAMETERS", "secret_in_url"]
