"""Registration forms counted as forms: handovers per employee and day, a whole day at once, a
received count kept beside the declared one; the `forms` command and the Forms screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from textual.widgets import DataTable, Input

from shiftcheck.cli import cli
from shiftcheck.domain.records import Acknowledgement, AuditEvent, document_from_json
from shiftcheck.services.acknowledgements import share_received
from shiftcheck.services.context import Services, SupervisorTools, open_services
from shiftcheck.services.errors import ServiceError
from shiftcheck.tui.screens.supervisor import FormsScreen, SupervisorWorkspace
from tests.conftest import TZ
from tests.supervisor.conftest import Seed, at, end_record, start_record
from tests.supervisor.test_screens import SIZE, SupervisorTestApp, table_text, text_of, until

P = ("pass", "pass", "pass")


def acks_of(services: Services) -> list[Acknowledgement]:
    return [d for d in services.store.all_documents() if isinstance(d, Acknowledgement)]


def add_shift(services: Services, employee: str, start: datetime, hours: int, forms: int) -> str:
    """A closed shift with `forms` declared at its end check; returns the end record's id."""
    from shiftcheck.domain.checklist import Result as R

    end = end_record(employee, start + timedelta(hours=hours), forms)
    services.store.add_many([start_record(employee, start, (R.PASS,) * 3), end], local=True)
    return end.id


@pytest.fixture
def amy_twice(team: Services) -> Services:
    """The team, plus two shifts of E003 Amy Chen on the 26th (1 and 2 forms), so Amy's day has
    3 forms over two end checks and the 26th has 8 forms pending (E002's 5 and Amy's 3)."""
    add_shift(team, "E003", at(26, 7), 2, 1)
    add_shift(team, "E003", at(26, 12), 3, 2)
    return team


def test_pending_counts_forms_not_checks(amy_twice: Services, tools: SupervisorTools) -> None:
    handovers = tools.acknowledgements.handovers(actor="E001")
    assert [(h.employee_id, h.day, h.forms, len(h.checks)) for h in handovers] == [
        ("E002", date(2026, 11, 26), 5, 1),
        ("E003", date(2026, 11, 26), 3, 2),
    ]
    assert tools.acknowledgements.pending_forms(actor="E001") == 8
    tools.acknowledgements.acknowledge_handover("E003", date(2026, 11, 26), actor="E001")
    assert tools.acknowledgements.pending_forms(actor="E001") == 5  # down by Amy's 3 forms


def test_a_different_received_count_keeps_both_numbers(
    amy_twice: Services, tools: SupervisorTools
) -> None:
    acks = tools.acknowledgements.acknowledge_handover(
        "E003", date(2026, 11, 26), actor="E001", received=2
    )
    assert [(a.forms, a.received, a.forms_received) for a in acks] == [(1, None, 1), (2, 1, 1)]
    stored = {a.id: a for a in acks_of(amy_twice)}
    assert all(stored[a.id] == a for a in acks)
    assert document_from_json(acks[1].to_json()) == acks[1]
    assert acks[1].to_json()["received"] == 1 and "received" not in acks[0].to_json()
    audit = [d.detail for d in amy_twice.store.all_documents() if isinstance(d, AuditEvent)]
    assert any("forms=2 received=1" in d for d in audit)


