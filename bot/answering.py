"""Extractive answers: pick the sentences of the retrieved passages that answer the question, cite each one,
and abstain — naming what is missing and who to contact — when the evidence lacks the question's concepts."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.concepts import Concept, head_concept, question_concepts, squash, unsupported
from bot.contacts import ContactBook
from bot.embeddings import embed_query
from bot.guard import clean_question, is_injection
from bot.models import Answer, Citation, Contact, Turn
from bot.retrieval import Passage, retrieve
from ingestion.korean import hangul_ratio
from ingestion.structure import CONTACT_LABEL

if TYPE_CHECKING:
    from bot.service import PolicyBot

EVIDENCE_PASSAGES = 5  # the concept check looks here
CANDIDATE_PASSAGES = 8  # the composer picks sentences from these
MAX_SENTENCES = 3
SENTENCE_MARGIN = 0.035
LEXICAL_WEIGHT = 0.35
# Below these, even a fully covered question is too weakly supported. Cross-lingual similarity runs lower.
MIN_SIMILARITY = {"ko": 0.80, "en": 0.74}
LOOSE_SIMILARITY = {"ko": 0.86, "en": 0.80}

_FOLLOWUP = re.compile(
    r"^(그|이|저|해당|위|거기|그거|이거|그것|이것|그럼|그러면|그건|그게)(\s|[은는이가을를의도에로]|$)"
    r"|^(what about|and |how about|is it|does it|what is its|what are its)|\b(it|its|that|this|those|they)\b",
    re.IGNORECASE,
)


_WANTS_NUMBER = re.compile(
    r"몇|얼마|(?<![가-힣])규모|비중|비율|증가율|금액|how (many|much)|what (share|percent|percentage|amount)"
    r"|\bnumber of\b|\bhow long\b|몇\s*년",
    re.IGNORECASE,
)
_WANTS_DATE = re.compile(
    r"언제|날짜|시기|기한|^\s*(until |by )?when\b|\b(what|which) (date|time|year|month|day)\b",
    re.IGNORECASE,
)
_WANTS_PLACE = re.compile(r"어디|장소|\bwhere\b", re.IGNORECASE)
_WANTS_PERSON = re.compile(r"누구|누가|담당자|연락처|전화|\bwho\b|\bcontact\b|\bphone\b", re.IGNORECASE)
# A figure that answers "how much/many": not a year, not a threshold ("100만불 미만" qualifies, it does not answer).
_HAS_NUMBER = re.compile(
    r"(?<![\d,.])(?!(?:19|20)\d\d\s*년)\d[\d,.]*(?![\d,.])(?!\s*[가-힣A-Za-z%]{0,3}\s*(?:미만|이상|이하|초과))"
)
_HAS_DATE = re.compile(r"\d{1,2}\s*[.월]\s*\d{1,2}\s*일?|\d{4}\s*년|\d{1,2}월|까지")
_HAS_PLACE = re.compile(r"[가-힣A-Za-z]+\([^)]*(구|시|도|군)\)|에서\s|\(서울|현지")
_HAS_PERSON = re.compile(
    r"(장관|과\s?장|서기관|사무관|주무관|대표)\s*[가-힣]{2,4}|[가-힣]{2,4}\s*(장관|과장)|\d{2,3}-\d{3,4}-\d{4}"
)
ANSWER_TYPE_BONUS = 0.04
COMPLETION_MARGIN = 0.12
HEADING_PENALTY = 0.35  # as much as full concept coverage: a heading is the last resort
SAME_PASSAGE_MARGIN = 0.4


STRICT_TYPES = (_HAS_NUMBER, _HAS_DATE)  # a figure or date asked for must be quoted ("누구" may mean a body)
_TYPE_NAMES = {_HAS_NUMBER: ("수치", "figure"), _HAS_DATE: ("날짜", "date"), _HAS_PERSON: ("담당자", "person")}


def answer_type_patterns(question: str) -> list[re.Pattern[str]]:
    """What kind of fact the question asks for; sentences holding that kind of fact get a small bonus."""
    wanted = []
    for ask, has in ((_WANTS_NUMBER, _HAS_NUMBER), (_WANTS_DATE, _HAS_DATE), (_WANTS_PLACE, _HAS_PLACE),
                     (_WANTS_PERSON, _HAS_PERSON)):
        if ask.search(question):
            wanted.append(has)
    return wanted


@dataclass(frozen=True)
class ScoredSentence:
    passage_rank: int
    passage: Passage
    index: int
    text: str
    score: float
    similarity: float
    covers: frozenset[str]


def language_of(question: str) -> str:
    return "ko" if hangul_ratio(question) >= 0.3 else "en"


def resolve_followup(question: str, history: list[Turn]) -> str:
    """Attach the previous question when this one leans on it ("그 지원한도는?"), so retrieval and the
    concept check see what "그" refers to."""
    previous = [t.content for t in history if t.role == "user" and t.content.strip()]
    if not previous:
        return question
    few_concepts = len(question_concepts(question)) <= 1
    if _FOLLOWUP.search(question.strip()) or few_concepts:
        return f"{previous[-1]} {question}"
    return question


def _sentences(passages: list[Passage], sentence_vecs: dict[str, np.ndarray], qvec: np.ndarray,
               concepts: list[Concept], wanted: list[re.Pattern[str]]) -> list[ScoredSentence]:
    weights = [2.0 if c.specific else 1.0 for c in concepts]
    total = sum(weights) or 1.0
    out: list[ScoredSentence] = []
    for rank, p in enumerate(passages):
        vecs = sentence_vecs.get(p.chunk.chunk_id)
        spans = p.chunk.sentence_spans
        if vecs is None or len(vecs) != len(spans):
            continue
        sims = vecs @ qvec
        section = squash(p.chunk.section_label)
        headings = {squash(h) for h in p.chunk.section_path}
        for i, (s, e) in enumerate(spans):
            text = p.chunk.text[s:e].strip()
            flat = squash(text)
            covered = 0.0
            covers = set()
            for c, w in zip(concepts, weights, strict=True):
                if any(squash(f) in flat for f in c.forms):
                    covered += w
                    covers.add(c.label)
                elif any(squash(f) in section for f in c.forms):
                    covered += 0.5 * w
            score = float(sims[i]) + LEXICAL_WEIGHT * covered / total + 0.02 / (1 + rank)
            score += ANSWER_TYPE_BONUS * sum(1 for pat in wanted if pat.search(text))
            if flat in headings:  # the heading is already the citation's section path; it answers nothing itself
                score -= HEADING_PENALTY
            elif len(flat) < 15:  # fragments rarely answer anything on their own
                score -= 0.05
            out.append(ScoredSentence(rank, p, i, text, score, float(sims[i]), frozenset(covers)))
    return sorted(out, key=lambda s: -s.score)


def _pick(scored: list[ScoredSentence], concepts: list[Concept], wanted: list[re.Pattern[str]]
          ) -> list[ScoredSentence]:
    """The best sentence, near-ties, then sentences that bring what the chosen ones still lack (a concept of the
    question, or the kind of fact asked for), preferring the neighbours of the best sentence."""
    if not scored:
        return []
    best = scored[0]
    chosen = [best]
    seen = {squash(best.text)}

    def fresh(s: ScoredSentence) -> bool:
        key = squash(s.text)
        return not (key in seen or any(key in k or k in key for k in seen))

    for s in scored[1:]:
        if len(chosen) >= MAX_SENTENCES or s.score < best.score - SENTENCE_MARGIN:
            break
        if fresh(s):
            seen.add(squash(s.text))
            chosen.append(s)
    for _ in range(MAX_SENTENCES - len(chosen)):
        lacking = {c.label for c in concepts} - set().union(*(s.covers for s in chosen))
        lacking_types = [pat for pat in wanted if not any(pat.search(s.text) for s in chosen)]
        if not lacking and not lacking_types:
            break

        def gain(s: ScoredSentence, lacking: set[str] = lacking, lacking_types: list[re.Pattern[str]] = lacking_types
                 ) -> float:
            g = len(s.covers & lacking) + sum(1 for pat in lacking_types if pat.search(s.text))
            near = s.passage.chunk.chunk_id == best.passage.chunk.chunk_id and abs(s.index - best.index) == 1
            return g + (0.5 if near and g else 0.0)

        def reachable(s: ScoredSentence) -> bool:
            # The best sentence's own passage may complete it from further down (the figure is often in the
            # next sentence of the same paragraph); elsewhere only close runners-up may.
            same_chunk = s.passage.chunk.chunk_id == best.passage.chunk.chunk_id
            return s.score >= best.score - (SAME_PASSAGE_MARGIN if same_chunk else COMPLETION_MARGIN)

        candidates = [s for s in scored if reachable(s) and fresh(s) and gain(s) > 0]
        if not candidates:
            break
        pick = max(candidates, key=lambda s: (gain(s), s.score))
        seen.add(squash(pick.text))
        chosen.append(pick)
    # The contact block is a few short lines (department, people, phones): quote it whole.
    for s in list(chosen):
        if s.passage.chunk.section_path[:1] == (CONTACT_LABEL,):
            for other in scored:
                if other.passage.chunk.chunk_id == s.passage.chunk.chunk_id and fresh(other):
                    seen.add(squash(other.text))
                    chosen.append(other)
    # Read in document order.
    return sorted(chosen, key=lambda s: (s.passage.chunk.doc_id, int(s.passage.chunk.meta.get("char_start", 0)),
                                         s.index))


def _citations(chosen: list[ScoredSentence]) -> tuple[list[Citation], list[int]]:
    citations: list[Citation] = []
    numbers: list[int] = []
    by_chunk: dict[str, int] = {}
    for s in chosen:
        chunk = s.passage.chunk
        if chunk.chunk_id in by_chunk:
            n = by_chunk[chunk.chunk_id]
            cit = citations[n - 1]
            citations[n - 1] = cit.model_copy(update={"quote": f"{cit.quote} {s.text}"})
        else:
            n = len(citations) + 1
            by_chunk[chunk.chunk_id] = n
            citations.append(Citation(
                n=n, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, doc_title=chunk.title,
                section=chunk.section_label, section_path=list(chunk.section_path), pages=list(chunk.pages),
                quote=s.text, passage=chunk.text, score=round(s.score, 4),
            ))
        numbers.append(n)
    return citations, numbers


def compose_text(language: str, chosen: list[ScoredSentence], numbers: list[int]) -> str:
    lines = [f"{s.text} [{n}]" for s, n in zip(chosen, numbers, strict=True)]
    if language == "en":
        head = "Here is what the documents say (quoted in Korean):"
        return head + "\n" + "\n".join(f"- {line}" for line in lines)
    return "\n".join(lines)


def abstention_text(language: str, missing: list[str], contact: Contact | None, reason: str) -> str:
    if reason == "injection":
        if language == "en":
            return ("I can't change my instructions or reveal them. I answer questions about the policy documents "
                    "I hold, with citations — please ask about a program or notice.")
        return ("지시를 바꾸거나 내부 설정을 공개할 수는 없습니다. 보유한 정책 문서에 관한 질문에는 출처와 함께 답해 "
                "드립니다. 사업이나 공고에 대해 질문해 주세요.")
    who = contact.one_line() if contact else None
    if language == "en":
        text = "I could not find this in the documents I hold, so I will not guess."
        if missing:
            text += " Not found: " + ", ".join(missing) + "."
        if who:
            text += f" For this, please contact the responsible department: {who}."
        return text
    text = "문서에서 찾지 못했습니다. 추측해서 답하지 않겠습니다."
    if missing:
        text += " 문서에 없는 내용: " + ", ".join(missing) + "."
    if who:
        text += f" 담당 부서에 문의해 주세요: {who}."
    return text


def _contact_for(book: ContactBook, passages: list[Passage]) -> Contact | None:
    for p in passages:
        contact = book.for_doc(p.chunk.doc_id, str(p.chunk.meta.get("doc_hash", "")), p.chunk.meta)
        if contact is not None:
            return contact
    return None


def _default_contact(bot: PolicyBot, book: ContactBook) -> Contact | None:
    """With no evidence at all, the contact of the first indexed document that has one."""
    for doc in bot.store.documents()[:5]:
        contact = book.for_doc(doc.doc_id, doc.doc_hash, doc.meta)
        if contact is not None:
            return contact
    return None


def sentence_coverage(concepts: list[Concept], scored: list[ScoredSentence], wanted: list[re.Pattern[str]],
                      top: int = 3) -> float:
    """Largest share of the question's concepts (specific ones count double) that one good sentence holds; a
    sentence that lacks the figure or date the question asks for counts as covering nothing."""
    weights = {c.label: (2.0 if c.specific else 1.0) for c in concepts if c.checkable}
    total = sum(weights.values())
    if not total:
        return 0.0
    strict = [pat for pat in wanted if pat in STRICT_TYPES]
    return max((sum(weights.get(label, 0.0) for label in s.covers) / total for s in scored[:top]
                if all(pat.search(s.text) for pat in strict)), default=0.0)


HEAD_COVERAGE = 0.75


def should_abstain(concepts: list[Concept], missing: list[Concept], best_similarity: float, language: str,
                   head: Concept | None = None, coverage: float = 0.0) -> bool:
    """Abstain when a specific concept (number, year, name, acronym) is absent; when the concept the question
    asks about is absent and the rest of the question is not answered by one sentence; when several concepts
    are absent; or when one is and the best sentence is only loosely related."""
    checkable = [c for c in concepts if c.checkable]
    unknown = len(concepts) - len(checkable)
    if unknown >= 2 and not checkable:  # nothing in the question maps onto the documents' vocabulary
        return True
    if not checkable:
        return best_similarity < MIN_SIMILARITY[language]
    if any(c.specific for c in missing):
        return True
    if head is not None and head in missing and coverage < HEAD_COVERAGE:
        return True
    if len(missing) >= 3 or len(missing) / len(checkable) >= 0.5:
        return True
    if missing and best_similarity < LOOSE_SIMILARITY[language]:
        return True
    return best_similarity < MIN_SIMILARITY[language]


def answer_question(
    bot: PolicyBot, question: str, history: list[Turn], *, doc_id: str | None = None, section: str | None = None,
    use_llm: bool | None = None,
) -> Answer:
    timings: dict[str, float] = {}
    text = clean_question(question, bot.settings.max_question_chars)
    language = language_of(text)
    book = _contact_book(bot)
    if is_injection(text):
        return Answer(question=text, language=language, text=abstention_text(language, [], None, "injection"),
                      abstained=True, abstain_reason="instruction override refused", mode="refusal",
                      contact=_default_contact(bot, book), timings_ms=timings)
    resolved = resolve_followup(text, history)
    t0 = time.perf_counter()
    result = retrieve(bot.store, resolved, CANDIDATE_PASSAGES, doc_id, section)  # answer() synced BM25 already
    timings.update({f"retrieve_{k}": round(v, 1) for k, v in result.timings_ms.items()})
    timings["retrieve"] = round((time.perf_counter() - t0) * 1000, 1)
    passages = result.passages
    concepts = question_concepts(resolved)
    t0 = time.perf_counter()
    evidence = "\n".join(f"{p.chunk.title}\n{p.chunk.section_label}\n{p.chunk.text}"
                         for p in passages[:EVIDENCE_PASSAGES])
    missing = unsupported(concepts, evidence)
    qvec = result.query_vector if result.query_vector is not None else embed_query(resolved)
    wanted = answer_type_patterns(text)
    scored = _sentences(passages, bot.store.sentence_vectors([p.chunk.chunk_id for p in passages]), qvec, concepts,
                        wanted)
    best_similarity = max((s.similarity for s in scored[:3]), default=0.0)
    timings["compose"] = round((time.perf_counter() - t0) * 1000, 1)
    contact = _contact_for(book, passages) if passages else _default_contact(bot, book)
    # What every outcome below shares; the best passage is the related section until sentences are chosen.
    common = Answer(
        question=text, language=language, text="", contact=contact, timings_ms=timings,
        related_section=passages[0].chunk.section_label if passages else None,
        related_doc_id=passages[0].chunk.doc_id if passages else None,
        resolved_question=resolved if resolved != text else None, confidence=round(best_similarity, 4),
    )
    if not passages or should_abstain(concepts, missing, best_similarity, language, head_concept(resolved, concepts),
                                      sentence_coverage(concepts, scored, wanted)):
        missing_labels = [c.label for c in missing]
        reason = ("no documents indexed" if not passages else
                  "concepts not in the documents: " + ", ".join(missing_labels) if missing_labels else
                  "no passage answers the question closely enough")
        return common.model_copy(update={
            "abstained": True, "missing_terms": missing_labels, "abstain_reason": reason,
            "text": abstention_text(language, missing_labels, contact, "missing"),
        })
    chosen = _pick(scored, [c for c in concepts if c not in missing], wanted)
    common = common.model_copy(update={"related_section": chosen[0].passage.chunk.section_label,
                                       "related_doc_id": chosen[0].passage.chunk.doc_id})
    unmet = [pat for pat in wanted if pat in STRICT_TYPES and not any(pat.search(s.text) for s in chosen)]
    if unmet:
        names = [_TYPE_NAMES[pat][0 if language == "ko" else 1] for pat in unmet]
        return common.model_copy(update={
            "abstained": True, "missing_terms": names,
            "abstain_reason": "the passages that match do not state the "
                              + "/".join(_TYPE_NAMES[p][1] for p in unmet),
            "text": abstention_text(language, names, contact, "missing"),
        })
    citations, numbers = _citations(chosen)
    extractive = common.model_copy(update={
        "text": compose_text(language, chosen, numbers), "citations": citations,
        "missing_terms": [c.label for c in missing],
    })
    want_llm = bot.settings.llm_base_url is not None and bot.settings.llm_model is not None
    if use_llm is False or not want_llm:
        return extractive
    from bot.llm import llm_answer

    t0 = time.perf_counter()
    generated = llm_answer(bot.settings, resolved, language, passages, extractive)
    timings["llm"] = round((time.perf_counter() - t0) * 1000, 1)
    return generated or extractive


def _contact_book(bot: PolicyBot) -> ContactBook:
    book = getattr(bot, "_contact_book", None)
    if book is None:
        book = ContactBook(bot.store)
        bot._contact_book = book  # type: ignore[attr-defined]
    return book
