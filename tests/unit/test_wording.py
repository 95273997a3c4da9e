"""Text the command line and the screens share, written once in `services/wording.py`."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from shiftcheck.domain.staff import Employee
from shiftcheck.services.auth import LoginResult
from shiftcheck.services.summary import DayTotals
from shiftcheck.services.sync.service import TargetStatus
from shiftcheck.services.wording import (
    clock_time,
    day_totals_line,
    later_day_time,
    sign_in_refusal,
    span,
    sync_status_line,
)

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 12, 31)
NOW = datetime(2026, 12, 31, 9, 0, tzinfo=SH)


def test_wording_needs_neither_textual_nor_rich() -> None:
    code = (
        "import sys, shiftcheck.services.wording\n"
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_clock_times_past_midnight_carry_the_days_after() -> None:
    assert clock_time(datetime(2026, 12, 31, 8, 55, tzinfo=SH), DAY, SH) == "08:55"
    assert clock_time(datetime(2027, 1, 1, 6, 30, tzinfo=SH), DAY, SH) == "06:30+1"
    assert clock_time(datetime(2027, 1, 2, 6, 30, tzinfo=SH), DAY, SH) == "06:30+2"
    # a UTC time is shown in the store's zone (23:30 UTC is 07:30 the next day in Shanghai)
    utc = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert clock_time(utc, DAY, SH) == "07:30+1"
    assert clock_time(None, DAY, SH) == ""
    assert clock_time(None, DAY, SH, missing="—") == "—"
    assert later_day_time(time(6, 30), 1) == "06:30+1"
    assert later_day_time(time(18, 5), 0) == "18:05"


def test_day_totals_line_in_both_languages() -> None:
    totals = DayTotals(4, 4, 1, 2, 1, 3, 7, Decimal("24.50"), Decimal("23.50"))
    en = day_totals_line(totals, "en")
    assert en.startswith("On shift 1 · checked out 2 · missing checks 1 · failed items 3")
    assert "worked 24.50 h · paid 23.50 h" in en
    assert day_totals_line(totals, "zh-CN").startswith("在岗 1")


def test_sync_status_line_names_the_kind_in_the_language() -> None:
    fresh = TargetStatus("share", "folder", "/mnt/share", 3, None, None, None)
    assert sync_status_line(fresh, "zh-CN") == (
        "share（文件夹：/mnt/share）：待发送 3 条；上次成功 从未；上次错误 无"
    )
    failing = TargetStatus(
        "hq", "postgresql", "db.example", 0, "2026-12-30T18:00:00+08:00", "timeout", "2026-12-31"
    )
    line = sync_status_line(failing, "en")
    assert line.startswith("hq (PostgreSQL: db.example): 0 waiting")
    assert line.endswith("last error 2026-12-31: timeout")


def test_sign_in_refusals_say_why_and_what_next() -> None:
    amy = Employee(id="E003", name="Amy Chen")
    lock = timedelta(minutes=5)

    def said(result: LoginResult, lang: str = "en") -> str:
        return sign_in_refusal(result, "E003", lang, SH, NOW)

    assert said(LoginResult(False, terminal_paused=True)).startswith("Too many wrong PINs on")
    assert said(LoginResult(False)) == "no employee with id E003"
    assert said(LoginResult(False), "zh-CN") == "没有工号为 E003 的员工"
    assert said(LoginResult(False, amy, no_pin=True)).startswith("No PIN set yet for Amy Chen")
    today = datetime(2026, 12, 31, 9, 5, tzinfo=SH)
    assert said(LoginResult(False, amy, locked_until=today)).endswith("locked until 09:05.")
    later = datetime(2027, 1, 1, 9, 5, tzinfo=SH)
    assert "2027-01-01 09:05" in said(LoginResult(False, amy, locked_until=later))
    two = LoginResult(False, amy, tries_left=2, next_lock=lock)
    assert said(two) == "Wrong PIN. 2 tries left before a 5 min lock."
    one = LoginResult(False, amy, tries_left=1, next_lock=lock)
    assert said(one) == "Wrong PIN. One more wrong PIN locks PIN entry for 5 min."
    assert said(one, "zh-CN") == "PIN 错误。再错 1 次将锁定 5分钟。"


def test_spans_round_down_to_the_minute() -> None:
    assert span(timedelta(minutes=5, seconds=59), "en") == "5 min"
    assert span(timedelta(hours=7, minutes=40), "en") == "7 h 40 min"
    assert span(timedelta(seconds=-5), "en") == "0 min"
