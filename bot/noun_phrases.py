"""Nouns a question writes as one phrase: the modifier before a noun says which kind of it is asked ("현장 평가",
"여성 대표 기업", "renewal fee"), and the nouns a passage compounds with the same noun say which kinds it states."""

from __future__ import annotations

import re

from bot.concepts import Concept
from bot.english import may_be_noun
from bot.glossary import ENGLISH_STOPWORDS, stem
from bot.tokens import analyse

# An English word as a question writes it; hyphenated parts ("per-tonne") are words of their own.
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def head_modifier(question: str, head: Concept, concepts: list[Concept]) -> Concept | None:
    """The noun written right before the head as one compound with it ("현장 평가", "2차 모집"): it says which
    kind of the head is asked, so the head with another modifier ("서면 평가") is not what is asked."""
    tokens = analyse(question)
    for i in range(len(tokens) - 1, 0, -1):
        form, tag, start, _len = tokens[i]
        if form != head.label and not (i > 0 and tokens[i - 1][1] == "XPN" and tokens[i - 1][0] + form == head.label):
            continue
        j = i - 1 if form == head.label else i - 2
        if j < 0:
            return None
        previous, previous_tag, previous_start, previous_len = tokens[j]
        between = question[previous_start + previous_len:tokens[j + 1][2]]
        if not previous_tag.startswith(("NNG", "NNP")) or between.strip():
            return None
        return next((c for c in concepts if c.label == previous and c is not head), None)
    return None


def modified_nouns(question: str, modifier: str, span: int = 2) -> list[str]:
    """The nouns written after ``modifier`` as one noun phrase with it, nearest first ("여성 대표 기업" → 대표,
    기업): each may be the thing of which the modifier names a kind."""
    tokens = analyse(question)
    for i, (form, tag, start, length) in enumerate(tokens):
        # Only a noun names a kind: a root ("비롯" of 비롯해, XR) or a verb does not.
        if form != modifier or not tag.startswith(("NNG", "NNP")):
            continue
        nouns, end = [], start + length
        for nxt, nxt_tag, nxt_start, nxt_len in tokens[i + 1:i + 1 + span]:
            if not nxt_tag.startswith(("NNG", "NNP")) or question[end:nxt_start].strip():
                break
            nouns.append(nxt)
            end = nxt_start + nxt_len
        return nouns
    return []


def compounds_of(head: str, text: str) -> set[str]:
    """The nouns ``text`` writes right before ``head`` as one compound with it ("서면 평가", "발표평가" → 서면,
    발표); a word with a particle before it ("목표로 설립된") is none."""
    if head not in text:
        return set()
    tokens = analyse(text)
    return {tokens[i - 1][0] for i in range(1, len(tokens))
            if tokens[i][0] == head and tokens[i - 1][1] in ("NNG", "NNP") and len(tokens[i - 1][0]) >= 2
            and not text[tokens[i - 1][2] + tokens[i - 1][3]:tokens[i][2]].strip()}


def other_kinds_named(written: str, asked: str) -> set[str]:
    """Nouns ``written`` compounds before a noun that ``asked`` also compounds, with other nouns only ("올해 마케팅
    분야로 신청" written, "올해 디자인 분야로 신청" asked → 마케팅): ``written`` speaks of another kind of that thing.
    A noun ``asked`` writes bare ("같은 분야로") names no kind, and leaves every kind open."""
    words = {form for form, tag, _s, _l in analyse(asked) if tag in ("NNG", "NNP")}
    out: set[str] = set()
    for noun in (w for w in words if w in written):
        kinds = compounds_of(noun, asked)
        if kinds:
            out |= compounds_of(noun, written) - words  # a word the question writes elsewhere is no other kind
    return out


def latin_compounds(question: str, concepts: list[Concept]) -> list[tuple[Concept, Concept]]:
    """Pairs of English nouns written one right after the other, both concepts of the question ("renewal fee",
    "transit permit"): the first says which kind of the second is asked. A mark between them other than a space
    or a hyphen ("fee, renewal") parts them. An adjective ("online", "wooden") or a verb ("enter Veloria") is left
    out: written before a noun it named the kind asked in some questions and was merely left unwritten on the page
    in more (checked on the tune and unseen splits)."""
    by_label = {c.label: c for c in concepts}
    words = [(m.start(), m.end(), by_label.get(stem(m.group(0).lower())) if may_be_noun(m.group(0).lower()) else None)
             for m in _LATIN_WORD.finditer(question)]
    return [(a, b) for (_, end, a), (start, _, b) in zip(words, words[1:], strict=False)
            if a is not None and b is not None and a is not b and question[end:start] in (" ", "-")]


def other_kinds(text: str, concepts: list[Concept]) -> set[str]:
    """English nouns ``text`` writes right before a noun of the question that the question does not write
    ("registration fee" when a transit permit's fee is asked): the line states that other kind's figure."""
    labels = {c.label for c in concepts}
    words = [(m.start(), m.end(), stem(m.group(0).lower())) for m in _LATIN_WORD.finditer(text)]
    return {a for (_, end, a), (start, _, b) in zip(words, words[1:], strict=False)
            if b in labels and a not in labels and text[end:start] in (" ", "-") and may_be_noun(a)}


