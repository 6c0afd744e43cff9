"""Stage 1, prepare: what the question asks before anything is retrieved — its language, the conversation it
leans on, the kind of fact wanted (figure, date, person), the notice fields it names and whether it asks for
one fact, a list, a count or a comparison."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.answering.edition_words import edition_offsets, edition_years, single_offset
from bot.answering.fact_types import HAS_DATE, HAS_DAY, HAS_DEADLINE, HAS_END, answer_types
from bot.answering.fields import NoticeField, asked_fields, asked_part, date_fields_of_action, own_matter
from bot.concepts import Concept, deixis_years, question_concepts, squash
from bot.models import Turn
from bot.noun_phrases import other_case_removed
from bot.text import language_of

_LIST = re.compile(
    r"무엇무엇|어떤\s*것들|뭐가\s*있|무엇이\s*있|어떤\s*\S+(들|이|가)\s*있|종류|목록|나열|모두\s*(알려|말해|뭐|무엇)"
    r"|\d+\s*가지[^?]*(무엇|뭐|어떤|알려)|각각|\bwhat are (the|all)\b|\blist\b|\bwhich (are|ones)\b"
    r"|\bname (the|all)\b|\bwhat kinds?\b",
    re.IGNORECASE,
)
# "Which documents need to …", "What trade shows can we join?": a plural asked for by which/what, then its verb.
_WHICH_PLURAL = re.compile(
    r"\b(?:which|what)\s+(?P<noun>(?:[a-z-]+\s+){0,2}?[a-z]+[^su\s]s)\s+(?:need|are|were|do|does|did|have|has|"
    r"can|could|must|should|will|apply|qualify|count|require)\b", re.IGNORECASE)


def listed_words(question: str) -> list[str]:
    """The words of the plural an English question asks for by which/what, last (the noun itself) first."""
    m = _WHICH_PLURAL.search(question)
    return list(reversed(m.group("noun").lower().split())) if m else []
_COUNT = re.compile(r"몇\s*(개|가지|단계|곳|건|차례)|\bhow many\b", re.IGNORECASE)
_COMPARE = re.compile(
    r"비교|차이|달라진|바뀐\s*점|변경\s*사항|\bcompare|\bdifference|\bversus\b|\bvs\.?\b|\bchanged?\b", re.IGNORECASE
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# Pronoun-like openings that lean on the conversation ("그 사업의", "이 공고는", "what about it").
_ANAPHOR = re.compile(
    r"^(그|이|저|해당|위|그럼|그러면|그건|그게|그거|이거|그것|이것|거기)(\s|[은는이가을를의도에로]|$)"
    r"|^(and|what about|how about)\b|\b(it|its|that|this|those|they|them)\b",
    re.IGNORECASE,
)


# A question about what a correction or extension changed names the change.
_ASKS_CHANGE = re.compile(r"정정|변경|바뀌|바뀐|수정|연장|연기|미뤄|늦춰|correct|amend|change|extend|postpone|revis",
                          re.IGNORECASE)


def _named_years(question: str, resolved: str, by_title: tuple[str, ...]) -> tuple[str, ...]:
    """The years the (resolved) question names. A year only in the clause telling the asker's situation ("저희가
    2033년에 이 사업 지원받았거든요. 올해 또 신청 돼요?") says when something happened to them, not which edition
    is asked — unless written beside a word of a title ("2033년 공고로 지원받았는데")."""
    situation = question[: len(question) - len(asked_part(question))]
    rest = set(_YEAR.findall(resolved.replace(situation, " ", 1) if situation else resolved))
    return tuple(y for y in dict.fromkeys(_YEAR.findall(resolved)) if y in rest or y in by_title)


def asks_change(question: str) -> bool:
    """The question asks what changed — in what it asks, not in the asker's situation told before it ("정정 전에
    이미 신청했으면 다시 내야 돼요?" asks about applying again)."""
    return bool(_ASKS_CHANGE.search(asked_part(question)))


