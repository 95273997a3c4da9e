"""Sync throughput: push/pull 100,000 documents to PostgreSQL, write/import a 100,000-document
folder bundle, each beside a one-row-per-statement baseline measured in the same run.

Run: `.venv/bin/python benchmarks/sync_bench.py [--count N] [--url postgresql://...]`.
The PostgreSQL part uses its own schema and store role, dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

from shiftcheck.config import Config, SyncConfig, SyncTarget
from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.records import CheckRecord, Document, document_from_json
from shiftcheck.services.admission import Admission
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services, open_services, save_config
from shiftcheck.services.sync import SyncProgress, SyncService
from shiftcheck.services.sync.base import body_text
from shiftcheck.services.sync.central import add_store, drop_schema, init_schema
from shiftcheck.services.sync.folder import FolderTarget
from shiftcheck.services.sync.postgres import PostgresTarget
from shiftcheck.store.atomic import atomic_write_bytes
from shiftcheck.store.sync_key import write_sync_key

TZ = ZoneInfo("Asia/Shanghai")
SYNC_KEY = "benchmark-store-sync-key-0001"
"""The store's sync key every benchmark terminal holds (bundles are signed with it)."""
ANSWERS = tuple(Answer(f"item_{k}", Result.PASS) for k in range(12))


def documents(count: int, terminal: str) -> list[Document]:
    """`count` check records over the last days, 12 answers each (like a real check)."""
    base = datetime.now(TZ).replace(microsecond=0) - timedelta(days=count // 1000 + 1)
    out: list[Document] = []
    for k in range(count):
        at = base + timedelta(minutes=k * 1.4)
        out.append(
            CheckRecord(
                id=str(uuid.uuid4()),
                store_id="S001",
                terminal_id=terminal,
                employee_id=f"E{k % 40:03d}",
                checklist="start_of_shift" if k % 2 == 0 else "end_of_shift",
                checklist_version="1+abcdef",
                started_at=at,
                submitted_at=at + timedelta(seconds=50),
                answers=ANSWERS,
            )
        )
    return out


def terminal(root: Path, name: str, targets: list[SyncTarget]) -> Services:
    folder = root / name
    folder.mkdir()
    save_config(
        folder,
        Config(
            store_id="S001",
            terminal_id=name,
            timezone="Asia/Shanghai",
            sync=SyncConfig(targets=targets),
        ),
    )
    write_sync_key(folder, SYNC_KEY)
    return open_services(folder, clock=ManualClock(datetime.now(TZ).replace(microsecond=0)))


@contextmanager
def timed(label: str, results: dict[str, float]) -> Iterator[None]:
    t0, c0 = time.perf_counter(), time.process_time()
    yield
    results[label] = time.perf_counter() - t0
    results[f"{label}_cpu"] = time.process_time() - c0


def phases(service: SyncService) -> dict[str, float]:
    """Run a sync and time its push and pull phases from the progress reports."""
    marks: dict[str, tuple[float, float]] = {}

    def note(p: SyncProgress) -> None:
        marks.setdefault(p.phase, (time.perf_counter(), time.process_time()))

    t0 = (time.perf_counter(), time.process_time())
    [result] = service.sync(progress=note)
    if result.error:
        raise SystemExit(result.error)
    end = marks.get("done", (time.perf_counter(), time.process_time()))
    push, pull = marks.get("push", t0), marks["pull"]
    return {
        "push": pull[0] - push[0],
        "push_cpu": pull[1] - push[1],
        "pull": end[0] - pull[0],
        "pull_cpu": end[1] - pull[1],
        "pushed": float(result.pushed),
        "pulled": float(result.pulled),
    }


def line(
    label: str, seconds: float, cpu: float, count: int, target: float, baseline: float, note: str
) -> None:
    verdict = "ok" if seconds <= target else "OVER TARGET"
    print(
        f"{label:<34} {seconds:6.2f} s wall, {cpu:6.2f} s CPU of this process "
        f"({count / seconds:7,.0f}/s)  target ≤ {target:.0f} s [{verdict}]\n"
        f"{'':<34} baseline {baseline:8.1f} s ({note}), speed-up ×{baseline / seconds:,.0f}"
    )


def per_row(sample: int, count: int, action: Callable[[int], None]) -> float:
    """Seconds for `count` rows, extrapolated from doing `sample` one at a time."""
    t0 = time.perf_counter()
    for k in range(sample):
        action(k)
    return (time.perf_counter() - t0) * count / sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sample", type=int, default=2_000, help="rows timed for baselines")
    args = parser.parse_args()
    n, sample = args.count, args.sample
    root = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    docs = documents(n, "T1")
    print(f"{n:,} check records of 12 answers each; baselines time {sample:,} rows one at a time")
    print("and extrapolate to the full count (stated beside each figure).")
    print(
        f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} CPUs\n"
    )

    # -- folder bundle -------------------------------------------------------------------------
    share = root / "share"
    share.mkdir()
    t1 = terminal(root, "T1", [SyncTarget(name="share", path=str(share))])
    t0 = time.perf_counter()
    for k in range(0, n, 20_000):
        t1.store.add_many(docs[k : k + 20_000], local=True)
    print(f"seeded the terminal's store in {time.perf_counter() - t0:.1f} s\n")
    times: dict[str, float] = {}
    batch = t1.store.local_since(0)
    with (
        timed("write", times),
        FolderTarget("share", share, "S001", "T1", SYNC_KEY.encode()).open() as session,
    ):
        session.push(batch, t1.clock())
    one_file = root / "one-file-per-record"
    write_base = per_row(
        sample,
        n,
        lambda k: atomic_write_bytes(
            one_file / f"{batch[k][1].id}.json", body_text(batch[k][1]).encode()
        ),
    )
    line(
        "folder: write a bundle",
        times["write"],
        times["write_cpu"],
        n,
        3,
        write_base,
        f"one fsynced file per record, {sample:,} timed",
    )
    t2 = terminal(root, "T2", [SyncTarget(name="share", path=str(share))])
    got = phases(SyncService(t2.store, t2.config, t2.clock))
    assert got["pulled"] == n, got
    t3 = terminal(root, "T3", [])
    import_base = per_row(sample // 10, n, lambda k: t3.store.add(batch[k][1], local=False))
    line(
        "folder: verify and import a bundle",
        got["pull"],
        got["pull_cpu"],
        n,
        3,
        import_base,
        f"store.add per record, {sample // 10:,} timed",
    )
    t4 = terminal(root, "T4", [])
    parts: dict[str, float] = {}
    with (
        timed("verify", parts),
        FolderTarget("share", share, "S001", "T4", SYNC_KEY.encode()).open() as reader,
    ):
        pulled = reader.pull({})
    with timed("admit", parts):
        admitted = Admission(t4.store, "S001", t4.checklists).admit(pulled.documents, pulled.bodies)
    assert len(admitted.fresh) == n, admitted.refused[:3]
    with timed("store", parts):
        t4.store.add_many(admitted.fresh, local=False, bodies=pulled.bodies)
    print(
        f"{'':<34} of which: read, check signature and parse {parts['verify']:.2f} s; "
        f"admission checks {parts['admit']:.2f} s; "
        f"store in the data folder (DataStore.add_many) {parts['store']:.2f} s"
    )

    # -- PostgreSQL ----------------------------------------------------------------------------
    schema = f"shiftcheck_bench_{uuid.uuid4().hex[:6]}"
    admin = f"{args.url}?schema={schema}"
    init_schema(admin)
    try:
        role = add_store(admin, "S001")
        host = args.url.split("@", 1)[1]
        url = f"postgresql://{role}@{host}?schema={schema}"
        p1 = terminal(root, "P1", [SyncTarget(name="central", url=url)])
        for k in range(0, n, 20_000):
            p1.store.add_many(docs[k : k + 20_000], local=True)
        got = phases(SyncService(p1.store, p1.config, p1.clock))
        assert got["pushed"] == n, got
        with psycopg.connect(args.url, autocommit=False) as conn:
            conn.execute(f"SET search_path TO {schema}")
            conn.execute(
                "CREATE TEMP TABLE base (LIKE records INCLUDING DEFAULTS INCLUDING GENERATED "
                "INCLUDING INDEXES)"
            )
            other = documents(sample, "T1")
            push_base = per_row(
                sample,
                n,
                lambda k: conn.execute(
                    "INSERT INTO base (body, pushed_by, terminal_clock) "
                    "VALUES (%s, 'T1', now()) ON CONFLICT (store_id, id) DO NOTHING",
                    (body_text(other[k]),),
                ),
            )
            conn.commit()
        line(
            "postgresql: push",
            got["push"],
            got["push_cpu"],
            n,
            10,
            push_base,
            f"one INSERT per row, {sample:,} timed",
        )
        p2 = terminal(root, "P2", [SyncTarget(name="central", url=url)])
        got = phases(SyncService(p2.store, p2.config, p2.clock))
        assert got["pulled"] == n, got
        ids = [d.id for d in docs[:sample]]
        with psycopg.connect(url.split("?")[0], autocommit=True) as conn:
            conn.execute(f"SET search_path TO {schema}")
            pull_base = per_row(
                sample,
                n,
                lambda k: document_from_json(
                    json.loads(
                        conn.execute(
                            "SELECT body::text FROM records WHERE id = %s", (ids[k],)
                        ).fetchone()[0]  # type: ignore[index]
                    )
                ),
            )
        line(
            "postgresql: pull and import",
            got["pull"],
            got["pull_cpu"],
            n,
            10,
            pull_base,
            f"one SELECT per row and parse, {sample:,} timed; storing not counted",
        )
        p3 = terminal(root, "P3", [])
        with (
            timed("fetch", parts),
            PostgresTarget("central", url, "S001", "P3", "Asia/Shanghai").open() as reader,
        ):
            fetched = reader.pull({})
        with timed("store", parts):
            p3.store.add_many(fetched.documents, local=False, bodies=fetched.bodies)
        print(
            f"{'':<34} of which: fetch and parse {parts['fetch']:.2f} s; "
            f"store in the data folder (DataStore.add_many) {parts['store']:.2f} s"
        )
        p3.close()
    finally:
        drop_schema(admin)
        for s in (t1, t2, t3, t4):
            s.close()


if __name__ == "__main__":
    main()
