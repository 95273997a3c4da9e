"""Demo data: a small team and two weeks of history made through the real check service.

Used by `shiftcheck demo` so a newcomer can try every screen at once. Times come from a
`ManualClock` walked through each day; answers go through `CheckService.submit`, so the records
are exactly what a terminal would have stored (including the `fast` flag).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from shiftcheck.domain.checklist import (
    END_OF_SHIFT,
    FORMS_ITEM_ID,
    START_OF_SHIFT,
    Answer,
    Item,
    ItemKind,
    Result,
)
from shiftcheck.domain.staff import Role
from shiftcheck.services.checks import CheckService
from shiftcheck.services.clock import ManualClock
from shiftcheck.services.context import Services


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One sample employee and the PIN the demo banner shows."""

    id: str
    name: str
    pin: str
    role: Role = Role.STAFF
    language: str = "zh-CN"


DEMO_STAFF: tuple[DemoPerson, ...] = (
    DemoPerson("E001", "张伟", "258036", Role.SUPERVISOR),
    DemoPerson("E002", "李娜", "2468"),
    DemoPerson("E003", "Amy Chen", "1357", language="en"),
    DemoPerson("E004", "王芳", "3690"),
    DemoPerson("E005", "Tom Li", "4826", language="en"),
    DemoPerson("E006", "刘洋", "5173"),
)
DEMO_DAYS = 14
FORGOTTEN = ("E004", 5)
"""Who forgets to clock out, and how many days ago."""
CLOCKED_IN_TODAY = ("E002", "E003")
"""Who has already clocked in today when the demo starts."""

NOTES = {
    "zh-CN": ("已更换备用工作服", "已联系行政处理", "已向主管报备", "已清理并重新检查"),
    "en": (
        "Changed into the spare uniform",
        "Reported to admin",
        "Told the supervisor",
        "Fixed it and checked again",
    ),
}
QUESTIONS = {
    "zh-CN": ("客户询问车位价格，承诺明天上午回复", "客户想了解贷款政策，已约周六来访"),
    "en": (
        "Customer asked about parking prices; promised a reply tomorrow morning",
        "Customer wants mortgage details; visit booked for Saturday",
    ),
}


def _answer(item: Item, rng: random.Random, lang: str, fail_rate: float) -> Answer | None:
    if item.kind is ItemKind.COUNT:
        if item.id == FORMS_ITEM_ID:
            return Answer(item.id, value=rng.randint(0, 8))
        return Answer(item.id, value=item.min or 0)
    if item.kind is ItemKind.TEXT:
        if rng.random() < 0.25:
            return Answer(item.id, value=rng.choice(QUESTIONS[lang]))
        return None if not item.required else Answer(item.id, value="-")
    if rng.random() < fail_rate:
        return Answer(item.id, Result.FAIL, note=rng.choice(NOTES[lang]))
    if item.allow_na and rng.random() < 0.15:
        return Answer(item.id, Result.NA)
    return Answer(item.id, Result.PASS)


def _run_check(
    checks: CheckService,
    clock: ManualClock,
    rng: random.Random,
    person: DemoPerson,
    checklist_id: str,
    *,
    seconds_per_item: float,
    fail_rate: float = 0.04,
) -> None:
    draft = checks.begin(person.id, checklist_id)
    for item in checks.checklists[checklist_id].items:
        clock.advance(seconds=seconds_per_item * rng.uniform(0.7, 1.3))
        answer = _answer(item, rng, person.language, fail_rate)
        if answer is not None:
            draft = draft.with_answer(answer)
    checks.submit(draft)


def add_demo_staff(services: Services) -> None:
    """Add the sample team (PINs as in `DEMO_STAFF`)."""
    for p in DEMO_STAFF:
        services.staff.add(p.id, p.name, p.pin, role=p.role, language=p.language)


def seed_demo(services: Services, now: datetime, *, seed: int = 7) -> int:
    """Add the sample team and `DEMO_DAYS` days of checks before `now`; returns records made."""
    add_demo_staff(services)
    rng = random.Random(seed)
    tz = services.config.tz
    clock = ManualClock(now)
    checks = services.checks_on(clock)
    made = 0
    today = now.astimezone(tz).date()
    fast_done = False
    free = now - timedelta(days=DEMO_DAYS + 1)
    """When the terminal is free for the next check (the previous one submitted)."""

    def turn(at: datetime) -> None:
        clock.set(max(at, free))

    for back in range(DEMO_DAYS, 0, -1):
        day = today - timedelta(days=back)
        starts: list[tuple[datetime, DemoPerson]] = []
        ends: list[tuple[datetime, DemoPerson]] = []
        for person in DEMO_STAFF:
            if (day.toordinal() + int(person.id[1:])) % 7 == 0:
                continue  # a day off
            start = datetime.combine(day, time(8, 45), tz) + timedelta(minutes=rng.randint(0, 25))
            starts.append((start, person))
            if (person.id, back) != FORGOTTEN:
                end = datetime.combine(day, time(17, 30), tz)
                ends.append((end + timedelta(minutes=rng.randint(0, 50)), person))
        # One terminal, one person at a time, in time order (its clock never goes back).
        for at, person in sorted(starts, key=lambda pair: pair[0]):
            turn(at)
            fast = not fast_done and person.id == "E005"
            _run_check(
                checks, clock, rng, person, START_OF_SHIFT, seconds_per_item=0.3 if fast else 5
            )
            free = clock() + timedelta(seconds=20)
            fast_done = fast_done or fast
            made += 1
        for at, person in sorted(ends, key=lambda pair: pair[0]):
            turn(at)
            _run_check(checks, clock, rng, person, END_OF_SHIFT, seconds_per_item=6)
            free = clock() + timedelta(seconds=20)
            made += 1
    for n, employee_id in enumerate(CLOCKED_IN_TODAY):
        person = next(p for p in DEMO_STAFF if p.id == employee_id)
        turn(now - timedelta(hours=3, minutes=10) + timedelta(minutes=85 * n))
        _run_check(checks, clock, rng, person, START_OF_SHIFT, seconds_per_item=5)
        free = clock() + timedelta(seconds=20)
        made += 1
    return made


def demo_banner_people() -> list[tuple[str, str, str, bool]]:
    """(id, name, PIN, is supervisor) for the demo banner."""
    return [(p.id, p.name, p.pin, p.role is Role.SUPERVISOR) for p in DEMO_STAFF]
