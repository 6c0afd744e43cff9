"""Stage 1, prepare: what the question asks before anything is retrieved — its language, the conversation it
leans on, the kind of fact wanted (figure, date, person), the notice fields it names and whether it asks for
one fact, a list, a count or a comparison."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Literal

from bot.answering.edition_words import edition_offsets, edition_years, single_offset
from bot.answering.fact_types import HAS_DATE, HAS_DAY, HAS_DEADLINE, HAS_END, answer_types
from bot.concepts import TIME_DEIXIS, Concept, deixis_years, question_concepts, squash
from bot.models import Turn
from bot.situation import background_end, english_background_end
from bot.text import is_english, language_of
from bot.tokens import analyse
from bot.vocab import table

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


def asked_part(question: str) -> str:
    """The question without the asker's situation told before it ("마감날 임시저장만 해놨는데 | 접수된 거 맞죠?")."""
    return question[english_background_end(question) if is_english(question) else background_end(question):]


def asks_change(question: str) -> bool:
    """The question asks what changed — in what it asks, not in the asker's situation told before it ("정정 전에
    이미 신청했으면 다시 내야 돼요?" asks about applying again)."""
    return bool(_ASKS_CHANGE.search(asked_part(question)))


@dataclass(frozen=True)
class NoticeField:
    """A field notices state as "○ 항목: 값" (신청기간, 지원한도 …), what answers it and how questions ask."""

    name: str
    answer_type: str
    labels: tuple[str, ...]
    cues: tuple[str, ...]
    # Words that make a sentence state this field without its label: a date "부터" / "From 1 March" is when a
    # rule starts to apply; "… 지원하지 않음" states an exclusion.
    statement_words: tuple[str, ...] = ()

    def stated_in(self, flat: str) -> bool:
        """The sentence (``squash``ed) words this field by one of its statement words ("창고 보관료는 지원하지
        않음")."""
        return any(w in flat for w in self.statement_words)

    def worded_by(self, form: str) -> bool:
        """``form`` is a word of this field's own labels or cues ("담당" of 담당자, "신청" of 신청 방법, "contact"):
        a question word that says which field is asked, not what the answer must also contain."""
        key = squash(form)
        if len(key) < 2:
            return False
        if re.search(r"[가-힣]", key):
            return any(key in squash(w) for w in (*self.cues, *self.labels))
        return any(key in w.lower().split() for w in self.cues)

    def labels_line(self, key: str) -> bool:
        """True when a field label (spaces removed) names this field: it contains one of the labels, or it is
        a compound of their words ("선정 통보" from 선정결과 and 결과통보; "접수 일자" from 접수기간 and 신청일정)."""
        k = squash(key)
        if _AMENDMENT_LABEL.fullmatch(k):
            return False
        matched = [label for label in self.labels if label in k]
        if not matched:  # a compound of this field's words, unless another field's label names it ("지원 대상")
            return not any(other in k for other in _other_labels(self.name)) and _compound_of(k, *_pieces(self.labels))
        # Another field's longer label that holds the matched one names the line more precisely: "제외 대상" is
        # 제외대상's line, though it holds 대상 of 지원대상.
        return not any(len(other) > len(label) and label in other and other in k
                       for label in matched for other in _other_labels(self.name))


# A correction notice's lines about the correction itself: "○ 정정 대상: 공고 제2028-06호", "정정 사유", "변경 내용".
_AMENDMENT_LABEL = re.compile(r"(?:정정|변경|수정)[가-힣]{2}")


@cache
def _other_labels(name: str) -> frozenset[str]:
    return frozenset(label for f in notice_fields() if f.name != name for label in f.labels)


