"""The checklist loader: every rule gives a precise message (file, line, field); all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftcheck.cli import cli
from shiftcheck.domain.checklist import ItemKind
from shiftcheck.services.checklist_files import (
    ChecklistError,
    ChecklistProblem,
    default_checklist_dir,
    load_checklist,
    load_checklists,
)

# A small valid checklist; the tests below break one line of it and expect that line number.
VALID = """\
id = "start_of_shift"
version = "1"
title = { zh = "上班自检", en = "Start-of-shift check" }

[[sections]]
id = "appearance"
title = { zh = "仪容仪表", en = "Appearance" }

[[sections.items]]
id = "uniform_clean"
text = { zh = "工作服整齐", en = "Uniform clean" }
note_on_fail = true

[[sections.items]]
id = "forms_ready"
kind = "count"
min = 0
max = 50
text = { zh = "空白登记表份数", en = "Blank forms ready" }

[[sections]]
id = "desk"
title = { zh = "工作台", en = "Desk" }

[[sections.items]]
id = "notes"
kind = "text"
required = false
text = { zh = "备注", en = "Notes" }
"""


def with_line(line_no: int, new: str, source: str = VALID) -> str:
    """`source` with line `line_no` (1-based) replaced by `new` (which may hold several lines)."""
    lines = source.split("\n")
    assert lines[line_no - 1], "the tests replace non-blank lines only"
    lines[line_no - 1] = new
    return "\n".join(lines)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped checklists, to break."""
    target = tmp_path / "checklists"
    target.mkdir()
    for path in sorted(default_checklist_dir().glob("*.toml")):
        shutil.copy(path, target / path.name)
    return target


