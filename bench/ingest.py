"""`policybot bench ingest`: ingestion speed on the seed corpus and on a generated corpus, each into a fresh
temporary index, measured the same way every time."""

from __future__ import annotations

import platform
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, get_settings
from bot.service import PolicyBot


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ingest(label: str, folder: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="policybot-bench-") as data:
        bot = PolicyBot(get_settings().model_copy(update={"data_dir": Path(data)}))
        started = time.perf_counter()
        report = bot.ingest([folder])
        seconds = time.perf_counter() - started
    return {"corpus": label, "documents": len(report.results), "chunks": report.chunks, "seconds": seconds,
            "chunks_per_s": report.chunks / seconds if seconds else 0.0, "peak_rss_mb": _peak_rss_mb(),
            "machine": f"{platform.machine()} {platform.system()}"}


def ingest_benchmark(generated_chunks: int = 2000) -> list[dict[str, Any]]:
    """Ingest the seed corpus, then a generated Korean corpus of about ``generated_chunks`` chunks, each into a
    fresh temporary index."""
    from evals.corpus import generated_docs, write_folder

    rows = [_ingest("seed (corpora/)", PROJECT_ROOT / "corpora")]
    with tempfile.TemporaryDirectory(prefix="policybot-gen-") as folder:
        write_folder(Path(folder), generated_docs(generated_chunks))
        rows.append(_ingest(f"generated (~{generated_chunks} chunks)", Path(folder)))
    return rows
