"""The "fresh6" suite: eight short, clearly fictional documents (dated 2033–2034) and questions written from the
documents alone by a helper who did not read the answering code. No manifest: titles, dates and contacts come from
the documents.

Documents (``docs/``), in two groups of four:

- ``solbit-export-design-2034.txt``: a regional 수출상품 디자인 개발 지원사업 notice ("○ 항목: 값" lines, numbered
  sections, a table of 지원 분야 with 정부지원 비율 and 기업당 한도, a 기업당 총 지원 한도, 지원 대상, 제외 대상,
  신청 기간 with weekdays, 가점, 제출 서류, 협약 and payment, 문의처 with several telephone numbers for different
  matters);
- ``solbit-export-design-2033.docx``: last year's edition of it, several figures different, one 지원 분야 (디자인
  권리화) missing and one 분야 a company only;
- ``solbit-export-design-faq-2034.md``: a Markdown Q&A on the 2034 notice whose answers add conditions and
  exceptions;
- ``solbit-kelvaria-packaging-epr-2034.html``: an English-only page on a fictional country's packaging producer
  responsibility (a fee table per tonne in its currency, packaging covered, key dates, exemptions, penalties,
  contacts);
- ``raon-overseas-ip-filing-2034.txt`` (CP949), ``raon-overseas-ip-filing-2034-correction.txt``,
  ``raon-marendia-radio-approval-2034.html`` and ``raon-ip-voucher-press-2034.txt``: the other group (a 해외
  지식재산권 출원 지원사업 notice, its 정정 공고 changing one per-filing limit and the deadline, a bilingual
  Korean/English page on a fictional country's radio-equipment conformity approval, a city press release about a
  similarly named IP voucher for start-ups with other figures).

``build_fixtures.py`` regenerates the DOCX and the CP949 TXT from ``src/``. The questions (Korean, English, mixed;
follow-ups; lists and counts; editions and corrections that disagree; the asker's own situation; about 30 %
unanswerable near-misses) are split by document: ``evals/fresh6_tune.jsonl`` asks about the four 솔빛 documents,
``evals/fresh6_unseen.jsonl`` about the four 라온 documents (reporting only: never tune code or questions on it, nor
look at its answers).

    policybot eval --suite fresh6 [--split tune|unseen|all]

The runner is the multidoc suite's (:func:`evals.multidoc.run_multidoc` with ``suite=FRESH6``); the index is
``<cache>/fresh6``: ``corpora/`` + ``docs/``.
"""

from __future__ import annotations

from evals.corpus import FRESH6_CORPUS
from evals.dataset import FRESH6_SPLITS
from evals.multidoc import MultidocSuite

FRESH6 = MultidocSuite("fresh6", FRESH6_CORPUS, FRESH6_SPLITS, report_split="unseen")
