"""The "fresh5" suite: eight short, clearly fictional documents (dated 2031–2032) and questions written from the
documents alone by a helper who did not read the answering code. No manifest: titles, dates and contacts come from
the documents.

Documents (``docs/``), in two groups of four:

- ``hanul-export-logistics-2032.txt``: a regional 수출 물류비 지원사업 notice ("○ 항목: 값" lines, numbered
  sections, a table of 지원 유형 with 지원 비율 and 기업당 연간 한도, a 기업당 총 한도, 신청 자격, 제외 대상,
  신청 기간 with weekdays, 제출 서류, 문의처 with two telephone numbers);
- ``hanul-export-logistics-2031.docx``: last year's edition of it, several figures different and one 지원 유형
  missing;
- ``hanul-export-logistics-faq-2032.md``: a Markdown Q&A on the 2032 notice whose answers add conditions;
- ``hanul-estrovia-export-control-2032.html``: an English-only page on a fictional country's export licences for
  strategic and dual-use goods (a fee table in its currency, items covered, key dates, exemptions, penalties,
  contacts);
- ``mirae-overseas-certification-2032.txt`` (CP949), ``mirae-overseas-certification-2032-correction.txt``,
  ``mirae-ilvaros-food-import-2032.html`` and ``mirae-cert-voucher-press-2032.txt``: the other group (a 해외인증
  취득 지원 notice, its 정정 공고 changing one limit and the deadline, a bilingual Korean/English page on a fictional
  country's processed-food import registration and labelling, a city press release about a similarly named
  certification-voucher program with other figures).

``build_fixtures.py`` regenerates the DOCX and the CP949 TXT from ``src/``. The questions (Korean, English, mixed;
follow-ups; lists and counts; editions and corrections that disagree; the asker's own situation; about 30 %
unanswerable near-misses) are split by document: ``evals/fresh5_tune.jsonl`` asks about the four 한울 documents,
``evals/fresh5_unseen.jsonl`` about the four 미래 documents (reporting only: never tune code or questions on it, nor
look at its answers).

    policybot eval --suite fresh5 [--split tune|unseen|all]

The runner is the multidoc suite's (:func:`evals.multidoc.run_multidoc` with ``suite=FRESH5``); the index is
``<cache>/fresh5``: ``corpora/`` + ``docs/``.
"""

from __future__ import annotations

from evals.corpus import FRESH5_CORPUS
from evals.dataset import FRESH5_SPLITS
from evals.multidoc import MultidocSuite

FRESH5 = MultidocSuite("fresh5", FRESH5_CORPUS, FRESH5_SPLITS, report_split="unseen")
