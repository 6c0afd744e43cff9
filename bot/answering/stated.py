"""What the chosen sentences state, checked against what the question asks for: the kind of fact (a figure, a
date, a share) and the notice field. Part of stage 5, decide: a sentence near the question that states no such fact
answers nothing, and the answer abstains instead of quoting it."""

from __future__ import annotations

import re

from bot.answering.evidence import Candidate
from bot.answering.fact_types import (
    ASKS_UNTIL,
    HAS_DATE,
    HAS_DAY,
    HAS_DEADLINE,
    HAS_END,
    HAS_MONEY,
    HAS_SHARE,
    STRICT_TYPES,
    TYPE_BY_NAME,
    VISIBLE_TYPES,
    asks_whether,
)
from bot.answering.fields import NoticeField, asked_fields
from bot.answering.items import ITEM_LINE
from bot.answering.prepare import Prepared
from bot.answering.units import counts_things
from bot.concepts import Concept, squash
from ingestion.notice import TABLE_SEP


def unmet_types(prepared: Prepared, chosen: list[Candidate]) -> list[re.Pattern[str]]:
    """Strict kinds of fact asked for (a figure, a date, a share) that no chosen sentence about the question
    states: the sentence must hold some of what is asked beyond the program's name, or follow one that does
    (the figure is often in the next sentence) — a date elsewhere in the notice answers nothing. A notice field
    asked for ("마감일" → 신청 기간) answers its own kind, but a figure must still be written."""
    # A verb-noun ("선정되면", "체결해야") says what happens, not what the figure or date is of.
    labels = ({c.label for c in prepared.concepts if c.checkable and not c.asked and not c.predicate}
              or {c.label for c in prepared.concepts if c.checkable and not c.asked})

    # A word the glossary does not know that the asker's situation names ("We export vitamin tablets") picks the
    # case a sentence is about (the "Vitamin …" row of a table of classes).
    told = {c.label for c in prepared.concepts if c.background and not c.checkable and not c.asked}

    def is_about(c: Candidate) -> bool:
        rest = labels - c.subject  # what the question asks beyond the program's name
        return c.field_match or not rest or bool(c.covers & (rest | told))

    about = [c for c in chosen if is_about(c)]
    near = {(c.chunk_id, c.index + d) for c in about for d in (-1, 1)}
    # The items under a line that only names its list ("○ 기업 규모별 지원 한도" / "- 소기업: …") are what it states.
    listing = {c.doc_id for c in about if c.field is not None and not c.field.value}
    # A neighbour completes a sentence; a field line beside it ("○ 결과 발표: …") states another fact.
    # So are the rows of a table quoted beside a sentence about the question, read with their column names.
    tabled = {c.chunk_id for c in about}
    relevant = [c for c in chosen if c in about or ((c.chunk_id, c.index) in near and c.field is None)
                or (c.doc_id in listing and ITEM_LINE.match(c.text))
                or (c.chunk_id in tabled and c.read_text != c.text)]
    fielded = any(c.field_match for c in chosen)
    # A date that ends a period opened by the event asked about ("사업 기간: 협약일 ~ 2029. 10. 31." for "협약은
    # 며칠에 해요?") is not that event's date; it is when asked until when ("협약 후 언제까지 …").
    events = ([] if ASKS_UNTIL.search(prepared.resolved)
              else [form for c in prepared.concepts if c.label in labels for form in c.forms
                    if re.search("[가-힣]", form)])

    def dated(c: Candidate) -> str:
        return _without_ranges_from(_without_editions(c), events)

    return [pat for pat in prepared.wanted if pat in STRICT_TYPES and not (fielded and pat not in VISIBLE_TYPES)
            and not any(pat.search(dated(c) if pat in (HAS_DATE, HAS_DAY, HAS_DEADLINE, HAS_END) else c.read_text)
                        for c in relevant)]


_RANGE_FROM_WORD = re.compile(r"([가-힣]+?)(?:로부터|부터)?\s*[~∼～]\s*[^~∼～,;|]*")


def _without_ranges_from(text: str, events: list[str]) -> str:
    """``text`` without the end of each range whose start is a word holding one of the ``events``' Korean forms
    (협약일 ~ …)."""
    if not events:
        return text

    def strip(m: re.Match[str]) -> str:
        return m.group(1) if any(form in m.group(1) for form in events) else m.group(0)

    return _RANGE_FROM_WORD.sub(strip, text)


_YEAR_BEFORE_WORD = re.compile(r"(?:19|20)\d\d\s*년도?\s+([가-힣]+)")
_PARTICLE = re.compile(r"(?:의|에|에서|은|는|을|를|이|가|도|과|와)?")  # a particle, or nothing


def _without_editions(c: Candidate) -> str:
    """The sentence without the years that name an edition of a program ("2025년 수출물류비 지원사업에 참여한
    기업"): a year before a word of its document's title is the program's name, not a date that answers."""
    title = squash(c.doc.title)

    def edition(m: re.Match[str]) -> bool:
        word = m.group(1)
        # A word of three syllables or more, or one of two with a particle or nothing after it ("2030년 사업의").
        return (any(word[:n] in title for n in range(len(word), 2, -1))
                or (word[:2] in title and _PARTICLE.fullmatch(word[2:]) is not None))

    return _YEAR_BEFORE_WORD.sub(lambda m: " " if edition(m) else m.group(0), c.text)


