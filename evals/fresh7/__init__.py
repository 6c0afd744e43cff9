"""The "fresh7" suite: eight short, clearly fictional documents (dated 2035–2036) and questions written from the
documents alone by a helper who did not read the answering code. No manifest: titles, dates and contacts come from
the documents.

Documents (``docs/``), in two groups of four:

- ``mirnae-online-export-2036.txt``: a regional 해외 온라인 판로 개척 지원사업 notice ("○ 항목: 값" lines, numbered
  sections, a table of 지원 분야 with 지원 비율 and 기업당 한도, a 기업당 총 지원 한도, 지원 대상, 제외 대상,
  신청 기간 with weekdays and a closing time, 선정 규모, 총 예산, 가점 and 감점, 제출 서류, 협약 and payment
  (착수금/잔금), 문의처 with several telephone numbers for different matters);
- ``mirnae-online-export-2035.docx``: last year's edition of it, several figures different, one 지원 분야
  (라이브커머스) missing and at most two 분야 a company;
- ``mirnae-online-export-faq-2036.md``: a Markdown Q&A on the 2036 notice whose answers add conditions and
  exceptions;
- ``mirnae-tarvessia-toy-safety-mark-2036.html``: an English-only page on a fictional country's toy safety mark
  (assessment fees per toy category in EUR, validity and processing times, products covered, key dates,
  exemptions, penalties, contacts);
- ``hanui-overseas-cert-2036.txt`` (CP949), ``hanui-overseas-cert-2036-correction.txt``,
  ``hanui-aldmere-food-registration-2036.html`` and ``hanui-cert-voucher-press-2036.txt``: the other group (a 해외
  규격 인증 취득 지원사업 notice, its 정정 공고 changing one per-certificate limit and the deadline, a bilingual
  Korean/English page on a fictional country's foreign food facility registration, a city press release about a
  similarly named certification voucher for first-time exporters with other figures).

``build_fixtures.py`` regenerates the DOCX and the CP949 TXT from ``src/``. The questions (Korean, English, mixed;
follow-ups; lists and counts; editions and corrections that disagree; the asker's own situation; about 30 %
unanswerable near-misses) are split by document: ``evals/fresh7_tune.jsonl`` asks about the four 미르내 documents,
``evals/fresh7_unseen.jsonl`` about the four 하늬 documents (reporting only: never tune code or questions on it, nor
look at its answers).

    policybot eval --suite fresh7 [--split tune|unseen|all]

The runner is the multidoc suite's (:func:`evals.multidoc.run_multidoc` with ``suite=FRESH7``); the index is
``<cache>/fresh7``: ``corpora/`` + ``docs/``.
"""

from __future__ import annotations

from evals.corpus import FRESH7_CORPUS
from evals.dataset import FRESH7_SPLITS
from evals.multidoc import MultidocSuite

FRESH7 = MultidocSuite("fresh7", FRESH7_CORPUS, FRESH7_SPLITS, report_split="unseen")
