"""The "fresh" suite: eight short, clearly fictional documents and questions written from the documents alone,
without knowledge of the answering code, in styles the multidoc, notices and probes suites lack. No manifest:
titles, dates and contacts come from the documents.

Documents (``docs/``):

- ``green-shift-2027.txt`` (CP949) and ``green-shift-2028.docx``: two editions of 「중소기업 탄소저감 설비 전환
  지원사업」 (한울녹색전환진흥원), Roman-numeral sections with "○ 항목: 값" / "- 항목 : 값" lines, a 배점 list,
  a 신청 기간 with weekdays and times; the limit, deadline, ratios, threshold, documents, weights and contact differ;
- ``green-shift-2028-correction.txt``: a 정정 공고 changing one field of the 2028 edition (the limit), as a
  "정정 위치 | 정정 전 | 정정 후" table;
- ``green-shift-faq-2028.txt``: a plain-text Q./A. FAQ on the 2028 edition;
- ``daon-lowcarbon-2028.txt``: a similar subsidy of another agency (다온지역에너지재단, "□ / ㅇ" style) sharing much
  of the vocabulary, with other figures;
- ``daon-press-release-2028.txt``: that agency's 보도자료 with 붙임 (briefing sessions with date-time ranges, last
  year's results and limit);
- ``orlenia-medical-devices-2028.html``: an English export-regulation page (invented country, fees in its own
  currency, a table of risk classes, a transition period, exemptions, a contact);
- ``kestria-market-guide.md``: a Korean/English market-entry guide with bullet lists and six numbered steps.

``build_fixtures.py`` regenerates the CP949 TXT and the DOCX from ``src/``. The questions (Korean, English, mixed;
follow-ups; lists and counts; editions that disagree; about 30 % unanswerable near-misses) are split by document:
``evals/fresh_tune.jsonl`` asks about the four 한울 documents, ``evals/fresh_unseen.jsonl`` about the other four
(reporting only: never tune code or questions on it, nor look at its answers).

    policybot eval --suite fresh [--split tune|unseen|all]

The runner is the multidoc suite's (:func:`evals.multidoc.run_multidoc` with ``suite=FRESH``); the index is
``<cache>/fresh``: ``corpora/`` + ``docs/``.
"""

from __future__ import annotations

from evals.corpus import FRESH_CORPUS
from evals.dataset import FRESH_SPLITS
from evals.multidoc import MultidocSuite

FRESH = MultidocSuite("fresh", FRESH_CORPUS, FRESH_SPLITS, report_split="unseen")
