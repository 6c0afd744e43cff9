"""The date a document gives itself near its top in the words of a FAQ, a press release or a foreign regulation
page: "게시일 2029. 2. 20.(화)", "2030. 2. 28. 게시", "배포 일시: 2028. 3. 27.(월)", "업데이트: 2028-02-15",
"Posted: 14 January 2028", "Last updated: January 15, 2029". A notice's bare date line under its title is read by
``notice.parse_header``; without this, every other document went undated, and its citations showed no date.

A date counts only beside a word that makes it the document's own (게시, 배포, published …): a deadline or an
effective date on the first lines ("From 1 March 2027", "마감: 2. 27.") dates no document."""

from __future__ import annotations

import re
from datetime import date

from ingestion.notice import DATE, DOCUMENT_DATE_WORDS

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = r"(?P<mon>" + "|".join(f"{m[:3]}(?:{m[3:]})?" for m in _MONTHS) + r")\.?"


def _day(group: str) -> str:
    return rf"(?P<{group}>3[01]|[12]\d|0?[1-9])"


_NUMERIC = DATE.pattern  # a notice's way of writing a day; without its year it dates nothing (``_as_date``)
_DAY_MONTH = _day("d2") + r"(?:st|nd|rd|th)?\s+" + _MONTH + r"\s+(?P<y2>(?:19|20)\d\d)"
_MONTH_DAY = (_MONTH.replace("?P<mon>", "?P<mon2>") + r"\s+" + _day("d3")
              + r"(?:st|nd|rd|th)?,?\s+(?P<y3>(?:19|20)\d\d)")
_ANY_DATE = rf"(?:{_NUMERIC}|{_DAY_MONTH}|{_MONTH_DAY})"

# Where a line's part about the document starts: the line's start (after a bullet or a quote mark), after a
# separator ("비솔진흥원 | 게시일 …", "작성: … · 업데이트: …") or after a sentence ("… partners. Last updated: …"). A
# date word inside a sentence ("licences will be issued on 1 March 2031") is about something else.
_PART = r"(?:^|(?<=[|·•(\[–—*>-])|(?<=[.!?]\s))\s*"
# Korean words that make a date the document's own, before the date ("게시일 …", "배포 일시: …", "보도시점: …")
# or after it ("2030. 2. 28. 게시"); 등록, 수정, 업데이트 and 갱신 only as a label ("등록일: …", "업데이트: …"):
# "등록 2034. 3. 1.부터" is when registration opens.
_KO_BEFORE = re.compile(
    rf"{_PART}(?:(?:{DOCUMENT_DATE_WORDS})\s*(?:일자|일시|일|시점|날짜)?|(?:등록|수정|업데이트|갱신)\s*(?:일자|일시|일|날짜)?"
    rf"\s*[:：])\s*[:：]?\s*(?:\([^)]{{1,6}}\)\s*)?{_ANY_DATE}"
)
_KO_AFTER = re.compile(
    rf"{_PART}{_ANY_DATE}\s*[.일]?\s*(?:\([^)]{{1,4}}\))?\s*(?:{DOCUMENT_DATE_WORDS})(?:일|됨|함)?(?![가-힣])"
)
_EN_BEFORE = re.compile(
    rf"{_PART}(?:published|posted|issued|released|(?:last\s+)?updated|date(?:d)?)(?:\s+on)?\s*[:：]?\s*{_ANY_DATE}",
    re.IGNORECASE,
)
_HEAD_LINES = 12


def _as_date(m: re.Match[str]) -> date | None:
    groups = m.groupdict()
    try:
        if groups.get("y"):
            return date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        if groups.get("y2"):
            return date(int(groups["y2"]), _month(groups["mon"]), int(groups["d2"]))
        if groups.get("y3"):
            return date(int(groups["y3"]), _month(groups["mon2"]), int(groups["d3"]))
    except ValueError:
        return None
    return None


def _month(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name.lower().rstrip(".")[:3]))


def own_date(text: str, head_lines: int = _HEAD_LINES) -> date | None:
    """The first date on the document's first non-blank lines that a publication word makes its own, or None."""
    for line in [line for line in text.split("\n") if line.strip()][:head_lines]:
        for pattern in (_KO_BEFORE, _KO_AFTER, _EN_BEFORE):
            for m in pattern.finditer(line):
                if (found := _as_date(m)) is not None:
                    return found
    return None