@cache
def _pieces(labels: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The two-syllable words Korean field labels are built of (신청기간 → 신청, 기간), and the last ones, which
    say what the field is (기간, 한도, 통보)."""
    compounds = [label for label in labels if re.fullmatch(r"(?:[가-힣]{2}){2,3}", label)]
    words = frozenset(label[i:i + 2] for label in compounds for i in range(0, len(label), 2))
    return words, frozenset(label[-2:] for label in compounds)


def _compound_of(key: str, words: frozenset[str], heads: frozenset[str]) -> bool:
    """``key`` is two or three of the fields' words run together and ends with one of its heads: "선정통보" is a
    결과발표 label the vocabulary does not list as a whole; "지원사업" ends with no field's head."""
    if not re.fullmatch(r"(?:[가-힣]{2}){2,3}", key) or key[-2:] not in heads:
        return False
    return all(key[i:i + 2] in words for i in range(0, len(key), 2))


@lru_cache(maxsize=4096)
def names_a_field(key: str) -> bool:
    """A line label names one of the notice fields (신청 방법, 지원 한도 …), not a team or an item."""
    return any(f.labels_line(key) for f in notice_fields())


@lru_cache(maxsize=4096)
def is_field_word(form: str) -> bool:
    """A word of the notice fields' vocabulary (지원, 신청, 한도, contact): it says which field is asked, never
    which program."""
    return any(f.worded_by(form) for f in notice_fields())


@cache
def notice_fields() -> tuple[NoticeField, ...]:
    return tuple(
        NoticeField(name, kind, tuple(squash(x) for x in labels.split("|")), tuple(cues.lower().split("|")),
                    tuple(squash(w) for w in words.split("|") if w != "-"))
        for name, kind, labels, cues, words in table("notice_fields.tsv", 5)
    )


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


# A date field named as the point another time is counted from ("시행 후에도 언제까지 팔 수", "마감 전에"): the
# question asks about that other time, not the field's date.
_REFERENCE_POINT = r"(?!\s*(?:이전|이후|전|후|뒤)(?:[에도는로부까]|\s|$))"


_NOT_REACHED = r"(?!\s*(?:을|를|이|가)?\s*(?:주|줘|줄|줍|와|오|올|옵|받|해\s*주|해\s*줘|해\s*줄))"


@lru_cache(maxsize=8192)
def _cue_pattern(cue: str, kind: str) -> re.Pattern[str]:
    """Compiled once: the fields' cues are more patterns than the re module keeps compiled."""
    if "..." in cue:  # words in this order, others between ("results of the program be announced")
        pattern = r".*?".join(rf"\b{re.escape(part)}" if part.isascii() else re.escape(part)
                              for part in cue.split("..."))
    elif cue.isascii():  # English cues are words: "due" is not inside "procedure"
        # A long cue may be a stem ("inquir" of inquiry); a short one is a whole word: "cap" is not "capability".
        pattern = rf"\b{re.escape(cue)}" + (r"(?:s|es)?\b" if len(cue) <= 4 else "")
    else:
        # A cue ending in the adnominal -는 ("안 되는 기업") is not the connective -는데/-는지 ("접속이 안 되는데").
        adnominal = r"(?![가-힣])" if cue.endswith("는") else ""
        # A figure field named as a means ("사업비로 쓸 수 있나요", "자부담으로 내도") is not the figure asked.
        means = r"(?!\s*으?로(?![가-힣]))" if kind in ("amount", "money", "share", "number") else ""
        # The particle of a cue's first word is the asker's to drop: "신청은 어디" is asked as "신청 어디서".
        first, _, rest = cue.partition(" ")
        topic = re.fullmatch(r"([가-힣]{2,}?)(은|는|이|가)", first) if rest else None
        head = (re.escape(topic.group(1)) + f"(?:{topic.group(2)})? ?" + re.escape(rest)) if topic else re.escape(cue)
        # Askers often leave out the spaces of a phrase ("신청할수 있나요", "안되는"): a cue's spaces are optional.
        head = head.replace(r"\ ", " ?")
        # A contact word with a verb of being reached ("미리 연락 줘요?", "전화 오나요?") asks whether the asker is
        # told, not whom to call ("어디로 연락 드리면 돼요?" asks that).
        reached = _NOT_REACHED if kind == "person" else ""
        pattern = head + adnominal + means + reached + (_REFERENCE_POINT if kind == "date" else "")
    return re.compile(pattern)


def _cue_spans(cue: str, text: str, kind: str = "text") -> list[tuple[int, int]]:
    return [m.span() for m in _cue_pattern(cue, kind).finditer(text)]


@lru_cache(maxsize=4096)
def asked_fields(question: str) -> tuple[NoticeField, ...]:
    """The fields whose cues the question holds where it asks, not in the situation it tells ("마감날 임시저장만
    해놨는데" asks no deadline). A cue inside another field's longer cue is that field's words: "not covered" asks
    what is excluded, not what is covered."""
    spaced = re.sub(r"\s+", " ", asked_part(question).lower())
    spans = {f: [s for cue in f.cues for s in _cue_spans(cue, spaced, f.answer_type)] for f in notice_fields()}

    def shadowed(field: NoticeField, span: tuple[int, int]) -> bool:
        return any(o[0] <= span[0] and span[1] <= o[1] and o[1] - o[0] > span[1] - span[0]
                   for other, found in spans.items() if other is not field for o in found)

    asked = tuple(f for f, found in spans.items() if any(not shadowed(f, s) for s in found))
    # A field named right before the contact asked for ("사업비 지급 문의 전화번호", "신청 기간 담당자") is the
    # matter of the call, not a second field asked; one joined to it ("신청 기간이랑 문의처") is asked.
    contacts = [s for f in asked if f.answer_type == "person" for s in spans[f]]
    return tuple(f for f in asked if f.answer_type == "person" or not contacts
                 or not all(any(_names_the_matter(spaced[s[1]:c[0]]) for c in contacts if s[1] <= c[0])
                            for s in spans[f]))


def _names_the_matter(between: str) -> bool:
    """The words between a field's cue and a contact cue are nouns only (or none): the field's cue modifies it."""
    return len(between) <= 12 and all(tag.startswith("NN") or tag == "SP"
                                      for _form, tag, _s, _l in analyse(between))


_APPLICATION = "신청기간"  # "마감" takes its matter from a noun before it; "시행일" the document's subject


def _own_matter(question: str, fields: tuple[NoticeField, ...], titles: str) -> tuple[NoticeField, ...]:
    """The fields asked, less the application period named only by a one-word cue right after a noun it never words
    ("정산 마감"): that matter's deadline is asked. A title's word ("지원사업 마감"), a year word ("올해 마감") there
    or a phrase cue ("신청 기간") leaves it asked."""
    def after_other(f: NoticeField, start: int) -> bool:
        tokens = analyse(question[:start].rstrip())
        form, tag, at, length = tokens[-1] if tokens else ("", "", 0, 0)
        return (tag in ("NNG", "NNP") and len(form) >= 2 and not question[at + length:start].strip()
                and not f.worded_by(form) and form not in TIME_DEIXIS and squash(form) not in titles)

    def other(f: NoticeField) -> bool:
        if f.name != _APPLICATION or any(" " in cue and _cue_pattern(cue, "date").search(question) for cue in f.cues):
            return False
        starts = [m.start() for cue in f.cues if " " not in cue for m in _cue_pattern(cue, "date").finditer(question)]
        return bool(starts) and all(after_other(f, start) for start in starts)
    return tuple(f for f in fields if not other(f))


def date_fields_of_action(concepts: list[Concept]) -> tuple[NoticeField, ...]:
    """A date asked of an action the question names as its verb ("언제까지 신청해야 하나요?", "언제 발표하나요?"):
    the date field whose label begins with that action (신청 → 신청기간, 발표 → 발표일 …). Only the main verb, the
    last one, counts: in "선정되면 협약은 언제까지 체결해야" the date is of 체결, not of 선정 — nor is it of an action
    in the asker's situation ("정산 신청하고 나면 돈은 언제 들어와요?" asks no application date)."""
    verbs = [squash(c.label) for c in concepts
             if c.predicate and not c.background and re.fullmatch(r"[가-힣]{2,}", c.label)]
    actions = verbs[-1:]
    return tuple(f for f in notice_fields() if f.answer_type == "date"
                 and any(label.startswith(a) for a in actions for label in f.labels))


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
    own_fields = _own_matter(question, asked_fields(question), titles)
    followup = bool(previous) and is_followup(question, concepts, anchored, own_fields)
    # A follow-up that asks for a field ("신청 기간은요?", "And the deadline?") asks it of the previous question's
    # subject: the previous question's own field is not asked again.
    offsets = edition_offsets(question, titles)
    offset = single_offset(offsets)
    if followup and offset:
        # "작년엔 언제까지였어?" after "2028년 … 신청 기간": the previous question's year is not the one asked.
        previous[-1] = _YEAR_WORD.sub(" ", previous[-1])
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
    fields = own_fields or (_own_matter(resolved, asked_fields(resolved), titles) if followup else ())
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
