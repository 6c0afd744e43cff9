"""A question that names no program ("선정 결과는 언제쯤 나와요?") which the documents of two programs answer equally
well: the first retrieval ranks one of them first by a hair, and quoting only it would answer for a program the
asker may not mean. Each program's answer is shown under its title, and the asker is asked which one they mean."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answering.evidence import Candidate, DocInfo
from bot.answering.library import Library
from bot.answering.select import same_program
from bot.concepts import Concept, squash
from bot.models import Answer, Citation
from bot.wording import word

_MARK = re.compile(r"\[(\d+)\]")


def _one_program(a: DocInfo, b: DocInfo, lib: Library) -> bool:
    """One title (a document indexed in parts), editions, a FAQ and its notice, a notice carrying another as a
    sub-program, or a title naming the other's program ("[자주 묻는 질문] 2028년 ○○ 지원사업" and "2027년 ○○
    지원사업 공고")."""
    return (a.title == b.title or same_program(a, b) or lib.lineage.related(a, b)
            or any(len(x.program) >= 4 and x.program in squash(y.title) for x, y in ((a, b), (b, a))))


def rival_program(target: DocInfo, scored: Sequence[Candidate], lib: Library, margin: float) -> DocInfo | None:
    """The document of another program whose best sentence of the first retrieval scores within ``margin`` of
    ``target``'s best: the question does not tell the two apart."""
    best = max((c.score for c in scored if c.doc_id == target.doc_id), default=None)
    if best is None:
        return None
    rival = max((c for c in scored if c.doc_id != target.doc_id and not _one_program(target, c.doc, lib)),
                key=lambda c: c.score, default=None)
    return rival.doc if rival is not None and rival.score >= best - margin else None


def tells_apart(concepts: Sequence[Concept], a: DocInfo, b: DocInfo) -> bool:
    """The question names one of the two programs: by a name (not a number — many programs have a 2028 edition), a
    word the vocabulary does not know, or a word one title holds and the other does not. A word both titles hold
    ("사업" of 사업설명회) names neither."""
    for c in concepts:
        if c.asked or c.background:
            continue
        # A name, or a word the vocabulary has no counterpart for ("leap" of "the overseas certification leap
        # programme"): it may name one of them, and the answer cannot tell which.
        if (c.specific and not re.fullmatch(r"[\d.,']+", c.label)) or not c.checkable:
            return True
        held = [any(len(f) >= 2 and squash(f) in squash(d.title) for f in c.forms) for d in (a, b)]
        if held[0] != held[1]:
            return True
    return False


def both_programs(first: Answer, second: Answer, language: str) -> Answer:
    """``first`` and ``second`` (answered from two programs' documents) in one answer, each under its document's
    title; the second's citation numbers follow the first's."""
    shift = len(first.citations)
    second_text = _MARK.sub(lambda m: f"[{int(m.group(1)) + shift}]", second.text)
    citations: list[Citation] = [*first.citations,
                                 *(c.model_copy(update={"n": c.n + shift}) for c in second.citations)]

    def titled(answer: Answer, text: str) -> str:
        title = answer.citations[0].doc_title if answer.citations else ""
        return f"「{title}」\n{text}"

    text = "\n\n".join([word("two_programs", language), titled(first, first.text), titled(second, second_text)])
    return first.model_copy(update={"text": text, "citations": citations,
                                    "editions_note": first.editions_note or second.editions_note})
