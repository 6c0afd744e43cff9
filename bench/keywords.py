"""The keyword index against the bm25s index it replaced, on the same queries: R@1/R@5 of keyword-only and of
hybrid retrieval on the seed set, the shared dev set and KorQuAD 1.0 dev (300 sampled questions, every paragraph
indexed), and the keyword search's own latency.

    python -m bench.keywords [--json out.json]

bm25s is built here, in memory, from the very tokens the FTS5 index holds (each chunk's ``kw``), with the
settings the project used before (bm25s defaults: Lucene BM25, k1 1.5, b 0.75)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import get_settings
from bot.service import PolicyBot
from evals.__main__ import DEFAULT_CACHE, DEV_QA
from evals.corpus import KORQUAD_DEV, build_index, korquad_docs, load_korquad
from evals.dataset import SEED_QA, load_dataset
from evals.metrics import hit_rank
from evals.runner import retrieval_query
from ingestion.index.records import PAGE, keyword_tokens_of


class Bm25sKeywords:
    """The earlier keyword engine, with the search interface of ``ingestion.index.keywords.KeywordIndex``."""

    def __init__(self, collection: Any) -> None:
        import bm25s

        ids: list[str] = []
        tokens: list[list[str]] = []
        offset = 0
        while True:
            got = collection.get(include=["metadatas"], limit=PAGE, offset=offset)
            ids.extend(got["ids"])
            tokens.extend(keyword_tokens_of(m) for m in got["metadatas"] or [])
            if len(got["ids"]) < PAGE:
                break
            offset += PAGE
        self.ids = ids
        self.retriever = bm25s.BM25()
        self.retriever.index(tokens, show_progress=False)

    def count(self) -> int:
        return len(self.ids)

    def search(self, tokens: Sequence[str], k: int, doc_ids: Collection[str] | None = None
               ) -> list[tuple[str, float]]:
        known = [t for t in tokens if t in self.retriever.vocab_dict]
        if not known:
            return []
        scores = self.retriever.get_scores(known)
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _qa_ranks(bot: PolicyBot, dataset: Path, mode: str) -> list[int | None]:
    return [hit_rank([p.chunk.text for p in bot.retrieve(retrieval_query(item), 5, mode=mode).passages],
                     item.facts[0])
            for item in load_dataset(dataset) if item.answerable and item.facts]


def _korquad_ranks(bot: PolicyBot, questions: list[Any], mode: str) -> list[int | None]:
    ranks = []
    for q in questions:
        docs = [p.chunk.doc_id for p in bot.retrieve(q.question, 5, mode=mode).passages]
        ranks.append(next((i for i, d in enumerate(docs, 1) if d == q.doc_id), None))
    return ranks


def _recall(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {"r@1": round(sum(1 for r in ranks if r == 1) / n, 3),
            "r@5": round(sum(1 for r in ranks if r is not None and r <= 5) / n, 3)}


def _search_ms(bot: PolicyBot, queries: list[str]) -> dict[str, float]:
    from ingestion.korean import keyword_tokens

    tokens = [keyword_tokens(q) for q in queries]
    times = []
    for toks in tokens:
        t0 = time.perf_counter()
        bot.store.keywords.search(toks, 30)
        times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": round(float(np.percentile(times, 50)), 2), "p95_ms": round(float(np.percentile(times, 95)), 2)}


def compare(korquad_questions: int = 300, log: Any = print) -> list[dict[str, Any]]:
    """One row per (set, engine): R@1/R@5 keyword-only and hybrid, and keyword search latency."""
    sets: list[tuple[str, PolicyBot, Any]] = []
    seed_bot = PolicyBot(get_settings())
    sets.append(("seed", seed_bot, lambda bot, mode: _qa_ranks(bot, SEED_QA, mode)))
    if DEV_QA.exists():
        sets.append(("dev", seed_bot, lambda bot, mode: _qa_ranks(bot, DEV_QA, mode)))
    if KORQUAD_DEV.exists():
        paragraphs, questions = load_korquad(KORQUAD_DEV)
        kq_bot, _ = build_index(DEFAULT_CACHE / "korquad", docs=korquad_docs(paragraphs), prune=True)
        picked = sorted(random.Random(0).sample(range(len(questions)), min(korquad_questions, len(questions))))
        kq = [questions[i] for i in picked]
        sets.append(("korquad", kq_bot, lambda bot, mode: _korquad_ranks(bot, kq, mode)))
    rows = []
    for name, bot, ranks_of in sets:
        bot.warm_up()
        fts5 = bot.store.keywords
        engines: dict[str, Any] = {"fts5 (now)": fts5, "bm25s (before)": Bm25sKeywords(bot.store.collection)}
        queries = ([retrieval_query(i) for i in load_dataset(SEED_QA if name == "seed" else DEV_QA)]
                   if name != "korquad" else [q.question for q in kq])
        for engine, index in engines.items():
            bot.store.keywords = index  # type: ignore[assignment]
            row = {"set": name, "engine": engine, "chunks": index.count(),
                   "keyword": _recall(ranks_of(bot, "keyword")), "hybrid": _recall(ranks_of(bot, "hybrid")),
                   "search": _search_ms(bot, queries)}
            log(f"  {row}")
            rows.append(row)
        bot.store.keywords = fts5
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| set | engine | chunks | keyword R@1 | keyword R@5 | hybrid R@1 | hybrid R@5 | search p50 ms | "
             "search p95 ms |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['set']} | {r['engine']} | {r['chunks']:,} | {r['keyword']['r@1']} | {r['keyword']['r@5']} "
                     f"| {r['hybrid']['r@1']} | {r['hybrid']['r@5']} | {r['search']['p50_ms']} | "
                     f"{r['search']['p95_ms']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.keywords", description=__doc__.split("\n\n")[0])
    parser.add_argument("--korquad-questions", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = compare(args.korquad_questions, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(format_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
