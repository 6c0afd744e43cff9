"""Kiwi's analysis of a question, made once: every stage of answering reads the same tokens."""

from __future__ import annotations

from functools import lru_cache

from ingestion.korean import _kiwi, _kiwi_lock

Token = tuple[str, str, int, int]


# The percent sign as it is read aloud: Kiwi takes "%인지도" for the noun 인지도 (awareness) and "%예요" for a
# symbol and an ending; "퍼센트인지도" is 퍼센트 + 이 + ㄴ지 + 도.
_PERCENT = "%"
_SPOKEN_PERCENT = "퍼센트"


@lru_cache(maxsize=4096)
def analyse(text: str) -> tuple[Token, ...]:
    """Kiwi tokens of a question as (form, tag, start, length), cached: every stage reads the same analysis.
    Offsets are the question's own, though "%" is read as 퍼센트."""
    spoken = text.replace(_PERCENT, _SPOKEN_PERCENT)
    with _kiwi_lock:
        tokens = tuple((t.form, t.tag, t.start, t.len) for t in _kiwi().tokenize(spoken))
    if spoken != text:
        tokens = _written_offsets(tokens, text)
    return glued_interjections(glued_genitives(tokens))


def _written_offsets(tokens: tuple[Token, ...], text: str) -> tuple[Token, ...]:
    """Offsets in ``text`` of tokens read from it with every "%" spelled out: a token of the spelled-out word is
    the "%" itself."""
    grown = len(_SPOKEN_PERCENT) - len(_PERCENT)
    signs = [i for i, ch in enumerate(text) if ch == _PERCENT]
    spoken_at = [i + k * grown for k, i in enumerate(signs)]  # where each spelled-out word starts

    def written(pos: int) -> int:
        before = sum(1 for s in spoken_at if s + len(_SPOKEN_PERCENT) <= pos)
        inside = next((k for k, s in enumerate(spoken_at) if s <= pos < s + len(_SPOKEN_PERCENT)), None)
        return signs[inside] if inside is not None else pos - before * grown

    out = []
    for form, tag, start, length in tokens:
        begin, end = written(start), written(start + length - 1) + 1
        out.append((_PERCENT if form == _SPOKEN_PERCENT else form, tag, begin, end - begin))
    return tuple(out)


def glued_interjections(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Kiwi reads a question's first syllable as an interjection when the rest of the word is a noun it knows
    ("자부담 비율은요?" → 자/IC + 부담/NNG, as in "자, 그럼"); an interjection stands apart from what follows, so one
    written onto a noun is the noun's first syllable: 자부담."""
    out: list[Token] = []
    for token in tokens:
        previous = out[-1] if out else None
        if (previous is not None and previous[1] == "IC" and token[1] in ("NNG", "NNP")
                and previous[2] + previous[3] == token[2]):
            out[-1] = (previous[0] + token[0], token[1], previous[2], previous[3] + token[3])
            continue
        out.append(token)
    return tuple(out)


def glued_genitives(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Kiwi reads a noun's first syllables as a pronoun and the genitive 의 when the rest is a noun it knows
    ("이의신청" → 이/NP + 의/JKG + 신청/NNG, "this one's application"); the pronoun 이 takes no genitive in writing
    (이것의), so inside one written word the two syllables are a noun of their own (이의, an objection). 저의 and 그의
    are possessives, glued to their noun or not ("저의회사")."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if i + 2 < len(tokens):
            (p, p_tag, p_at, p_len), (g, g_tag, g_at, g_len), (_n, n_tag, n_at, _n_len) = tokens[i:i + 3]
            if (p == "이" and p_tag == "NP" and g == "의" and g_tag == "JKG" and n_tag in ("NNG", "NNP")
                    and p_at + p_len == g_at and g_at + g_len == n_at):
                out.append((p + g, "NNG", p_at, p_len + g_len))
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return tuple(out)
