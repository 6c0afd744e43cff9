"""Kiwi's analysis of a question, made once: every stage of answering reads the same tokens."""

from __future__ import annotations

from functools import lru_cache

from ingestion.korean import _kiwi, _kiwi_lock

Token = tuple[str, str, int, int]


@lru_cache(maxsize=4096)
def analyse(text: str) -> tuple[Token, ...]:
    """Kiwi tokens of a question as (form, tag, start, length), cached: every stage reads the same analysis."""
    with _kiwi_lock:
        tokens = tuple((t.form, t.tag, t.start, t.len) for t in _kiwi().tokenize(text))
    return glued_interjections(tokens)


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
