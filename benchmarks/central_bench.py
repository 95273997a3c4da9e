"""Head office at chain scale: 200 stores × 25 staff × one year in the central database.

Seeds the central schema server-side (`generate_series`, bodies of the real record contract,
answers as the shipped checklists give them) plus one real store whose terminal checks are
made by the check service and pushed with `shiftcheck sync`. Then measures, each beside a
baseline from the same run (the same data at 1/10 size, or an empty database):

- one store's 14-day payroll export (target ≤ 1 s);
- one store's day summary (target ≤ 300 ms);
- all 200 stores' 14-day payroll (target ≤ 30 s, peak memory ≤ 1.5 GiB), in a child process;
- a store's push of one day into the full database and into an empty one (flat cost);
- EXPLAIN of the two store queries (index use).

Run: `.venv/bin/python benchmarks/central_bench.py [--keep] [--drop] [--url postgresql://...]`.
`--keep` leaves the seeded schemas for the next run (which reuses them); without it they are
dropped at the end, with their store roles. `--drop` only drops them. Not run by `make test`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import psycopg
from psycopg import sql

from shiftcheck.config import Config, PayrollConfig, SyncConfig, SyncTarget
from shiftcheck.domain.checklist import END_OF_SHIFT, START_OF_SHIFT, Answer, ItemKind, Result
from shiftcheck.domain.records import CheckRecord, document_time
from shiftcheck.services.checks import CheckService
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services, save_config
from shiftcheck.services.demo import seed_demo
from shiftcheck.services.sync import SyncService
from shiftcheck.services.sync.central import add_store, drop_schema, init_schema
from shiftcheck.services.sync.postgres import PostgresTarget

TZ = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2025, 12, 1)
DAYS = 365
PERIOD = (date(2026, 11, 2), date(2026, 11, 15))
"""The 14-day payroll period (two full weeks near the end of the seeded year)."""
SUMMARY_DAY = date(2026, 11, 12)
REAL_STORE = "R001"
FULL = "shiftcheck_bench_full"
TENTH = "shiftcheck_bench_tenth"
EMPTY = "shiftcheck_bench_empty"
STORE_QUERY = (
    "SELECT body::text FROM {s}.records WHERE doc_time >= %s AND doc_time < %s AND store_id = %s"
)


def url_of(base: str, schema: str) -> str:
    return f"{base}?schema={schema}"


@dataclass(frozen=True)
class Templates:
    """Answers and checklist versions of real checks, for the generated bodies."""

    start_answers: str
    end_answers: str
    start_version: str
    end_version: str


def templates_from(records: list[CheckRecord]) -> Templates:
    """Answers of an all-pass start check and of an end check, as the check service wrote them."""

    def pick(checklist: str) -> CheckRecord:
        return next(
            r
            for r in records
            if r.checklist == checklist
            and all(a.result is None or a.result.value == "pass" for a in r.answers)
        )

    def dump(r: CheckRecord) -> str:
        return orjson.dumps([a.to_json() for a in r.answers]).decode()

    s, e = pick(START_OF_SHIFT), pick(END_OF_SHIFT)
    return Templates(dump(s), dump(e), s.checklist_version, e.checklist_version)


def _record_sql(kind: str) -> str:
    """One check record per (day, store, employee), its times local to Asia/Shanghai."""
    start = kind == "start"
    at = (
        "(d.day + time '09:00' + ((e.n * 7) %% 30) * interval '1 minute')"
        if start
        else "(d.day + time '17:30' + ((e.n * 11 + st.n) %% 40) * interval '1 minute')"
    )
    started = f"{at} - interval '3 minutes'" if not start else at
    submitted = f"{at} + interval '3 minutes'" if start else at
    iso = "to_char({}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+08:00'"
    return f"""
        SELECT jsonb_build_object(
            'schema', 'shiftcheck.record/1',
            'id', md5('r' || st.n || '-' || e.n || '-' || d.day || '-{kind}')::uuid::text,
            'store_id', 'S' || lpad(st.n::text, 3, '0'),
            'terminal_id', 'T1',
            'employee_id', 'E' || lpad(e.n::text, 3, '0'),
            'checklist', '{"start_of_shift" if start else "end_of_shift"}',
            'checklist_version', %(version_{kind})s::text,
            'started_at', {iso.format(started)},
            'submitted_at', {iso.format(submitted)},
            'answers', %(answers_{kind})s::jsonb,
            'flags', '[]'::jsonb
        ) AS body, 'T1' AS pushed_by,
        ({submitted}) AT TIME ZONE 'Asia/Shanghai' AS clock,
        d.day AS day, st.n AS store, e.n AS employee, {0 if start else 1} AS k
    """


def seed(base: str, schema: str, stores: int, staff: int, t: Templates) -> int:
    """Generated stores S001… with `staff` people checking in and out every day of the year,
    a supervisor's audit event a day and a correction a week per store; returns documents."""
    url = url_of(base, schema)
    init_schema(url)
    s = sql.Identifier(schema)
    params = {
        "answers_start": t.start_answers,
        "answers_end": t.end_answers,
        "version_start": t.start_version,
        "version_end": t.end_version,
        "stores": stores,
        "staff": staff,
    }
    total = 0
    with psycopg.connect(base, autocommit=True) as conn:
        for month in range(0, DAYS, 31):
            first = FIRST_DAY + timedelta(days=month)
            last = FIRST_DAY + timedelta(days=min(month + 31, DAYS) - 1)
            began = time.perf_counter()
            with conn.transaction():
                cur = conn.execute(
                    sql.SQL(
                        "INSERT INTO {s}.records (body, pushed_by, terminal_clock, received_at) "
                        "SELECT body, pushed_by, clock, clock + interval '10 minutes' FROM ("
                        + _record_sql("start")
                        + " FROM generate_series(%(first)s::date, %(last)s::date, '1 day') "
                        "AS d(day), generate_series(1, %(stores)s) st(n), "
                        "generate_series(1, %(staff)s) e(n) UNION ALL "
                        + _record_sql("end")
                        + " FROM generate_series(%(first)s::date, %(last)s::date, '1 day') "
                        "AS d(day), generate_series(1, %(stores)s) st(n), "
                        "generate_series(1, %(staff)s) e(n)) g "
                        "ORDER BY day, store, employee, k"
                    ).format(s=s),
                    {**params, "first": first, "last": last},
                )
                total += cur.rowcount
                cur = conn.execute(
                    sql.SQL(
                        """
                        INSERT INTO {s}.audit (body, pushed_by, terminal_clock)
                        SELECT jsonb_build_object(
                            'schema', 'shiftcheck.audit/1',
                            'id', md5('a' || st.n || '-' || d.day)::uuid::text,
                            'store_id', 'S' || lpad(st.n::text, 3, '0'),
                            'terminal_id', 'T1', 'actor', 'E001',
                            'action', 'summary.day', 'detail', '',
                            'at', to_char(d.day + time '18:30', 'YYYY-MM-DD"T"HH24:MI:SS')
                                || '+08:00'), 'T1', now()
                        FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d(day),
                             generate_series(1, %(stores)s) st(n)
                        """
                    ).format(s=s),
                    {**params, "first": first, "last": last},
                )
                total += cur.rowcount
                cur = conn.execute(
                    sql.SQL(
                        """
                        INSERT INTO {s}.corrections (body, pushed_by, terminal_clock)
                        SELECT jsonb_build_object(
                            'schema', 'shiftcheck.correction/1',
                            'id', md5('c' || st.n || '-' || d.day)::uuid::text,
                            'store_id', 'S' || lpad(st.n::text, 3, '0'),
                            'employee_id', 'E' || lpad((2 + st.n %% (%(staff)s - 1))::text, 3, '0'),
                            'target', md5('r' || st.n || '-' || (2 + st.n %% (%(staff)s - 1))
                                || '-' || d.day || '-start')::uuid::text,
                            'field', 'clock_in',
                            'value', to_char(d.day + time '08:40', 'YYYY-MM-DD"T"HH24:MI:SS')
                                || '+08:00',
                            'reason', 'came early, forgot to check in', 'by', 'E001',
                            'at', to_char(d.day + time '12:00', 'YYYY-MM-DD"T"HH24:MI:SS')
                                || '+08:00'), 'T1', now()
                        FROM generate_series(%(first)s::date, %(last)s::date, '7 days') d(day),
                             generate_series(1, %(stores)s) st(n)
                        """
                    ).format(s=s),
                    {**params, "first": first, "last": last},
                )
                total += cur.rowcount
                conn.execute(
                    sql.SQL(
                        "INSERT INTO {s}.sync_log (store_id, terminal_id, timezone, store_name, "
                        "terminal_clock, pushed) SELECT 'S' || lpad(n::text, 3, '0'), 'T1', "
                        "'Asia/Shanghai', 'Store ' || n, now(), 0 "
                        "FROM generate_series(1, %(stores)s) n WHERE %(first)s::date = %(start)s"
                    ).format(s=s),
                    {**params, "first": first, "start": FIRST_DAY},
                )
                conn.execute(
                    sql.SQL(
                        "INSERT INTO {s}.staff_directory (snapshot, store_id, terminal_id, "
                        "employee_id, name, role, active) SELECT md5('d' || st.n)::uuid, "
                        "'S' || lpad(st.n::text, 3, '0'), 'T1', 'E' || lpad(e.n::text, 3, '0'), "
                        "'Person ' || e.n, CASE WHEN e.n = 1 THEN 'supervisor' ELSE 'staff' END, "
                        "true FROM generate_series(1, %(stores)s) st(n), "
                        "generate_series(1, %(staff)s) e(n) WHERE %(first)s::date = %(start)s"
                    ).format(s=s),
                    {**params, "first": first, "start": FIRST_DAY},
                )
            print(
                f"  {schema}: {first}..{last} seeded ({total:,} documents so far, "
                f"{time.perf_counter() - began:.0f} s)",
                flush=True,
            )
        for table in ("records", "corrections", "audit", "acknowledgements", "sync_log"):
            conn.execute(sql.SQL("VACUUM ANALYZE {}.{}").format(s, sql.Identifier(table)))
        conn.execute(sql.SQL("CREATE TABLE {}.bench_seeded (documents bigint)").format(s))
        conn.execute(sql.SQL("INSERT INTO {}.bench_seeded VALUES (%s)").format(s), (total,))
    return total