def test_acknowledge_a_whole_day(amy_twice: Services, tools: SupervisorTools) -> None:
    acks = tools.acknowledgements.acknowledge_day(date(2026, 11, 26), actor="E001")
    assert sorted((a.employee_id, a.forms) for a in acks) == [("E002", 5), ("E003", 1), ("E003", 2)]
    assert tools.acknowledgements.pending_forms(actor="E001") == 0
    with pytest.raises(ServiceError, match="no forms of 2026-11-26"):
        tools.acknowledgements.acknowledge_day(date(2026, 11, 26), actor="E001")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda a: a.acknowledge_handover("E002", date(2026, 11, 26), actor="E003"), "E003"),
        (lambda a: a.acknowledge_handover("E004", date(2026, 11, 26), actor="E001"), "E004"),
        (
            lambda a: a.acknowledge_handover("E002", date(2026, 11, 26), actor="E001", received=-1),
            "received",
        ),
        (lambda a: a.acknowledge_day(date(2026, 11, 26), actor="E002"), "E002"),
    ],
)
def test_refused_acknowledgements_write_nothing(
    team: Services, tools: SupervisorTools, call: Callable[..., object], message: str
) -> None:
    before = len(list(team.store.all_documents()))
    with pytest.raises(ServiceError, match=message):
        call(tools.acknowledgements)
    assert len(list(team.store.all_documents())) == before


@pytest.mark.parametrize(
    ("declared", "received", "parts"),
    [
        ([3], 2, [2]),
        ([1, 2], 2, [1, 1]),
        ([1, 2], 0, [0, 0]),
        ([1, 2], 7, [1, 6]),
        ([2, 2], 3, [2, 1]),
    ],
)
def test_a_received_total_is_spread_over_end_checks(
    declared: list[int], received: int, parts: list[int]
) -> None:
    assert share_received(declared, received) == parts


# -- the command -------------------------------------------------------------------------------


@pytest.fixture
def folder(staffed: Services) -> Path:
    """Yesterday (real clock): E002 declared 4 forms, E003 Amy 3 over two end checks."""
    yesterday = datetime.now(TZ).replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(
        days=1
    )
    add_shift(staffed, "E002", yesterday, 9, 4)
    add_shift(staffed, "E003", yesterday, 2, 1)
    add_shift(staffed, "E003", yesterday + timedelta(hours=4), 3, 2)
    staffed.close()
    return staffed.data_dir


def run(folder: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--data-dir", str(folder), *args], input=stdin)


def _yesterday() -> str:
    return (datetime.now(TZ).date() - timedelta(days=1)).isoformat()


def test_forms_pending_in_both_languages(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(folder, "forms", "pending")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Name", "Date", "Checked", "out", "Forms"]
    assert lines[1].split() == ["E002", "李娜", _yesterday(), "17:00", "4"]
    assert lines[2].split() == ["E003", "Amy", "Chen", _yesterday(), "10:00,", "15:00", "3"]
    assert lines[-1] == "7 forms waiting in 2 handovers"
    monkeypatch.setenv("SHIFTCHECK_LANG", "zh-CN")
    result = run(folder, "forms", "pending", "--date", _yesterday())
    assert result.stdout.splitlines()[0].split() == ["工号", "姓名", "日期", "下班打卡", "登记表"]
    assert result.stdout.splitlines()[-1] == "共 7 份登记表待确认，2 人次"
    assert run(folder, "forms", "pending", "--date", "2026-01-01").stdout.startswith("共 0 份")


def test_forms_acknowledge_with_a_received_count(folder: Path) -> None:
    result = run(
        folder, "forms", "acknowledge", "--employee", "E003", "--date", _yesterday(),
        "--received", "2", "--by", "E001", "--pin-stdin", stdin="2580\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"E003 Amy Chen, {_yesterday()}: 3 forms declared, 2 received (by E001)" in result.stdout
    s = open_services(folder, writer=False)
    try:
        assert sorted((a.forms, a.forms_received) for a in acks_of(s)) == [(1, 1), (2, 1)]
    finally:
        s.close()
    assert run(folder, "forms", "pending").stdout.splitlines()[-1] == (
        "4 forms waiting in 1 handovers"
    )
    again = run(
        folder, "forms", "acknowledge", "--employee", "E003", "--date", _yesterday(),
        "--by", "E001", "--pin-stdin", stdin="2580\n",
    )  # fmt: skip
    assert again.exit_code == 2 and "no forms of E003" in again.stderr


def test_forms_acknowledge_checks_the_pin_with_lockouts(folder: Path) -> None:
    def ack(by: str, pin: str) -> Result:
        return run(
            folder, "forms", "acknowledge", "--employee", "E002", "--date", _yesterday(),
            "--by", by, "--pin-stdin", stdin=pin + "\n",
        )  # fmt: skip

    assert "not a supervisor" in ack("E002", "2468").stderr
    results = [ack("E001", "9999") for _ in range(5)]
    assert all(r.exit_code == 2 for r in results)
    assert "Wrong PIN" in results[0].stderr and "locked until" in results[-1].stderr.lower()
    assert "locked until" in ack("E001", "2580").stderr.lower()  # the right PIN, but locked
    assert run(folder, "forms", "pending").stdout.splitlines()[-1].startswith("7 forms")


# -- the screens -------------------------------------------------------------------------------


def forms_app(team: Services) -> SupervisorTestApp:
    sup = team.staff.get("E001")
    return SupervisorTestApp(team, lambda: FormsScreen(sup))


async def test_home_counts_forms(amy_twice: Services) -> None:
    app = SupervisorTestApp(amy_twice, lambda: SupervisorWorkspace(amy_twice.staff.get("E001")))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SupervisorWorkspace))
        assert "待确认登记表：8 份" in text_of(app, "#sv-attention")


async def test_forms_screen_enter_acknowledges_one_employees_day(amy_twice: Services) -> None:
    app = forms_app(amy_twice)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FormsScreen))
        assert table_text(app, "#forms-table").splitlines() == [
            "E002 李娜 2026-11-26 18:05 5",
            "E003 Amy Chen 2026-11-26 09:00, 15:00 3",
        ]
        assert "共 8 份登记表，2 人次" in text_of(app, "#sv-hint")
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.screen.query_one("#forms-table", DataTable).row_count == 1)
        assert "共 5 份登记表，1 人次" in text_of(app, "#sv-hint")
    assert sorted(a.forms for a in acks_of(amy_twice)) == [1, 2, 2]  # with the seeded ack of 2


