"""What a figure is counted per: "기업당 최대 3,500만원" is a limit per company, not per certificate ("인증 한
건당"). Kiwi tags the 당 of such a unit as a suffix (XSN) right after its noun, which keeps 담당, 해당 and 정당 out."""

from __future__ import annotations

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
