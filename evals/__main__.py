"""``python -m evals``: the same runs ``policybot eval`` offers, for use before the CLI is wired.

    python -m evals [--dataset FILE] [--mode hybrid|dense|keyword] [--no-answers] [--data-dir DIR]
    python -m evals --distractors N [--dataset FILE]
    python -m evals --korquad [--max-questions N]
    python -m evals --suite seed|dev|multidoc|notices|probes|probes2|fresh|fresh2|fresh3|fresh4|fresh5|fresh6|fresh7
                    [--split tune|holdout|unseen|all]
    python -m evals --korquad-answerability [--split tune|report|all] [--indexed-articles 100] [--max-questions 150]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench.korquad import format_korquad_summary, run_korquad
from bot.config import PROJECT_ROOT, get_settings
from bot.service import PolicyBot
from evals.answerability import (
    DEFAULT_INDEXED_ARTICLES,
    DEFAULT_PER_KIND,
    SPLITS,
    format_answerability_summary,
    run_answerability,
)
from evals.corpus import KORQUAD_DEV, SHARED_DIR
from evals.dataset import SEED_QA
from evals.distractors import format_distractor_summary, run_distractor_eval
from evals.fresh import FRESH
from evals.fresh2 import FRESH2
from evals.fresh3 import FRESH3
from evals.fresh4 import FRESH4
from evals.fresh5 import FRESH5
from evals.fresh6 import FRESH6
from evals.fresh7 import FRESH7
from evals.multidoc import MULTIDOC, MultidocSuite, format_multidoc_summary, run_multidoc, split_names
from evals.notices import NOTICES
from evals.probes import PROBES
from evals.probes2 import PROBES2
from evals.runner import format_summary, run_eval

DEFAULT_OUT = PROJECT_ROOT / "eval-results"
DEFAULT_CACHE = PROJECT_ROOT / "data" / "eval-cache"
DEV_QA = SHARED_DIR / "evals" / "dev_qa.jsonl"
MULTIDOC_SUITES: dict[str, MultidocSuite] = {
    s.name: s for s in (MULTIDOC, NOTICES, PROBES, PROBES2, FRESH, FRESH2, FRESH3, FRESH4, FRESH5, FRESH6, FRESH7)
}
SUITES = ("seed", "dev", *MULTIDOC_SUITES)


def apply_answer_overrides(pairs: list[str]) -> None:
    """``name=value`` pairs become ``POLICYBOT_ANSWER_<NAME>`` for every bot built after this; unknown names fail."""
    from bot.answering.config import AnswerConfig

    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in AnswerConfig.model_fields:
            names = ", ".join(sorted(AnswerConfig.model_fields))
            raise SystemExit(f"--set {pair!r}: expected NAME=VALUE with NAME one of {names}")
        os.environ[f"POLICYBOT_ANSWER_{name.upper()}"] = value
    AnswerConfig()  # a value of the wrong type fails here, before any index is built


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", type=Path, default=SEED_QA)
    ap.add_argument("--mode", default="hybrid", choices=["hybrid", "dense", "keyword"])
    ap.add_argument("--no-answers", action="store_true", help="retrieval metrics only")
    ap.add_argument("--data-dir", type=Path, help="index to evaluate (default: the configured data dir)")
    ap.add_argument("--label", default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where benchmark indexes are cached")
    ap.add_argument("--distractors", type=int, default=None, metavar="N",
                    help="add N generated chunks + KorQuAD")
    ap.add_argument("--korquad", action="store_true")
    ap.add_argument("--korquad-path", type=Path, default=KORQUAD_DEV)
    ap.add_argument("--max-questions", type=int, default=None,
                    help=f"questions to sample (--korquad: 300; --korquad-answerability: {DEFAULT_PER_KIND} "
                         "answerable + as many unanswerable); 0 asks all")
    ap.add_argument("--korquad-paragraphs", type=int, default=None, help="only the first N KorQuAD paragraphs")
    ap.add_argument("--suite", choices=SUITES, default=None,
                    help="seed: evals/seed_qa.jsonl; dev: the shared dev set; multidoc, notices, probes, probes2, "
                         "fresh, fresh2 … fresh7: the multi-document sets on the seed corpus + "
                         "evals/<suite>/docs (index cached under --cache)")
    ap.add_argument("--korquad-answerability", action="store_true",
                    help="KorQuAD answerability: articles 0..N-1 indexed, questions about the rest must abstain")
    multidoc_splits = {name for s in MULTIDOC_SUITES.values() for name in s.split_choices}
    ap.add_argument("--split", default="all", choices=sorted({*SPLITS, *multidoc_splits}),
                    help="answerability half (tune, report, all), --suite multidoc split (tune, holdout, all) or "
                         "--suite notices / fresh … fresh7 split (tune, unseen, "
                         "all); report: the split never tuned on")
    ap.add_argument("--indexed-articles", type=int, default=DEFAULT_INDEXED_ARTICLES)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override an answering threshold (bot/answering/config.py AnswerConfig), e.g. "
                         "--set min_similarity_ko=0.78; repeatable")
    args = ap.parse_args(argv)
    apply_answer_overrides(args.set)
    with_answers = not args.no_answers
    if args.korquad_answerability:
        per_kind = DEFAULT_PER_KIND if args.max_questions is None else args.max_questions
        summary = run_answerability(args.cache, args.korquad_path, out_dir=args.out, split=args.split,
                                    indexed_articles=args.indexed_articles, max_questions=per_kind or None)
        print(format_answerability_summary(summary))
        return 0
    if args.korquad:
        max_questions = 300 if args.max_questions is None else args.max_questions
        summary = run_korquad(args.cache, args.korquad_path, max_questions=max_questions or None,
                              out_dir=args.out, with_answers=with_answers, max_paragraphs=args.korquad_paragraphs)
        print(format_korquad_summary(summary))
        return 0
    if args.distractors is not None:
        summary = run_distractor_eval(args.cache, args.dataset, korquad_path=args.korquad_path,
                                      n_generated=args.distractors, out_dir=args.out,
                                      with_answers=with_answers, retrieval_mode=args.mode,
                                      korquad_paragraphs=args.korquad_paragraphs)
        print(format_distractor_summary(summary))
        return 0
    if args.suite in MULTIDOC_SUITES:
        suite = MULTIDOC_SUITES[args.suite]
        try:
            split_names(args.split, suite)
        except ValueError as exc:  # a split the suite does not have (e.g. --suite notices --split holdout)
            ap.error(str(exc))
        result = run_multidoc(args.cache, suite=suite, split=args.split, out_dir=args.out,
                              with_answers=with_answers, retrieval_mode=args.mode)
        print(format_multidoc_summary(result))
        return 0
    if args.suite is not None:
        args.dataset = SEED_QA if args.suite == "seed" else DEV_QA
    settings = get_settings()
    if args.data_dir:
        settings = settings.model_copy(update={"data_dir": args.data_dir})
    label = args.label or f"{args.dataset.stem}-{args.mode}{'-retrieval' if not with_answers else ''}"
    summary = run_eval(PolicyBot(settings), args.dataset, label=label, out_dir=args.out,
                       retrieval_mode=args.mode, with_answers=with_answers)
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