@dataclass(frozen=True)
class Prepared:
    """The question as the later stages need it."""

    text: str  # cleaned, as asked
    resolved: str  # with the conversation's subject attached when it is a follow-up
    language: Literal["ko", "en"]  # the language the answer is framed in
    concepts: list[Concept]
    wanted: list[re.Pattern[str]]  # kinds of fact asked for
    fields: tuple[NoticeField, ...]  # notice fields asked for
    intent: str  # "fact" | "list" | "count" | "compare"
    years: tuple[str, ...]  # years the question names (an edition it asks about)
    followup: bool = False
    # Years that name the edition asked about ("지원사업 2025년에는", "2025년 공고"), not a figure's year ("2025년
    # 매출액"): the answer must come from that year's edition or say that year itself.
    edition_years: tuple[str, ...] = ()
    # Concepts that name an asked field ("budget" → 예산), with that field: the field line answers them.
    field_cued: tuple[tuple[Concept, NoticeField], ...] = ()
    # Years the question names from today ("작년" asked in 2026 → "2025"): a sentence writing one is about it.
    deixis_years: tuple[str, ...] = ()
    # An edition named from now ("작년엔" → -1): which one is found among the program's editions (edition_words).
    edition_offset: int = 0
    # Several editions named from now ("작년이랑 올해 각각"): each one's line is asked, as in a comparison.
    compared_offsets: tuple[int, ...] = ()
    # What the question asks, without the asker's situation: of this question when it asks something itself ("그
    # 분야는 한도가 얼마예요?"), of the question it resolves to when it only names a new subject ("작년엔요?") —
    # the previous question's words ("… 몇 퍼센트 대 줘요?") ask nothing of a follow-up with its own ask.
    asking: str = ""


def intent_of(question: str) -> str:
    if _COMPARE.search(question):
        return "compare"
    if _COUNT.search(question):
        return "count"
    if _LIST.search(question) or _WHICH_PLURAL.search(question):
        return "list"
    return "fact"


# An English question about "the fee", "the deadline" names a thing of the program being talked about.
_DEFINITE = re.compile(r"^(?:is|are|was|were|does|do|did|can|will|what|when|how|who|where)\b.*\bthe\b", re.IGNORECASE)


def is_followup(question: str, concepts: list[Concept], anchored: bool,
                fields: tuple[NoticeField, ...] = ()) -> bool:
    """A question leans on the conversation when it names nothing that identifies its subject (no name,
    number or term found in a document title) and either opens with a pronoun or has at most one concept
    besides the words that name the notice field it asks for ("접수 마감은 언제예요?" asks a field of no
    program). "이번 2026년 스마트 공고의 한도는?" names its subject and stands alone whatever its first word."""
    if anchored:
        return False
    own = [c for c in concepts if not c.asked and not any(f.worded_by(form) for f in fields for form in c.forms)]
    return bool(_ANAPHOR.search(question.strip())) or len(own) <= 1 or _DEFINITE.search(question) is not None


# "그럼 사후관리 지원사업은요?", "What about the aftercare programme?": a new subject, the previous question's ask.
_ELLIPTIC = re.compile(
    r"^(그럼|그러면|그렇다면|and|what about|how about)\b|(?<=[가-힣A-Za-z0-9])(은|는)요\s*[?？]*\s*$", re.IGNORECASE
)
_WORD_STEM = re.compile(r"^[가-힣A-Za-z0-9·&-]+")


def _without_subject(question: str, titles: str) -> str:
    """The previous question minus the words that name its program (found in some document title), so its ask
    ("지원 한도는?") can be put to a new subject."""
    kept = []
    # The words that ask for its field stay even when a title holds them ("신청 기간" of "… 신청 기간 연장 공고").
    cues = {squash(cue) for f in asked_fields(question) for cue in f.cues}
    for word in question.split():
        stem = _WORD_STEM.match(word)
        core = squash(stem.group(0)) if stem else ""
        if re.search(r"\d", core):  # a year or number ("2025년") says which edition: it stays
            kept.append(word)
            continue
        asks = any(len(core) >= 2 and (core in cue or core[:-1] in cue) for cue in cues)
        if len(core) >= 2 and (core in titles or core[:-1] in titles and len(core) > 2) and not asks:
            continue
        kept.append(word)
    return " ".join(kept)