def seeded(base: str, schema: str) -> int | None:
    """Documents a finished earlier seeding made (None: not seeded)."""
    with psycopg.connect(base, autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'bench_seeded'",
            (schema,),
        ).fetchone()
        if found is None:
            return None
        row = conn.execute(
            sql.SQL("SELECT documents FROM {}.bench_seeded").format(sql.Identifier(schema))
        ).fetchone()
    return int(row[0]) if row else None


def make_terminal(
    folder: Path, store: str, target_url: str | None, terminal: str = "T1"
) -> Services:
    """A configured store terminal (data folder) syncing to `target_url`."""
    folder.mkdir(parents=True, exist_ok=True)
    targets = [SyncTarget(name="central", url=target_url)] if target_url else []
    save_config(
        folder,
        Config(
            store_id=store,
            store_name=f"Store {store}",
            terminal_id=terminal,
            timezone="Asia/Shanghai",
            sync=SyncConfig(targets=targets),
            payroll=PAYROLL,
        ),
    )
    return open_services(folder, clock=ManualClock(datetime.now(TZ).replace(microsecond=0)))


PAYROLL = PayrollConfig(
    break_after_hours=6, break_minutes=30, daily_overtime_hours=8, weekly_overtime_hours=40
)


def real_store(base: str, schema: str, folder: Path) -> Templates:
    """Store R001: the demo team's 14 days of checks made by the check service, pushed to the
    central database with `shiftcheck sync` as the store's own role."""
    role = add_store(url_of(base, schema), REAL_STORE)
    host = base.split("@", 1)[1]
    s = make_terminal(folder, REAL_STORE, f"postgresql://{role}@{host}?schema={schema}")
    try:
        now = datetime.combine(PERIOD[1] + timedelta(days=1), datetime.min.time(), TZ)
        seed_demo(s, now.replace(hour=12))
        [result] = SyncService(s.store, s.config, s.clock).sync()
        assert result.ok, result
        records = [
            d
            for d in s.store.history(now - timedelta(days=30), now + timedelta(days=1))
            if isinstance(d, CheckRecord)
        ]
        print(f"  real store {REAL_STORE}: {result.pushed} documents pushed with shiftcheck sync")
    finally:
        s.close()
    return templates_from(records)


