"""A question that names no program ("선정 결과는 언제쯤 나와요?") which the documents of two programs answer equally
well: the first retrieval ranks one of them first by a hair, and quoting only it would answer for a program the
asker may not mean. Each program's answer is shown under its title, and the asker is asked which one they mean."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answering.evidence import Candidate, DocInfo
from bot.answering.fields import is_field_word
from bot.answering.library import Library
from bot.answering.lineage import names_document
from bot.answering.select import same_program
from bot.answering.support import Haystack, holds
from bot.concepts import Concept, squash
from bot.models import Answer, Citation
from bot.wording import word

_MARK = re.compile(r"\[(\d+)\]")


def one_program(a: DocInfo, b: DocInfo, lib: Library) -> bool:
    """One title (a document indexed in parts), editions, a FAQ and its notice, a notice carrying another as a
    sub-program, a release quoting the other's program, or a title naming the other's program ("[자주 묻는 질문]
    2028년 ○○ 지원사업" and "2027년 ○○ 지원사업 공고")."""
    return (a.title == b.title or same_program(a, b) or lib.lineage.related(a, b)
            or any(len(x.program) >= 4 and x.program in squash(y.title) for x, y in ((a, b), (b, a)))
            or any(_quotes_program(x, y, lib) for x, y in ((a, b), (b, a))))


def _quotes_program(doc: DocInfo, other: DocInfo, lib: Library) -> bool:
    """``doc`` names ``other``'s program in 「」 near its top, perhaps without the issuer's region: a press release
    about that notice ("「2028년 중소기업 작업환경 개선 지원사업」에 총 54억원을 투입")."""
    lines = [line for ch in lib.chunks_of(doc.doc_id)[:3] for line in ch.text.split("\n") if line.strip()]
    return names_document([doc.title, *lines], other, regionless=True)


def rival_program(target: DocInfo, scored: Sequence[Candidate], lib: Library, margin: float) -> DocInfo | None:
    """The document of another program whose best sentence of the first retrieval scores within ``margin`` of
    ``target``'s best: the question does not tell the two apart."""
    best = max((c.score for c in scored if c.doc_id == target.doc_id), default=None)
    if best is None:
        return None
    # Only documents close enough are asked whether they are the target's program (reading their first lines).
    close: dict[str, Candidate] = {}
    for c in sorted(scored, key=lambda c: -c.score):
        if c.doc_id != target.doc_id and c.score >= best - margin:
            close.setdefault(c.doc_id, c)  # each document's best sentence
    rival = max((c for c in close.values() if not one_program(target, c.doc, lib)), key=lambda c: c.score,
                default=None)
    return rival.doc if rival is not None else None


def tells_apart(concepts: Sequence[Concept], a: DocInfo, b: DocInfo, lib: Library) -> bool:
    """The question names one of the two programs: by a name (not a number — many programs have a 2028 edition), a
    word the vocabulary does not know, a word that says which program (not which field: 지원, 신청, 사업) one title
    holds and the other does not, or a word of the asker's situation one document holds and the other nowhere
    ("시제품 제작 지원으로 신청했는데" names the notice that has that sub-program). A word both titles hold, or a
    field's word, names neither ("사업설명회는 언제 열려요?")."""
    titles = (Haystack(a.title), Haystack(b.title))
    for c in concepts:
        if c.asked:
            continue
        # A name, or a word the vocabulary has no counterpart for ("leap" of "the overseas certification leap
        # programme"): it may name one of them, and the answer cannot tell which.
        if (c.specific and not re.fullmatch(r"[\d.,']+", c.label)) or not c.checkable:
            return True
        if is_field_word(c.label):
            continue
        if holds(c, titles[0]) != holds(c, titles[1]):
            return True
        if c.background and holds(c, lib.text_of(a)) != holds(c, lib.text_of(b)):
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
