"""Stage 5c, a stand-in document: when the answering document's lines do not state the kind of fact asked (a date, an
amount), its FAQ — or the notice a FAQ is about — may ("몇 나라까지", "언제쯤 입금"). Kept apart from the pipeline
because it chooses lines again, over other documents and their own retrievals."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bot.answering.compose import choose_lines, companions, states_what_is_asked
from bot.answering.config import AnswerConfig
from bot.answering.decide import Decision, asked_action
from bot.answering.evidence import Candidate, DocInfo
from bot.answering.library import Library
from bot.answering.prepare import Prepared
from bot.answering.support import Haystack, titled, unsupported
from bot.concepts import Concept

Found = tuple[DocInfo, list[Candidate], list[Candidate], Decision]
"""The stand-in document, its scored sentences, the lines chosen and the verdict on them."""


def unworded_action(concepts: list[Concept], document: Haystack) -> Concept | None:
    """The action the question asks about ("못 끝내면 연장되나요?": its last verb-noun, not a notice field's verb such
    as 신청, nor one of the asker's situation) when ``document`` never words it, nor a compound sharing its first two
    syllables: the notice's lines about the rest of the question (the project period) do not say whether."""
    verb = asked_action(concepts)
    return verb if verb is not None and unsupported([verb], document) else None


def stand_in(prepared: Prepared, target: DocInfo, scored: list[Candidate], lib: Library, concepts: list[Concept],
             missing: list[Concept], head: Concept | None, from_now: tuple[str, ...], language: str,
             config: AnswerConfig, score_doc: Callable[[DocInfo], list[Candidate]],
             action: Concept | None = None) -> Found | None:
    """A companion of ``target`` whose lines state what is asked. It must hold every word of the question the target
    holds: a FAQ on 중도상환수수료 does not answer a question on 취급 수수료 that the notice could not; and the
    ``action`` asked about that the target never words (`unworded_action`)."""
    wanted_words = [c for c in concepts if c.checkable and not c.asked and c not in missing] + ([action] if action
                                                                                                else [])
    named = titled(concepts, target.title)  # the program's name, which a FAQ's lines need not repeat
    unnamed = [w for w in wanted_words if w.label not in named]
    for other in companions(target, scored, lib, prepared.resolved):
        if unsupported(wanted_words, lib.text_of(other)):
            continue
        own = [c for c in scored if c.doc_id == other.doc_id]
        # Its passages the first retrieval ranked, then its own retrieval (the answer ranked below the ten best
        # passages of the whole index when the notice's passages held the question's words better), then only its
        # sentences that state the kind of fact asked (a FAQ entry closer in words may not) — those must then hold
        # every word of the question beyond the program's name, or any date would do.
        for attempt, must_hold in _readings(own, other, score_doc, prepared):
            lines, verdict = choose_lines(prepared, attempt, [], other, lib, concepts, missing, head, from_now,
                                          language, config)
            if (not verdict.abstain and states_what_is_asked(prepared, lines)
                    and (_holds_all(lines, unnamed) if must_hold else _holds_any(lines, unnamed))):
                return other, attempt, lines, verdict
    return None


def _readings(own: list[Candidate], doc: DocInfo, score_doc: Callable[[DocInfo], list[Candidate]],
              prepared: Prepared) -> Iterator[tuple[list[Candidate], bool]]:
    """The sentences to choose from, in turn, and whether the lines chosen must hold the question's words. The
    document's own retrieval runs only when its first reading does not answer."""
    yield own, False
    wider = _merged(own, score_doc(doc))
    yield wider, False
    yield [c for c in wider if states_what_is_asked(prepared, [c])], True


def _holds_all(lines: list[Candidate], words: list[Concept]) -> bool:
    """The lines (with their headings and their document's title) hold every one of ``words``."""
    held = {label for c in lines for label in c.covers | c.subject}
    return all(w.label in held for w in words)


def _holds_any(lines: list[Candidate], words: list[Concept]) -> bool:
    """The lines hold one of ``words`` (the question's words beyond the program's name), or there are none: a FAQ
    line that holds only the program's name ("공고일(2029. 2. 12.) 기준으로 …" for a question on 통합공고's 협약)
    states its date for another question."""
    held = {label for c in lines for label in c.covers}
    return not words or any(w.label in held for w in words)


def _merged(first: list[Candidate], more: list[Candidate]) -> list[Candidate]:
    """Both lists' sentences once each, best first."""
    seen = {(c.chunk_id, c.index) for c in first}
    return sorted(first + [c for c in more if (c.chunk_id, c.index) not in seen], key=lambda c: -c.score)
