"""Payroll export of a year of a 40-person store (about 30,000 records) to CSV and XLSX.

Prints the median of several runs of each export beside the time to merely load the same
records from the store in the same run (the baseline), and where an export's time goes.

    .venv/bin/python benchmarks/payroll_bench.py [--runs 5] [--keep DIR]
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

from shiftcheck.config import Config, PayrollConfig
from shiftcheck.domain.checklist import END_OF_SHIFT, FORMS_ITEM_ID, START_OF_SHIFT, Answer, Result
from shiftcheck.domain.records import CheckRecord, Correction, Document, fixed_offset
from shiftcheck.domain.shifts import pair_shifts
from shiftcheck.domain.staff import Employee
from shiftcheck.services.context import save_config
from shiftcheck.services.export_profiles import load_profile
from shiftcheck.services.history import local_day_bounds
from shiftcheck.services.payroll import PayrollService, write_file
from shiftcheck.services.payroll_writers import render
from shiftcheck.store import DataStore

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2026
PEOPLE = 40
FIRST, LAST = date(YEAR, 1, 1), date(YEAR, 12, 31)
ITEMS = ("uniform_clean", "badge_worn", "desk_tidy", "brochures_stocked", "front_desk_rota")


def seed(folder: Path) -> int:
    """Write a year of shifts for 40 people; returns how many documents went in."""
    rng = random.Random(2026)
    folder.mkdir(parents=True, exist_ok=True)
    save_config(
        folder,
        Config(
            store_id="S001",
            store_name="Bench",
            terminal_id="T1",
            timezone="Asia/Shanghai",
            payroll=PayrollConfig(
                rounding_minutes=15,
                break_after_hours=6,
                break_minutes=30,
                daily_overtime_hours=8,
                weekly_overtime_hours=40,
            ),
        ),
    )
    docs: list[Document] = []
    with DataStore.open(folder) as store:
        for n in range(1, PEOPLE + 1):
            store.save_employee(Employee(f"E{n:03d}", f"员工{n:03d}"))
        day = FIRST
        while day <= LAST:
            for n in range(1, PEOPLE + 1):
                if rng.random() < 0.03:
                    continue  # a day off
                hours = [rng.choice((8, 9, 13))]
                if rng.random() < 0.05:
                    hours.append(22)  # a second, late shift that runs past midnight
                for hour in hours:
                    add_shift(rng, docs, f"E{n:03d}", day, hour)
            day += timedelta(days=1)
        for i in range(0, len(docs), 5000):
            store.add_many(docs[i : i + 5000], local=True)
    return len(docs)


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def add_shift(rng: random.Random, docs: list[Document], emp: str, day: date, hour: int) -> None:
    """One shift: its start record, mostly an end record, now and then a correction."""
    start = fixed_offset(
        datetime(
            day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=TZ
        )
    )
    answers = tuple(
        Answer(i, Result.FAIL if rng.random() < 0.03 else Result.PASS, note="x") for i in ITEMS
    )
    s = CheckRecord(
        _id(rng),
        "S001",
        "T1",
        emp,
        START_OF_SHIFT,
        "1+abc",
        start,
        start + timedelta(seconds=70),
        answers,
    )
    docs.append(s)
    if rng.random() < 0.01:
        return  # forgotten clock-out: an open shift
    length = rng.randrange(180, 300) if hour == 22 else rng.randrange(240, 600)
    out = start + timedelta(minutes=length)
    forms = (Answer(FORMS_ITEM_ID, value=rng.randrange(6)),)
    docs.append(
        CheckRecord(
            _id(rng),
            "S001",
            "T1",
            emp,
            END_OF_SHIFT,
            "1+abc",
            out - timedelta(seconds=90),
            out,
            forms,
        )
    )
    if rng.random() < 0.01:
        fixed_out = out - timedelta(minutes=20)
        docs.append(
            Correction(
                _id(rng),
                "S001",
                emp,
                s.id,
                "clock_out",
                fixed_out,
                "left earlier",
                "E001",
                out + timedelta(hours=12),
            )
        )


Timing = tuple[float, float]
"""Median wall-clock seconds and median CPU seconds of this process."""


def median_of(runs: int, fn: Callable[[], object]) -> Timing:
    """Wall and CPU time: on a shared machine the CPU time is the steadier figure."""
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def line(label: str, t: Timing, base: Timing | None = None) -> str:
    """One figure: wall and CPU seconds, and how many times the baseline."""
    text = f"  {label:<48} {t[0]:7.3f} s wall {t[1]:7.3f} s cpu"
    if base is not None:
        text += f"   ({t[0] / base[0]:.2f} x / {t[1] / base[1]:.2f} x baseline)"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="Seed (or reuse) this folder.")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="payroll-bench-"))
    folder = root / "data"
    if not (folder / "history").is_dir():
        t0 = time.perf_counter()
        count = seed(folder)
        print(f"seeded {count} documents in {time.perf_counter() - t0:.1f} s")
    out = root / "out"
    out.mkdir(exist_ok=True)
    start, end = local_day_bounds(FIRST, LAST, TZ)

    def load() -> int:
        with DataStore.open(folder, writer=False) as store:
            return len(store.history(start, end, (CheckRecord, Correction)))

    def export(fmt: str) -> Callable[[], None]:
        def run() -> None:
            with DataStore.open(folder, writer=False) as store:
                from shiftcheck.config import load_config

                config = load_config(folder)
                assert config is not None
                report = PayrollService(store, config).report(FIRST, LAST)
                data = render(report, load_profile("generic", folder), fmt)  # type: ignore[arg-type]
                write_file(out / f"year.{fmt}", data, force=True)

        return run

    records = load()
    with DataStore.open(folder, writer=False) as store:
        from shiftcheck.config import load_config

        config = load_config(folder)
        assert config is not None
        report = PayrollService(store, config).report(FIRST, LAST)
    print(
        f"store: {folder}  records+corrections in the year: {records}  shifts: {len(report.rows)}"
    )
    baseline = median_of(args.runs, load)
    csv_t = median_of(args.runs, export("csv"))
    xlsx_t = median_of(args.runs, export("xlsx"))

    # where an export's time goes (one warm store, each step alone)
    with DataStore.open(folder, writer=False) as store:
        t_open = median_of(args.runs, lambda: DataStore.open(folder, writer=False).close())
        service = PayrollService(store, config)
        t_cold = median_of(1, lambda: store.history(start - timedelta(days=2), end, (CheckRecord,)))
        t_warm = median_of(args.runs, lambda: store.history(start, end, (CheckRecord,)))
        recs = [d for d in store.history(start, end, (CheckRecord,)) if isinstance(d, CheckRecord)]
        t_pair = median_of(args.runs, lambda: pair_shifts(recs))
        t_report = median_of(args.runs, lambda: service.report(FIRST, LAST))
        profile = load_profile("generic", folder)
        t_csv = median_of(args.runs, lambda: render(report, profile, "csv"))
        t_xlsx = median_of(args.runs, lambda: render(report, profile, "xlsx"))

    load1, load5, _ = os.getloadavg()
    print(
        f"median of {args.runs} runs, each from a freshly opened store "
        f"(machine load average {load1:.1f} / {load5:.1f} on {os.cpu_count()} cores):"
    )
    print(line(f"baseline: load {records} records from the store", baseline))
    print(line("export CSV  (target <= 1 s)", csv_t, baseline))
    print(line("export XLSX (target <= 5 s)", xlsx_t, baseline))
    print("where the time goes:")
    print(line("open the store (index)", t_open))
    print(line("read + parse all shards, cold (JSON + contract)", t_cold))
    print(line("same read again, shards cached in memory", t_warm))
    print(line("pair records into shifts", t_pair))
    print(line("report (history, pairing, rules; warm store)", t_report))
    print(line("render CSV bytes", t_csv))
    print(line("render XLSX bytes", t_xlsx))


if __name__ == "__main__":
    main()
