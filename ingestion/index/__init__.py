"""The index: Chroma store, embeddings, BM25, the write journal and recovery. ``Store`` is the facade."""

from ingestion.index.records import DocFilter, DocumentInfo, StoredChunk
from ingestion.index.recovery import RecoveryReport
from ingestion.index.store import Store

__all__ = ["DocFilter", "DocumentInfo", "RecoveryReport", "Store", "StoredChunk"]
