"""Which document answers: the one that holds the question, moved to the newest edition of its program that states
what is asked (or the edition the question names by year). Facts come from that document alone unless the question
compares. Kept apart from the pipeline's wiring because the choice reads the editions' own passages (a second
retrieval per edition) and weighs a FAQ found first against the newest notice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.answering.compared import editioned
from bot.answering.config import AnswerConfig
from bot.answering.evidence import Candidate, DocInfo
from bot.answering.faq import entry_words
from bot.answering.fields import asked_part, is_field_word
from bot.answering.library import Library
from bot.answering.prepare import Prepared
from bot.answering.select import (
    amends_only,
    doc_evidence,
    editions,
    lack,
    target_document,
    year_asked_from_now,
)
from bot.answering.units import asked_counters, counts_in
from bot.retrieval import Passage


@dataclass(frozen=True)
class AnsweringDocument:
    """The document chosen, the editions of its program, the year asked from now, and the candidates and passages
    widened by the editions' own retrievals."""

    target: DocInfo
    group: list[DocInfo]
    from_now: tuple[str, ...]
    scored: list[Candidate]
    passages: list[Passage]


def answering_document(
    prepared: Prepared, scored: list[Candidate], passages: list[Passage], lib: Library, config: AnswerConfig,
    this_year: int, search: Callable[[str], list[Passage]], score: Callable[[list[Passage]], list[Candidate]],
) -> AnsweringDocument:
    """``search(doc_id)`` retrieves the question within one document; ``score`` turns passages into candidates."""
    first = target_document(prepared, editioned(scored, lib) if prepared.compared_offsets else scored, passages,
                            config.evidence_passages)
    carriers = lib.lineage.carriers_of(first, among={p.chunk.doc_id for p in passages})
    group = editions(first, prepared, lib.documents, carriers, this_year)
    from_now = year_asked_from_now(first, prepared, lib.documents, carriers, this_year)
    target = first if first in group else group[0]  # when no edition states what is asked
    # What each edition's first-retrieved passages lack; an edition's own retrieval below reads it again.
    lacking = {d.doc_id: lack(prepared, doc_evidence(passages, d.doc_id), lib.text_of(d)) for d in group}
    least_missing = min(lacking.values())
    if amends_only(target, prepared.resolved) and not prepared.fields:
        # The notice a correction amends answers what the correction does not change, unless the correction's
        # own notes speak to the asker's situation better ("임시 저장 상태의 신청서는 접수되지 않음").
        lacks = lacking[target.doc_id]
        target = next((d for d in group if not amends_only(d, prepared.resolved)
                       and (lacks > least_missing or lacking[d.doc_id] <= lacks)), target)
    # A newer edition states the asked field only with a line as specific as the first document's: "정산 문의"
    # asked of a program whose newest notice lists only its general contact line is answered by the older one.
    field_cover = max((_reach(c) for c in [c for c in scored if c.doc_id == first.doc_id][:5] if c.field_match),
                      default=0)
    fallback: DocInfo | None = None  # the newest edition that holds the question, when none states the field
    # A FAQ or release found first with a sentence that holds every word of the question, the asker's situation
    # too, is no older edition: a notice answers instead only with a sentence that holds as much of it — its line
    # of the field asked too ("라이브커머스 | … | 1,500만원" states the 한도, not the 출연료 asked) — and an older
    # notice never does. A FAQ entry holds the question with its question and answer lines together. One that
    # lacks a word answers no more than the notice would: the notice decides.
    asked = {c.label for c in prepared.concepts if c.checkable and not c.asked}  # the asker's situation too
    counters = asked_counters(asked_part(prepared.resolved))  # "몇 군데": as many words, the line that counts them
    first_holds = (0, False, 0.0)
    if first.companion:
        own_lines = [c for c in scored if c.doc_id == first.doc_id]
        held = entry_words(own_lines, lib.chunks_of(first.doc_id))
        first_holds = max((_holds(c, asked, counters) for c in
                           (replace(c, covers=held.get((c.chunk_id, c.index), c.covers)) for c in own_lines)
                           if asked <= c.covers | c.subject), default=(0, False, 0.0))
    for edition in group[: config.max_editions]:
        own = [c for c in scored if c.doc_id == edition.doc_id]
        # The edition's own best passages: the first retrieval ranked the whole index, not this document.
        # When none of them states the field asked for, the field line may be in a passage the first retrieval
        # left out (an English question ranks a page's English summary above its Korean field lines).
        # Nor do they hold the question's words when the first retrieval ranked another edition's lines above
        # this one's ("접수 언제 받아요?" found last year's 접수 기간 line first).
        lacks = lacking[edition.doc_id]  # another edition's own retrieval added none of this one's passages
        if (not own or (prepared.fields and not any(c.field_match for c in own[:5]))
                or (edition is not first and not (edition.companion or first.companion) and lacks > least_missing)):
            extra = search(edition.doc_id)
            scored = sorted(scored + score(extra), key=lambda c: -c.score)
            known = {p.chunk.chunk_id for p in passages}
            passages = passages + [p for p in extra if p.chunk.chunk_id not in known]
            own = [c for c in scored if c.doc_id == edition.doc_id]
            lacks = lack(prepared, doc_evidence(passages, edition.doc_id), lib.text_of(edition))
        has_most = lacks <= least_missing
        states_field = bool(prepared.fields) and any(c.field_match and _reach(c) >= field_cover for c in own[:5])
        plain = has_most and not amends_only(edition, prepared.resolved)
        if (first.companion and not edition.companion
                and max((_holds(c, asked, counters, config.sentence_margin) for c in own[:5]),
                        default=(0, False, 0.0)) < first_holds):
            break  # the FAQ's entry holds more of the question than the newest notice's lines: the FAQ answers
        if own and (states_field or (plain and not prepared.fields)):
            target = edition
            break
        fallback = fallback or (edition if own and plain else None)
    else:
        # No edition states the field asked for, the first document neither: the newest edition answers as the
        # first would ("기준금리에 몇 %p" reads as a share asked, and no edition has a share line).
        if fallback is not None and field_cover == 0:
            target = fallback
    return AnsweringDocument(target, group, from_now, scored, passages)


def _holds(candidate: Candidate, asked: set[str], counters: frozenset[str], lead: float = 0.0
           ) -> tuple[int, bool, float]:
    """How many of the ``asked`` words a sentence holds beyond its document's title (the program's name says
    which notice, not what it says), then whether it counts in the counters asked ("센터 4곳" for "몇 군데"), then
    its score plus ``lead``: on a tie of words and counts a FAQ's line must be closer by more than the notice's
    lead (its entry asking the question)."""
    return (len((candidate.covers - candidate.subject) & asked),
            bool(counters) and all(counts_in(c, candidate.text) for c in counters), candidate.score + lead)


def _reach(candidate: Candidate) -> int:
    """How many of the question's words a field line holds beyond the field's own vocabulary (정산 in "정산
    문의: …"; 선정 of 선정 결과 is the field's)."""
    return sum(1 for label in candidate.covers if not is_field_word(label))
