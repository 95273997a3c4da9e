"""Command-line tables line up by display width (a Chinese character takes two cells) and
speak the message language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from shiftcheck.services.context import Services
from shiftcheck.services.text_tables import render_table
from tests.cli.test_cli_core import run


def cell_columns(line: str) -> list[tuple[int, str]]:
    """(display column where it starts, text) of each cell; cells are 2+ spaces apart."""
    found = []
    for match in re.finditer(r"\S+(?: \S+)*", line):
        found.append((cell_len(line[: match.start()]), match.group()))
    return found


def assert_aligned(text: str) -> list[list[str]]:
    """Every line's cells start at the header's display columns; returns the cells."""
    lines = text.splitlines()
    starts = [col for col, _ in cell_columns(lines[0])]
    rows = []
    for line in lines:
        cells = cell_columns(line)
        assert [col for col, _ in cells] == starts[: len(cells)], f"out of line: {line!r}"
        rows.append([cell for _, cell in cells])
    return rows


def test_wide_characters_take_two_cells() -> None:
    rows = [["E1", "张伟伟", "3"], ["E22", "Amy", "12"]]
    text = render_table(["ID", "Name", "N"], rows, align=("left", "left", "right"))
    assert text.splitlines() == [
        "ID   Name     N",
        "E1   张伟伟   3",
        "E22  Amy     12",
    ]


def test_a_row_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        render_table(["a", "b", "c"], [["1", "2"]])


@pytest.mark.parametrize(
    ("lang", "header", "statuses"),
    [
        ("zh-CN", ["工号", "姓名", "角色", "语言", "状态"], {"在职", "已停用"}),
        ("en", ["ID", "Name", "Role", "Language", "Status"], {"active", "inactive"}),
    ],
)
def test_staff_list_lines_up_in_the_message_language(
    staffed: Services,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    header: list[str],
    statuses: set[str],
) -> None:
    staffed.staff.add("E010", "欧阳娜娜", "4826")
    staffed.staff.deactivate("E003")
    staffed.close()
    monkeypatch.setenv("SHIFTCHECK_LANG", lang)
    code, out, err = run(data_dir, "staff", "list", "--all")
    assert code == 0, err
    rows = assert_aligned(out)
    assert rows[0] == header
    assert {r[1] for r in rows[1:]} == {"张伟", "李娜", "Amy Chen", "欧阳娜娜"}
    assert {r[4] for r in rows[1:]} == statuses


def test_summary_table_lines_up_in_chinese(
    staffed: Services, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staffed.close()
    monkeypatch.setenv("SHIFTCHECK_LANG", "zh-CN")
    code, out, err = run(data_dir, "summary", "--date", "2026-11-27")
    assert code == 0, err
    table = out.splitlines()[1:-1]  # between the title and the totals line
    rows = assert_aligned("\n".join(table))
    assert rows[0][0] == "员工" and any("张伟" in r[0] for r in rows[1:])
