"""Editions compared: the line of each edition a question names by year or from now ("2027년이랑 2028년",
"작년이랑 올해 각각"), so both years are answered, each cited to its own notice."""

from __future__ import annotations

from collections.abc import Callable

from bot.answering.edition_words import years_named_from_now
from bot.answering.evidence import Candidate, DocInfo
from bot.answering.fields import asked_part
from bot.answering.library import Library
from bot.answering.prepare import Prepared
from bot.answering.select import edition_lines, newest_first, same_program
from bot.answering.stated import unmet_types
from bot.answering.support import titled
from bot.answering.units import asked_counters, counts_in


def editioned(scored: list[Candidate], lib: Library) -> list[Candidate]:
    """The candidates of documents that have another edition, when some have: "작년이랑 올해 각각" asks of a program
    published yearly, not of a one-off press release that names it."""
    docs = {c.doc_id: c.doc for c in scored}
    with_editions = {doc_id for doc_id, doc in docs.items() if any(same_program(doc, d) for d in lib.documents)}
    return [c for c in scored if c.doc_id in with_editions] or scored


def compared_editions(prepared: Prepared, scored: list[Candidate], lib: Library, this_year: int,
                      score_doc: Callable[[DocInfo], list[Candidate]] | None = None) -> list[Candidate]:
    """The asked field in each edition a comparison names by year (or from now: "작년이랑 올해"), in the program of
    the best-ranked document that has such editions (the first may be a FAQ about the program, which is no
    edition of it). A question from now whose field lines do not answer it ("유형을 몇 개까지 신청할 수 있었어요?
    올해는요?" is no 지원 대상 line) takes each edition's best sentence (``score_doc``) that states what is asked
    and holds what the first one holds."""
    counters = asked_counters(asked_part(prepared.resolved))

    def uncounted(lines: list[Candidate]) -> bool:  # "몇 개까지" is not answered by a date line of the field
        return any(not counts_in(counter, c.text) for counter in counters for c in lines)

    def answers(lines: list[Candidate]) -> bool:
        return not (prepared.compared_offsets and (unmet_types(prepared, lines) or uncounted(lines)))

    tried: set[frozenset[str]] = set()
    for doc in {c.doc_id: c.doc for c in scored[:10]}.values():
        # A program moved into a newer integrated notice as a sub-program: the older notice of the program, when
        # the question names it beyond the integrated notice's title ("해외 인증"), and the notice carrying it are
        # editions of one program.
        carried = [d for d in lib.lineage.carried_by(doc)
                   if titled(prepared.concepts, d.title) - titled(prepared.concepts, doc.title)]
        carriers = lib.lineage.carriers_of(doc)  # a comparison only: the issuer's notices are read once
        group = [doc, *(d for d in lib.documents if same_program(doc, d)), *carried, *carriers]
        # The notice, its FAQ and its older edition ranked apart are one program: its editions are read once.
        if (ids := frozenset(d.doc_id for d in group)) in tried:
            continue
        tried.add(ids)
        years = years_named_from_now(group, prepared.compared_offsets, this_year)
        lines = edition_lines(prepared, group, lib.chunks_of, years)
        if lines and answers(lines):
            return lines
        if score_doc is not None and prepared.compared_offsets:
            lines = _best_lines(prepared, group, years, score_doc, answers)
            if lines:
                return lines
    return []


def _best_lines(prepared: Prepared, group: list[DocInfo], years: tuple[str, ...],
                score_doc: Callable[[DocInfo], list[Candidate]], answers: Callable[[list[Candidate]], bool]
                ) -> list[Candidate]:
    """Each year's newest edition's best sentence that answers, holding the words of the question the first
    year's holds (the same rule, not another figure of the notice); empty unless every year has one."""
    content = {c.label for c in prepared.concepts if c.checkable and not (c.asked or c.predicate or c.background)}
    out: list[Candidate] = []
    for year in years:
        of_year = newest_first(d for d in group if year in d.title or (d.date or "").startswith(year))
        need = (out[0].covers & content) if out else set()
        line = next((c for d in of_year[:1] for c in score_doc(d)[:5]
                     if answers([c]) and need <= c.covers and (out or content & c.covers)), None)
        if line is None:
            return []
        out.append(line)
    return out if len(out) >= 2 else []
