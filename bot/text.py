"""Text hygiene for everything people type — questions, inquiries, conversation turns, feedback, file names —
and the one language rule. Every channel (web, Slack, CLI) and triage clean text here, and each channel maps
the one error, ``QuestionError``, once: HTTP 422 (413 when too long) on the web, a polite reply on Slack, exit
code 2 on the CLI.

Cleaning: Unicode NFC; lone surrogates (which a JSON ``\\ud800`` escape or an undecodable command-line byte
produce, and which cannot be encoded) removed; C0/C1 control characters become spaces; zero-width and bidi
format characters (``U+200B``–``U+200F``, ``U+202A``–``U+202E``, ``U+2066``–``U+2069``, word joiners, BOM) are
removed, so text displays as it reads and a question of only invisible characters is empty."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from ingestion.korean import hangul_ratio

Language = Literal["ko", "en"]

# A text is Korean when at least this share of its letters is Hangul (names in capitals aside): questions below
# it are searched through the glossary's Korean terms and answered in English.
KOREAN_SHARE = 0.3
_HANGUL = re.compile("[가-힣]")
_LATIN = re.compile("[A-Za-z]")

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls except tab and newline (\r is normalised to \n first), and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible format characters: zero-width space/joiners, LRM/RLM, bidi embeddings/overrides/isolates (which can
# make text display in another order than it reads, "Trojan Source"), word joiner and invisible operators, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_BLANKS = re.compile(r"[^\S\n]+")


class QuestionError(ValueError):
    """The text cannot be processed: it is empty (after cleaning) or too long. The message is for the user."""

    def __init__(self, message: str, *, reason: Literal["empty", "too_long"], length: int = 0,
                 limit: int = 0) -> None:
        super().__init__(message)
        self.reason = reason
        self.length = length
        self.limit = limit

    @property
    def too_long(self) -> bool:
        return self.reason == "too_long"


# The words an English question opens with ("Can we …", "What is …"): where a sentence asks, and where a second
# question joined by ", and" begins.
ENGLISH_QUESTION_OPENERS = ("what|how|when|where|who|whom|which|why|can|could|is|are|was|were|does|do|did|will|"
                            "would|should|must|may|shall|has|have")


def clean_text(text: str, *, single_line: bool = False) -> str:
    """``text`` as NFC without lone surrogates, control or invisible format characters, ``\\r\\n`` as ``\\n``,
    runs of spaces within a line as one space, and no surrounding whitespace; ``single_line`` also joins the lines
    with single spaces."""
    text = _SURROGATE.sub("", text or "")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", text))
    if single_line:
        return " ".join(text.split())
    return "\n".join(_BLANKS.sub(" ", line).strip() for line in text.split("\n")).strip()


_WHAT = {"question": ("질문", "question"), "inquiry": ("문의", "inquiry")}


def clean_question(text: str, max_chars: int, *, what: Literal["question", "inquiry"] = "question",
                   single_line: bool = True) -> str:
    """``clean_text`` of a question (one line; an inquiry may keep its lines), or ``QuestionError`` when nothing
    visible is left or it is longer than ``max_chars`` characters."""
    cleaned = clean_text(text, single_line=single_line)
    ko, en = _WHAT[what]
    if not cleaned:
        particle = "가" if what == "inquiry" else "이"
        raise QuestionError(f"{ko}{particle} 비어 있습니다. / The {en} is empty.", reason="empty")
    if len(cleaned) > max_chars:
        raise QuestionError(
            f"{ko}{'가' if what == 'inquiry' else '이'} 너무 깁니다 ({len(cleaned):,}자, 최대 {max_chars:,}자). / "
            f"The {en} is too long ({len(cleaned):,} characters; the limit is {max_chars:,}).",
            reason="too_long", length=len(cleaned), limit=max_chars,
        )
    return cleaned


@lru_cache(maxsize=32768)  # asked of every sentence scored, and the same sentences are scored for many questions
def language_of(text: str) -> Language:
    """The language of a question, and so of its answer: English when more of its words are Latin than Hangul
    ("What is 수출바우처?"), Korean otherwise ("수출바우처 limit이 어떻게 되나요?"); with no words either way, by the
    Hangul share of the letters (names in capitals such as TIPS count little)."""
    words = text.split()
    hangul = sum(1 for w in words if _HANGUL.search(w))
    latin = sum(1 for w in words if _LATIN.search(w) and not _HANGUL.search(w))
    if hangul != latin:
        return "en" if latin > hangul else "ko"
    return "ko" if hangul_ratio(text) >= KOREAN_SHARE else "en"


def is_korean(text: str) -> bool:
    return language_of(text) == "ko"


def is_english(text: str) -> bool:
    return language_of(text) == "en"


__all__ = ["KOREAN_SHARE", "Language", "QuestionError", "clean_question", "clean_text", "is_english", "is_korean",
           "language_of"]
