"""Team summaries over 100,000 check records (about 3.4 years of a 40-person store).

Prints the median time of the day summary (40-person team) and of the 30-day period summary,
beside a naive full scan of the same data in the same run (read every shard, pair every record,
keep the wanted days). Both are timed warm (the store's parsed shards cached, as in a running
kiosk) and cold (a freshly opened store, as for a command).

Then a year's roster for the 40 people (one plan a day each, up to the last day) is imported
into the same store, and the day and 30-day summaries are timed again with it, each beside its
figure without a roster from the same run. Targets: day ≤ 50 ms, 30 days ≤ 200 ms.

    .venv/bin/python benchmarks/summary_bench.py [--runs 15] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shiftcheck.config import Config
from shiftcheck.domain.checklist import END_OF_SHIFT, FORMS_ITEM_ID, START_OF_SHIFT, Answer, Result
from shiftcheck.domain.records import (
    Acknowledgement,
    CheckRecord,
    Correction,
    Document,
    fixed_offset,
)
from shiftcheck.domain.shifts import pair_shifts
from shiftcheck.domain.staff import Employee
from shiftcheck.services.context import save_config
from shiftcheck.services.summary import SummaryService
from shiftcheck.store import DataStore

TZ = ZoneInfo("Asia/Shanghai")
PEOPLE = 40
RECORDS = 100_000
FIRST = date(2023, 6, 1)
START_ITEMS = ("uniform_clean", "grooming", "name_badge", "desk_tidy", "phone_working")
END_ITEMS = ("questions_escalated", "customer_info_secured", "workspace_cleared")


def _local(day: date, minutes: int) -> datetime:
    base = datetime(day.year, day.month, day.day, tzinfo=TZ)
    return fixed_offset(base + timedelta(minutes=minutes))


def seed(folder: Path) -> tuple[int, date]:
    """Write days of two checks per person until there are RECORDS check records; 2 % of
    clock-outs forgotten (set by the supervisor the next morning), forms acknowledged the next
    morning. Returns how many documents went in and the last day."""
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    save_config(
        folder,
        Config(store_id="S001", store_name="Bench", terminal_id="T1", timezone="Asia/Shanghai"),
    )
    store = DataStore.open(folder)
    total = 0
    try:
        for i in range(PEOPLE):
            store.save_employee(Employee(id=f"E{i + 1:03d}", name=f"员工{i + 1}"))
        batch: list[Document] = []
        day = FIRST
        records = 0
        while records < RECORDS:
            for i in range(PEOPLE):
                if records >= RECORDS:
                    break
                emp = f"E{i + 1:03d}"
                clock_in = _local(day, 8 * 60 + rng.randint(0, 120))
                start = CheckRecord(
                    id=str(uuid.uuid4()),
                    store_id="S001",
                    terminal_id="T1",
                    employee_id=emp,
                    checklist=START_OF_SHIFT,
                    checklist_version="1+bench",
                    started_at=clock_in,
                    submitted_at=clock_in + timedelta(seconds=rng.randint(20, 120)),
                    answers=tuple(
                        Answer(item, Result.FAIL if rng.random() < 0.05 else Result.PASS, note="")
                        for item in START_ITEMS
                    ),
                )
                batch.append(start)
                out = clock_in + timedelta(minutes=rng.randint(7 * 60, 10 * 60))
                forms = rng.randint(0, 6)
                end = CheckRecord(
                    id=str(uuid.uuid4()),
                    store_id="S001",
                    terminal_id="T1",
                    employee_id=emp,
                    checklist=END_OF_SHIFT,
                    checklist_version="1+bench",
                    started_at=out - timedelta(minutes=2),
                    submitted_at=out,
                    answers=(
                        Answer(FORMS_ITEM_ID, value=forms),
                        *(
                            Answer(item, Result.FAIL if rng.random() < 0.03 else Result.PASS)
                            for item in END_ITEMS
                        ),
                    ),
                )
                next_morning = _local(day + timedelta(days=1), 9 * 60 + i)
                records += 1
                if rng.random() < 0.02 or records == RECORDS:
                    # a forgotten clock-out, set by the supervisor the next morning
                    batch.append(
                        Correction(
                            id=str(uuid.uuid4()),
                            store_id="S001",
                            employee_id=emp,
                            target=start.id,
                            field="clock_out",
                            value=out,
                            reason="forgot to check out",
                            by="E001",
                            at=next_morning,
                        )
                    )
                    continue
                records += 1
                batch.append(end)
                if forms:
                    batch.append(
                        Acknowledgement(
                            id=str(uuid.uuid4()),
                            store_id="S001",
                            employee_id=emp,
                            record=end.id,
                            forms=forms,
                            by="E001",
                            at=next_morning,
                        )
                    )
            if len(batch) >= 20_000:
                total += store.add_many(batch, local=True)
                batch = []
            day += timedelta(days=1)
        total += store.add_many(batch, local=True)
    finally:
        store.close()
    return total, day - timedelta(days=1)


def cold_run(folder: Path, fn: Callable[[DataStore], object]) -> Callable[[], object]:
    """`fn` on the folder opened afresh each time (no warm cache)."""

    def run() -> object:
        fresh = DataStore.open(folder, writer=False)
        try:
            return fn(fresh)
        finally:
            fresh.close()

    return run


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def naive_day(store: DataStore, day: date) -> int:
    """Baseline: every document of every shard, every record paired, then the day's shifts."""
    docs = list(store.all_documents())
    records = [d for d in docs if isinstance(d, CheckRecord)]
    fixes = [d for d in docs if isinstance(d, Correction)]
    acks = {d.record for d in docs if isinstance(d, Acknowledgement)}
    shifts = [s for s in pair_shifts(records, fixes).shifts if s.local_date(TZ) == day]
    return len(shifts) + len(acks)


