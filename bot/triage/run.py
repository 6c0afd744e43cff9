"""Triage of one inquiry, end to end: split it into questions, score programs per question, answer each question
with the answer service (citations renumbered into one reply), and decide whether a human must look."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from bot.catalogue import Program
from bot.guard import is_injection
from bot.lru import served_from
from bot.models import Answer, Citation
from bot.text import language_of
from bot.triage.categories import category_of
from bot.triage.models import ProgramMatch, Triage, TriageError, TriageQuestion
from bot.triage.score import ProgramIndex, built_index, program_index, query_tokens, score_segment
from bot.triage.split import clean_inquiry, split_inquiry

if TYPE_CHECKING:
    from bot.service import PolicyBot

MAX_QUESTIONS = 5  # questions answered one by one; the rest are left to the human
MAX_SEGMENTS = 8  # questions/sentences retrieved
WHOLE_VIEW_CHARS = 1500  # the whole message (greetings removed) is retrieved too, this long at most
WHOLE_VIEW_MODE = "keyword"  # … by its words only: embedding 1,500 characters costs more than all the rest
AMBIGUOUS_MARGIN = 0.05  # (best - second) / best below this in the main question: several programs match
TRUNCATION_NOTE = "long inquiry ({total:,} characters): truncated to {n:,} characters per question for the answer step"

_MARKER = re.compile(r"\[(\d+)\]")


def join_answers(questions: list[str], answers: list[Answer]) -> tuple[str, list[Citation]]:
    if len(answers) == 1:
        return answers[0].text, list(answers[0].citations)
    parts: list[str] = []
    citations: list[Citation] = []
    for i, (q, a) in enumerate(zip(questions, answers, strict=True), start=1):
        offset = len(citations)
        known = {c.n for c in a.citations}
        text = _MARKER.sub(lambda m, off=offset, ok=known: f"[{int(m.group(1)) + off}]"  # type: ignore[misc]
                           if int(m.group(1)) in ok else m.group(0), a.text)
        citations.extend(c.model_copy(update={"n": c.n + offset}) for c in a.citations)
        parts.append(f"{i}) {q}\n{text}")
    return "\n\n".join(parts), citations


def _match(program: Program, score: float) -> ProgramMatch:
    return ProgramMatch(
        program_id=program.id, number=program.number, title=program.title,
        strategy=program.strategy.label if program.strategy else None, doc_id=program.doc_id,
        score=round(score, 4), pages=program.pages, section=program.section,
    )


def triage(inquiry: str, bot: PolicyBot | None = None) -> Triage:
    """Triage one support inquiry (Korean or English, a one-liner or a long email). The same inquiry again in
    the same index generation (and on the same day: citations carry their documents' status today) is served
    from the cache of the generation's ``ProgramIndex``; any write to the index starts a new one."""
    if bot is None:
        from bot.service import get_bot

        bot = get_bot()
    started = time.perf_counter()
    text = clean_inquiry(inquiry)
    if not text:
        raise TriageError("empty inquiry")
    index = program_index(bot, bot.store.generation())
    key = (text, bot.today())
    hit = served_from(index.results, key, started)
    if hit is not None:
        return hit
    result = _triage(text, bot, index, started)
    index.results.put(key, result.model_copy(deep=True))
    return result


def cached_triage(inquiry: str, bot: PolicyBot) -> Triage | None:
    """The cached triage of ``inquiry`` in the current index generation, or None; never computes (cheap enough to
    call on the event loop before queueing for an answer slot)."""
    started = time.perf_counter()
    text = clean_inquiry(inquiry)
    index = built_index(bot, bot.store.generation()) if text else None
    return served_from(index.results, (text, bot.today()), started) if index is not None else None


def _triage(text: str, bot: PolicyBot, index: ProgramIndex, started: float) -> Triage:
    language = language_of(text)
    notes: list[str] = []
    reasons: list[str] = []
    timings: dict[str, float] = {}
    limit = bot.settings.max_question_chars

    if is_injection(text):
        answer = bot.answer(text[:limit])
        return Triage(inquiry=text, language=language, draft_reply=answer.text, contact=answer.contact,
                      needs_human=True, reason="prompt injection: the inquiry tries to change the assistant's "
                      "instructions", reasons=["prompt injection"], notes=notes,
                      timings_ms={"total": round((time.perf_counter() - started) * 1000, 1)})

    t0 = time.perf_counter()
    segments = split_inquiry(text)
    questions = segments.questions or ([" ".join(segments.content)] if segments.content else [text])
    questions = list(dict.fromkeys(q if len(q) <= limit else q[:limit] for q in questions))
    timings["split"] = round((time.perf_counter() - t0) * 1000, 1)

    t0 = time.perf_counter()
    views: list[tuple[str, float, str]] = [(q, 1.0 / (1 + 0.15 * i), "hybrid")
                                           for i, q in enumerate(questions[:MAX_SEGMENTS])]
    whole = " ".join(segments.content)[:WHOLE_VIEW_CHARS]
    if len(questions) > 1 and whole:
        views.append((whole, 0.5, WHOLE_VIEW_MODE))
    per_view = [(score_segment(bot, index, v, mode), w) for v, w, mode in views]
    totals: dict[str, float] = {}
    for scores, weight in per_view:
        for pid, s in scores.items():
            totals[pid] = totals.get(pid, 0.0) + weight * s
    norm = sum(w for _, w in per_view) or 1.0
    # Each question's best program first (in question order: the first question is the main one), then the
    # rest by their summed score.
    ranked_ids: list[str] = []
    for scores, _ in per_view[: len(questions[:MAX_SEGMENTS])]:
        if scores:
            best_pid = max(scores, key=lambda pid: scores[pid])
            if best_pid not in ranked_ids:
                ranked_ids.append(best_pid)
    ranked_ids += [pid for pid, _ in sorted(totals.items(), key=lambda kv: -kv[1]) if pid not in ranked_ids]
    ranked = [(pid, totals[pid]) for pid in ranked_ids]
    matches = [_match(index.programs[pid], s / norm) for pid, s in ranked[:5]]
    timings["match"] = round((time.perf_counter() - t0) * 1000, 1)

    t0 = time.perf_counter()
    asked = questions[:MAX_QUESTIONS]
    if len(questions) > MAX_QUESTIONS:
        notes.append(f"{len(questions)} questions found; the first {MAX_QUESTIONS} were answered")
    if len(text) > limit or any(len(q) >= limit for q in asked):
        notes.append(TRUNCATION_NOTE.format(n=limit, total=len(text)))
    answers = [bot.answer(q) for q in asked]
    draft, citations = join_answers(asked, answers)
    timings["answer"] = round((time.perf_counter() - t0) * 1000, 1)

    triage_questions = []
    for i, q in enumerate(questions):
        scores = per_view[i][0] if i < len(per_view) and i < MAX_SEGMENTS else {}
        got: Answer | None = answers[i] if i < len(answers) else None
        triage_questions.append(TriageQuestion(
            text=q, program_ids=[pid for pid, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:3]],
            answered=None if got is None else not got.abstained,
            abstain_reason=got.abstain_reason if got is not None else None,
        ))

    # ---- does a human have to look at it?
    if not matches:
        reasons.append("no program matches the inquiry")
    unanswered = [i for i, a in enumerate(answers, start=1) if a.abstained]
    if unanswered:
        which = "the question" if len(answers) == 1 else "question " + ", ".join(str(i) for i in unanswered)
        detail = answers[unanswered[0] - 1].abstain_reason or "not in the documents"
        reasons.append(f"the documents do not answer {which} ({detail})")
    all_tokens = {t for q in questions for t in query_tokens(q)}
    if matches and not any(index.distinctive(t) for t in all_tokens):
        reasons.append("the inquiry names no specific program (only general words)")
    elif per_view and len(main := sorted(per_view[0][0].values(), reverse=True)) >= 2 \
            and (main[0] - main[1]) / main[0] < AMBIGUOUS_MARGIN:
        reasons.append(f"several programs match closely (score margin {(main[0] - main[1]) / main[0]:.2f})")

    top = index.programs[matches[0].program_id] if matches else None
    contact = (top.contact if top else None) or next((a.contact for a in answers if a.contact), None)
    timings["total"] = round((time.perf_counter() - started) * 1000, 1)
    return Triage(
        inquiry=text, language=language, matches=matches, category=category_of(top), contact=contact,
        draft_reply=draft, citations=citations, questions=triage_questions, needs_human=bool(reasons),
        reason="; ".join(reasons) or None, reasons=reasons, notes=notes, timings_ms=timings,
    )
