"""Stage 5, choose and check the lines: the sentences of one document that answer (a FAQ entry, the best sentence
and what completes it, a whole list or table), then the checks that they state what is asked (verdict)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answering.complete import with_counted, with_parts
from bot.answering.config import AnswerConfig
from bot.answering.decide import ANSWER, Decision, decide_counter
from bot.answering.evidence import Candidate, DocInfo
from bot.answering.fact_types import STRICT_TYPES
from bot.answering.faq import answers_for_entries, faq_answer, without_added_verdicts
from bot.answering.fields import asked_part
from bot.answering.items import (
    ITEM_LINE,
    by_section,
    field_section,
    named_items,
    named_rows,
    whole_lists,
    with_items,
    with_stating_headings,
)
from bot.answering.library import Library
from bot.answering.prepare import Prepared
from bot.answering.select import amends_only, in_reading_order, older_edition, pick, same_program, with_conditions
from bot.answering.verdict import decide_lines
from bot.concepts import Concept


def choose_lines(prepared: Prepared, in_scope: list[Candidate], compared: list[Candidate], target: DocInfo,
                 lib: Library, concepts: list[Concept], missing: list[Concept], head: Concept | None,
                 from_now: tuple[str, ...], language: str, config: AnswerConfig
                 ) -> tuple[list[Candidate], Decision]:
    """The lines of ``target`` (``in_scope``: its scored sentences) that answer, and whether they state what is
    asked. ``compared``: the editions' lines already chosen for a comparison."""
    chunks = lib.chunks_of(target.doc_id)
    entry = None if compared else faq_answer(in_scope, chunks, prepared, config)
    chosen = compared or entry or pick(in_scope, prepared, [c for c in prepared.concepts if c not in missing],
                                       config)
    chosen = answers_for_entries(chosen, in_scope, chunks, config, matched=entry is not None)
    answered = chosen
    if not compared and entry is None:
        chosen = by_section(chosen, head, in_scope, chunks, config.max_list_items)
        if prepared.fields and all(f.answer_type == "text" for f in prepared.fields):
            chosen = field_section(chosen, prepared.fields, in_scope, chunks, config.max_list_items)
    chosen = with_items(with_conditions(chosen, in_scope), in_scope, chunks, config.max_list_items)
    if entry is None:
        chosen = without_added_verdicts(chosen, answered, chunks)
    chosen = whole_lists(chosen, in_scope, chunks, config.max_list_items)
    chosen = with_stating_headings(chosen, concepts, prepared.wanted, chunks)
    chosen = in_reading_order(named_items(named_rows(chosen, concepts), prepared.resolved, concepts))
    document = lib.text_of(target).text
    decision = decide_lines(prepared, chosen, target, document, from_now, concepts, language)
    if not decision.abstain:
        # A number asked by its counter beside the fact answered ("총 사업비랑 몇 개사") joins it when the lines
        # with it pass the same checks: an added line never turns an abstention into an answer.
        completed = with_counted(chosen, in_scope, asked_part(prepared.resolved), config.completion_reach)
        completed = in_reading_order(with_parts(completed, in_scope, prepared.text, concepts,
                                                config.completion_reach))
        if len(completed) > len(chosen) and not decide_lines(prepared, completed, target, document, from_now,
                                                             concepts, language).abstain:
            chosen = completed
        decision = _decide_counted(asked_part(prepared.text), chosen)  # not the previous question's ask
    return chosen, decision


def _decide_counted(asked: str, chosen: list[Candidate]) -> Decision:
    """After completion, a number asked by its counter ("몇 곳이었어요?", "몇 개까지") must be counted in the lines
    themselves: before it, the document counting in that counter elsewhere let the first lines pass so that
    completion could add the counting line ("총 사업비랑 몇 개사"). Rows or items quoted are the things counted
    ("유형이 몇 개예요?" answered by the table of 유형)."""
    listed = [c for c in chosen if ITEM_LINE.match(c.text) or c.is_row]
    return ANSWER if len(listed) >= 2 else decide_counter(asked, chosen, "")


def companions(target: DocInfo, scored: Sequence[Candidate], lib: Library, question: str) -> list[DocInfo]:
    """The documents the search found that speak for ``target``'s program without being an older edition or a
    correction of it: its FAQ or guide, or the notice a FAQ is about. A FAQ adds what a notice leaves out ("몇
    나라까지", "언제쯤 입금"), so when the target's lines do not state the kind of fact asked, one of these may."""
    found: list[DocInfo] = []
    for c in scored:
        doc = c.doc
        if doc.doc_id == target.doc_id or doc in found or amends_only(doc, question):
            continue
        if (same_program(target, doc) and not older_edition(doc, target)) or lib.lineage.one_about_other(target, doc):
            found.append(doc)
    return found


# A year ("2025년 사업의 …") or a "까지" alone passes for a date or a span of years in the loose checks: a companion
# document's line must write the kind of fact asked as more than that to answer for its notice.
_LOOSE_DATE = re.compile(r"(?:19|20)\d\d\s*년도?|까지")


def states_what_is_asked(prepared: Prepared, lines: Sequence[Candidate]) -> bool:
    """Each strict kind of fact asked (a date, a duration, an amount …) is written in ``lines`` as more than a
    year or a "까지"."""
    texts = [_LOOSE_DATE.sub(" ", c.read_text) for c in lines]
    return all(any(pat.search(text) for text in texts) for pat in prepared.wanted if pat in STRICT_TYPES)
