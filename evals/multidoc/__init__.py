"""The multi-document suites: the seed corpus plus a folder of fictional fixtures that disagree with each other.

Two suites share the code here, each a :class:`MultidocSuite` (its fixture folder, index name and question files):

- ``multidoc`` (:data:`MULTIDOC`): ``docs/`` holds seven short, clearly fictional notices (two yearly editions of
  one program and a correction notice, a similar program with other figures, a trade-fair program, an
  export-regulation page about an invented country, a FAQ) in UTF-8 TXT, CP949 TXT, HTML, Markdown, DOCX and HWPX;
  ``build_fixtures.py`` regenerates the binary ones from ``src/``. The questions are
  ``evals/multidoc_tune.jsonl`` (to learn from) and ``evals/multidoc_holdout.jsonl`` (reporting only: never tune
  code or questions on it).
- ``notices`` (``evals.notices.NOTICES``): other programs and questions written independently of the first suite
  and of the answering code, ``evals/notices_tune.jsonl`` and ``evals/notices_unseen.jsonl``; see evals/notices/.

    policybot eval --suite multidoc [--split tune|holdout|all]
    policybot eval --suite notices [--split tune|unseen|all]

``--split report`` stands for the suite's reporting split (holdout, unseen). A suite's index
(``<cache>/<suite name>``) holds ``corpora/`` + the suite's ``docs/``. It is built once and then reused: every
document is keyed by its content hash, so a later run re-embeds only what changed and removes what is gone.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.service import PolicyBot
from evals.corpus import MULTIDOC_CORPUS, SEED_CORPUS, build_index, corpus_fingerprint
from evals.dataset import MULTIDOC_SPLITS
from evals.runner import format_summary, run_eval


@dataclass(frozen=True)
class MultidocSuite:
    """A multi-document suite: ``name`` is its ``--suite`` value, its index folder under the cache and the prefix
    of its report labels; ``fixtures`` is indexed with the seed corpus; ``splits`` maps split names to question
    files; ``report_split`` is the split ``--split report`` stands for (the one never tuned on)."""

    name: str
    fixtures: Path
    splits: Mapping[str, Path]
    report_split: str

    @property
    def split_choices(self) -> tuple[str, ...]:
        return (*self.splits, "all")


MULTIDOC = MultidocSuite("multidoc", MULTIDOC_CORPUS, MULTIDOC_SPLITS, report_split="holdout")
SPLITS = MULTIDOC.split_choices
INDEX_NAME = MULTIDOC.name


def split_names(split: str, suite: MultidocSuite = MULTIDOC) -> list[str]:
    """``tune`` / the reporting split / ``all`` → the splits to run (``report`` is accepted for the reporting
    split: ``holdout`` for multidoc, ``unseen`` for notices)."""
    split = suite.report_split if split == "report" else split
    if split not in suite.split_choices:
        raise ValueError(f"--suite {suite.name}: split must be one of {', '.join(suite.split_choices)}, "
                         f"not {split!r}")
    return list(suite.splits) if split == "all" else [split]


def build_multidoc_index(settings_base_dir: Path, settings: Settings | None = None,
                         suite: MultidocSuite = MULTIDOC) -> tuple[PolicyBot, dict[str, Any]]:
    """The cached index of the seed corpus and the suite's fixtures (``settings_base_dir/<suite name>``; when it
    does not exist yet it starts as a copy of the seed-only index ``settings_base_dir/seed`` if there is one)."""
    base = Path(settings_base_dir)
    paths = [SEED_CORPUS, suite.fixtures]
    t0 = time.perf_counter()
    bot, info = build_index(base / suite.name, docs=[], extra_paths=paths, settings=settings,
                            seed_from=base / "seed", prune=True)
    info["build_seconds"] = round(time.perf_counter() - t0, 1)
    info["corpus_sha256"] = corpus_fingerprint(paths)
    if info["failed"]:
        print(f"{suite.name} index: {len(info['failed'])} document(s) failed to ingest: {info['failed']}",
              file=sys.stderr)
    return bot, info


def run_multidoc(
    settings_base_dir: Path,
    *,
    suite: MultidocSuite = MULTIDOC,
    split: str = "all",
    out_dir: Path,
    with_answers: bool = True,
    retrieval_mode: str = "hybrid",
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Run the suite's split(s) on its multi-document index; one JSON + Markdown report per split."""
    names = split_names(split, suite)
    bot, info = build_multidoc_index(settings_base_dir, settings, suite)
    runs = {
        name: run_eval(bot, suite.splits[name], label=f"{suite.name}-{name}", out_dir=out_dir,
                       retrieval_mode=retrieval_mode, with_answers=with_answers)
        for name in names
    }
    return {"suite": suite.name, "index": info, "runs": runs}


def format_multidoc_summary(result: dict[str, Any]) -> str:
    info = result["index"]
    head = (f"{result.get('suite', MULTIDOC.name)} index: {info['documents']} documents, {info['chunks']} chunks "
            f"({info['data_dir']}; ingest {info['ingest_status']}, {info['build_seconds']} s; "
            f"corpus sha256 {info['corpus_sha256'][:12]})")
    return "\n".join([head, *(format_summary(s) for s in result["runs"].values())])