def one_day_terminal(folder: Path, store: str, url: str, day: date, staff: int) -> Services:
    """A terminal of `store` with `staff` people's start and end checks of `day`, unsent."""
    s = make_terminal(folder, store, url, terminal="P1")
    for n in range(1, staff + 1):
        s.staff.add(f"E{n:03d}", f"Person {n}", "2580" if n % 2 else "1357")
    check_day(s, day, staff)
    return s


def check_day(s: Services, day: date, staff: int) -> None:
    """Everyone's start and end check of `day`, answered through the check service."""
    clock = ManualClock(datetime.combine(day, datetime.min.time(), TZ))
    checks = CheckService(s.store, s.checklists, s.config, clock)
    # Everyone's start check, then everyone's end check: a terminal's clock only goes forward.
    for checklist, hour in ((START_OF_SHIFT, 9), (END_OF_SHIFT, 18)):
        for n in range(1, staff + 1):
            clock.set(
                datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=hour, minutes=n)
            )
            draft = checks.begin(f"E{n:03d}", checklist)
            for item in checks.checklists[checklist].items:
                clock.advance(seconds=4)
                if item.kind is ItemKind.CHECK:
                    draft = draft.with_answer(Answer(item.id, Result.PASS))
                elif item.kind is ItemKind.COUNT:
                    draft = draft.with_answer(Answer(item.id, value=item.min or 0))
            checks.submit(draft)


