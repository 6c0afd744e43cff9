"""The fields Korean notices state as "○ 항목: 값" lines (신청 기간, 지원 한도, 문의처 …): their vocabulary
(``vocab/notice_fields.tsv``), how a line's label names one, and which of them a question asks for — by its cue
words, and for a date by the action asked about. Kept apart from ``prepare`` because every later stage reads it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.concepts import TIME_DEIXIS, Concept, squash
from bot.situation import background_end, english_background_end
from bot.text import is_english
from bot.tokens import analyse
from bot.vocab import table


def asked_part(question: str) -> str:
    """The question without the asker's situation told before it ("마감날 임시저장만 해놨는데 | 접수된 거 맞죠?")."""
    return question[english_background_end(question) if is_english(question) else background_end(question):]


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


def own_matter(question: str, fields: tuple[NoticeField, ...], titles: str) -> tuple[NoticeField, ...]:
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
