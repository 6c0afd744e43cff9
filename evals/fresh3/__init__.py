"""The "fresh3" suite: eight short, clearly fictional documents (dated 2029–2030) and questions written from the
documents alone by a helper who did not read the answering code. No manifest: titles, dates and contacts come from
the documents.

Documents (``docs/``), in two groups of four:

- ``haeum-policy-loan-2030.txt``: a regional 정책자금 융자 notice (시설/운전자금 한도, 기준금리 plus a margin, 거치·상환
  기간, 제외 대상, partner banks, 신청 기간, 제출 서류, 문의처);
- ``haeum-policy-loan-2029.txt``: last year's edition of it, nearly every figure different;
- ``haeum-policy-loan-faq-2030.md``: a Markdown FAQ on the 2030 notice whose answers state conditions ("단, …");
- ``haeum-calvessa-cosmetics-export-2030.html``: an English-only page on cosmetics registration in a fictional
  country (steps, a fee table in its currency, labelling, deadlines, a contact);
- ``yeonbit-youth-hiring-2030.docx``, ``yeonbit-youth-hiring-2030-change.txt`` (CP949),
  ``yeonbit-pellucia-fta-origin-2030.html`` and ``yeonbit-trade-talent-press-2030.txt``: the other group (a
  youth-hiring subsidy notice, its correction, a bilingual FTA proof-of-origin page, a press release about a
  similarly named program).

``build_fixtures.py`` regenerates the DOCX and the CP949 TXT from ``src/``. The questions (Korean, English, mixed;
follow-ups; lists and counts; editions and corrections that disagree; about 30 % unanswerable near-misses) are
split by document: ``evals/fresh3_tune.jsonl`` asks about the four 해음 documents, ``evals/fresh3_unseen.jsonl``
about the other four (reporting only: never tune code or questions on it, nor look at its answers).

    policybot eval --suite fresh3 [--split tune|unseen|all]

The runner is the multidoc suite's (:func:`evals.multidoc.run_multidoc` with ``suite=FRESH3``); the index is
``<cache>/fresh3``: ``corpora/`` + ``docs/``.
"""

from __future__ import annotations

from evals.corpus import FRESH3_CORPUS
from evals.dataset import FRESH3_SPLITS
from evals.multidoc import MultidocSuite

FRESH3 = MultidocSuite("fresh3", FRESH3_CORPUS, FRESH3_SPLITS, report_split="unseen")