def timed(fn: Callable[[], Any], repeat: int = 5) -> float:
    """Median seconds of `repeat` runs (after one warm-up run)."""
    fn()
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def run_in_process(office: Path, *args: str) -> Callable[[], None]:
    """A callable running one shiftcheck command in this process (output discarded)."""
    from click.testing import CliRunner

    from shiftcheck.cli import cli as main

    def run() -> None:
        result = CliRunner().invoke(main, ["--data-dir", str(office), *args])
        if result.exit_code != 0:
            raise RuntimeError(f"{' '.join(args)}: {result.stderr}")

    return run


def explain(base: str, schema: str, start: datetime, end: datetime, store: str | None) -> list[str]:
    """The plan of the query a report runs (`PostgresSource.history`), for one store or all."""
    query = STORE_QUERY if store is not None else STORE_QUERY.removesuffix(" AND store_id = %s")
    params: tuple[object, ...] = (start, end, store) if store is not None else (start, end)
    with psycopg.connect(base, autocommit=True) as conn:
        rows = conn.execute(
            sql.SQL("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + query).format(
                s=sql.Identifier(schema)
            ),
            params,
        ).fetchall()
    return [r[0] for r in rows]


@contextmanager
def head_office(work: Path) -> Iterator[Path]:
    office = work / "head-office"
    office.mkdir(exist_ok=True)
    save_config(
        office,
        Config(store_id="HQ", store_name="Head office", timezone="Asia/Shanghai", payroll=PAYROLL),
    )
    yield office


def size_of(base: str, schema: str) -> int:
    with psycopg.connect(base, autocommit=True) as conn:
        row = conn.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            (schema,),
        ).fetchone()
    return int(row[0] or 0) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--url",
        default=os.environ.get("SHIFTCHECK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--stores", type=int, default=200)
    parser.add_argument("--staff", type=int, default=25)
    parser.add_argument(
        "--keep", action="store_true", help="keep the seeded schemas for the next run"
    )
    parser.add_argument("--drop", action="store_true", help="only drop the schemas and roles")
    parser.add_argument("--seed-only", action="store_true", help="seed, keep and stop")
    args = parser.parse_args()
    base = args.url
    if args.drop:
        for schema in (FULL, TENTH, EMPTY):
            drop_schema(url_of(base, schema))
        shutil.rmtree(KEPT, ignore_errors=True)
        print("dropped", FULL, TENTH, EMPTY)
        return
    print(f"central database benchmark: {args.stores} stores × {args.staff} staff × {DAYS} days")
    try:
        with tempfile.TemporaryDirectory(prefix="central-bench-") as tmp:
            work = Path(tmp)
            results = run(base, args, work)
        for line in results:
            print(line)
    finally:
        if not (args.keep or args.seed_only):
            for schema in (FULL, TENTH, EMPTY):
                drop_schema(url_of(base, schema))
            shutil.rmtree(KEPT, ignore_errors=True)
            print("schemas and store roles dropped")


KEPT = Path(tempfile.gettempdir()) / "shiftcheck-central-bench"
"""Where the real store's terminal folder stays between `--keep` runs."""


