"""Plural forms: a count message reads right for one and for many, in both languages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from shiftcheck.i18n import _check_plurals, catalog, plural_form, plural_keys, t


def test_english_has_one_and_other_chinese_one_form() -> None:
    assert plural_form("en", 1) == "one"
    assert [plural_form("en", n) for n in (0, 2, 11, 21, Decimal("1.5"))] == ["other"] * 5
    assert plural_form("en", "1") == "other"  # not a count
    assert {plural_form("zh-CN", n) for n in (0, 1, 2)} == {"other"}


def test_tries_left_reads_right_for_one_and_many() -> None:
    assert t("shifts.pin.wrong", "en", left=1, lock="5 min") == (
        "Wrong PIN. One more wrong PIN locks PIN entry for 5 min."
    )
    assert t("shifts.pin.wrong", "en", left=2, lock="5 min") == (
        "Wrong PIN. 2 tries left before a 5 min lock."
    )
    zh = t("shifts.pin.wrong", "zh-CN", left=1, lock="5 分钟")
    assert zh == "PIN 错误。再错 1 次将锁定 5 分钟。"


@pytest.mark.parametrize(
    ("key", "values", "one", "many"),
    [
        ("kiosk.done.failed", {}, "1 item failed;", "2 items failed;"),
        ("check.not_ready", {}, "1 item still needs", "2 items still need"),
        ("records.wrote", {"path": "x"}, "and 1 document to", "and 2 documents to"),
        ("trust.restored", {"source": "s"}, ": 1 employee.", ": 2 employees."),
        ("trust.damaged_refused", {"days": "d"}, "1 day of this period has", "2 days of"),
    ],
)
def test_count_messages_take_the_form_of_their_count(
    key: str, values: dict[str, object], one: str, many: str
) -> None:
    assert one in t(key, "en", count=1, **values)
    assert many in t(key, "en", count=2, **values)
    assert "(s)" not in t(key, "en", count=2, **values)


def test_the_count_is_the_first_whole_number_of_the_message() -> None:
    """The id, name and date come first; the forms count picks the form."""
    done = dict(id="E002", name="李娜", date="2026-11-27", received=2, by="E001")
    assert ": 1 form declared, 2 received" in t("forms.cli.done", "en", forms=1, **done)
    three = t("forms.cli.done", "en", forms=3, **done | {"received": 1})
    assert ": 3 forms declared, 1 received" in three
    assert t("forms.cli.total", "en", forms=1, handovers=1) == "1 form waiting (handovers: 1)"
    assert t("forms.cli.total", "zh-CN", forms=1, handovers=1) == "共 1 份登记表待确认，1 人次"


def test_no_english_count_message_says_s_in_brackets() -> None:
    counted = [k for k, text in catalog("en").items() if re.search(r"\{\w+\} \w+\(s\)", text)]
    assert counted == []


def test_a_plural_message_missing_a_form_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'x\.y' needs exactly the forms one, other"):
        _check_plurals("en", {"x.y.other": "{n} things"})
    with pytest.raises(ValueError, match=r"'x\.y'"):
        _check_plurals("zh-CN", {"x.y.other": "{n} 个", "x.y": "plain too"})
    _check_plurals("zh-CN", {"x.y.other": "{n} 个"})
    assert plural_keys(catalog("en")) == plural_keys(catalog("zh-CN"))
