"""Config validation and the message catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftcheck.config import (
    ConfigError,
    config_to_toml,
    load_config,
    parse_config,
    resolve_data_dir,
)
from shiftcheck.i18n import catalog, placeholders, plural_keys, t


def test_defaults_and_round_trip(tmp_path: Path) -> None:
    config = parse_config({"store_id": "S001", "timezone": "Asia/Shanghai"})
    assert config.idle_timeout_seconds == 60 and config.language == "zh-CN"
    assert config.payroll.pay_rules().rounding_minutes == 0
    (tmp_path / "config.toml").write_text(config_to_toml(config), encoding="utf-8")
    assert load_config(tmp_path) == config
    assert load_config(tmp_path / "nothing-here") is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"timezone": "Mars/Base"}, "timezone: unknown time zone 'Mars/Base'"),
        ({"timezone": "Asia"}, "timezone: unknown time zone 'Asia'"),  # a folder of zones
        ({"language": "fr"}, "language: must be 'zh-CN' or 'en'"),
        ({"store_id": "my store"}, "store_id"),
        ({"idle_timeout_seconds": 2}, "idle_timeout_seconds"),
        ({"payroll": {"rounding_minutes": 7}}, "payroll.rounding_minutes"),
        ({"payroll": {"week_start": "someday"}}, "payroll.week_start"),
        ({"colour": "red"}, "colour: unknown key"),
        ({"sync": {"targets": [{"name": "hq"}]}}, "give exactly one of path"),
        (
            {"sync": {"targets": [{"name": "hq", "url": "postgresql://u:secret@h/db"}]}},
            "must not contain a password",
        ),
    ],
)
def test_bad_values_name_the_key(data: dict[str, object], expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(data, "config.toml")
    assert expected in str(err.value)
    assert "secret" not in str(err.value)


def test_broken_toml_is_named(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("store_id = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path)


def test_data_dir_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_data_dir(str(tmp_path / "x")) == tmp_path / "x"
    monkeypatch.setenv("SHIFTCHECK_HOME", str(tmp_path / "home"))
    assert resolve_data_dir(None) == tmp_path / "home"
    monkeypatch.delenv("SHIFTCHECK_HOME")
    assert "shiftcheck" in str(resolve_data_dir(None))


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    zh, en = catalog("zh-CN"), catalog("en")
    plural = plural_keys(en)
    assert plural == plural_keys(zh)
    assert set(zh) == set(en) - {f"{key}.one" for key in plural}
    for key in zh:
        assert placeholders(zh[key]) == placeholders(en[key]), key
        assert zh[key].strip() and en[key].strip(), key
    for key in plural:  # a `one` form may leave the number out, but adds nothing
        assert placeholders(en[f"{key}.one"]) <= placeholders(en[f"{key}.other"]), key


def test_translation_falls_back_and_fills() -> None:
    assert t("shifts.pin.wrong", "zh-CN", left=2, lock="5 分钟").startswith("PIN 错误")
    assert t("shifts.pin.wrong", "en", left=2, lock="5 min") == (
        "Wrong PIN. 2 tries left before a 5 min lock."
    )
    assert t("no.such.key", "en") == "no.such.key"
