"""Head office checks every central document like a terminal does: a summary skips and lists a
bad row, a payroll export stops naming it unless `--skip-invalid`."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import psycopg
import pytest
from openpyxl import load_workbook

from shiftcheck.domain.records import Correction
from shiftcheck.services.sync.base import body_text
from tests.sync.conftest import Central
from tests.sync.test_head_office import MONDAY, WEEK, chain, run
from tests.unit.factories import start

pytestmark = pytest.mark.postgres
__all__ = ["chain"]  # the fixture, used by name


def plant(central: Central, **changes: object) -> str:
    """A row of store S001 whose document passes the server's checks but not the contract."""
    body = orjson.loads(body_text(start("E002", MONDAY, store="S001")))
    body.update(changes)
    with central.admin() as conn:
        conn.execute(
            "INSERT INTO records (body, pushed_by, terminal_clock) VALUES (%s, 'T7', now())",
            (orjson.dumps(body).decode(),),
        )
    return str(body["id"])


def test_the_reports_row_is_refused_by_the_server(central: Central) -> None:
    with central.admin() as conn, pytest.raises(psycopg.errors.NotNullViolation):
        conn.execute(
            "INSERT INTO records (body, pushed_by, terminal_clock) VALUES (%s, 'T7', now())",
            ('{"schema":"shiftcheck.record/1","id":"x"}',),
        )


@pytest.mark.parametrize("store", [[], ["--store", "S001"]])
def test_summary_skips_and_lists_a_bad_row(
    central: Central, chain: tuple[Path, Path], store: list[str]
) -> None:
    _, office = chain
    source = ["--source", central.admin_url, *store]
    before = run(office, "summary", *WEEK, *source, "--format", "json")
    bad = plant(central, answers=[{"item": 5, "result": "pass", "value": None, "note": ""}])
    code, out, err = run(office, "summary", *WEEK, *source, "--format", "json")
    assert code == 0, err
    assert out == before[1]  # the rest reads as before
    assert f"store S001, terminal T1, id {bad}: answers[0].item: expected an item id" in err
    assert err.count(bad) == 1


def test_payroll_stops_naming_the_bad_rows(
    central: Central, chain: tuple[Path, Path], tmp_path: Path
) -> None:
    _, office = chain
    source = ["--source", central.admin_url]
    good = run(office, "export", "payroll", *WEEK, *source)
    bad = plant(central, checklist_version=7)
    other = plant(central, id=str(uuid.uuid4()), flags="fast")
    out_file = tmp_path / "pay.xlsx"
    code, out, err = run(office, "export", "payroll", *WEEK, *source, "-o", str(out_file))
    assert code == 1 and not out_file.exists()
    assert f"id {bad}: checklist_version: expected a string" in err
    assert f"id {other}: flags: expected a list of strings" in err
    assert "--skip-invalid" in err and "Traceback" not in err

    code, out, err = run(office, "export", "payroll", *WEEK, *source, "--skip-invalid")
    assert code == 0 and out == good[1] and bad in err and other in err
    code, _, err = run(
        office, "export", "payroll", *WEEK, *source, "--skip-invalid", "-o", str(out_file)
    )
    assert code == 0, err
    sheet = load_workbook(out_file)["Export"]
    skipped = [
        r[1] for r in sheet.iter_rows(values_only=True) if r[0] == "skipped invalid document"
    ]
    assert len(skipped) == 2 and any(bad in str(s) and "terminal T1" in str(s) for s in skipped)


def test_a_correction_by_a_non_supervisor_is_not_paid_at_head_office(
    central: Central, chain: tuple[Path, Path]
) -> None:
    """A store's role inserts a correction signed by a staff member (every terminal refuses it
    at admission): head office must not pay it either."""
    terminal, office = chain
    source = ["--source", central.admin_url, "--store", "S001"]
    before = run(office, "export", "payroll", *WEEK, *source)
    assert before[0] == 0 and before[1] == run(terminal, "export", "payroll", *WEEK)[1]
    with central.admin() as conn:
        row = conn.execute(
            "SELECT id::text, body->>'started_at' FROM records WHERE store_id = 'S001' "
            "AND employee_id = 'E002' AND checklist = 'start_of_shift' ORDER BY doc_time LIMIT 1"
        ).fetchone()
    assert row is not None
    forged = Correction(
        id=str(uuid.uuid4()),
        store_id="S001",
        employee_id="E002",
        target=row[0],
        field="clock_out",
        value=datetime.fromisoformat(row[1]) + timedelta(hours=20),
        reason="stayed late",
        by="E002",
        at=datetime.fromisoformat(row[1]) + timedelta(hours=21),
    )
    with psycopg.connect(central.url_for("S001").split("?")[0], autocommit=True) as conn:
        conn.execute(
            f"INSERT INTO {central.schema}.corrections (body, pushed_by, terminal_clock) "
            "VALUES (%s, 'T1', now())",
            (body_text(forged),),
        )
    code, _, err = run(office, "export", "payroll", *WEEK, *source)
    assert code == 1, err
    assert f"id {forged.id}: by: 'E002' is not a supervisor of this store" in err
    code, out, err = run(office, "export", "payroll", *WEEK, *source, "--skip-invalid")
    assert code == 0 and out == before[1], err
    # A supervisor demoted since still signed the corrections of their time.
    with central.admin() as conn:
        conn.execute(
            "INSERT INTO staff_directory (snapshot, store_id, terminal_id, employee_id, name, "
            "role, active) VALUES (gen_random_uuid(), 'S001', 'T1', 'E001', '张伟', 'staff', true)"
        )
    code, out, err = run(office, "export", "payroll", *WEEK, *source, "--skip-invalid")
    assert code == 0 and out == before[1] and "E001" not in err, err


def test_head_office_refuses_answers_a_terminal_would_not_admit(
    central: Central, chain: tuple[Path, Path]
) -> None:
    """A store's role can insert a check its own terminals would refuse (a count of "=1+1"):
    head office lists it and pays nothing on it, as a terminal pulling it would."""
    _, office = chain
    source = ["--source", central.admin_url]
    good = run(office, "export", "payroll", *WEEK, *source)
    formula = plant(
        central,
        id=str(uuid.uuid4()),
        answers=[{"item": "desk_tidy", "result": None, "value": "=1+1", "note": ""}],
    )
    code, _, err = run(office, "export", "payroll", *WEEK, *source)
    assert code == 1
    assert f"id {formula}: answers: item 'desk_tidy'" in err
    code, out, err = run(office, "export", "payroll", *WEEK, *source, "--skip-invalid")
    assert code == 0 and out == good[1], err
