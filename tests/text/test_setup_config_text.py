"""First-run setup, config.toml and the share's directory entries refuse names holding control
characters or past their bound, naming the field."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from shiftcheck.config import ConfigError, load_config
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services
from shiftcheck.services.setup import check_setup
from shiftcheck.services.sync.base import DirectoryEntry
from tests.services.test_setup_demo import GOOD
from tests.text.conftest import ESCAPE_NAME, MARKUP_NAME


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"store_name": "Demo\x1b]0;pwned\x07"}, "store_name", "text.setup.control"),
        ({"store_name": "店" * 81}, "store_name", "setup.bad_store_name"),
        ({"supervisor_name": ESCAPE_NAME}, "supervisor_name", "text.setup.control"),
        ({"supervisor_name": "陈\u202e静"}, "supervisor_name", "text.setup.control"),
        ({"supervisor_name": "x" * 101}, "supervisor_name", "text.setup.name_too_long"),
    ],
    ids=["store-escape", "store-81", "name-escape", "name-bidi", "name-101"],
)
def test_setup_refuses_controlled_or_overlong_names(
    tmp_path: Path, clock: ManualClock, change: dict[str, str], field: str, key: str
) -> None:
    services = open_services(tmp_path / "fresh", clock=clock)
    try:
        problems = check_setup(services, replace(GOOD, **change))
    finally:
        services.close()
    assert [(p.field, p.key) for p in problems] == [(field, key)]


def test_setup_takes_a_markup_looking_name_as_text(tmp_path: Path, clock: ManualClock) -> None:
    services = open_services(tmp_path / "fresh", clock=clock)
    try:
        assert check_setup(services, replace(GOOD, supervisor_name=MARKUP_NAME)) == []
    finally:
        services.close()


def test_config_refuses_a_store_name_with_terminal_controls(data_dir: Path) -> None:
    path = data_dir / "config.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("南京路店", "南京路店\\u001b[2J"), encoding="utf-8")
    with pytest.raises(ConfigError, match="store_name"):
        load_config(data_dir)


@pytest.mark.parametrize(
    "name", [ESCAPE_NAME, "Eve\nAdmin", "x" * 101, ""], ids=["escape", "newline", "101", "empty"]
)
def test_a_directory_entry_with_a_bad_name_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="name of 'E666'"):
        DirectoryEntry.from_json({"id": "E666", "name": name, "role": "staff", "active": True})
