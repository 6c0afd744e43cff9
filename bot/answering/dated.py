"""The date of the notice itself asked ("공고일이 언제예요?", "When was this notice published?"): the line under the
title that dates the document ("2028. 3. 6.", "공고일: 2031. 2. 3."), not a date in its body (신청 마감, 결과 발표)."""

from __future__ import annotations

import re
from datetime import date

from bot.answering.evidence import Candidate, DocInfo
from bot.answering.select import candidate_from_chunk
from ingestion.index import StoredChunk
from ingestion.notice import DOCUMENT_DATE_WORDS, parse_dates
from ingestion.own_date import own_date

# The document's own date words (공고일, 게시일 …; 발표일 is a result's date) asked with a word asking a date, or a
# publication asked in English.
_ASKS_DOCUMENT_DATE = re.compile(
    rf"(?:{DOCUMENT_DATE_WORDS})\s*(?:일|일자|날짜)\s*(?:은|는|이|가)?\s*(?:언제|며칠|몇\s*월)"
    r"|언제\s*(?:공고|게시|발행|배포)\s*(?:됐|되었|했|하였|나왔|된)"
    r"|\bwhen\s+was\s+(?:the|this|that)\s+(?:[\w-]+\s+){0,3}?(?:notice|page|document|release|correction|announcement)"
    r"\s+(?:published|issued|posted|released|announced)\b"
    r"|\b(?:publication|issue)\s+date\s+of\b",
    re.IGNORECASE,
)
_HEAD_CHUNKS = 2  # the date stands under the title, before the body
_MAX_LINE = 40  # a date line, perhaps labelled ("공고일: …") or signed ("2028. 3. 6. 한울진흥원장"), not a sentence


def asks_document_date(question: str) -> bool:
    return bool(_ASKS_DOCUMENT_DATE.search(question))


def document_date_line(target: DocInfo, chunks: list[StoredChunk]) -> Candidate | None:
    """The short line near the top of ``target`` (its ``chunks``) that writes its own date, or the line that gives
    it beside a publication word ("비솔진흥원 | 게시일 2029. 2. 20.(화) | …", "Posted: 14 January 2028 | Source: …"),
    read by the parsers that dated the document at ingestion."""
    try:
        dated = date.fromisoformat(target.date or "")
    except ValueError:
        return None
    for chunk in sorted(chunks, key=lambda ch: ch.chunk_index)[:_HEAD_CHUNKS]:
        for i, (s, e) in enumerate(chunk.sentence_spans):
            line = chunk.text[s:e].strip()
            if (len(line) <= _MAX_LINE and dated in parse_dates(line)) or own_date(line, head_lines=1) == dated:
                return candidate_from_chunk(chunk, i)
    return None