def problems_of(path: Path, source: str) -> list[ChecklistProblem]:
    path.write_text(source, encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    assert str(info.value) == "\n".join(str(p) for p in info.value.problems)
    return info.value.problems


def only(problems: list[ChecklistProblem]) -> ChecklistProblem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_small_valid_checklist_loads(tmp_path: Path) -> None:
    path = tmp_path / "start_of_shift.toml"
    path.write_text(VALID, encoding="utf-8")
    checklist = load_checklist(path)
    assert [i.id for i in checklist.items] == ["uniform_clean", "forms_ready", "notes"]
    assert checklist.item("forms_ready").kind is ItemKind.COUNT
    assert (checklist.item("forms_ready").min, checklist.item("forms_ready").max) == (0, 50)


# (line to replace, replacement, expected line, expected field, words in the message)
CASES: dict[str, tuple[int, str, int | None, str, str]] = {
    "invalid TOML": (
        11,
        'text = { zh = "工作服整齐", en = "Uniform clean"',
        11,
        "",
        "not valid TOML",
    ),
    "invalid TOML value": (2, "version = 1.0.0", 2, "", "not valid TOML"),
    "unknown key in an item": (
        12,
        'colour = "red"',
        12,
        "sections[0].items[0].colour",
        "unknown key",
    ),
    "unknown key at the top": (2, 'version = "1"\nauthor = "me"', 3, "author", "unknown key"),
    "duplicate item id": (
        15,
        'id = "uniform_clean"',
        15,
        "sections[0].items[1].id",
        "duplicate item id 'uniform_clean'",
    ),
    "duplicate section id": (
        22,
        'id = "appearance"',
        22,
        "sections[1].id",
        "duplicate section id 'appearance'",
    ),
    "missing translation": (
        19,
        'text = { zh = "空白登记表份数" }',
        19,
        "sections[0].items[1].text.en",
        "missing",
    ),
    "empty translation": (
        7,
        'title = { zh = "", en = "Appearance" }',
        7,
        "sections[0].title.zh",
        "missing translation (empty text)",
    ),
    "blank text": (
        11,
        'text = { zh = "工作服整齐", en = "   " }',
        11,
        "sections[0].items[0].text.en",
        "blank text",
    ),
    "unknown kind": (
        16,
        'kind = "photo"',
        16,
        "sections[0].items[1].kind",
        "must be 'check', 'count' or 'text' (got 'photo')",
    ),
    "bad bounds": (
        17,
        "min = 60",
        17,
        "sections[0].items[1].min",
        "bad bounds: min 60 is greater than max 50",
    ),
    "bounds on a check item": (
        12,
        "max = 3",
        12,
        "sections[0].items[0].max",
        "max applies only to items of kind 'count' (this is 'check')",
    ),
    "note_on_fail on a text item": (
        28,
        "note_on_fail = true",
        28,
        "sections[1].items[0].note_on_fail",
        "note_on_fail applies only to items of kind 'check' (this is 'text')",
    ),
    "allow_na on a count item": (
        18,
        "max = 50\nallow_na = true",
        19,
        "sections[0].items[1].allow_na",
        "allow_na applies only to items of kind 'check' (this is 'count')",
    ),
    "bad item id": (10, 'id = "Uniform Clean"', 10, "sections[0].items[0].id", "pattern"),
    "wrong type": (28, 'required = "no"', 28, "sections[1].items[0].required", "boolean"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_names_file_line_and_field(tmp_path: Path, case: str) -> None:
    replace, new, line, field, words = CASES[case]
    source = with_line(replace, new)
    path = tmp_path / "start_of_shift.toml"
    problem = only(problems_of(path, source))
    assert problem.file == path
    assert problem.line == line
    assert problem.field == field
    assert words in problem.message
    where = f"{path}:{line}" if line else str(path)
    assert str(problem).startswith(f"{where}: {field + ': ' if field else ''}")


def test_a_section_with_no_items_is_refused_at_its_header(tmp_path: Path) -> None:
    source = VALID.split('\n[[sections.items]]\nid = "notes"')[0]
    assert source.rstrip().endswith('title = { zh = "工作台", en = "Desk" }')
    problem = only(problems_of(tmp_path / "start_of_shift.toml", source))
    assert (problem.line, problem.field, problem.message) == (21, "sections[1].items", "missing")


def test_an_empty_list_of_sections_is_refused_at_its_line(tmp_path: Path) -> None:
    source = VALID.split("\n[[sections]]")[0] + "sections = []\n"
    problem = only(problems_of(tmp_path / "start_of_shift.toml", source))
    assert source.split("\n")[3] == "sections = []"
    assert (problem.line, problem.field) == (4, "sections")
    assert problem.message == "empty: a checklist needs at least one section"


def test_no_sections_at_all_is_refused(tmp_path: Path) -> None:
    source = VALID.split("\n[[sections]]")[0]
    problem = only(problems_of(tmp_path / "start_of_shift.toml", source))
    assert (problem.line, problem.field, problem.message) == (None, "sections", "missing")


def test_every_problem_in_a_file_is_listed(tmp_path: Path) -> None:
    source = with_line(16, 'kind = "photo"', with_line(12, 'colour = "red"'))
    problems = problems_of(tmp_path / "start_of_shift.toml", source)
    assert [(p.line, p.field) for p in problems] == [
        (12, "sections[0].items[0].colour"),
        (16, "sections[0].items[1].kind"),
    ]


def test_id_must_match_the_file_name(folder: Path) -> None:
    (folder / "end_of_shift.toml").write_text(VALID, encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklists(folder)
    problem = only(info.value.problems)
    assert (problem.file, problem.line, problem.field) == (folder / "end_of_shift.toml", 1, "id")
    assert "'start_of_shift' does not match the file name 'end_of_shift.toml'" in problem.message


def test_missing_file_and_unknown_extra_file(folder: Path) -> None:
    (folder / "end_of_shift.toml").unlink()
    (folder / "lunch_break.toml").write_text(VALID, encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklists(folder)
    assert [(p.file.name, p.message) for p in info.value.problems] == [
        ("end_of_shift.toml", "missing: every store needs this checklist"),
        ("lunch_break.toml", "unknown checklist file; expected start_of_shift, end_of_shift"),
    ]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="no such folder"):
        load_checklists(tmp_path / "nowhere")


def test_never_half_valid_one_good_file_and_one_broken_gives_nothing(folder: Path) -> None:
    end = folder / "end_of_shift.toml"
    end.write_text(end.read_text(encoding="utf-8").replace('kind = "count"', 'kind = "cnt"'))
    with pytest.raises(ChecklistError) as info:
        load_checklists(folder)
    problem = only(info.value.problems)
    assert problem.file == end and problem.field.endswith(".kind")
    assert problem.line == end.read_text(encoding="utf-8").split("\n").index('kind = "cnt"') + 1


def test_problems_in_both_files_are_all_reported(folder: Path) -> None:
    start, end = folder / "start_of_shift.toml", folder / "end_of_shift.toml"
    start.write_text(start.read_text(encoding="utf-8").replace('version = "1"', "version = 1"))
    end.write_text(end.read_text(encoding="utf-8") + "\n[[sections]]\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklists(folder)
    assert [(p.file.name, p.field) for p in info.value.problems] == [
        ("start_of_shift.toml", "version"),
        ("end_of_shift.toml", "sections[2].id"),
        ("end_of_shift.toml", "sections[2].title"),
        ("end_of_shift.toml", "sections[2].items"),
    ]


def test_content_hash_ignores_comments_and_changes_with_content(tmp_path: Path) -> None:
    path = tmp_path / "start_of_shift.toml"
    path.write_text(VALID, encoding="utf-8")
    first = load_checklist(path)
    path.write_text("# a comment\n" + VALID.replace(" = ", "   =   "), encoding="utf-8")
    assert load_checklist(path).content_hash == first.content_hash
    path.write_text(VALID.replace("Uniform clean", "Uniform clean and neat"), encoding="utf-8")
    changed = load_checklist(path)
    assert changed.content_hash != first.content_hash
    assert changed.version_tag != first.version_tag


def test_not_utf8_is_refused_naming_the_first_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "start_of_shift.toml"
    path.write_bytes(VALID.encode("gb18030"))  # Chinese Windows' own encoding
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    problem = only(info.value.problems)
    assert (problem.file, problem.line) == (path, 3)  # 上班自检 is the first non-ASCII text
    assert problem.message == "not UTF-8 text; save the file with UTF-8 encoding"


def test_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "start_of_shift.toml"
    path.write_text(VALID, encoding="utf-8")
    plain = load_checklist(path)
    path.write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8"))
    assert load_checklist(path) == plain
    path.write_bytes(
        b"\xef\xbb\xbf" + with_line(16, 'kind = "photo"').replace("\n", "\r\n").encode()
    )
    problem = only(problems_of_existing(path))
    assert (problem.line, problem.field) == (16, "sections[0].items[1].kind")


def problems_of_existing(path: Path) -> list[ChecklistProblem]:
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    return info.value.problems


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "start_of_shift.toml"
    path.mkdir()  # a folder where the file should be
    problem = only(problems_of_existing(path))
    assert problem.file == path and problem.message.startswith("cannot be read: ")


# -- shiftcheck checklists validate -------------------------------------------------------------


def test_validate_command_passes_on_the_shipped_folder() -> None:
    result = CliRunner().invoke(cli, ["checklists", "validate", str(default_checklist_dir())])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["start_of_shift", "end_of_shift"]
    assert all(line.startswith("ok  ") for line in lines)


def test_validate_command_prints_one_line_per_problem_and_exits_1(folder: Path) -> None:
    start = folder / "start_of_shift.toml"
    text = start.read_text(encoding="utf-8")
    lines = text.split("\n")
    uniform = lines.index('id = "uniform_clean"')
    grooming = lines.index('id = "grooming"')
    lines[grooming] = 'id = "uniform_clean"'
    lines.insert(uniform + 1, 'colour = "blue"')
    start.write_text("\n".join(lines), encoding="utf-8")
    (folder / "end_of_shift.toml").unlink()

    result = CliRunner().invoke(cli, ["checklists", "validate", str(folder)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{start}:{uniform + 2}: sections[0].items[0].colour: unknown key",
        f"{start}:{grooming + 2}: sections[0].items[1].id: duplicate item id 'uniform_clean'",
        f"{folder / 'end_of_shift.toml'}: missing: every store needs this checklist",
    ]


def test_validate_command_on_invalid_toml_names_the_line(folder: Path) -> None:
    start = folder / "start_of_shift.toml"
    start.write_text(with_line(4, 'version = "1', start.read_text(encoding="utf-8")))
    result = CliRunner().invoke(cli, ["checklists", "validate", str(folder)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{start}:4: not valid TOML: ")
