"""`policybot serve` syncs the sources on a schedule when configured (off by default), in the serving process,
while it keeps answering."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from sources_fake import FakeSources, kstartup_page, kstartup_row

from bot.config import Settings
from bot.scheduler import SourceScheduler, start_scheduled_sync
from bot.service import PolicyBot
from bot.web import create_app
from ingestion.sources import SourceConfig, save_sources


def test_scheduled_sync_is_off_by_default(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).sources_sync_minutes == 0
    assert start_scheduled_sync(PolicyBot(Settings(data_dir=tmp_path / "data"))) is None


def test_serve_syncs_on_a_schedule_and_keeps_answering(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KSTARTUP_API_KEY", "test-key")
    monkeypatch.setattr("bot.scheduler.FIRST_DELAY_S", 0.2)
    fake = FakeSources().start()
    try:
        row = kstartup_row(801, "2026년 예약 동기화 시험 모집", "20260201", "20260228")
        fake.set("/kstartup", kstartup_page([row]))
        sources_file = tmp_path / "sources.toml"
        save_sources(sources_file, [SourceConfig(name="ks", type="kstartup", url=f"{fake.url}/kstartup",
                                                 rate_per_second=100.0)])
        settings = Settings(data_dir=tmp_path / "data", sources_file=sources_file, sources_sync_minutes=0.05,
                            answer_cache_size=0)
        bot = PolicyBot(settings)
        with TestClient(create_app(settings, bot=bot, warm_up=False, with_slack=False)) as client:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and not bot.store.documents():
                assert client.get("/healthz").status_code == 200  # the server answers while it syncs
                time.sleep(0.5)
            titles = [d.meta["title"] for d in bot.store.documents()]
            assert titles == ["2026년 예약 동기화 시험 모집"], titles
            answer = client.post("/api/ask", json={"question": "예약 동기화 시험 모집의 지원 대상은?"})
            assert answer.status_code == 200 and answer.json()["citations"], answer.text
        scheduler = SourceScheduler(bot, 1, sources_file)
        reports = scheduler.run_once()  # a second run: nothing changed
        assert [r.status for r in reports[0].results] == ["unchanged"] and scheduler.last_error is None
        bot.ingest_worker().close()
    finally:
        fake.stop()
