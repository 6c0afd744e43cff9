"""The "probes2" suite: six documents (dated 2028) written to try the answering on notices it was not built
on, with the documents and the questions written from the documents alone, without knowledge of the answering code,
and loaded without a manifest (titles, dates and contacts come from the documents):

- a regional (청람도) workplace-improvement subsidy notice with "○ 항목: 값" lines under "1."-style sections, limits
  and ratios by company size (소기업 / 중기업), a budget split by region, a deadline with weekday and time, a list of
  documents and two contact teams;
- the press release of the same program: a header block, a headline, prose that restates figures ("소기업은 최대
  8천만원까지"), an official's quote, and "붙임 1./붙임 2." attachments (last year's figures, briefing sessions);
- an English HTML page (<h1>/<h2>/<table>/<ul>) on an invented country's mandatory registration of imported food
  supplements: classes, fees in its own currency, processing times in working days, a transition period,
  exemptions and a local-representative requirement;
- a Korean/English Markdown market-entry guide for another invented country (tariff table, certification,
  distribution channels, numbered steps, a trade-office contact);
- a plain-text training/consulting voucher notice with a schedule written as text lines and a scoring list, and a
  short correction notice that changes one date and one figure through a "구분 | 당초 | 정정" table.

61 questions (Korean, English and mixed; 18 unanswerable near-misses) in ``evals/probes2_tune.jsonl``: a tune
split, written to find failures.

    policybot eval --suite probes2
"""

from __future__ import annotations

from evals.corpus import PROBES2_CORPUS
from evals.dataset import PROBES2_SPLITS
from evals.multidoc import MultidocSuite

# No split was kept apart: "report" stands for the tune split, which is all there is.
PROBES2 = MultidocSuite("probes2", PROBES2_CORPUS, PROBES2_SPLITS, report_split="tune")
