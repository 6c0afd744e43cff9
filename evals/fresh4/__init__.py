"""The "fresh4" suite: eight short, clearly fictional documents (dated 2030–2031) and questions written from the
documents alone by a helper who did not read the answering code. No manifest: titles, dates and contacts come from
the documents.

Documents (``docs/``), in two groups of four:

- ``saeron-smart-factory-2031.txt``: a regional 스마트공장 구축 지원사업 notice ("○ 항목: 값" lines, numbered
  sections, a table of 지원 유형 with 기업당 한도 and 자부담 비율, 신청 자격, 제외 대상, a 가점 table, 신청 기간 with
  weekdays, 제출 서류, 선정 일정, 문의처);
- ``saeron-smart-factory-2030.docx``: last year's edition of it, several figures different and one 지원 유형 missing;
- ``saeron-smart-factory-faq-2031.md``: a Markdown Q&A on the 2031 notice whose answers add conditions;
- ``saeron-tavrenia-battery-labelling-2031.html``: an English-only page on battery registration and labelling for
  electronics in a fictional country (steps, a fee table in its currency, label items, transition dates,
  exemptions, penalties, contacts);
- ``eunsol-overseas-expo-2031.txt`` (CP949), ``eunsol-overseas-expo-2031-correction.txt``,
  ``eunsol-zelmora-dual-use-import-2031.html`` and ``eunsol-expo-joint-pavilion-press-2031.txt``: the other group (a
  해외 전시회 개별참가 지원 notice, its 정정 공고 changing one limit and one deadline, a bilingual Korean/English page
  on a fictional country's dual-use import licences, a city press release about a similarly named joint-pavilion
  program with other figures).

``build_fixtures.py`` regenerates the DOCX and the CP949 TXT from ``src/``. The questions (Korean, English, mixed;
follow-ups; lists and counts; editions and corrections that disagree; about 30 % unanswerable near-misses) are
split by document: ``evals/fresh4_tune.jsonl`` asks about the four 새론 documents, ``evals/fresh4_unseen.jsonl``
about the four 은솔 documents (reporting only: never tune code or questions on it, nor look at its answers).

    policybot eval --suite fresh4 [--split tune|unseen|all]

The runner is the multidoc suite's (:func:`evals.multidoc.run_multidoc` with ``suite=FRESH4``); the index is
``<cache>/fresh4``: ``corpora/`` + ``docs/``.
"""

from __future__ import annotations

from evals.corpus import FRESH4_CORPUS
from evals.dataset import FRESH4_SPLITS
from evals.multidoc import MultidocSuite

FRESH4 = MultidocSuite("fresh4", FRESH4_CORPUS, FRESH4_SPLITS, report_split="unseen")
