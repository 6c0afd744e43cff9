"""Stage 5b, decide on the lines: whether the lines chosen to answer state what is asked — its kind of fact, its
case, unit, currency, counter, period and year, and whose phone number — or the answer abstains."""

from __future__ import annotations

import re

from bot.answering.decide import (
    ANSWER,
    Decision,
    decide_counter,
    decide_currency,
    decide_edition_year,
    decide_fact_type,
    decide_figure_year,
    decide_period,
    decide_phone_owner,
    decide_unit,
    decide_unlisted_case,
    decide_unlisted_row,
    names_beyond,
)
from bot.answering.evidence import Candidate, DocInfo
from bot.answering.fields import asked_part, is_field_word
from bot.answering.items import case_items
from bot.answering.prepare import Prepared
from bot.answering.stated import unmet_fields, unmet_types
from bot.answering.support import Haystack, holds
from bot.concepts import Concept
from bot.tokens import analyse


def decide_lines(prepared: Prepared, chosen: list[Candidate], target: DocInfo, document: str,
                 from_now: tuple[str, ...], concepts: list[Concept], language: str) -> Decision:
    """Each check in turn; the first that finds the lines answer something other than what is asked abstains.
    ``document`` is the answering document's whole text, ``from_now`` the edition years named from now."""
    asked = prepared.asking or asked_part(prepared.resolved)  # a year of the asker's situation asks none
    checks = (
        lambda: decide_fact_type(unmet_types(prepared, chosen), unmet_fields(prepared, chosen), language),
        lambda: decide_unlisted_case(prepared.resolved, case_items(chosen)),
        lambda: decide_unlisted_row(prepared.resolved, chosen),
        lambda: _decide_case_row(concepts, chosen),
        lambda: decide_total(asked, chosen),
        lambda: decide_unit(asked, chosen),
        lambda: decide_currency(asked, chosen),
        lambda: decide_counter(asked, chosen, document),
        lambda: decide_period(asked, chosen),
        lambda: decide_edition_year(prepared.edition_years + from_now, target, chosen, prepared.fields),
        lambda: decide_figure_year(tuple(y for y in prepared.years if y not in prepared.edition_years
                                         and y in asked), prepared.wanted, target, chosen),
        lambda: decide_phone_owner(prepared.resolved, names_beyond(concepts, target.title), chosen, language),
    )
    for check in checks:
        decision = check()
        if decision.abstain:
            return decision
    return ANSWER


def _decide_case_row(concepts: list[Concept], chosen: list[Candidate]) -> Decision:
    """A table row the question names by its first cell ("브랜드 개발 분야에서 …") is the case asked: a word of the
    question that row lacks and another quoted row holds ("해외 상표 출원": 출원 is the 디자인 권리화 row's) is
    asked of that case, and quoting both rows would answer it with the other case's line."""
    rows = [c for c in chosen if c.is_row]
    words = [c for c in concepts if c.checkable and not c.asked and not c.background and not c.predicate]
    named = [r for r in rows if any(holds(w, Haystack(r.first_cell)) for w in words)]
    if not named or len(named) == len(rows):
        return ANSWER
    own = Haystack("\n".join(r.read_text for r in named))
    others = Haystack("\n".join(r.read_text for r in rows if r not in named))
    # Not a word of the notice's fields ("비용", "한도"), which every row's columns answer. The document holds the
    # word for another row, so the case is named with it ("출원 (브랜드 개발)").
    case = named[0].first_cell
    lacking = tuple(f"{w.label} ({case})" for w in words
                    if not is_field_word(w.label) and not holds(w, own) and holds(w, others))
    return Decision(True, ("missing_name",), lacking) if lacking else ANSWER


# A line that states a total: "총 지원 한도", "합계", "in total".
_TOTAL_STATED = re.compile(r"총|합계|합산|\btotal\b", re.IGNORECASE)


def decide_total(asked: str, chosen: list[Candidate]) -> Decision:
    """A total asked ("기업당 총 지원 한도", 총 as a determiner) and the lines chosen are rows of a table, one per
    case ("제품 디자인 | … | 2,500만원"), none of them a total: the document states each case's figure, not the
    total asked, and their sum may not be it (a cap on the sum is a rule of its own). English "total" is not read
    so: "the total fee for both permits" is answered by the two rows."""
    rows = [c for c in chosen if c.is_row]
    if len(rows) < 2 or any(_TOTAL_STATED.search(c.read_text) for c in chosen):
        return ANSWER
    tokens = analyse(asked)
    for i, (form, tag, _start, _len) in enumerate(tokens):
        if (form, tag) == ("총", "MM"):
            nouns = [t[0] for t in tokens[i + 1:i + 4] if t[1] in ("NNG", "NNP")]
            return Decision(True, ("missing_fact_type",), (" ".join(["총", *nouns[:2]]),))
    return ANSWER