async def test_forms_screen_received_count_and_whole_day(amy_twice: Services) -> None:
    app = forms_app(amy_twice)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FormsScreen))
        await pilot.press("r")
        await until(pilot, lambda: bool(app.screen.query("#received")))
        await pilot.press("x", "enter")  # not a number: refused beside the field
        assert "请输入实际收到的份数" in text_of(app, "#sv-error")
        app.screen.query_one("#received", Input).value = "4"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FormsScreen))
        await until(pilot, lambda: app.screen.query_one("#forms-table", DataTable).row_count == 1)
        await pilot.press("d")
        await until(pilot, lambda: app.screen.query_one("#forms-table", DataTable).row_count == 0)
        assert "没有待确认的登记表" in text_of(app, "#sv-hint")
    got = {(a.employee_id, a.forms, a.received) for a in acks_of(amy_twice)}
    assert ("E002", 5, 4) in got and ("E003", 1, None) in got and ("E003", 2, None) in got


def test_forms_screen_snapshot(
    amy_twice: Services, snap_compare: Callable[..., bool], lang: str
) -> None:
    amy_twice.staff.set_language("E001", lang)
    assert snap_compare(forms_app(amy_twice), terminal_size=SIZE)


@pytest.fixture(params=["zh-CN", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_employee_day_shows_both_counts(team: Services, seed: Seed) -> None:
    from shiftcheck.services.context import supervisor_tools
    from shiftcheck.tui.screens.supervisor import EmployeeDayScreen

    tools = supervisor_tools(team)
    tools.acknowledgements.acknowledge_handover(
        "E002", date(2026, 11, 26), actor="E001", received=3
    )
    sup = team.staff.get("E001")
    app = SupervisorTestApp(team, lambda: EmployeeDayScreen(sup, "E002", date(2026, 11, 26)))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EmployeeDayScreen))
        await until(pilot, lambda: "实收 3 份" in text_of(app, "#detail"))
        assert "申报登记表 5 份，实收 3 份，E001 已确认" in text_of(app, "#detail")