def ensure_seeded(base: str, stores: int, staff: int) -> tuple[int, int, Path]:
    """Seed the full and the 1/10 schema unless an earlier `--keep` run did; returns their
    document counts and the real store's data folder."""
    folder = KEPT / "real-store"
    full, tenth = seeded(base, FULL), seeded(base, TENTH)
    if full is None or not folder.is_dir():
        shutil.rmtree(KEPT, ignore_errors=True)
        drop_schema(url_of(base, FULL))
        init_schema(url_of(base, FULL))
        templates = real_store(base, FULL, folder)
        full = seed(base, FULL, stores, staff, templates) + real_count(base, FULL)
    else:
        full += real_count(base, FULL)
    if tenth is None:
        drop_schema(url_of(base, TENTH))
        tenth = seed(base, TENTH, max(1, stores // 10), staff, templates_of(folder))
    return full, tenth, folder


def templates_of(folder: Path) -> Templates:
    s = open_services(folder, writer=False)
    try:
        end = datetime.combine(PERIOD[1] + timedelta(days=2), datetime.min.time(), TZ)
        records = [
            d for d in s.store.history(end - timedelta(days=40), end) if isinstance(d, CheckRecord)
        ]
    finally:
        s.close()
    return templates_from(records)


def real_count(base: str, schema: str) -> int:
    with psycopg.connect(base, autocommit=True) as conn:
        total = 0
        for table in ("records", "corrections", "acknowledgements", "audit"):
            row = conn.execute(
                sql.SQL("SELECT count(*) FROM {}.{} WHERE store_id = %s").format(
                    sql.Identifier(schema), sql.Identifier(table)
                ),
                (REAL_STORE,),
            ).fetchone()
            total += int(row[0]) if row else 0
    return total


PEAK_CODE = """
import resource, sys
from shiftcheck.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    use = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(f"\\npeak-kib {use.ru_maxrss} cpu {use.ru_utime + use.ru_stime}\\n")
"""


def child_run(office: Path, *args: str) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MiB) and CPU seconds of one shiftcheck command in a
    fresh process."""
    command = [sys.executable, "-c", PEAK_CODE, "--data-dir", str(office), *args]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    took = time.perf_counter() - began
    err = done.stderr.decode(errors="replace")
    if done.returncode != 0:
        raise RuntimeError(err)
    figures = err.rsplit("peak-kib ", 1)[1].split()
    return took, int(figures[0]) / 1024, float(figures[2])


def pushes(base: str, work: Path, days: int, staff: int) -> tuple[list[float], list[float], int]:
    """Seconds to push each of `days` days of one store's checks into the empty and into the
    full database (interleaved), and documents per day."""
    empty_url = url_of(base, EMPTY)
    drop_schema(empty_url)
    init_schema(empty_url)
    host = base.split("@", 1)[1]
    urls = {
        schema: f"postgresql://{add_store(url_of(base, schema), 'S001')}@{host}?schema={schema}"
        for schema in (EMPTY, FULL)
    }
    first = FIRST_DAY + timedelta(days=DAYS)
    s = one_day_terminal(work / "pusher", "S001", urls[FULL], first, staff)
    times: dict[str, list[float]] = {EMPTY: [], FULL: []}
    per_day = 0
    try:
        for k in range(days):
            day = first + timedelta(days=k)
            if k:
                check_day(s, day, staff)
            start = datetime.combine(day, datetime.min.time(), TZ)
            batch = [
                (seq, d)
                for seq, d in s.store.local_since(0)
                if start <= document_time(d) < start + timedelta(days=1)
            ]
            per_day = len(batch)
            for schema in (EMPTY, FULL) if k % 2 else (FULL, EMPTY):
                target = PostgresTarget("central", urls[schema], "S001", "P1", "Asia/Shanghai")
                began = time.perf_counter()
                with target.open() as session:
                    outcome = session.push(batch, s.clock())
                times[schema].append(time.perf_counter() - began)
                assert outcome.added == len(batch) and not outcome.refused, outcome
    finally:
        s.close()
    return times[EMPTY], times[FULL], per_day


def run(base: str, args: argparse.Namespace, work: Path) -> list[str]:
    began = time.perf_counter()
    full, tenth, real_folder = ensure_seeded(base, args.stores, args.staff)
    print(f"  seeded or reused in {time.perf_counter() - began:.0f} s", flush=True)
    if args.seed_only:
        return [f"seeded {FULL}: {full:,} documents; {TENTH}: {tenth:,} documents"]
    lines = [
        f"documents: full {full:,} ({args.stores} stores), 1/10 baseline {tenth:,}; "
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"
    ]
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    with head_office(work) as office:
        # correctness first: the real store's export from central is what its terminal writes
        from click.testing import CliRunner

        from shiftcheck.cli import cli as main

        here = CliRunner().invoke(
            main, ["--data-dir", str(real_folder), "export", "payroll", *period]
        )
        there = CliRunner().invoke(
            main,
            [
                "--data-dir",
                str(office),
                "export",
                "payroll",
                *period,
                "--source",
                url_of(base, FULL),
                "--store",
                REAL_STORE,
            ],
        )
        same = here.exit_code == 0 and there.stdout_bytes == here.stdout_bytes
        lines.append(
            f"real store {REAL_STORE} (pushed with shiftcheck sync): central payroll export "
            f"{'identical to' if same else 'DIFFERS FROM'} the terminal's "
            f"({len(here.stdout_bytes)} bytes)"
        )
        for label, cmd, target in (
            ("one store's 14-day payroll export", ["export", "payroll", *period], 1.0),
            ("one store's day summary", ["summary", "--date", SUMMARY_DAY.isoformat()], 0.3),
        ):
            figures = {}
            for schema in (TENTH, FULL):
                figures[schema] = timed(
                    run_in_process(
                        office, *cmd, "--source", url_of(base, schema), "--store", "S001"
                    )
                )
            lines.append(
                f"{label} (S001, {args.staff} staff): {figures[FULL] * 1000:.0f} ms on "
                f"{full:,} documents; baseline {figures[TENTH] * 1000:.0f} ms on {tenth:,}; "
                f"target <= {target * 1000:.0f} ms: "
                f"{'met' if figures[FULL] <= target else 'MISSED'}"
            )
        out = work / "all-stores.csv"
        small = child_run(
            office,
            "export",
            "payroll",
            *period,
            "--source",
            url_of(base, TENTH),
            "-o",
            str(out),
            "--force",
        )
        big = child_run(
            office,
            "export",
            "payroll",
            *period,
            "--source",
            url_of(base, FULL),
            "-o",
            str(out),
            "--force",
        )
        rows = out.read_bytes().count(b"\n") - 1
        lines.append(
            f"all stores' 14-day payroll: {big[0]:.1f} s ({big[2]:.1f} s CPU), "
            f"peak {big[1]:.0f} MiB "
            f"({rows:,} shift rows, {args.stores} stores); "
            f"baseline 1/10: {small[0]:.1f} s ({small[2]:.1f} s CPU), peak {small[1]:.0f} MiB; "
            f"target <= 30 s and <= 1536 MiB: "
            f"{'met' if big[0] <= 30 and big[1] <= 1536 else 'MISSED'}"
        )
    empty, filled, per_day = pushes(base, work, 15, args.staff)
    e, f = statistics.median(empty), statistics.median(filled)
    lines.append(
        f"push of one day ({per_day} documents, S001): full database {f * 1000:.0f} ms "
        f"(median of {len(filled)}: {', '.join(f'{x * 1000:.0f}' for x in filled)}); "
        f"empty database {e * 1000:.0f} ms ({', '.join(f'{x * 1000:.0f}' for x in empty)}); "
        f"{'flat' if f <= e * 1.25 + 0.01 else 'SLOWER'}"
    )
    drop_schema(url_of(base, EMPTY))
    start = datetime.combine(PERIOD[0], datetime.min.time(), TZ) - timedelta(hours=48)
    end = datetime.combine(PERIOD[1] + timedelta(days=1), datetime.min.time(), TZ) + timedelta(
        hours=48
    )
    day0 = datetime.combine(SUMMARY_DAY, datetime.min.time(), TZ)
    for label, lo, hi, store in (
        ("EXPLAIN one store's payroll read (14 days + 48 h either side)", start, end, "S001"),
        (
            "EXPLAIN one store's day summary read",
            day0 - timedelta(hours=48),
            day0 + timedelta(hours=72),
            "S001",
        ),
        ("EXPLAIN all stores' payroll read", start, end, None),
    ):
        lines.append(label + ":")
        lines.extend("    " + line for line in explain(base, FULL, lo, hi, store))
    size = size_of(base, FULL)
    per_store_year = (full - real_count(base, FULL)) / args.stores
    lines.append(
        f"sizing: {per_store_year:,.0f} documents per store per year ({args.staff} staff); "
        f"{size / 2**30:.2f} GiB for {full:,} documents = {size / full * 1e6 / 2**30:.2f} GiB "
        f"per million documents (tables, TOAST and indexes)"
    )
    return lines


if __name__ == "__main__":
    main()
