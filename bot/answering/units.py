"""What a figure is counted per, and which period it is for: "기업당 최대 3,500만원" is a limit per company, not
per certificate ("인증 한 건당"); a rate "2029년 1분기 기준" is not the 4분기 rate. Kiwi tags the 당 of such a unit
as a suffix (XSN) right after its noun, which keeps 담당, 해당 and 정당 out."""

from __future__ import annotations

import re

from bot.glossary import ENGLISH_OF, KOREAN_ALIASES
from bot.tokens import analyse

_NOUN_TAGS = ("NNG", "NNB", "NNP")


# English: "per day", "per booth"; a figure "a day" or "each month"; "daily", "monthly" (stated, not asked: "the
# annual limit" asks the limit, per whatever the page counts it).
_EN_PER = re.compile(r"\bper\s+(?:one\s+|each\s+|single\s+)?([a-z]+)", re.IGNORECASE)
_EN_A = re.compile(r"\d\s*(?:[a-z]{1,4}\s+)?(?:a|an|each)\s+(day|week|month|year|hour|night)\b", re.IGNORECASE)
_EN_LY = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annual": "year",
          "annually": "year", "hourly": "hour", "nightly": "night"}
_EN_LY_WORD = re.compile(rf"\b({'|'.join(_EN_LY)})\b", re.IGNORECASE)


def _singular(word: str) -> str:
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def english_per_units(text: str, stated: bool = False) -> frozenset[str]:
    """The English nouns ``text`` counts per ("per day" → day, "per companies" → company); with ``stated``, also
    the figures a text gives "a day" or "daily"."""
    units = {_singular(m.group(1)) for m in _EN_PER.finditer(text)}
    if stated:
        units |= {_singular(m.group(1)) for m in _EN_A.finditer(text)}
        units |= {_EN_LY[m.group(1).lower()] for m in _EN_LY_WORD.finditer(text)}
    return frozenset(units)


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
    for form, tag, _start, _len in tokens:
        # A loanword Kiwi does not know takes the 당 into one noun with it ("팔레트당"): the rest, when it is a noun
        # of two syllables or more on its own, is the unit. Words that end in 당 themselves (담당, 해당, 식당) have a
        # one-syllable rest.
        if tag == "NNG" and len(form) >= 4 and form.endswith("당"):
            rest = analyse(form[:-1])
            if len(rest) == 1 and rest[0][1] in _NOUN_TAGS and rest[0][0] == form[:-1]:
                units.add(form[:-1])
    return frozenset(units)


# Units of measure a fee or limit is counted per, in Korean and in English: one syllable (톤) is too short for the
# glossary, whose forms are matched inside words.
_MEASURES = {"톤": ("ton", "tonne"), "킬로그램": ("kilogram", "kg"), "리터": ("litre", "liter")}


def same_unit(a: str, b: str) -> bool:
    """One unit in two words: an alias (개사 → 기업), a unit of measure (톤 → tonne) or a shared English gloss
    (기업, 업체 → company)."""
    if a == b or b in KOREAN_ALIASES.get(a, ()) or a in KOREAN_ALIASES.get(b, ()):
        return True
    if b in _MEASURES.get(a, ()) or a in _MEASURES.get(b, ()):
        return True
    if a.isascii() != b.isascii():  # "per company" asked, 기업당 stated
        return (a if a.isascii() else b) in ENGLISH_OF.get(b if a.isascii() else a, ())
    return bool(set(ENGLISH_OF.get(a, ())) & set(ENGLISH_OF.get(b, ())))


# Time is asked in its own kinds (몇 년, 며칠, 몇 시): the duration and date checks answer those.
_TIME_COUNTERS = frozenset({"년", "년도", "연도", "월", "일", "주", "주일", "달", "개월", "시", "분", "초", "시간",
                            "살", "세"})
