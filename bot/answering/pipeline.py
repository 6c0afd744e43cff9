"""The staged extractive answer: prepare → retrieve → evidence → select → decide → cite/render (→ optional LLM
rephrasing, checked). Each stage is a small function with typed inputs and outputs; this module only wires them
and keeps the per-index caches (document list, contacts)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from bot.answering.answering_document import answering_document
from bot.answering.compared import compared_editions
from bot.answering.compose import choose_lines
from bot.answering.config import DEFAULT_CONFIG, AnswerConfig
from bot.answering.cues import mark_field_cues, search_terms
from bot.answering.dated import asks_document_date, document_date_line
from bot.answering.decide import (
    ANSWER,
    Decision,
    decide_case,
    decide_evidence,
    decide_latin_kind,
    decide_measured_action,
    decide_modifier,
    decide_numbered_name,
    decide_other_subject,
    decide_parts,
    decide_program,
    decide_rate,
    sentence_coverage,
)
from bot.answering.evidence import Candidate, DocInfo, covered_concepts, score_candidates
from bot.answering.faq import other_cases_set_aside
from bot.answering.fields import asked_fields, asked_part, is_field_word
from bot.answering.headed_lists import list_answer
from bot.answering.items import (
    introduced_list,
)
from bot.answering.library import Library, library_of
from bot.answering.prepare import listed_words, prepare
from bot.answering.render import CitationBuilder, render_abstention, render_answer, render_list
from bot.answering.rivals import both_programs, rival_program, tells_apart
from bot.answering.select import (
    history_notes,
    newest_first,
    older_edition,
    same_program,
)
from bot.answering.stand_in import stand_in, unworded_action
from bot.answering.stated import unmet_types
from bot.answering.support import holds, loanwords, settle_situation, titled, unsupported
from bot.answering.units import rate_subjects
from bot.answering.window import evidence_text, names_unheld, passages_holding
from bot.concepts import Concept, head_concept, squash
from bot.guard import is_injection
from bot.models import Answer, Contact, Turn
from bot.noun_phrases import head_modifier, latin_compounds
from bot.retrieval import Passage, retrieve
from bot.situation import points_back
from bot.subjects import english_objects, program_words
from bot.text import clean_question, language_of
from ingestion.index import DocFilter
from ingestion.index.embeddings import embed_query

if TYPE_CHECKING:
    from bot.service import PolicyBot

Progress = Callable[[str, dict[str, object]], None]
"""``progress(stage, info)``: told as stages complete ("retrieving", "retrieved", "checking", "composing",
"generating", and "token" with {"text"} per LLM token). It may raise to stop the answer (a time budget, an asker
who went away); the exception propagates out of ``answer_question``."""


def _quiet(stage: str, info: dict[str, object]) -> None:
    return None


def _retrieved(passages: list[Passage]) -> dict[str, object]:
    return {"passages": len(passages), "documents": list(dict.fromkeys(p.chunk.title for p in passages))[:3]}


def answer_question(
    bot: PolicyBot, question: str, history: list[Turn], *, doc_id: str | None = None, section: str | None = None,
    use_llm: bool | None = None, config: AnswerConfig | None = None, progress: Progress | None = None,
    filters: DocFilter | None = None, today: date | None = None,
) -> Answer:
    """``filters`` (kind, issuer, status on ``today``, date) limit every retrieval, editions' included."""
    config = config or getattr(bot, "answer_config", None) or DEFAULT_CONFIG
    notify = progress or _quiet
    timings: dict[str, float] = {}
    text = clean_question(question, bot.settings.max_question_chars)
    lib = library_of(bot)
    from bot.concepts import question_concepts

    if is_injection(text):
        refusal_language = language_of(text)
        decision = Decision(True, ("injection",))
        return Answer(question=text, language=refusal_language,
                      text=render_abstention(refusal_language, decision, None),
                      outcome="refused", reasons=list(decision.reasons), abstained=True,
                      abstain_reason="instruction override refused", mode="refusal",
                      contact=lib.default_contact(), timings_ms=timings)
    # Words that only say which field is asked ("신청은 어디서", "담당 연락처") do not say which program: they
    # appear in titles too ("… 신청 안내") without making the question stand alone.
    def anchored(question: str) -> bool:
        fields = asked_fields(question)
        return lib.names_subject([c for c in question_concepts(question)
                                  if not any(f.worded_by(form) for f in fields for form in c.forms)])

    this_year = (today or date.today()).year  # "올해", "작년" count from it
    prepared = mark_field_cues(prepare(text, history, anchored(text), config.history_turns, lib.titles, anchored,
                                        this_year))
    language = prepared.language

    notify("retrieving", {"followup": prepared.followup})
    t0 = time.perf_counter()
    extra_terms = search_terms(prepared) + lib.latin_names(prepared.concepts)
    result = retrieve(bot.store, prepared.resolved, config.candidate_passages, doc_id, section,
                      extra_terms=extra_terms, filters=filters, today=today)
    notify("retrieved", _retrieved(result.passages))
    timings.update({f"retrieve_{k}": round(v, 1) for k, v in result.timings_ms.items()})
    timings["retrieve"] = round((time.perf_counter() - t0) * 1000, 1)

    def set_aside(found: list[Passage]) -> list[Passage]:  # FAQ entries asking of another case (faq.py)
        return other_cases_set_aside(found, prepared.resolved, lib.chunks_of, lib.titles)

    passages = set_aside(result.passages)
    if unheld := names_unheld(prepared.concepts, passages, bot.store):
        # A name of the question (an acronym: "TSM") none of the passages found first holds is looked for in the
        # documents that hold it: a page in another language than the question ranks low for its other words.
        holding = retrieve(bot.store, prepared.resolved, config.candidate_passages, doc_id, section,
                           extra_terms=extra_terms, filters=filters, today=today, doc_ids=unheld).passages
        known = {p.chunk.chunk_id for p in passages}
        passages = passages + set_aside([p for p in holding if p.chunk.chunk_id not in known])
    qvec = result.query_vector if result.query_vector is not None else embed_query(prepared.resolved)

    t0 = time.perf_counter()
    def score(found: list[Passage]) -> list[Candidate]:
        return score_candidates(prepared, found, bot.store.sentence_vectors([p.chunk.chunk_id for p in found]),
                                qvec, config)

    scored = score(passages)
    contact = lib.contact_for(passages) if passages else lib.default_contact()
    common = Answer(
        question=text, language=language, text="", contact=contact, timings_ms=timings, intent=prepared.intent,  # type: ignore[arg-type]
        related_section=passages[0].chunk.section_label if passages else None,
        related_doc_id=passages[0].chunk.doc_id if passages else None,
        resolved_question=prepared.resolved if prepared.resolved != text else None,
    )
    if not passages or not scored:
        return _abstain(common, Decision(True, ("no_documents",)), language, contact)

    def search_edition(doc: str) -> list[Passage]:  # an edition's own passages, within the section asked
        found = retrieve(bot.store, prepared.resolved, config.candidate_passages, doc, section,
                         extra_terms=extra_terms, filters=filters, today=today).passages
        notify("retrieved", _retrieved(found))
        return set_aside(found)

    chosen_doc = answering_document(prepared, scored, passages, lib, config, this_year, search_edition, score)
    target, group, from_now = chosen_doc.target, chosen_doc.group, chosen_doc.from_now
    scored, passages = chosen_doc.scored, chosen_doc.passages
    # An abstention about this document points to its own contact, not to that of the passage ranked first.
    named_words = [squash(c.label) for c in prepared.concepts
                   if c.checkable and not c.asked and not is_field_word(c.label) and re.search("[가-힣]", c.label)]
    notices = [d.doc_id for d in group if not d.companion] if target.companion else []
    if prepared.intent != "compare" and (
            own_contact := lib.contact_about(target.doc_id, named_words, notices)) is not None:
        contact = own_contact
        common = common.model_copy(update={"contact": contact})
    notify("checking", {})
    concepts = settle_situation(prepared.concepts, target.title, points_back(prepared.resolved))
    scope_passages = [p for p in passages if prepared.intent == "compare" or p.chunk.doc_id == target.doc_id]
    window = (scope_passages or passages)[: config.evidence_passages]
    # A word of the question the answering document holds beyond the passages read first ("가점" in the
    # selection section, ranked below the FAQ's answers) is looked for there, not reported missing.
    lacking = unsupported(concepts, evidence_text(window, lib, target))
    if prepared.intent != "compare" and (
            wider := passages_holding(bot.store, lib, prepared, target, lacking, window, extra_terms)):
        scored = sorted(scored + score(wider), key=lambda c: -c.score)
        passages, window = passages + wider, window + wider
    in_scope = scored if prepared.intent == "compare" else [c for c in scored if c.doc_id == target.doc_id]
    in_scope = in_scope or scored
    evidence = evidence_text(window, lib, target)
    missing = unsupported(concepts, evidence)
    if any(c.specific for c in missing):
        missing = _names_elsewhere(missing, lib, target)
    best_similarity = max((c.similarity for c in in_scope[:3]), default=0.0)
    common = common.model_copy(update={"confidence": round(best_similarity, 4)})
    head = head_concept(prepared.resolved, concepts)
    # An English question's head word maps through the glossary and is checked against the best sentences; a
    # Korean one is checked against the passages (paraphrase inside a sentence is common: 인력 양성 ~ 교육생 배출).
    head_covered = (head is None or language == "ko"
                    or any(head.label in c.covers or c.field_match for c in in_scope[:3]))
    field_stated = any(c.field_match for c in in_scope[:3])
    if field_stated:
        # A word that only says which field is asked ("담당" of 담당자, "contact") is answered by that field's line.
        missing = [c for c in missing if not any(f.worded_by(c.label) for f in prepared.fields)]
    decision = decide_evidence(concepts, missing, best_similarity, language, head,
                               sentence_coverage(concepts, in_scope, prepared.wanted), config, head_covered,
                               loanwords(concepts, evidence), field_stated=field_stated)
    if not decision.abstain and prepared.intent != "compare":
        others = [d for d in lib.documents if d.doc_id != target.doc_id and not same_program(target, d)]
        decision = decide_other_subject(missing, [d.title for d in others])
        if decision.abstain:
            # Unless the titles that hold the word are of the target's program under another key, or of documents
            # the search did not find for the question or that hold nothing else it names: a common word in an
            # unrelated title ("… 사건", "승리 (가수)") names no subject of the question.
            holders = [d for d in others if any(squash(f) in squash(d.title) for c in missing
                                                if c.label in decision.missing for f in c.forms)]
            searched = {p.chunk.doc_id for p in passages}
            rest = [c for c in concepts if c.checkable and not c.background and not c.asked and not c.predicate
                    and c not in missing and not is_field_word(c.label)]
            decision = decide_other_subject(missing, [
                d.title for d in others if d not in holders
                or (not lib.lineage.related(target, d) and d.doc_id in searched
                    and any(holds(c, lib.text_of(d)) for c in rest))])
    if not decision.abstain and prepared.intent != "compare":
        named = [c for c in program_words(prepared.resolved, concepts) + english_objects(prepared.resolved, concepts)
                 if c in missing]
        if named:
            decision = decide_program(named, lib.text_of(target))
    if not decision.abstain:
        decision = decide_parts(prepared.text, concepts, missing)
    if not decision.abstain and language == "ko" and head is not None:
        decision = decide_modifier(head, head_modifier(prepared.resolved, head, concepts), missing,
                                   "\n".join(c.text for c in in_scope[:3]))
    if not decision.abstain:
        decision = decide_latin_kind(latin_compounds(prepared.resolved, concepts), missing, lib.text_of(target))
    if not decision.abstain and language == "ko":
        decision = decide_case(prepared.resolved, missing, "\n".join(c.text for c in in_scope[:3]))
    if not decision.abstain and language == "ko":
        decision = decide_rate(rate_subjects(asked_part(prepared.resolved)), missing)
    if not decision.abstain and prepared.intent != "compare":
        decision = decide_numbered_name(prepared.resolved, lib.text_of(target).text)
    if not decision.abstain and language == "ko":
        decision = decide_measured_action(asked_part(prepared.resolved), concepts, prepared.wanted,
                                          lib.text_of(target))
    if decision.abstain:
        return _abstain(common, decision, language, contact)

    notify("composing", {})
    cites = CitationBuilder()

    def score_doc(doc: DocInfo) -> list[Candidate]:  # the edition's own passages, not the first retrieval's
        found = retrieve(bot.store, prepared.resolved, config.candidate_passages, doc.doc_id,
                         extra_terms=extra_terms, filters=filters, today=today).passages
        return score(set_aside(found))

    compared = (compared_editions(prepared, in_scope, lib, this_year, score_doc)
                if prepared.intent == "compare" or prepared.compared_offsets else [])
    if prepared.intent in ("list", "count") and not compared:
        # The list may be named by the field the question asks for ("서류 목록" under "6. 제출 서류") when its
        # head noun names no heading.
        # The plural asked for ("Which documents …") names the list even when it is no concept ("documents"), and
        # only it does: "Which companies are not eligible?" asks for a field's line, not for 지원 대상's items.
        # A heading names the plural with its modifiers ("Trade shows in 2029" for "Which trade shows …").
        plural_words = listed_words(prepared.resolved)
        phrase = " ".join(reversed(plural_words))
        plural = [next((c for c in concepts if c.label == word), Concept(word, (word,), specific=False))
                  for word in plural_words[:1]]
        plural = [replace(c, forms=(*c.forms, phrase)) if phrase not in c.forms else c for c in plural]
        nouns: list[Concept | None] = [*plural] or [head, *(c for c in concepts if c.asked and c is not head)]
        listed = next((found for noun in nouns
                       if (found := list_answer(noun, lib.chunks_of(target.doc_id), config.max_list_items)
                                    or introduced_list(noun, lib.chunks_of(target.doc_id), config.max_list_items))),
                      None)
        best_has_number = prepared.intent == "count" and not unmet_types(prepared, in_scope[:1])
        if listed is not None and not best_has_number:
            body = render_list(language, listed, cites, prepared.intent == "count")
            timings["compose"] = round((time.perf_counter() - t0) * 1000, 1)
            return common.model_copy(update={
                "text": body, "citations": cites.citations, "related_doc_id": target.doc_id,
                "related_section": listed.items[0].passage.chunk.section_label,
            })

    dated = (document_date_line(target, lib.chunks_of(target.doc_id)) if asks_document_date(prepared.text)
             else None)
    chosen, decision = ([dated], ANSWER) if dated is not None else choose_lines(
        prepared, in_scope, compared, target, lib, concepts, missing, head, from_now, language, config)
    # Not when the question names an edition: a FAQ on this year's notice does not answer for last year's.
    alone = not compared and doc_id is None and not prepared.years and not prepared.edition_offset
    action = unworded_action(concepts, lib.text_of(target)) if alone and not decision.abstain else None
    if alone and ((decision.abstain and "missing_fact_type" in decision.reasons) or action is not None):
        # The notice's lines do not state the kind of fact asked, or it never words the action asked about: its FAQ
        # (or the notice a FAQ is about) may.
        standing = stand_in(prepared, target, scored, lib, concepts, missing, head, from_now, language, config,
                            score_doc, action)
        if standing is not None:
            target, in_scope, chosen, decision = standing
    common = common.model_copy(update={"related_section": chosen[0].passage.chunk.section_label,
                                       "related_doc_id": chosen[0].doc_id})
    if decision.abstain:
        return _abstain(common, decision, language, contact)
    # An older notice of a program the target carries as a sub-program is an older edition when the question
    # names that program beyond what the target's own title says ("해외 인증" of the integrated notice).
    carried = [d for d in lib.lineage.carried_by(target)
               if titled(concepts, d.title) - titled(concepts, target.title)]
    older = {d.doc_id: lib.chunks_of(d.doc_id) for d in newest_first(lib.documents) if older_edition(d, target)}
    older.update({d.doc_id: lib.chunks_of(d.doc_id) for d in carried})
    # Only the fact asked for gets an edition note: the asked field, else the best sentence.
    noted = [c for c in chosen if c.field_match] or [c for c in chosen if c is in_scope[0]]
    notes = history_notes(noted, older) if older and not compared else []
    body = render_answer(language, chosen, notes, cites)
    timings["compose"] = round((time.perf_counter() - t0) * 1000, 1)
    extractive = common.model_copy(update={
        "text": body, "citations": cites.citations, "missing_terms": [c.label for c in missing],
        "editions_note": bool(notes),
    })
    # Whether the question tells the two programs apart is asked only of a near tie, of its words as asked (the
    # asker's situation kept apart): a name, a title word of one program only, a situation one document holds.
    rival = (rival_program(target, scored, lib, config.rival_margin)
             if doc_id is None and not prepared.followup and prepared.intent != "compare" else None)
    if rival is not None and not tells_apart(prepared.concepts, target, rival, lib):
        other = answer_question(bot, text, history, doc_id=rival.doc_id, use_llm=False, config=config,
                                filters=filters, today=today)
        if other.outcome == "answered" and all(c.doc_id != target.doc_id for c in other.citations):
            return both_programs(extractive, other, language)
    want_llm = bot.settings.llm_base_url is not None and bot.settings.llm_model is not None
    if use_llm is False or not want_llm or prepared.intent != "fact" or notes:
        return extractive
    from bot.llm import llm_answer

    notify("generating", {})
    t0 = time.perf_counter()
    generated = llm_answer(bot.settings, prepared.resolved, language, passages, extractive,
                           on_token=(lambda text: notify("token", {"text": text})) if progress else None)
    timings["llm"] = round((time.perf_counter() - t0) * 1000, 1)
    return generated or extractive


def _names_elsewhere(missing: list[Concept], lib: Library, target: DocInfo) -> list[Concept]:
    """A name the question gives as context ("CE 인증을 받았는데 …") that the answering document states in another
    section is not absent from the documents: only the passages read first lacked it. Numbers and years stay
    missing (a "3" is somewhere in any notice)."""
    text = lib.text_of(target)
    return [c for c in missing
            if not (c.specific and not re.search(r"\d", c.label) and holds(c, text))]


def _abstain(common: Answer, decision: Decision, language: str, contact: Contact | None) -> Answer:
    return common.model_copy(update={
        "outcome": "abstained", "reasons": list(decision.reasons), "abstained": True,
        "missing_terms": list(decision.missing), "abstain_reason": decision.detail(),
        "text": render_abstention(language, decision, contact),
    })


__all__ = ["ANSWER", "Candidate", "answer_question", "covered_concepts", "library_of"]
