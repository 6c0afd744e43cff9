"""The "probes" suite: documents written on 2026-11-27 to try the answering on notices it was not built on, in
styles the other suites lack, and loaded without a manifest (titles, dates and contacts come from the documents):

- two editions of a content-export voucher notice whose items are "가. 항목: 값" lines under "1. 사업 개요"-style
  headings (limits, thresholds, excluded costs, a cash-only rule);
- an English Markdown page about an invented country's toy-safety rules, with a Korean summary, fees in its own
  currency code and a "## Contact" block;
- a trade-fair notice whose support is a table of shares;
- an HTML regulation page (<h1>/<h2>) on halal-certificate recognition, with an English summary.

74 questions (Korean and English; 26 unanswerable near-misses) in ``evals/probes_tune.jsonl``. The answering was
changed from what failed on them, so this is a tune split only: it guards those changes and judges nothing.

    policybot eval --suite probes
"""

from __future__ import annotations

from evals.corpus import PROBES_CORPUS
from evals.dataset import PROBES_SPLITS
from evals.multidoc import MultidocSuite

# No split was kept apart: "report" stands for the tune split, which is all there is.
PROBES = MultidocSuite("probes", PROBES_CORPUS, PROBES_SPLITS, report_split="tune")
