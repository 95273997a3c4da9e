"""A writer process for the kill -9 test: saves drafts and records until it is killed.

Usage: writer.py DATA_DIR ROUND SEED

After each save returns it prints one line (flushed), so the parent knows which saves were
reported as done:

    draft <employee> <record_id> <round>:<step>
    add <record_id>
    batch <record_id> <audit_id>
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from shiftcheck.domain.checklist import Answer, Result
from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import AuditEvent, CheckRecord
from shiftcheck.store import DataStore

TZ = timezone(timedelta(hours=8))
BASE = datetime(2026, 11, 1, 8, 0, tzinfo=TZ)
EMPLOYEES = ("E001", "E002", "E003")
BATCH_FLAGS = ("batch",)
"""Marks a record saved together with an audit event: the two must be stored both or neither."""
START_ITEMS = ("uniform_clean", "grooming", "name_badge", "workspace_tidy", "phone_working")


def record(rng: random.Random, employee: str, flags: tuple[str, ...] = ()) -> CheckRecord:
    started = BASE + timedelta(days=rng.randrange(20), minutes=rng.randrange(600))
    return CheckRecord(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        store_id="S001",
        terminal_id="T1",
        employee_id=employee,
        checklist="start_of_shift",
        checklist_version="1",
        started_at=started,
        submitted_at=started + timedelta(seconds=rng.randrange(30, 300)),
        answers=tuple(Answer(item, Result.PASS) for item in START_ITEMS),
        flags=flags,
    )


def main() -> None:
    data_dir, round_no, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    out = sys.stdout
    store = DataStore.open(data_dir)
    drafts: dict[str, Draft] = {}
    step = 0
    while True:
        step += 1
        employee = rng.choice(EMPLOYEES)
        action = rng.random()
        if action < 0.5:
            draft = drafts.get(employee) or store.load_draft(employee)
            if draft is None:
                draft = Draft(str(uuid.uuid4()), employee, "start_of_shift", "1", BASE)
            draft = draft.with_answer(
                Answer(
                    "pending_questions", value=f"{round_no}:{step}", note="x" * rng.randrange(50)
                )
            )
            store.save_draft(draft)
            drafts[employee] = draft
            out.write(f"draft {employee} {draft.record_id} {round_no}:{step}\n")
        elif action < 0.8:
            doc = record(rng, employee)
            store.add(doc)
            out.write(f"add {doc.id}\n")
        else:
            doc = record(rng, employee, BATCH_FLAGS)
            event = AuditEvent(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                store_id="S001",
                terminal_id="T1",
                actor=employee,
                action="check.submitted",
                detail=doc.id,
                at=doc.submitted_at,
            )
            store.add_many([doc, event], local=True)
            out.write(f"batch {doc.id} {event.id}\n")
        out.flush()


if __name__ == "__main__":
    main()
