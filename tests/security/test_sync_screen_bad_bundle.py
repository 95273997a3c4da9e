"""The kiosk's Sync screen with a bundle holding a lone surrogate: it finishes, names the
bundle and shows the error in the targets' status (it used to stay at "receiving 0/1")."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from shiftcheck.config import SyncTarget
from shiftcheck.domain.checklist import START_OF_SHIFT
from tests.security.conftest import TZ, line_of, plant_bundle, real_record, store_key
from tests.sync.test_sync_screen import Host, SyncScreen, terminal, text_of, wait_for_results


async def test_sync_screen_names_the_bad_bundle_and_finishes(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    s, boss = terminal(tmp_path / "T1", [SyncTarget(name="share", path=str(share))])
    try:
        record = real_record(
            s, START_OF_SHIFT, "E002", datetime(2026, 11, 27, 9, 0, tzinfo=TZ), "T9"
        ).to_json()
        record["answers"][0]["note"] = "X"  # type: ignore[index]
        bad = line_of(record).replace(b'"note":"X"', b'"note":"\\ud800"')
        plant_bundle(share, "T9", [bad], key=store_key("S001").encode())
        app = Host(s, boss)
        async with app.run_test(size=(110, 28)) as pilot:
            await wait_for_results(pilot)
            screen = app.screen
            assert isinstance(screen, SyncScreen) and screen.results is not None
            results = text_of(app, "#results")
            assert "b000000000001-000000000001.jsonl" in results and "surrogate" in results
            assert "share: sent 2" in results
            assert "receiving" not in text_of(app, "#phase")
            assert "surrogate" in text_of(app, "#targets")
    finally:
        s.close()
