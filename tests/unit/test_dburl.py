"""No password in a database URL, by any spelling libpq understands."""

from __future__ import annotations

import pytest

from shiftcheck.config import ConfigError, parse_config
from shiftcheck.dburl import secret_in_url

REFUSED = [
    ("postgresql://u:pw@db/chain", "user:password@"),
    ("postgres://u:@db/chain", "user:password@"),
    ("postgresql://u:p%40w@db:5432/chain", "user:password@"),
    ("postgresql://u@db/chain?password=pw", "?password="),
    ("postgresql://u@db/chain?sslmode=require&password=", "?password="),
    ("postgresql://u@db/chain?PASSWORD=pw", "?password="),
    ("postgresql://u@db/chain?pass%77ord=pw", "?password="),
    ("postgresql://u@db/chain?%20password=pw", "?password="),
    ("postgresql://u@db/chain?sslpassword=pw", "?sslpassword="),
    ("postgresql://u@db/chain?oauth_client_secret=s", "?oauth_client_secret="),
    ("postgresql://u@db/?dbname=chain%20password%3Dpw", "password="),
    ("postgresql://u@db/?dbname=postgresql://u:pw@db/chain", "user:password@"),
    ("postgresql://u@db/?dbname=postgresql%3A%2F%2Fu%40db%2Fc%3Fpassword%3Dpw", "?password="),
    ("postgresql://u@db/host=db%20password=pw", "password="),
    ("postgresql://u@db/?dbname='x sslpassword = pw'", "sslpassword="),
]
ALLOWED = [
    "postgresql://u@db/chain",
    "postgresql://db/chain?schema=shiftcheck&sslmode=verify-full",
    "postgresql://u@db/chain?passfile=/home/u/.pgpass",
    "postgresql://u@h1,h2:5433/chain?target_session_attrs=read-write",
    "postgresql://u@db/?dbname=chain",
    "postgresql://u%3Ax@db/chain",  # a user name with a colon in it, no password
]


@pytest.mark.parametrize("url, how", REFUSED)
def test_every_spelling_is_found(url: str, how: str) -> None:
    assert secret_in_url(url) == how


@pytest.mark.parametrize("url", ALLOWED)
def test_urls_without_a_secret_pass(url: str) -> None:
    assert secret_in_url(url) is None


@pytest.mark.parametrize("url, how", REFUSED)
def test_config_refuses_them_and_says_where_the_password_goes(url: str, how: str) -> None:
    data = {"sync": {"targets": [{"name": "hq", "url": url}]}}
    with pytest.raises(ConfigError) as caught:
        parse_config(data, "config.toml")
    message = str(caught.value)
    assert "sync.targets.0" in message and how in message
    assert "~/.pgpass" in message and "PGPASSFILE" in message and "PGPASSWORD" in message
    assert "pw@" not in message and "=pw" not in message