def unmet_fields(prepared: Prepared, chosen: list[Candidate]) -> list[str]:
    """Fields asked for that no chosen sentence states, as the field line or in words that name it: a date
    elsewhere in the text ("2027년까지") is not the application deadline, a sentence about the program without
    the word "예산" does not give its budget."""
    if not prepared.fields or any(c.field_match for c in chosen) or asks_whether(prepared.asking):
        return []
    text = squash(" ".join(c.text for c in chosen))
    # A word of the question that names the field ("budget", "한도") was not required as a concept because the
    # field line words it otherwise; with no field line chosen, the word itself must be there, or the field's kind
    # of value (an amount, a share, a date, a phone) with one of the field's label words in the same sentence: a
    # per-company limit is an amount, not the budget, and "총 사업비의 70%" beside it does not make it one. Fields
    # answered in words (대상, 내용) ask nothing.
    def states(pattern: re.Pattern[str], labels: tuple[str, ...], sentence: str) -> bool:
        # A table row's cells are statements apart: in "기초 단계 | 총 사업비의 65% | 1억원", 1억원 is another
        # column's amount, not the 사업비.
        return any(cell_states(pattern, labels, cell) for cell in sentence.split(TABLE_SEP))

    def cell_states(pattern: re.Pattern[str], labels: tuple[str, ...], sentence: str) -> bool:
        # An amount field (예산, 한도) is an amount: "총 사업비의 70%" is a share of it.
        found = [m.group() for m in pattern.finditer(sentence)]
        if pattern is HAS_MONEY:
            found = [f for f in found if not f.rstrip().endswith(("%", "퍼센트"))]
        return bool(found) and any(squash(w) in squash(sentence) for w in labels)

    # An amount field asked for an amount ("예산은 얼마예요?") is stated by an amount beside its word: "수출 예산의
    # 20%" holds the word and a share, not the budget.
    amount_asked = HAS_MONEY in prepared.wanted and HAS_SHARE not in prepared.wanted
    unmet = [c.label for c, f in prepared.field_cued
             if f.answer_type in TYPE_BY_NAME
             and (not any(squash(form) in text for form in c.forms)
                  or (f.answer_type in ("money", "amount") and amount_asked))
             and not any(states(TYPE_BY_NAME[f.answer_type], _value_words(f, c), s.text) for s in chosen)
             and not (_cue_word(c, f) and _BOUND.search(text))]
    cued = asked_fields(prepared.text)
    # A number field (선정 규모) is a number of things: a phone number, a date or an amount counts none, and an
    # edition that lacks the field must not answer with another field's figure ("○ 지원 한도: 1억원").
    uncounted = [f.name for f in prepared.fields if f.answer_type == "number"
                 and not any(counts_things(c.text) for c in chosen)]
    return unmet + uncounted + [f.name for f in prepared.fields if f.answer_type == "date" and not any(
        squash(word) in text for word in _date_words(f, f in cued) if len(squash(word)) >= 2)]


# Words that make an amount a limit ("기업당 최대 2,500만원", "up to a maximum of", "a fine of up to"): a field
# that is worded by one (지원한도: "최대 얼마", "maximum") is stated by an amount beside any of them.
_LIMIT_WORDS = ("최대", "상한", "maximum", "up to")


# A figure that bounds ("정부 지원금의 30%까지", "500만원 이내"): the answer to "최대 얼마" even when it is a share.
_BOUND = re.compile(r"(?:\d\s*%|퍼센트|\d\s*원|만원|억원|달러)\s*(?:까지|이내|이하)")


def _cue_word(c: Concept, f: NoticeField) -> bool:
    """``c`` is only a word of one of the field's cues ("최대" of "최대 얼마"), not a cue or label itself."""
    whole = {squash(x) for x in (*f.cues, *f.labels)}
    return not any(squash(form) in whole for form in (c.label, *c.forms))


def _value_words(f: NoticeField, asked: Concept) -> tuple[str, ...]:
    """The words of which one must stand beside the field's value in a sentence that states it."""
    limits = _LIMIT_WORDS if any(f.worded_by(w) for w in _LIMIT_WORDS) else ()  # "maximum" is stated by "up to"
    return (*f.labels, *asked.forms, *limits, *f.statement_words)


def _date_words(f: NoticeField, cued: bool) -> tuple[str, ...]:
    """Words that say a date is the field's: its labels and cues, and the event a "…일" label dates ("발표했다"
    dates a 발표일, "시행한다" a 시행일). A field the question asks only by its verb ("갱신은 언제까지 신청해야")
    is dated by a sentence with that action ("만료 60일 전까지 갱신 신청"); one its own words ask for (``cued``)
    is not."""
    events = tuple(label[:-1] for label in f.labels if label.endswith("일") and len(label) >= 3)
    words = (*f.labels, *f.cues, *events, *f.statement_words)
    return words if cued else (*words, *(label[:2] for label in f.labels if re.match(r"[가-힣]{2}", label)))