def naive_period(store: DataStore, first: date, last: date) -> int:
    """Baseline for a period: the same full scan, keeping the period's shifts."""
    docs = list(store.all_documents())
    records = [d for d in docs if isinstance(d, CheckRecord)]
    fixes = [d for d in docs if isinstance(d, Correction)]
    shifts = [s for s in pair_shifts(records, fixes).shifts if first <= s.local_date(TZ) <= last]
    return len(shifts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", type=Path, default=None, help="Seed into this (new) folder.")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    folder = args.keep or Path(tmp.name) / "data"
    t0 = time.perf_counter()
    n, last = seed(folder)
    print(
        f"seeded {n:,} documents ({RECORDS:,} check records, {PEOPLE} people, "
        f"{FIRST} to {last}) in {time.perf_counter() - t0:.1f} s"
    )
    day = last - timedelta(days=1)  # the latest full day
    mid = FIRST + timedelta(days=(last - FIRST).days // 2)
    first30 = day - timedelta(days=29)
    now = _local(last, 20 * 60)

    store = DataStore.open(folder, writer=False)
    svc = SummaryService(store, TZ)
    assert svc.day(day, now).totals.shifts == PEOPLE
    period = svc.period(first30, day, now)
    assert period.shifts == PEOPLE * 30 == naive_period(store, first30, day)
    runs, slow = args.runs, max(3, args.runs // 5)

    rows: list[tuple[str, float, int | None]] = [
        ("day summary, latest day (warm)", median_ms(lambda: svc.day(day, now), runs), 50),
        ("day summary, mid-history day (warm)", median_ms(lambda: svc.day(mid, now), runs), 50),
        (
            "30-day period summary (warm)",
            median_ms(lambda: svc.period(first30, day, now), runs),
            200,
        ),
        ("naive full scan, day (warm)", median_ms(lambda: naive_day(store, day), slow), None),
        (
            "naive full scan, 30 days (warm)",
            median_ms(lambda: naive_period(store, first30, day), slow),
            None,
        ),
        (
            "day summary, latest day (cold open)",
            median_ms(cold_run(folder, lambda s: SummaryService(s, TZ).day(day, now)), slow),
            None,
        ),
        (
            "30-day period summary (cold open)",
            median_ms(
                cold_run(folder, lambda s: SummaryService(s, TZ).period(first30, day, now)), slow
            ),
            None,
        ),
        (
            "naive full scan, day (cold open)",
            median_ms(cold_run(folder, lambda s: naive_day(s, day)), 3),
            None,
        ),
    ]
    store.close()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (shared machine)")
    print(f"{'measure':<40} {'median ms':>10}  target")
    for name, ms, target in rows:
        mark = "" if target is None else f"≤ {target} ms: {'met' if ms <= target else 'MISSED'}"
        print(f"{name:<40} {ms:>10.1f}  {mark}")
    with_roster(folder, rows, day, first30, last, now, runs, slow)


def year_roster(last: date) -> str:
    """One plan a day for each person over the year up to `last`: mornings, a few evenings and
    overnight plans, as a roster CSV."""
    lines = ["employee_id,date,start,end"]
    for i in range(PEOPLE):
        for d in range(365):
            day = last - timedelta(days=d)
            start, end = ("09:00", "18:00") if (i + d) % 7 else ("22:00", "06:00")
            lines.append(f"E{i + 1:03d},{day.isoformat()},{start},{end}")
    return "\n".join(lines) + "\n"


def with_roster(
    folder: Path,
    baseline: list[tuple[str, float, int | None]],
    day: date,
    first30: date,
    last: date,
    now: datetime,
    runs: int,
    slow: int,
) -> None:
    """Import a year's roster and time the day and 30-day summaries again, beside `baseline`."""
    from shiftcheck.services.roster import RosterService

    config = Config(store_id="S001", store_name="Bench", terminal_id="T1", timezone="Asia/Shanghai")
    writer = DataStore.open(folder)
    try:
        roster = RosterService(writer, config, lambda: now, lambda actor: None)
        t0 = time.perf_counter()
        added = roster.import_csv(year_roster(last), actor="E001").added
        took = time.perf_counter() - t0
    finally:
        writer.close()
    store = DataStore.open(folder, writer=False)
    svc = SummaryService(store, TZ)
    summary = svc.day(day, now)
    assert summary.roster is not None and len(summary.roster) == PEOPLE
    period = svc.period(first30, day, now)
    assert period.has_roster and period.shifts == PEOPLE * 30

    measured = {
        "day summary, latest day (warm)": median_ms(lambda: svc.day(day, now), runs),
        "30-day period summary (warm)": median_ms(lambda: svc.period(first30, day, now), runs),
        "day summary, latest day (cold open)": median_ms(
            cold_run(folder, lambda s: SummaryService(s, TZ).day(day, now)), slow
        ),
        "30-day period summary (cold open)": median_ms(
            cold_run(folder, lambda s: SummaryService(s, TZ).period(first30, day, now)), slow
        ),
    }
    store.close()
    before = {name: ms for name, ms, _ in baseline}
    targets = {"day summary, latest day (warm)": 50, "30-day period summary (warm)": 200}
    print(
        f"with a year's roster: {added:,} plans ({PEOPLE} people x 365 days) imported in "
        f"{took:.2f} s"
    )
    print(f"{'measure':<40} {'no roster':>10} {'roster':>8}  target")
    for name, ms in measured.items():
        target = targets.get(name)
        mark = "" if target is None else f"≤ {target} ms: {'met' if ms <= target else 'MISSED'}"
        print(f"{name:<40} {before[name]:>10.1f} {ms:>8.1f}  {mark}")


if __name__ == "__main__":
    main()
