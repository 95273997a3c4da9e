"""Roster import and reads: a year's roster for 40 people (14,600 planned shifts).

Prints the median time of importing the whole year through `RosterService.import_csv` (every
line checked, overlaps against the stored roster, one durable write), of importing the same
file again (nothing changes), and of reading one week's plans, beside a baseline measured in the
same run: parsing and checking the CSV alone (`parse_roster_csv`). Target: the import ≤ 2 s.

    .venv/bin/python benchmarks/roster_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from shiftcheck.config import Config
from shiftcheck.domain.roster import parse_roster_csv
from shiftcheck.domain.staff import Role
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import open_services, save_config, supervisor_tools
from shiftcheck.services.roster import RosterService

TZ = ZoneInfo("Asia/Shanghai")
PEOPLE = 40
FIRST = date(2026, 1, 1)
DAYS = 365
TARGET_IMPORT_S = 2.0
NOW = datetime(2026, 6, 3, 18, 0, tzinfo=TZ)


def year_csv() -> str:
    """One plan a day per person, mornings and evenings (some overnight), with notes."""
    lines = ["employee_id,date,start,end,note"]
    for n in range(PEOPLE):
        for d in range(DAYS):
            day = FIRST + timedelta(days=d)
            start, end = ("09:00", "17:30") if (n + d) % 3 else ("22:00", "06:00")
            if (n + d) % 3 == 1 and d + 1 < DAYS:
                start, end = "13:00", "21:00"
            lines.append(f"E{n:03d},{day.isoformat()},{start},{end},{'前台' if n % 5 == 0 else ''}")
    return "\n".join(lines) + "\n"


def median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def fresh_store(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir()
    save_config(
        folder,
        Config(store_id="S001", store_name="Bench", terminal_id="T1", timezone="Asia/Shanghai"),
    )
    s = open_services(folder, pin_cost=2**4)
    try:
        for n in range(PEOPLE):
            s.staff.add(f"E{n:03d}", f"Person {n}", "2468")
        boss = s.staff.get("E000").with_changes(role=Role.SUPERVISOR)
        s.store.save_employee(boss)
    finally:
        s.close()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = year_csv()
    staff = [f"E{n:03d}" for n in range(PEOPLE)]
    clock = ManualClock(datetime(2025, 12, 20, 18, 0, tzinfo=TZ))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        baseline = median(lambda: parse_roster_csv(text, staff), args.runs)
        imports: list[float] = []
        again: list[float] = []
        weeks: list[float] = []
        days: list[float] = []
        bare: list[float] = []
        for run in range(args.runs):
            folder = fresh_store(root, f"store{run}")
            s = open_services(folder, clock=clock)
            try:
                roster = RosterService(s.store, s.config, s.clock, s.staff.require_supervisor)
                began = time.perf_counter()
                outcome = roster.import_csv(text, actor="E000")
                imports.append(time.perf_counter() - began)
                assert outcome.added == PEOPLE * DAYS, outcome
                began = time.perf_counter()
                outcome = roster.import_csv(text, actor="E000")
                again.append(time.perf_counter() - began)
                assert outcome.unchanged == PEOPLE * DAYS, outcome
            finally:
                s.close()
            s = open_services(folder, writer=False, clock=clock)
            try:
                roster = RosterService(s.store, s.config, s.clock, s.staff.require_supervisor)
                began = time.perf_counter()
                week = roster.plans(date(2026, 6, 1), date(2026, 6, 7))
                weeks.append(time.perf_counter() - began)
                assert len(week) == PEOPLE * 7
                summary = supervisor_tools(s).summary
                summary.day(date(2026, 6, 3), NOW)  # warm, as in a running kiosk
                days.append(median(partial(summary.day, date(2026, 6, 3), NOW), 5))
            finally:
                s.close()
            s = open_services(fresh_store(root, f"bare{run}"), writer=False, clock=clock)
            try:
                summary = supervisor_tools(s).summary
                summary.day(date(2026, 6, 3), NOW)
                bare.append(median(partial(summary.day, date(2026, 6, 3), NOW), 5))
            finally:
                s.close()
    imported = statistics.median(imports)
    verdict = "OK" if imported <= TARGET_IMPORT_S else "MISSED"
    print(f"roster lines: {PEOPLE * DAYS} ({PEOPLE} people x {DAYS} days)")
    print(f"baseline: parse and check the CSV only   {baseline * 1000:8.1f} ms")
    print(
        f"import the year (new store)              {imported * 1000:8.1f} ms"
        f"  target <= {TARGET_IMPORT_S * 1000:.0f} ms  {verdict}"
    )
    print(f"import the same file again (no change)   {statistics.median(again) * 1000:8.1f} ms")
    print(f"read one week's plans (cold store)       {statistics.median(weeks) * 1000:8.1f} ms")
    print(f"day summary, no roster (warm, baseline)  {statistics.median(bare) * 1000:8.1f} ms")
    day_s = statistics.median(days)
    print(
        f"day summary with the year's roster (warm) {day_s * 1000:7.1f} ms"
        f"  target <= 50 ms  {'OK' if day_s <= 0.05 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
