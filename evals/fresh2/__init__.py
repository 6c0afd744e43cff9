"""The "fresh2" suite: eight short, clearly fictional documents (dated 2029) and questions written from the
documents alone, without knowledge of the answering code. No manifest: titles, dates and contacts come from the
documents.

Documents (``docs/``), in two groups of four:

- ``bisol-growth-ladder-2029.txt``: a 통합공고 of 비솔창업경제진흥원 announcing three sub-programs (시제품 제작 /
  온라인 판로 개척 / 해외 인증 획득 지원), each with its own 지원 대상, 한도, 비율 and 사업 기간, a summary table,
  a 신청 기간 with weekdays and times, 가점, a list of documents and one contact team per sub-program;
- ``bisol-certification-2028.txt``: last year's notice of one of them (해외 인증 획득 지원) as its own notice; the
  limit, ratio, export threshold, deadline time, deadline for export results, documents and team differ;
- ``bisol-trade-show-support-2029.html``: an English-only notice of the same agency's overseas trade-show support
  (h1/h2/table/ul; KRW amounts, a deposit, a deadline, eligibility, scoring, obligations, e-mail and phone);
- ``bisol-growth-ladder-faq-2029.md``: a Markdown Q&A on the 통합공고 whose answers state conditions ("단, …");
- ``dodam-smart-factory-2029.docx``, ``dodam-smart-factory-2029-change.txt`` (CP949),
  ``quelaris-dual-use-licensing-2029.html`` and ``nuribyeol-dx-voucher-press-2029.txt``: the other group (a
  regional notice, its change notice, an English/Korean export-control page, a press release).

``build_fixtures.py`` regenerates the DOCX and the CP949 TXT from ``src/``. The questions (Korean, English, mixed;
follow-ups; lists and counts; editions and changes that disagree; about 30 % unanswerable near-misses) are split by
document: ``evals/fresh2_tune.jsonl`` asks about the four 비솔 documents, ``evals/fresh2_unseen.jsonl`` about the
other four (reporting only: never tune code or questions on it, nor look at its answers).

    policybot eval --suite fresh2 [--split tune|unseen|all]

The runner is the multidoc suite's (:func:`evals.multidoc.run_multidoc` with ``suite=FRESH2``); the index is
``<cache>/fresh2``: ``corpora/`` + ``docs/``.
"""

from __future__ import annotations

from evals.corpus import FRESH2_CORPUS
from evals.dataset import FRESH2_SPLITS
from evals.multidoc import MultidocSuite

FRESH2 = MultidocSuite("fresh2", FRESH2_CORPUS, FRESH2_SPLITS, report_split="unseen")
