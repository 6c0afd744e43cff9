"""Key concepts of a question and whether the evidence supports them. A similarity score cannot tell an
answerable question from a near miss ("2025년 마감일" looks like the 2025 passage); a missing concept can."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from bot.glossary import GLOSSARY, KOREAN_ALIASES, PHRASES, WEAK_TERMS, english_terms, k_brand_forms, term_forms
from ingestion.korean import _kiwi, _kiwi_lock, hangul_ratio

# Question words and generic request words: they name no concept the document must contain.
KOREAN_GENERIC = set("""
무엇 뭐 무슨 어디 언제 누구 얼마 몇 어떤 어떻게 왜 어느 어떠 내용 관련 경우 때 것 거 수 등 점 이번 해당 그 이 저
정도 부분 방법 알려 설명 요약 정리 질문 답변 문의 궁금 혹시 좀 제 저희 우리 회사 개 가지 번 및 또는 그리고
하나 여기 거기 이거 그거 저거 자세히 구체적 대략 전체적 주요 핵심 각각 모두 다른 같은 경우 사항 대해 대하 여부
비교 차이 성함 이름 명칭 종류 목록 뜻 의미 예시 부탁 확인 안내 인물 사람 가능 동안 안녕 감사 드림 수고 말씀
""".split())
_WH_DETERMINERS = {"어느", "어떤", "무슨", "몇", "어떠한"}
# Attribute words a number answers ("지원 규모는?"): the answer-type check covers them, they are not concepts.
NUMERIC_ATTRIBUTES = {"규모", "금액", "액수", "수준", "정도", "비율", "수치", "숫자", "개수",
                      "전화번호", "연락처", "번호", "전화"}
_KEEP_TAGS = {"NNG", "NNP", "SL", "SN", "XR", "SH", "NR"}
_DIGITS = re.compile(r"\d[\d,.]*")


NUMBER_WORDS = {
    "two": ("2", "두"), "three": ("3", "세"), "four": ("4", "네"), "five": ("5", "다섯"), "six": ("6", "여섯"),
    "seven": ("7", "일곱"), "eight": ("8", "여덟"), "nine": ("9", "아홉"), "ten": ("10", "열"),
    "thirteen": ("13", "열세"), "twenty": ("20", "스무"),
}


@dataclass(frozen=True)
class Concept:
    """One concept of the question: its surface forms (any one found counts) and how specific it is."""

    label: str
    forms: tuple[str, ...]
    specific: bool  # numbers, years, names, acronyms: must be present
    checkable: bool = True  # False for English words we cannot map to Korean (counted, never searched)
    asked: bool = False  # names the kind of answer ("어떤 역할"): helps pick sentences, never makes us abstain


@lru_cache(maxsize=4096)
def _analyse(text: str) -> tuple[tuple[str, str, int, int], ...]:
    with _kiwi_lock:
        return tuple((t.form, t.tag, t.start, t.len) for t in _kiwi().tokenize(text))


_lock = threading.Lock()


def question_concepts(question: str) -> list[Concept]:
    """Concepts a supporting passage must contain. Korean nouns are merged into the compounds the question
    wrote (수출바우처), numbers keep their units (2026년 → 2026), English words map through the glossary."""
    concepts: list[Concept] = []
    if hangul_ratio(question) < 0.3:
        for term in english_terms(question):
            written_as_name = term.upper() in question and term not in GLOSSARY and term not in WEAK_TERMS
            if term in PHRASES:
                concepts.append(Concept(term, term_forms(term), specific=False))
            elif written_as_name:  # TIPS, K-GLOBAL, CBAM: must appear as written
                concepts.append(Concept(term, (term,), specific=True))
            elif k_brand_forms(term):
                concepts.append(Concept(term, term_forms(term), specific=False))
            elif term in WEAK_TERMS:
                continue
            elif term in GLOSSARY:
                concepts.append(Concept(term, GLOSSARY[term], specific=False))
            elif re.fullmatch(r"[a-z]{2,}", term) is None or term.upper() in question:
                concepts.append(Concept(term, (term,), specific=True))
            else:
                concepts.append(Concept(term, (), specific=False, checkable=False))
        for word in re.findall(r"[a-z]+", question.lower()):
            if word in NUMBER_WORDS:
                digit, native = NUMBER_WORDS[word]
                forms = (f"{digit}가지", f"{digit}개", f"{native}가지", digit)
                concepts.append(Concept(word, forms, specific=False))
        for num in _DIGITS.findall(question):
            concepts.append(Concept(num, number_forms(num.rstrip(".,")), specific=True))
        return _dedupe(concepts)
    previous = ""
    for form, tag, _start, _len in _analyse(question):
        base = tag.split("-")[0]
        after_wh = previous in _WH_DETERMINERS
        previous = form
        if base not in _KEEP_TAGS or form in KOREAN_GENERIC or form in NUMERIC_ATTRIBUTES:
            continue
        if after_wh and base in ("NNG", "NNB"):
            # "어느 나라", "어떤 역할", "몇 년": the noun after a question determiner names the kind of answer.
            concepts.append(Concept(form, (form,), specific=False, asked=True))
            continue
        if base == "SN":
            concepts.append(Concept(form, number_forms(form.rstrip(".,")), specific=True))
        elif base == "SL":
            if len(form) >= 2:
                concepts.append(Concept(form.lower(), (form,), specific=True))
        elif form in KOREAN_ALIASES:
            concepts.append(Concept(form, (form, *KOREAN_ALIASES[form]), specific=False))
        elif base == "NNP":
            concepts.append(Concept(form, (form,), specific=len(form) >= 2))
        elif len(form) >= 2 or base == "XR":
            concepts.append(Concept(form, (form,), specific=False))
    return _dedupe(concepts)


def number_forms(number: str) -> tuple[str, ...]:
    """A year is also written '14 or ‘14 in Korean tables; other numbers must appear as written."""
    if re.fullmatch(r"(19|20)\d\d", number):
        short = number[2:]
        return (number, *(q + short for q in "'‘’`"))
    return (number,)


def head_concept(question: str, concepts: list[Concept]) -> Concept | None:
    """The concept the question asks about: in Korean, the last content noun ("… 신청 마감일은 언제?")."""
    if hangul_ratio(question) < 0.3:
        return None
    nouns = [c for c in concepts if c.checkable and not c.specific and not c.asked]
    return nouns[-1] if nouns else None


def _dedupe(concepts: list[Concept]) -> list[Concept]:
    seen: set[str] = set()
    out = []
    for c in concepts:
        if c.label not in seen:
            seen.add(c.label)
            out.append(c)
    return out


def squash(text: str) -> str:
    """Compare texts with whitespace removed and middle dots unified (수출 바우처 = 수출바우처)."""
    return re.sub(r"\s+", "", text).replace("‧", "·").replace("ㆍ", "·").lower()


def unsupported(concepts: list[Concept], evidence: str) -> list[Concept]:
    """Concepts none of whose forms occur in ``evidence``."""
    flat = squash(evidence)
    missing = []
    for c in concepts:
        if not c.checkable or c.asked:
            continue
        if any(squash(f) in flat for f in c.forms):
            continue
        # A compound that shares its first two syllables with the evidence (협력사 ~ 협력기업) is a paraphrase.
        if any(len(f) >= 3 and re.fullmatch(r"[가-힣]+", f) and f[:2] in flat for f in c.forms):
            continue
        missing.append(c)
    return missing
