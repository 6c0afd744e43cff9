"""Scheduled source sync for ``policybot serve`` (off by default; ``POLICYBOT_SOURCES_SYNC_MINUTES`` or
``policybot serve --sync-every MINUTES``). A daemon thread runs ``ingestion.sources.sync_sources`` on the serving
bot's store every interval: fetching is I/O, loading/chunking/embedding runs in the bot's low-priority worker
process, and only the short index writes happen here, so answers never wait for a sync. A sync that finds another
running (a CLI sync, an upload's ingestion) skips its turn."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.service import PolicyBot
    from ingestion.sources import SyncReport

log = logging.getLogger("bot.scheduler")
FIRST_DELAY_S = 30.0


class SourceScheduler:
    def __init__(self, bot: PolicyBot, minutes: float, sources_file: Path | None = None) -> None:
        self.bot = bot
        self.interval_s = max(minutes, 0.1) * 60.0
        self.sources_file = Path(sources_file or bot.settings.sources_file)
        self.last_reports: list[SyncReport] = []
        self.last_error: str | None = None
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="policybot-source-sync", daemon=True)

    def start(self) -> SourceScheduler:
        if not log.handlers and not logging.getLogger().handlers:  # under uvicorn: say it in the server's log style
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
            log.addHandler(handler)
            log.setLevel(logging.INFO)
        log.info("syncing the sources of %s every %.1f minute(s)", self.sources_file, self.interval_s / 60)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        delay = min(FIRST_DELAY_S, self.interval_s)
        while not self._stop.wait(delay):
            self.run_once()
            delay = self.interval_s

    def run_once(self) -> list[SyncReport]:
        """One sync of every configured source; never raises (the error is logged and kept)."""
        from ingestion.sources import SyncLockedError, load_sources, sync_sources

        self.runs += 1
        try:
            sources = load_sources(self.sources_file)
            if not sources:
                return []
            self.last_reports = sync_sources(
                self.bot.store, self.bot.settings, sources, base=self.sources_file.parent, today=self.bot.today(),
                builder=self.bot.ingest_worker(), lock_wait_s=30)
            self.last_error = None
            for report in self.last_reports:
                counts = ", ".join(f"{n} {k}" for k, n in report.counts().items() if n)
                log.info("source %s synced in %.1f s: %s", report.source, report.seconds, counts or "nothing")
                for failed in report.failed:
                    log.warning("source %s, item %s failed: %s", report.source, failed.item_id, failed.detail)
        except SyncLockedError as exc:
            self.last_error = str(exc)
            log.info("scheduled sync skipped: %s", exc)
        except Exception as exc:  # a broken sources.toml or an unexpected error must not stop the server
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("scheduled sync failed")
        return self.last_reports


def start_scheduled_sync(bot: PolicyBot) -> SourceScheduler | None:
    """The scheduler when ``sources_sync_minutes`` is set (> 0), started; else None."""
    minutes = float(getattr(bot.settings, "sources_sync_minutes", 0) or 0)
    return SourceScheduler(bot, minutes).start() if minutes > 0 else None
