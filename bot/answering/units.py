"""What a figure is counted per, and which period it is for: "기업당 최대 3,500만원" is a limit per company, not
per certificate ("인증 한 건당"); a rate "2029년 1분기 기준" is not the 4분기 rate. Kiwi tags the 당 of such a unit
as a suffix (XSN) right after its noun, which keeps 담당, 해당 and 정당 out."""

from __future__ import annotations

import re

from bot.concepts import analyse
from bot.glossary import ENGLISH_OF, KOREAN_ALIASES

_NOUN_TAGS = ("NNG", "NNB", "NNP")


def per_units(text: str) -> frozenset[str]:
    """The nouns ``text`` counts per: 기업 (기업당), 건 (1건당), 인 (1인당), 개사 (1개사당)."""
    tokens = analyse(text)
    units: set[str] = set()
    for i, (form, tag, start, _) in enumerate(tokens):
        if form != "당" or tag != "XSN" or i == 0:
            continue
        noun, noun_tag, noun_start, noun_len = tokens[i - 1]
        if noun_tag not in _NOUN_TAGS or noun_start + noun_len != start:
            continue
        before = tokens[i - 2] if i >= 2 else None
        if before is not None and before[0] == "개" and before[2] + before[3] == noun_start:
            noun = "개" + noun  # 1개사당: per company
        units.add(noun)
    return frozenset(units)


def same_unit(a: str, b: str) -> bool:
    """One unit in two words: an alias (개사 → 기업) or a shared English gloss (기업, 업체 → company)."""
    if a == b or b in KOREAN_ALIASES.get(a, ()) or a in KOREAN_ALIASES.get(b, ()):
        return True
    return bool(set(ENGLISH_OF.get(a, ())) & set(ENGLISH_OF.get(b, ())))


# A numbered period or round: "4분기", "2차 모집", "3회차" (not "2차전지": a word goes on after 차).
_PERIOD = re.compile(r"(\d{1,2})\s*(분기|회차|차(?![가-힣]{2}))")
_HALF = re.compile(r"(상|하)반기")


def periods(text: str) -> dict[str, set[str]]:
    """The numbered periods ``text`` names, by kind: {"분기": {"4"}}, {"반기": {"하"}}."""
    found: dict[str, set[str]] = {}
    for number, kind in _PERIOD.findall(text):
        found.setdefault(kind, set()).add(number)
    for half in _HALF.findall(text):
        found.setdefault("반기", set()).add(half)
    return found