_SHARE_COUNTERS = frozenset({"퍼센트", "프로", "%", "배"})  # a share is asked: the share check answers it
_NUMBER_COUNTERS = frozenset({"번"})  # "전화는 몇 번이에요?" asks a phone number as often as a count
_NOT_COUNTED = _TIME_COUNTERS | _SHARE_COUNTERS | _NUMBER_COUNTERS
# Counters that count the same things: a place, thing or kind (곳, 군데, 개, 개소, 가지, 건), a person (명, 인), a
# time (번, 회, 차례), a page (페이지, 쪽, 면, 매), a country (나라, 개국, 국: "몇 나라까지" is answered by "2개국").
_SAME_COUNTER = (frozenset({"곳", "군데", "개", "개소", "가지", "건"}), frozenset({"명", "인"}),
                 frozenset({"번", "회", "차례"}), frozenset({"페이지", "쪽", "면", "매"}),
                 frozenset({"나라", "개국", "국"}))
# A number before its counter: digits ("30개사", "3 곳"), or a native numeral followed by a space ("한 척", "두 번");
# one glued to its counter ("한척", "두번") is read by Kiwi (_glued_counts), since 한, 세 and 열 also begin words
# (한도, 세금, 열람).
_NATIVE = ("한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "스무")
_NUMERAL = rf"(?:\d[\d,.]*\s*|(?<![가-힣])(?:{'|'.join(_NATIVE)})\s+)"
# Units of measure written in Hangul: a length, weight, volume or area measured is no number of things counted.
_MEASURE_WORDS = frozenset({"미터", "센티미터", "밀리미터", "킬로미터", "피트", "인치", "마일", "야드", "그램",
                            "킬로그램", "톤", "파운드", "리터", "밀리리터", "헥타르", "제곱미터"})
# What a number followed by these counts is a time, an amount, a share or a measure, not a number of things.
_NOT_THINGS = tuple(_TIME_COUNTERS | _SHARE_COUNTERS | _MEASURE_WORDS | {"원", "만", "억", "천", "조", "달러", "차"})


def asked_counters(question: str) -> frozenset[str]:
    """The counters a Korean question asks a number of ("몇 페이지" → 페이지, "몇 개사" → 개, "몇 명" → 명), times
    excluded."""
    tokens = analyse(question)
    counters: set[str] = set()
    for (form, _tag, start, length), (nxt, nxt_tag, nxt_start, _l) in zip(tokens, tokens[1:], strict=False):
        adjacent = nxt_start - (start + length) <= 1
        if form == "몇" and nxt_tag in _NOUN_TAGS and adjacent and nxt not in _NOT_COUNTED:
            counters.add(nxt)
    return frozenset(counters)


def _glued_counts(text: str) -> list[str]:
    """The words a native numeral glued to them counts, as Kiwi reads it ("한척" → 척; 한도 is one noun)."""
    if not any(n in text for n in _NATIVE):  # an English line, most figures lines: no Kiwi analysis
        return []
    tokens = analyse(text)
    return [nxt for (form, tag, start, length), (nxt, _tag, nxt_start, _l) in zip(tokens, tokens[1:], strict=False)
            if tag in ("MM", "NR") and form in _NATIVE and nxt_start == start + length]


def counts_things(text: str) -> bool:
    """``text`` states a number of things in some counter ("한 척", "30개사", "1부"), not only times and amounts."""
    counted = [m.group(1) for m in re.finditer(rf"{_NUMERAL}([가-힣]+)", text)] + _glued_counts(text)
    return any(not word.startswith(_NOT_THINGS) for word in counted)


def counts_in(counter: str, text: str) -> bool:
    """``text`` states a number of ``counter`` ("10쪽", "240개사", "두 번"), or of a counter counting the same."""
    same = next((group for group in _SAME_COUNTER if counter in group), frozenset({counter}))
    return (any(re.search(rf"{_NUMERAL}{re.escape(c)}", text) for c in same)
            or any(word.startswith(tuple(same)) for word in _glued_counts(text)))


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


def rate_subjects(question: str) -> frozenset[str]:
    """The nouns a Korean question asks a rate of, glued to 율/률 ("할인율" → 할인, "경쟁률" → 경쟁)."""
    tokens = analyse(question)
    pairs = zip(tokens, tokens[1:], strict=False)
    return frozenset(form for (form, tag, start, length), (nxt, nxt_tag, nxt_start, _l) in pairs
                     if tag.startswith("NN") and nxt in ("율", "률") and nxt_tag == "XSN"
                     and nxt_start == start + length)
