"""Repairing what a killed writer left: incomplete versions and orphan sentence records are deleted, of two
complete versions of a document the newest is kept, and the keyword index is made to hold exactly the chunks
Chroma kept. ``Store.recover`` runs this when ingestion starts, under
the ingest lock; ``policybot recover --check`` runs it as a dry run (a consistency check)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ingestion.index.keywords import entries_from_records
from ingestion.index.records import PAGE, keyword_tokens_of, version_key, version_order, where_doc

if TYPE_CHECKING:
    from chromadb.api.types import Where

    from ingestion.index.journal import Journal
    from ingestion.index.keywords import KeywordIndex
    from ingestion.index.versions import Generation, Versions

log = logging.getLogger(__name__)


@dataclass
class RecoveryReport:
    """What ``recover`` repaired (or, in a dry run, would repair)."""

    documents_checked: int = 0
    chunks_deleted: int = 0
    sentences_deleted: int = 0
    versions_deleted: list[str] = field(default_factory=list)  # "doc_id@hash12 (reason)"
    keywords_added: int = 0  # chunks Chroma holds that the keyword index lacked
    keywords_removed: int = 0  # keyword rows of chunks Chroma does not hold
    full: bool = False
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def repaired(self) -> bool:
        return bool(self.chunks_deleted or self.sentences_deleted or self.keywords_added or self.keywords_removed)


def _pages(collection: Any, where: Where | None, include: list[str]) -> Iterator[dict[str, Any]]:
    """Every record matching ``where``, as ``collection.get`` pages of at most ``PAGE``."""
    offset = 0
    while True:
        got = collection.get(where=where, include=include, limit=PAGE, offset=offset)
        yield got
        if len(got["ids"]) < PAGE:
            return
        offset += PAGE


def scan(collection: Any, where: Where | None) -> tuple[list[str], list[Any]]:
    """Ids and metadata of every record matching ``where``, page by page."""
    ids: list[str] = []
    metas: list[Any] = []
    for got in _pages(collection, where, ["metadatas"]):
        ids.extend(got["ids"])
        metas.extend(got["metadatas"] or [])
    return ids, metas


def scan_ids(collection: Any, where: Where | None) -> list[str]:
    """Ids of every record matching ``where``, page by page."""
    return [i for got in _pages(collection, where, []) for i in got["ids"]]


def reconcile_keywords(chunks: Any, keywords: KeywordIndex, doc_id: str | None = None,
                       dry_run: bool = False) -> tuple[int, int]:
    """Make the keyword index hold exactly the chunks Chroma holds (of ``doc_id``, or of every document): rows of
    missing chunks are removed, chunks it lacks are added from their ``kw`` metadata. Touches only what differs;
    returns (added, removed)."""
    held = keywords.ids_of(doc_id) if doc_id is not None else keywords.chunk_ids()
    present = set(scan_ids(chunks, where_doc(doc_id)))
    missing = sorted(present - held)
    extra = held - present
    if not dry_run:
        keywords.remove_chunks(extra)
        for i in range(0, len(missing), PAGE):
            got = chunks.get(ids=missing[i : i + PAGE], include=["metadatas"])
            keywords.add(entries_from_records(got["ids"], got["metadatas"] or [], keyword_tokens_of))
    return len(missing), len(extra)


def recover(chunks: Any, sentences: Any, keywords: KeywordIndex, journal: Journal, versions: Versions,
            generation: Generation, full: bool = False, dry_run: bool = False) -> RecoveryReport:
    """Repair the documents the journal lists as unfinished (every document with ``full``). Per document: a
    version is complete when it has ``chunk_count`` chunks; incomplete versions are deleted, of several complete
    versions the newest (``ingested_at``) is kept, and sentence records of any other version, or whose chunk is
    missing, are deleted; then the keyword index is reconciled with the chunks kept. Must not run while another
    process writes the same documents."""
    started = time.perf_counter()
    report = RecoveryReport(full=full, dry_run=dry_run)
    for doc_id in [None] if full else journal.unfinished():
        where = where_doc(doc_id)
        chunk_ids, chunk_metas = scan(chunks, where)
        sent_ids, sent_metas = scan(sentences, where)
        _repair(chunks, sentences, chunk_ids, chunk_metas, sent_ids, sent_metas, report, dry_run)
        # In a dry run the chunk repair above was not made, so this compares with Chroma as it is.
        added, removed = reconcile_keywords(chunks, keywords, doc_id, dry_run)
        report.keywords_added += added
        report.keywords_removed += removed
    if dry_run:
        report.seconds = time.perf_counter() - started
        return report
    if report.repaired:
        versions.forget()
        generation.bump()
        log.warning("recovered the index: %s", ", ".join(report.versions_deleted) or "orphan sentences or keywords")
    journal.clear()
    report.seconds = time.perf_counter() - started
    return report


def _repair(chunks: Any, sentences: Any, chunk_ids: list[str], chunk_metas: list[Any], sent_ids: list[str],
            sent_metas: list[Any], report: RecoveryReport, dry_run: bool = False) -> None:
    records: dict[tuple[str, str], list[str]] = {}
    expected: dict[tuple[str, str], int | None] = {}
    order: dict[tuple[str, str], tuple[str, int]] = {}
    for cid, meta in zip(chunk_ids, chunk_metas, strict=True):
        meta = meta or {}
        key = version_key(meta)
        records.setdefault(key, []).append(cid)
        count = meta.get("chunk_count")
        expected[key] = None if count is None else int(count)
        order[key] = max(order.get(key, ("", 0)), version_order(meta))
    docs: dict[str, list[tuple[str, str]]] = {}
    for key in records:
        docs.setdefault(key[0], []).append(key)
    doc_ids = set(docs) | {version_key(m)[0] for m in sent_metas}
    report.documents_checked += len(doc_ids)
    kept_chunks: set[str] = set()
    kept_versions: set[tuple[str, str]] = set()
    doomed: list[str] = []
    for doc_id, keys in docs.items():
        complete = [k for k in keys if expected[k] is None or len(records[k]) == expected[k]]
        keep = max(complete, key=lambda k: order[k]) if complete else None
        for key in keys:
            if key == keep:
                kept_versions.add(key)
                kept_chunks.update(records[key])
                continue
            reason = "superseded" if key in complete else f"incomplete {len(records[key])}/{expected[key]}"
            report.versions_deleted.append(f"{doc_id}@{key[1][:12]} ({reason})")
            doomed.extend(records[key])
    for i in range(0, 0 if dry_run else len(doomed), PAGE):
        chunks.delete(ids=doomed[i : i + PAGE])
    report.chunks_deleted += len(doomed)
    orphans = [sid for sid, meta in zip(sent_ids, sent_metas, strict=True)
               if version_key(meta) not in kept_versions or str((meta or {}).get("chunk_id", "")) not in kept_chunks]
    for i in range(0, 0 if dry_run else len(orphans), PAGE):
        sentences.delete(ids=orphans[i : i + PAGE])
    report.sentences_deleted += len(orphans)
