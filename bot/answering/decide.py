"""Stage 5, decide: answer or abstain, with a typed reason. A similarity score cannot tell an answerable question
from a near miss ("2025년 마감일" looks like the 2025 passage); a concept the evidence lacks can."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from bot.answering.config import AnswerConfig
from bot.answering.currency import unstated_currencies
from bot.answering.evidence import Candidate, DocInfo
from bot.answering.fact_types import ASKS_WHEN, STRICT_TYPES, TYPE_NAMES
from bot.answering.fields import NoticeField, is_field_word
from bot.answering.support import Haystack, holds, unsupported
from bot.answering.units import (
    asked_counters,
    counts_in,
    counts_things,
    english_per_units,
    per_units,
    periods,
    same_unit,
)
from bot.concepts import Concept, number_forms, squash
from bot.contacts import INTERNATIONAL_PHONE, PHONE
from bot.glossary import ENGLISH_STOPWORDS
from bot.noun_phrases import compounds_of, modified_nouns

Reason = Literal[
    "no_documents",  # the index is empty
    "missing_name",  # a name, number or year of the question is in no passage
    "missing_subject",  # the thing asked about is absent and no sentence answers the rest
    "missing_concepts",  # several concepts of the question are absent
    "weak_evidence",  # the closest sentence is only loosely related
    "missing_fact_type",  # the figure or date asked for is not stated where the question matches
    "injection",  # an attempt to change the instructions
]


@dataclass(frozen=True)
class Decision:
    abstain: bool
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = field(default_factory=tuple)  # concept labels or names of fact kinds

    def detail(self) -> str:
        """The reason in plain English for logs and the API (the user-facing wording is render's job)."""
        if not self.abstain:
            return ""
        text = ", ".join(self.reasons)
        return f"{text}: {', '.join(self.missing)}" if self.missing else text


ANSWER = Decision(False)


def sentence_coverage(concepts: list[Concept], scored: list[Candidate], wanted: list[re.Pattern[str]],
                      top: int = 3) -> float:
    """Largest share of the question's concepts (specific ones count double) that one good sentence holds; a
    sentence that lacks the figure or date the question asks for counts as covering nothing."""
    weights = {c.label: (2.0 if c.specific else 1.0) for c in concepts if c.checkable and not c.background}
    if not weights:
        return 0.0
    strict = [pat for pat in wanted if pat in STRICT_TYPES]
    best = 0.0
    for c in scored[:top]:
        if not (c.field_match or all(pat.search(c.read_text) for pat in strict)):
            continue
        # The program's name (in the title) says which notice, not what it says: the rest must be covered.
        rest = {label: w for label, w in weights.items() if label not in c.subject}
        total = sum(rest.values())
        best = max(best, 1.0 if not total else sum(rest.get(label, 0.0) for label in c.covers) / total)
    return best


def decide_evidence(concepts: list[Concept], missing: list[Concept], best_similarity: float, language: str,
                    head: Concept | None, coverage: float, config: AnswerConfig, head_covered: bool = True,
                    loanwords: frozenset[str] = frozenset(), field_stated: bool = False) -> Decision:
    """Abstain when a specific concept (number, year, name, acronym) is absent; when the concept the question
    asks about is absent and the rest of the question is not answered by one sentence; when several concepts
    are absent; or when one is and the best sentence is only loosely related."""
    labels = tuple(c.label for c in missing)
    # The asker's situation, when kept apart, is neither required nor a sign the evidence is on topic.
    concepts = [c for c in concepts if not c.background]
    checkable = [c for c in concepts if c.checkable and not c.asked]
    unknown = [c for c in concepts if not c.checkable]
    # English words the glossary does not know but the evidence writes in Hangul (system → 시스템, online → 온라인)
    # have a counterpart: they count as found concepts, not as unknown ones.
    found = [c for c in unknown if c.label in loanwords]
    unknown = [c for c in unknown if c.label not in loanwords]
    if len(unknown) >= 2 and len(unknown) >= 2 * (len(checkable) + len(found)):
        # Mostly words the documents' vocabulary has no counterpart for ("lunch menu", "visa renewal").
        return Decision(True, ("missing_concepts",), labels + tuple(c.label for c in unknown))
    if not checkable:
        if best_similarity < config.min_similarity(language):
            return Decision(True, ("weak_evidence",))
        return ANSWER
    if any(c.specific for c in missing):
        return Decision(True, ("missing_name",), labels)
    # The thing asked about must be in the passages, and in one of the best sentences (or their headings)
    # unless one sentence answers most of the question anyway.
    if head is not None and (head in missing or not head_covered) and coverage < config.head_coverage:
        return Decision(True, ("missing_subject",), labels)
    # Words the glossary does not know and the evidence does not hold either ("solar panels") are absent too:
    # with a lexicon of the domain, an unknown word is most often one from outside the documents.
    absent = len(missing) + len(unknown)
    if absent >= config.missing_count or absent / (len(checkable) + len(found) + len(unknown)) >= config.missing_share:
        return Decision(True, ("missing_concepts",), labels + tuple(c.label for c in unknown))
    # Concepts absent and the best sentences cover little of the question: they answer something else — unless one
    # of them is the notice field asked for, which states its answer in few words ("○ 문의처: …").
    if missing and not field_stated and coverage < config.missing_coverage:
        return Decision(True, ("missing_concepts",), labels)
    if missing and best_similarity < config.loose_similarity(language):
        return Decision(True, ("missing_concepts", "weak_evidence"), labels)
    if best_similarity < config.min_similarity(language):
        return Decision(True, ("weak_evidence",), labels)
    return ANSWER


def decide_other_subject(missing: list[Concept], other_titles: list[str]) -> Decision:
    """A word of the question the answering document lacks but another document's title holds names that other
    document's subject: "the registration fee for cosmetics in Aldoria" asked of an index with an Aldoria toys page
    and a Veloria cosmetics page is about neither, and the toy fee does not answer it."""
    if not other_titles:
        return ANSWER
    titles = Haystack("\n".join(other_titles))
    other = tuple(c.label for c in missing if c.checkable and not c.asked and not c.background and not c.specific
                  and not is_field_word(c.label) and holds(c, titles))
    return Decision(True, ("missing_subject",), other) if other else ANSWER


def decide_case(question: str, missing: list[Concept], best: str) -> Decision:
    """A word the evidence lacks names a kind of a noun after it ("여성 대표 기업"), and the best sentences name
    other kinds of that noun ("청년 기업은 0.2%p 인하"): they state the rule for another case, not the one asked."""
    for m in missing:
        if m.background or m.asked or m.predicate or not m.checkable or m.specific or is_field_word(m.label):
            continue
        for noun in modified_nouns(question, m.label):
            if compounds_of(noun, best) - {m.label}:
                return Decision(True, ("missing_subject",), (m.label,))
    return ANSWER


def decide_modifier(head: Concept | None, modifier: Concept | None, missing: list[Concept], best: str) -> Decision:
    """The head found but the noun compounded before it in the question found nowhere, while the best sentences
    compound the head with other nouns ("현장 평가" where the notice has 서면 평가 and 발표 평가): other kinds of
    the thing asked are in the documents, not the kind asked. A head they write bare ("설립") may be the one
    asked, worded otherwise; a modifier the documents hold elsewhere may be compounded otherwise."""
    if head is None or modifier is None or head in missing or modifier not in missing:
        return ANSWER
    if modifier.background or modifier.asked or not modifier.checkable or is_field_word(modifier.label):
        return ANSWER
    if not compounds_of(head.label, best) - {modifier.label}:
        return ANSWER
    return Decision(True, ("missing_subject",), (modifier.label,))


def decide_latin_kind(pairs: list[tuple[Concept, Concept]], missing: list[Concept], document: Haystack) -> Decision:
    """An English noun written before a noun of the question names a kind of it ("renewal fee"); when an English
    page holds the noun but that word nowhere, its lines state other kinds (the licence's fee), not the one asked,
    and quoting them would give another case's figure. A Korean document may word the kind in a way the glossary
    does not give ("grace period" → 거치 기간): its absence there says little."""
    if not document.english:
        return ANSWER
    kinds = tuple(a.label for a, b in pairs if a in missing and b not in missing and a.checkable and not a.specific
                  and not (a.asked or a.background or is_field_word(a.label)) and not holds(a, document))
    return Decision(True, ("missing_subject",), kinds) if kinds else ANSWER


def decide_program(program: list[Concept], document: Haystack) -> Decision:
    """A word of the program's name as the question writes it that the answering document holds nowhere, not in
    its title nor in any line, names another program: "전기차 충전기 설치 지원사업" asked of an index whose notices
    fund boilers and heat pumps is none of them, though its agency and 지원사업 match."""
    absent = tuple(c.label for c in program if c.checkable and not c.background and not c.asked
                   and not is_field_word(c.label) and not holds(c, document))
    return Decision(True, ("missing_name",), absent) if absent else ANSWER


def decide_unlisted_case(question: str, items: list[Candidate]) -> Decision:
    """Sibling item lines name cases of one kind ("- 소기업: …", "- 중기업: …"); a case of that kind the question
    names that none of them is ("중견기업은 최대 얼마?") is one the document does not state, and quoting the others
    would answer for it. A word that holds a listed case ("중소기업") names them together."""
    labels = [squash(c.field.label) for c in items if c.field is not None]
    suffix = os.path.commonprefix([label[::-1] for label in labels])[::-1] if len(labels) >= 2 else ""
    if len(suffix) < 2 or any(len(label) <= len(suffix) for label in labels):
        return ANSWER
    for m in re.finditer(rf"(?<![가-힣A-Za-z])[가-힣A-Za-z]+?{re.escape(suffix)}", question.lower()):
        if not any(label in m.group(0) for label in labels):
            return Decision(True, ("missing_name",), (m.group(0),))
    return ANSWER


def decide_unlisted_row(question: str, chosen: list[Candidate]) -> Decision:
    """The rows of a table name cases of one kind in their first cells ("… 스마트 선도기업 | 2점", "여성기업 또는
    장애인기업 … | 1점"); a case of that kind the question names that no row holds ("사회적기업이면 가점 받아요?") is
    one the table does not state, and quoting the rows would answer for it."""
    cells = [c.first_cell for c in chosen if c.is_row]
    words = {w for cell in cells for w in re.findall(r"[가-힣]{3,}", cell)}
    kinds = {os.path.commonprefix([a[::-1], b[::-1]])[::-1] for a in words for b in words if a != b}
    kinds = {k for k in kinds if len(k) >= 2 and sum(1 for w in words if w.endswith(k) and len(w) > len(k)) >= 2}
    listed = squash(" ".join(cells))
    for kind in sorted(kinds, key=len, reverse=True):
        for m in re.finditer(rf"(?<![가-힣A-Za-z])[가-힣]+?{re.escape(kind)}", question):
            if squash(m.group(0)) not in listed:
                return Decision(True, ("missing_name",), (m.group(0),))
    return ANSWER


# Where one question of several ends and the next begins.
QUESTION_BREAK = re.compile(r"(?<=[?？])\s+(?=\S)")


def decide_parts(question: str, concepts: list[Concept], missing: list[Concept]) -> Decision:
    """A question of several ("발표는 어디서 해요? 비대면으로도 되나요?") asks each: when the documents hold none of
    the words one of them asks with, quoting lines for the others would read as an answer to all."""
    parts = QUESTION_BREAK.split(question.strip())
    if len(parts) < 2:
        return ANSWER
    absent = {c.label for c in missing}
    for part in parts:
        lowered = part.lower()
        own = [c for c in concepts if c.checkable and not c.asked and not c.background and c.label.lower() in lowered]
        if own and all(c.label in absent for c in own):
            return Decision(True, ("missing_subject",), tuple(c.label for c in own))
    return ANSWER


def decide_fact_type(unmet: list[re.Pattern[str]], unmet_fields: list[str], language: str) -> Decision:
    if not unmet and not unmet_fields:
        return ANSWER
    names = tuple(unmet_fields) + tuple(TYPE_NAMES[p][0 if language == "ko" else 1] for p in unmet)
    return Decision(True, ("missing_fact_type",), names)


def decide_edition_year(years: tuple[str, ...], target: DocInfo, chosen: list[Candidate],
                        fields: tuple[NoticeField, ...] = ()) -> Decision:
    """A year that names the edition asked about ("… 지원사업 2025년에는 한도가?") must be the answering notice's
    year (its title or date) or be written in the sentence that answers (the asked field's line, else the best
    sentence, when it names a field asked: "2025년 한도는 1억원", not an exclusion "2034년 … 지원받은 기업" for a
    선정 규모): a 2026 notice's limit is not the 2025 limit because the notice mentions 2025 elsewhere. Editions
    compared are each answered by a line of their own (the 2025 notice's line states the 2025 limit)."""
    answering = [c for c in chosen if c.field_match] or [
        c for c in sorted(chosen, key=lambda c: -c.score)[:1]
        if not fields or any(label in squash(c.text) for f in fields for label in f.labels)]
    missing = tuple(y for y in years if y not in target.title and not (target.date or "").startswith(y)
                    and not any(y in c.text or y in c.doc.title or (c.doc.date or "").startswith(y)
                                for c in answering))
    return Decision(True, ("missing_name",), missing) if missing else ANSWER


_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|['‘’`]\d\d(?!\d)")


def decide_figure_year(years: tuple[str, ...], wanted: list[re.Pattern[str]], target: DocInfo,
                       chosen: list[Candidate]) -> Decision:
    """A figure asked of a year ("2025년까지 얼마로 늘려요?") is not one the sentence dates to other years
    ("2027년까지 10%, 2030년까지 15%"). Only when every sentence giving such a figure names a year and none names
    the one asked; the answering notice's own year is no such question."""
    strict = [p for p in wanted if p in STRICT_TYPES]
    asked = [y for y in years if y not in target.title and not (target.date or "").startswith(y)]
    if not strict or not asked:
        return ANSWER
    figures = [c for c in chosen if any(p.search(c.text) for p in strict)]
    if not figures or not all(_ANY_YEAR.search(c.text) for c in figures):
        return ANSWER
    missing = tuple(y for y in asked if not any(form in c.text for c in figures for form in number_forms(y)))
    return Decision(True, ("missing_name",), missing) if missing else ANSWER


# A phone number asked for ("전화번호", "phone number").
_WANTS_PHONE = re.compile(r"전화\s*번호|\bphone\b|\btelephone\b", re.IGNORECASE)


def names_beyond(concepts: list[Concept], title: str) -> list[Concept]:
    """The names of the question (not numbers, not the asker's situation) that the answering document's title does
    not hold: whom the question asks about, beyond the program."""
    in_title = Haystack(title)
    return [c for c in concepts if c.specific and c.checkable and not c.background
            and not re.fullmatch(r"[\d,.]+", c.label) and not holds(c, in_title)]


def decide_phone_owner(question: str, names: list[Concept], chosen: list[Candidate], language: str) -> Decision:
    """A phone number asked of someone the question names ("노바포트 무역관 전화번호") must be written beside that
    name: the neighbouring office's number on the same page is not theirs. ``names`` are the question's names
    beyond the answering document's title."""
    if not names or not _WANTS_PHONE.search(question):
        return ANSWER
    for c in chosen:
        if PHONE.search(c.text) or INTERNATIONAL_PHONE.search(c.text):
            beside = Haystack(f"{c.passage.chunk.section_label}\n{c.text}")
            if all(holds(n, beside) for n in names):
                return ANSWER
    return Decision(True, ("missing_fact_type",), ("전화번호" if language == "ko" else "phone number",))


def decide_unit(question: str, chosen: list[Candidate]) -> Decision:
    """The question asks per one unit ("인증 한 건당 상한") and the chosen lines state their figures per another
    ("기업당 최대 3,500만원"): the per-company limit does not answer it. Lines that name no unit may."""
    asked = per_units(question) | english_per_units(question)
    if not asked:
        return ANSWER
    stated = frozenset().union(*(per_units(c.text) | english_per_units(c.text, stated=True) for c in chosen))
    if not stated or any(same_unit(a, s) for a in asked for s in stated):
        return ANSWER
    named = tuple(f"per {unit}" if unit.isascii() else f"{unit}당" for unit in sorted(asked))
    return Decision(True, ("missing_subject",), named)


def decide_counter(question: str, chosen: list[Candidate], document: str) -> Decision:
    """A Korean question asks a number of something by its counter ("몇 페이지 이내", "몇 명까지"), the chosen lines
    count no things at all (their figures are times or amounts: 3년, 1,000만원) and the answering document never
    counts in that counter: what is asked is not stated. Lines that count things in another counter may count the
    same thing ("몇 채" asked, "한 척" written). English lines are not checked: they count in English words."""
    asked = asked_counters(question)
    text = "\n".join(c.text for c in chosen)
    if not asked or not re.search("[가-힣]", text) or counts_things(text):
        return ANSWER
    missing = tuple(sorted(c for c in asked if not counts_in(c, text) and not counts_in(c, document)))
    return Decision(True, ("missing_fact_type",), tuple(f"몇 {c}" for c in missing)) if missing else ANSWER


def decide_period(question: str, chosen: list[Candidate]) -> Decision:
    """The question names a numbered period ("2분기 적용 금리") and the chosen lines state the same kind of period,
    only other ones ("2030년 1분기 적용 금리"): the figure is another period's."""
    stated = periods(" ".join(c.text for c in chosen))
    other = tuple(f"{n}{kind}" for kind, numbers in periods(question).items()
                  if stated.get(kind) and not numbers & stated[kind] for n in sorted(numbers))
    return Decision(True, ("missing_name",), other) if other else ANSWER


# A thing named by a noun and its number ("Category 2", "Phase 3", "Annex II"; "3단계", "2등급"): the number is
# part of the name.
_EN_NUMBERED = re.compile(r"\b([A-Za-z]{3,})\s+(\d{1,3}|[IVX]{1,4})\b")
_KO_NUMBERED = re.compile(r"(\d{1,2}(?:\s*[·ㆍ,~∼-]\s*\d{1,2})*)\s*(단계|등급)")


# Words before a figure that ENGLISH_STOPWORDS does not already hold (it has "most", "only", "just").
_BEFORE_FIGURES = frozenset({"least", "top", "last", "first", "next", "approximately", "roughly", "nearly", "almost",
                             "maximum", "minimum", "max", "min", "total", "plus"})


def numbered_names(text: str) -> dict[str, set[str]]:
    """The numbered names ``text`` writes, by noun: {"category": {"1", "3"}}, {"단계": {"1", "2"}} ("1·2단계" names
    both; "1~3단계" the ends, which is enough to tell a number outside them)."""
    found: dict[str, set[str]] = {}
    for noun, number in _EN_NUMBERED.findall(text):
        # Not a word before a figure ("within 30", "at least 5") nor a currency or an acronym ("EVK 900").
        if noun.lower() not in ENGLISH_STOPWORDS and noun.lower() not in _BEFORE_FIGURES and not noun.isupper():
            found.setdefault(noun.lower(), set()).add(number.upper())
    for numbers, noun in _KO_NUMBERED.findall(text):
        found.setdefault(noun, set()).update(re.findall(r"\d{1,2}", numbers))
    return found


def decide_numbered_name(question: str, document: str) -> Decision:
    """The question names a numbered thing ("Category 2 of the control list", "고도화 3단계") and the answering
    document numbers the same things, only not that one ("Category 1", "Category 3"; "1·2단계"): the thing asked
    is one it does not have, and its other numbers' lines would answer for it. A number written in a range
    ("1~3단계") is inside it."""
    asked = numbered_names(question)
    if not asked:
        return ANSWER
    stated = numbered_names(document)
    absent: list[str] = []
    for noun, numbers in asked.items():
        written = stated.get(noun)
        # Numbered things only when the document numbers several of them: one "Category 5" is no list of them.
        if not written or len(written) < 2 or not all(n.isdigit() for n in written | numbers):
            continue
        low, high = min(int(n) for n in written), max(int(n) for n in written)
        ranged = re.search(rf"\d\s*[~∼-]\s*\d+\s*{re.escape(noun)}", document) is not None
        absent += [f"{noun} {n}" if noun.isascii() else f"{n}{noun}" for n in sorted(numbers)
                   if n not in written and not (ranged and low <= int(n) <= high)]
    return Decision(True, ("missing_name",), tuple(absent)) if absent else ANSWER


def decide_rate(subjects: frozenset[str], missing: list[Concept]) -> Decision:
    """A rate asked of something ("보관료 할인율은 몇 %") is named by what it is a rate of: a document with no word
    for that states rates of other things ("지원 비율 50%"), not the one asked."""
    absent = tuple(c.label for c in missing if c.label in subjects and not c.background)
    return Decision(True, ("missing_subject",), absent) if absent else ANSWER


_ASKING_WORD = re.compile(rf"몇|{ASKS_WHEN}|얼마|며칠")


def decide_measured_action(question: str, concepts: list[Concept], wanted: list[re.Pattern[str]],
                           document: str | Haystack) -> Decision:
    """A figure or date asked of an action ("몇 년마다 갱신해야 돼요?", "언제 환급돼요?") is a figure of that action:
    when the answering document never words it (nor a compound sharing its first two syllables), its figures are
    of other things ("독점 계약 기간은 보통 2~3년"). Only the verb-noun after the asking word (몇, 언제, 얼마) — a
    verb before it tells the asker's case ("소스류 수출하면 관세 몇 %예요?") — and not a verb that names a notice
    field (지원, 신청): those every notice words its own way."""
    asking = _ASKING_WORD.search(question)
    if asking is None or not any(p in STRICT_TYPES for p in wanted):
        return ANSWER
    verb = asked_action(concepts, question[asking.end():])
    if verb is None or not unsupported([verb], document):
        return ANSWER
    return Decision(True, ("missing_subject",), (verb.label,))


def asked_action(concepts: list[Concept], within: str | None = None) -> Concept | None:
    """The action a question asks about: its last verb-noun (of the part ``within``, when given) — not a notice
    field's verb (지원, 신청), which every notice words its own way, nor one of the asker's situation — as a word to
    look for (``unsupported`` skips verb-nouns, which a passage paraphrases; a whole notice does not leave them out)."""
    verbs = [c for c in concepts if c.predicate and not c.background and re.fullmatch(r"[가-힣]{2,}", c.label)
             and (within is None or c.label in within)]
    if not verbs or is_field_word(verbs[-1].label):
        return None
    return replace(verbs[-1], predicate=False)


def decide_currency(question: str, chosen: list[Candidate]) -> Decision:
    """An amount asked in a currency ("the fee in Korean won") that the chosen lines give only in another ("EVK
    900"): converting would be a guess."""
    missing = unstated_currencies(question, [c.text for c in chosen])
    return Decision(True, ("missing_fact_type",), missing) if missing else ANSWER