# Numerals a count is written with ("두 개 분야", "세 분야", "1개 분야만"): figures and the native ones before a noun.
_NATIVE = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6}


# A count that bounds ("최대 3개 분야까지", "2개 분야 이상") states a rule, not a case.
_BOUNDS_BEFORE = frozenset({"최대", "최소", "최고", "최저"})
_BOUNDS_AFTER = frozenset({"까지", "이상", "이하", "미만", "초과", "이내"})


def counted(text: str) -> dict[str, set[int]]:
    """The nouns ``text`` counts and the numbers it counts them with ("입점이랑 현지화 두 개 분야" → 분야: {2}); a
    bound ("최대 3개 분야까지") counts no case."""
    tokens = analyse(text)
    out: dict[str, set[int]] = {}
    for i, (form, tag, _s, _l) in enumerate(tokens):
        number = int(form) if tag == "SN" and form.isdigit() else _NATIVE.get(form) if tag in ("MM", "NR") else None
        if number is None or (i > 0 and tokens[i - 1][0] in _BOUNDS_BEFORE):
            continue
        j = i + 1
        if j < len(tokens) and tokens[j][1] == "NNB" and tokens[j][0] in ("개", "가지"):
            j += 1
        if (j < len(tokens) and tokens[j][1] == "NNG" and len(tokens[j][0]) >= 2
                and not (j + 1 < len(tokens) and tokens[j + 1][0] in _BOUNDS_AFTER)):
            out.setdefault(tokens[j][0], set()).add(number)
    return out


def other_counts_named(written: str, asked: str) -> set[str]:
    """Nouns both count, ``written`` with other numbers than ``asked`` ("1개 분야만 지원받았습니다" written, "두 개
    분야 지원받았어요" asked → 분야): ``written`` speaks of another case."""
    mine, theirs = counted(asked), counted(written)
    return {noun for noun in mine.keys() & theirs.keys() if mine[noun].isdisjoint(theirs[noun])}


_NOUN_TAGS = ("NNG", "NNP", "SL", "SN", "NR", "XPN", "XSN")
_LATIN_AFTER = re.compile(r"\s+(?:for|under|over|with|without|of|in|from|made)\s+\w", re.IGNORECASE)


def _noun_spans(text: str) -> list[tuple[str, int, int, bool]]:
    """Each noun of ``text`` with its span and whether a word written with it as one phrase names a kind of it
    ("3세 미만 완구", "toys for babies", "battery-powered toys")."""
    spans: list[tuple[str, int, int, bool]] = []
    tokens = analyse(text)
    for i, (form, tag, start, length) in enumerate(tokens):
        if tag == "XSN" and spans and spans[-1][2] == start:  # 현지화, 참가비: the suffix is of the noun before
            spans[-1] = (*spans[-1][:2], start + length, spans[-1][3])
        if tag not in ("NNG", "NNP", "SL", "XR"):  # XR: a root written as a noun's first part (상세페이지)
            continue
        gap = text[tokens[i - 1][2] + tokens[i - 1][3]:start] if i > 0 else "."
        before = i > 0 and tokens[i - 1][1] in _NOUN_TAGS and not gap.strip(" -") and not (
            tokens[i - 1][1] == "SL" and stem(tokens[i - 1][0].lower()) in ENGLISH_STOPWORDS)  # "those toys"
        after = tag == "SL" and _LATIN_AFTER.match(text, start + length) is not None
        word = stem(form.lower()) if tag == "SL" else form
        if tag == "SL" and word in ENGLISH_STOPWORDS:
            continue
        spans.append((word, start, start + length, before or after))
    return spans


def other_case_removed(previous: str, question: str, keep: str = "") -> str:
    """``previous`` without the words that name its own kind of a noun ``question`` names with a kind of its own:
    after "라이브커머스 분야 비율은?", "해외 쇼핑몰 입점 분야는요?" asks the 비율 of 입점 분야, not of both. Words
    ``keep`` holds (the titles, squashed: the program's name) stay."""
    own = _noun_spans(question)
    kinds = {word for word, _s, _e, modified in own if modified}
    if not kinds:
        return previous
    named = {word for word, _s, _e, _m in own}  # a word the follow-up writes too bounds the old kind's words
    spans = _noun_spans(previous)
    cut: list[tuple[int, int]] = []
    for i, (word, _start, _end, _modified) in enumerate(spans):
        if word not in kinds:
            continue
        j = i - 1
        while j >= 0 and not previous[spans[j][2]:spans[j + 1][1]].strip(" -"):
            if spans[j][0].lower() in keep or spans[j][0] in named:
                break
            cut.append((spans[j][1], spans[j + 1][1]))
            j -= 1
    for start, end in sorted(cut, reverse=True):
        previous = previous[:start] + previous[end:]
    return re.sub(r"\s+", " ", previous).strip()
