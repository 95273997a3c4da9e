"""Reasons inside messages speak the message's language: a `Phrase` is English for logs and
files, and `t` fills it in the language of the message that carries it."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import orjson

from shiftcheck.i18n import Phrase, t
from shiftcheck.services.admission import Admission
from shiftcheck.services.context import Services
from shiftcheck.services.errors import ServiceError
from shiftcheck.store.atomic import describe_os_error
from tests.unit.factories import start

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def test_a_phrase_is_its_english_words_and_keeps_its_key() -> None:
    why = Phrase("sync.why.belongs_to", store="S002")
    assert why == "belongs to store S002, not this store"
    assert str(why) == why and type(str(why)) is str
    assert why.in_lang("zh-CN") == "属于门店 S002，不是本门店"
    assert pickle.loads(pickle.dumps(why)).in_lang("zh-CN") == why.in_lang("zh-CN")
    assert json.loads(json.dumps({"reason": why})) == {"reason": str(why)}
    assert orjson.loads(orjson.dumps({"reason": why})) == {"reason": str(why)}
    assert f"{why}" == str(why)


def test_a_sync_refusal_on_a_chinese_screen_has_no_english_reason() -> None:
    why = Phrase("sync.why.central_different")
    zh = t("sync.result.refused", "zh-CN", target="hq", id="7f0c", reason=why)
    assert "central" not in zh and "中央数据库已有此编号" in zh
    en = t("sync.result.refused", "en", target="hq", id="7f0c", reason=why)
    assert en.endswith("the central database holds this id with different content")


def test_a_full_disk_in_a_sync_folder_error_is_said_in_chinese() -> None:
    reason = describe_os_error(OSError(28, "No space left on device"))
    error = ServiceError("sync.folder_write", path="/mnt/share", reason=reason)
    assert "the disk is full" in str(error)
    assert "磁盘已满" in error.message("zh-CN")
    assert not LATIN_WORD.search(error.message("zh-CN").replace("/mnt/share", ""))


def test_admission_refuses_in_both_languages(services: Services) -> None:
    """A record of another store, arriving at this terminal, is refused with a phrase."""
    foreign = start("E002", services.clock(), store="S999")
    admission = Admission(services.store, services.config.store_id, services.checklists)
    refused = admission.admit([foreign]).refused
    assert len(refused) == 1
    why = refused[0].reason
    assert isinstance(why, Phrase)
    assert why == "store_id: 'S999' is not this store (S001)"
    assert why.in_lang("zh-CN") == "store_id：'S999' 不是本门店（S001）"


def test_every_refusal_key_has_words_in_both_languages() -> None:
    en = Path(__file__).parents[2] / "shiftcheck" / "locales" / "wording.en.toml"
    keys = re.findall(r'^"(sync\.why\.[a-z_]+)"', en.read_text(encoding="utf-8"), re.M)
    assert len(keys) == 15
    for key in keys:
        assert t(key, "zh-CN") != t(key, "en"), key
