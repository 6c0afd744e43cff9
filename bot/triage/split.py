"""Picking the questions out of an inquiry: greetings, closings and signatures are dropped, questions found
("…나요?", "What …", "1) …"), and a short question that leans on the sentence before it ("그것도 지원되나요?") is
read together with that sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.text import ENGLISH_QUESTION_OPENERS, clean_text, is_korean
from ingestion.korean import keyword_tokens, split_sentences

_GREETING = re.compile(
    r"^(안녕하(세요|십니까)|수고(하십니다|하세요|가? ?많으십니다|많으세요)|반갑습니다|감사(합니다|드립니다)|고맙습니다|"
    r"담당자\s*님|관계자\s*님|(바쁘신|바쁘실)|답변\s*(부탁|기다리)|좋은 하루|"
    r"dear\b|hi\b|hello\b|good (morning|afternoon|evening)\b|greetings\b|to whom it may concern|"
    r"(best|kind|warm)?\s*regards\b|thanks?\b|thank you\b|sincerely\b|cheers\b|many thanks\b)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"(드림|올림|배상)\s*[.!]?$|^(tel|phone|email|e-mail|mobile|fax|전화|휴대폰|이메일)\b",
                       re.IGNORECASE)
_KO_QUESTION = re.compile(
    r"(\?|？|나요|까요|니까|는지요|은지요|인지요|가요|인가|는가|ㄴ가|던데|는지|은지|인지|할지|될지|건지|"
    r"궁금|알려\s*주|알고\s*싶|문의|여쭙|여쭤|부탁드|알 수 있|가능한지|되나|있나|맞나|"
    r"어떻게|얼마|언제|어디|누가|무엇|뭔가|뭐)"
)
_EN_QUESTION = re.compile(
    rf"(\?|^({ENGLISH_QUESTION_OPENERS})\b|\b(i would like to know|please (let|tell|advise|confirm|explain)|wondering|"
    r"could you|can you|would you)\b)",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(r"^(이런|이러한|이 경우|그런|그러한|그렇다면|그럼|그 경우|해당|this|that|it|such|"
                      r"in (that|this) case)\b",
                      re.IGNORECASE)
_ENUMERATOR = re.compile(r"^\s*(\(?\d{1,2}[.)]|[①-⑳]|[-*•◦▪]|첫째|둘째|셋째|넷째|다섯째|마지막으로)[,.]?\s*")


def clean_inquiry(text: str) -> str:
    """``bot.text.clean_text`` (NFC, control and invisible characters removed, blank runs collapsed), and blank
    lines dropped; line breaks are kept for splitting."""
    text = clean_text(text).replace("\u00a0", " ")
    return re.sub(r"\n\s*\n+", "\n", re.sub(r"[ \t]+", " ", text)).strip()


def _is_question(sentence: str) -> bool:
    if is_korean(sentence):
        return bool(_KO_QUESTION.search(sentence))
    return bool(_EN_QUESTION.search(sentence.strip()))


def _is_chatter(sentence: str) -> bool:
    """Greetings, thanks, sign-offs and signatures: nothing to triage on."""
    s = sentence.strip()
    if len(s) < 2:
        return True
    if _GREETING.match(s) and len(s) <= 60 and "?" not in s:
        return True
    return bool(_SIGN_OFF.search(s)) and len(s) <= 40


@dataclass
class Segments:
    content: list[str] = field(default_factory=list)  # every sentence that is not chatter
    questions: list[str] = field(default_factory=list)  # questions, each with the context it leans on


def split_inquiry(text: str) -> Segments:
    """Content sentences and questions of an inquiry (Kiwi sentence split, chatter dropped)."""
    sentences = [text[a:b].strip() for a, b in split_sentences(text)]
    # split_sentences leaves lines of up to 60 characters whole; split those at ?/! and sentence ends too.
    pieces: list[str] = []
    for s in sentences:
        if len(s) > 60:
            pieces.append(s)
            continue
        if is_korean(s):
            parts = re.split(r"(?<=[?？!])\s+|(?<=[다요]\.)\s+", s)
        else:
            parts = re.split(r"(?<=[?!])\s+|(?<=\.)\s+(?=[A-Z])", s)
        pieces.extend(p.strip() for p in parts if p.strip())
    seg = Segments()
    closing = False
    for raw in pieces:
        s = _ENUMERATOR.sub("", raw).strip() or raw
        if _is_chatter(s):
            closing = closing or bool(re.match(r"^(감사|고맙|thanks?|thank you|(best|kind|warm)?\s*regards|sincerely)",
                                                s, re.IGNORECASE))
            continue
        if closing and len(s) <= 40 and not _is_question(s):
            continue  # a signature line after the closing
        if _is_question(s):
            context = next((c for c in reversed(seg.content) if not _is_question(c)), None)
            if context and (len(keyword_tokens(s)) <= 4 or _ANAPHOR.match(s)):
                seg.questions.append(f"{context} {s}")  # "이런 경우 지원되나요?" leans on the sentence before
            else:
                seg.questions.append(s)
        seg.content.append(s)
    return seg
