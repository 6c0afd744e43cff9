"""Sources of notices and their sync: folders, RSS/Atom feeds, listing pages, the 기업마당 (bizinfo) and K-Startup
APIs. ``config`` reads and writes ``sources.toml``, ``connectors`` list what a source holds, ``http`` fetches
politely, ``items`` turns an item into documents on disk, ``state`` remembers the last sync, ``sync`` runs it."""

from ingestion.sources.config import SourceConfig, SourceConfigError, load_sources, save_sources
from ingestion.sources.sync import ItemResult, SyncLockedError, SyncReport, remove_source_data, sync_sources

__all__ = ["ItemResult", "SourceConfig", "SourceConfigError", "SyncLockedError", "SyncReport", "load_sources",
           "remove_source_data", "save_sources", "sync_sources"]
