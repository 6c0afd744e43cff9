"""``python -m evals``: the same runs ``policybot eval`` offers, for use before the CLI is wired.

    python -m evals [--dataset FILE] [--mode hybrid|dense|keyword] [--no-answers] [--data-dir DIR]
    python -m evals --distractors N [--dataset FILE]
    python -m evals --korquad [--max-questions N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import PROJECT_ROOT, get_settings
from bot.service import PolicyBot
from evals.benchmarks import (
    format_distractor_summary,
    format_korquad_summary,
    run_distractor_eval,
    run_korquad,
)
from evals.corpus import KORQUAD_DEV
from evals.dataset import SEED_QA
from evals.runner import format_summary, run_eval

DEFAULT_OUT = PROJECT_ROOT / "eval-results"
DEFAULT_CACHE = PROJECT_ROOT / "data" / "eval-cache"


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
    ap.add_argument("--max-questions", type=int, default=300)
    ap.add_argument("--korquad-paragraphs", type=int, default=None, help="only the first N KorQuAD paragraphs")
    args = ap.parse_args(argv)
    with_answers = not args.no_answers
    if args.korquad:
        summary = run_korquad(args.cache, args.korquad_path, max_questions=args.max_questions or None,
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
