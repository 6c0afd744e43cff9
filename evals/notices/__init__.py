"""The "notices" suite: a second multi-document suite, written apart from the first (evals/multidoc/).

``docs/`` holds eight short, clearly fictional documents about other programs than the multidoc suite's:

- a 2025 and a 2026 edition of one program (중소기업 수출물류비 지원사업: limit, ratio, period, threshold and
  contact differ), and a later amendment of the 2026 one (deadline extended, more companies selected);
- a FAQ on the 2026 program, published before the amendment (it still gives the first deadline);
- a similar program with overlapping vocabulary and other figures (온라인 수출 플랫폼 입점 지원사업, which also
  pays overseas shipping);
- a program of another sector (스마트공장 구축 지원: eligibility, exclusions, five selection steps, weights);
- two export-regulation pages about one invented country (벨로리아: battery import licence, cosmetics labelling)
  whose dates, HS codes and penalties differ.

Formats: UTF-8 TXT, CP949 TXT, HTML, Markdown, DOCX and HWPX; ``build_fixtures.py`` regenerates the binary ones
from ``src/``. The questions (Korean, English, mixed; follow-ups; a quarter unanswerable) are
``evals/notices_tune.jsonl`` and ``evals/notices_unseen.jsonl`` (reporting only: never tune code or questions on
it, nor look at its answers).

    policybot eval --suite notices [--split tune|unseen|all]

The runner is the multidoc suite's (:func:`evals.multidoc.run_multidoc` with ``suite=NOTICES``); the index is
``<cache>/notices``: ``corpora/`` + ``docs/``.
"""

from __future__ import annotations

from evals.corpus import NOTICES_CORPUS
from evals.dataset import NOTICES_SPLITS
from evals.multidoc import MultidocSuite

NOTICES = MultidocSuite("notices", NOTICES_CORPUS, NOTICES_SPLITS, report_split="unseen")