def _without_cues(question: str) -> str:
    """The question without the words that ask for its notice fields ("… 지원 한도는 얼마예요?" → "… 지원 는
    얼마예요?"): what is left names its subject."""
    spaced = re.sub(r"\s+", " ", question)
    for f in asked_fields(spaced):
        for cue in sorted(f.cues, key=len, reverse=True):
            pattern = rf"\b{re.escape(cue)}\w*" if cue.isascii() else re.escape(cue)
            spaced = re.sub(pattern, " ", spaced, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", spaced).strip()


_YEAR_WORD = re.compile(r"(?<!\d)(?:19|20)\d\d\s*(?:년도|년)?")


def prepare(question: str, history: list[Turn], anchored: bool, history_turns: int = 3, titles: str = "",
            anchors: Callable[[str], bool] | None = None, this_year: int | None = None) -> Prepared:
    """``anchored``: whether the question itself names a document's subject (decided by the caller, who knows
    the index; ``titles`` are the documents' titles squashed); ``anchors`` decides it for earlier questions, which
    are then read as they were resolved. Only the last ``history_turns`` user turns are read, so the cost stays
    that of a few questions."""
    language = language_of(question)
    concepts = question_concepts(question)
    asked_before = [t for t in history if t.role == "user" and t.content.strip()][-history_turns:]
    previous = [t.content for t in asked_before]
    if previous and anchors is not None and history_turns > 1:
        # The previous question as it was understood: "문의는요?" after "제출 서류는요?" asks of the subject that
        # question leaned on, not of a question with none.
        previous[-1] = prepare(previous[-1], asked_before[:-1], anchors(previous[-1]), history_turns - 1, titles,
                               anchors).resolved
    own_fields = own_matter(question, asked_fields(question), titles)
    followup = bool(previous) and is_followup(question, concepts, anchored, own_fields)
    # A follow-up that asks for a field ("신청 기간은요?", "And the deadline?") asks it of the previous question's
    # subject: the previous question's own field is not asked again.
    offsets = edition_offsets(question, titles)
    offset = single_offset(offsets)
    if followup and offset:
        # "작년엔 언제까지였어?" after "2028년 … 신청 기간": the previous question's year is not the one asked.
        previous[-1] = _YEAR_WORD.sub(" ", previous[-1])
    if previous and _ELLIPTIC.search(question.strip()):
        # "해외 쇼핑몰 입점 분야는요?" after "라이브커머스 분야 비율은?": the new kind of 분야 replaces the old one.
        previous[-1] = other_case_removed(previous[-1], question, titles)
    resolved = f"{_without_cues(previous[-1]) if own_fields else previous[-1]} {question}" if followup else question
    if previous and not followup and _ELLIPTIC.search(question.strip()):
        if own_fields and not anchored:
            followup = True
            resolved = f"{_without_cues(previous[-1])} {question}"
        elif not own_fields and all(c.specific and _YEAR.fullmatch(c.label) for c in concepts):
            # Only a year ("2026년은요?"): the same question of another edition.
            followup = True
            resolved = f"{_YEAR_WORD.sub(' ', previous[-1])} {question}"
        elif not own_fields:
            ask = _without_subject(previous[-1], titles)
            if ask:
                followup = True
                resolved = f"{question} {ask}"
    if followup:
        concepts = question_concepts(resolved)
    # What is asked comes from this question; only an elliptic follow-up ("그럼 X은요?") takes the previous ask.
    fields = own_fields or (own_matter(resolved, asked_fields(resolved), titles) if followup else ())
    # The kind of fact asked is in what the question asks: "마감일에 임시저장만 해놨는데" asks no date.
    own_wanted = answer_types(asked_part(question), fields)
    wanted = own_wanted or (answer_types(resolved, fields) if followup else [])
    if own_fields != asked_fields(question):  # another matter's deadline ("정산 마감"): a day that ends it
        wanted = [p for p in wanted if p not in (HAS_DATE, HAS_DAY)] + [HAS_DEADLINE]
    asking = asked_part(question if own_wanted or own_fields or not followup else resolved)
    if not fields and {HAS_DATE, HAS_DAY, HAS_END} & set(wanted):  # "언제까지 신청해야" too
        fields = date_fields_of_action(concepts)
    by_title = edition_years(question, titles)
    return Prepared(
        text=question, resolved=resolved, language=language, concepts=concepts,
        wanted=wanted, fields=fields, intent=intent_of(question),
        years=_named_years(question, resolved, by_title), followup=followup,
        edition_years=by_title,
        deixis_years=deixis_years(question, this_year if this_year is not None else date.today().year),
        edition_offset=offset, compared_offsets=offsets if len(offsets) >= 2 else (), asking=asking,
    )
