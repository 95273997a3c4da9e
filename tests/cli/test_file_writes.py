"""Files the commands write for the user (backups, roster exports) go through `services.files`:
saved whole or not at all, and a file that cannot be saved is named with the reason (exit 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftcheck.services.context import Services
from shiftcheck.services.errors import StoreWriteError
from shiftcheck.services.files import save_file
from tests.cli.test_cli_core import run


@pytest.fixture
def folder(staffed: Services) -> Path:
    staffed.close()
    return staffed.data_dir


def test_save_file_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "out.csv"
    save_file(target, b"first\n")
    save_file(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.csv"]


def test_save_file_refuses_a_folder_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "kept.txt").write_text("kept")
    with pytest.raises(StoreWriteError) as info:
        save_file(target, b"data")
    assert info.value.path == target
    assert "previous contents are unchanged" in str(info.value)
    assert [p.name for p in target.iterdir()] == ["kept.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


@pytest.mark.parametrize("command", [("records", "export", "-o"), ("roster", "export", "--output")])
def test_an_export_that_cannot_be_saved_names_the_file(
    folder: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    target = blocker / "out.txt"
    code, out, err = run(folder, *command, str(target))
    assert code == 1
    assert f"could not save {target}" in err
    assert "Traceback" not in err and out == ""
    assert blocker.read_text() == "a file where a folder should be"
