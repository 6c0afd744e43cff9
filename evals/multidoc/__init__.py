"""The multi-document suite: the seed corpus plus fictional fixtures that disagree with each other.

``docs/`` holds seven short, clearly fictional notices (two yearly editions of one program and a correction
notice, a similar program with other figures, a trade-fair program, an export-regulation page about an invented
country, a FAQ) in UTF-8 TXT, CP949 TXT, HTML, Markdown, DOCX and HWPX; ``build_fixtures.py`` regenerates the
binary ones from ``src/``. The questions are ``evals/multidoc_tune.jsonl`` (to learn from) and
``evals/multidoc_holdout.jsonl`` (reporting only: never tune code or questions on it).

    policybot eval --suite multidoc [--split tune|holdout|all]

The index (``<cache>/multidoc``) holds ``corpora/`` + ``docs/``. It is built once and then reused: every
document is keyed by its content hash, so a later run re-embeds only what changed and removes what is gone.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.service import PolicyBot
from evals.corpus import MULTIDOC_CORPUS, SEED_CORPUS, build_index, corpus_fingerprint
from evals.dataset import MULTIDOC_SPLITS
from evals.runner import format_summary, run_eval

SPLITS = (*MULTIDOC_SPLITS, "all")
INDEX_NAME = "multidoc"


def split_names(split: str) -> list[str]:
    """``tune`` / ``holdout`` / ``all`` → the splits to run (``report`` is accepted for ``holdout``)."""
    split = "holdout" if split == "report" else split
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    return list(MULTIDOC_SPLITS) if split == "all" else [split]


def build_multidoc_index(settings_base_dir: Path, settings: Settings | None = None) -> tuple[PolicyBot, dict[str, Any]]:
    """The cached index of the seed corpus and the fixtures (``settings_base_dir/multidoc``; when it does not
    exist yet it starts as a copy of the seed-only index ``settings_base_dir/seed`` if there is one)."""
    base = Path(settings_base_dir)
    paths = [SEED_CORPUS, MULTIDOC_CORPUS]
    t0 = time.perf_counter()
    bot, info = build_index(base / INDEX_NAME, docs=[], extra_paths=paths, settings=settings,
                            seed_from=base / "seed", prune=True)
    info["build_seconds"] = round(time.perf_counter() - t0, 1)
    info["corpus_sha256"] = corpus_fingerprint(paths)
    if info["failed"]:
        print(f"multidoc index: {len(info['failed'])} document(s) failed to ingest: {info['failed']}",
              file=sys.stderr)
    return bot, info


def run_multidoc(
    settings_base_dir: Path,
    *,
    split: str = "all",
    out_dir: Path,
    with_answers: bool = True,
    retrieval_mode: str = "hybrid",
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Run the split(s) on the multi-document index; one JSON + Markdown report per split."""
    names = split_names(split)
    bot, info = build_multidoc_index(settings_base_dir, settings)
    runs = {
        name: run_eval(bot, MULTIDOC_SPLITS[name], label=f"multidoc-{name}", out_dir=out_dir,
                       retrieval_mode=retrieval_mode, with_answers=with_answers)
        for name in names
    }
    return {"index": info, "runs": runs}


def format_multidoc_summary(result: dict[str, Any]) -> str:
    info = result["index"]
    head = (f"multidoc index: {info['documents']} documents, {info['chunks']} chunks ({info['data_dir']}; "
            f"ingest {info['ingest_status']}, {info['build_seconds']} s; corpus sha256 {info['corpus_sha256'][:12]})")
    return "\n".join([head, *(format_summary(s) for s in result["runs"].values())])
