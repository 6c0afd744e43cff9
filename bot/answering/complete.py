"""Lines that complete an answer to a question that asks several things at once: the number asked by its counter
beside another fact, and each question of several."""

from __future__ import annotations

import re

from bot.answering.decide import QUESTION_BREAK
from bot.answering.evidence import Candidate
from bot.answering.units import asked_counters, counts_in, counts_things
from bot.concepts import Concept
from bot.text import ENGLISH_QUESTION_OPENERS

# Where one question ends and the next begins: after a question mark, after a clause ending in -고 and a comma
# ("자부담은 몇 %고, 전부 현금으로 내야 돼요?"), or at ", and" before another English question ("What is the fee,
# and do we get it back …?").
_PART_BREAK = re.compile(rf"{QUESTION_BREAK.pattern}|(?<=\S고),\s*|,\s*and\s+(?=(?:{ENGLISH_QUESTION_OPENERS})\b)",
                         re.IGNORECASE)


def with_counted(chosen: list[Candidate], in_scope: list[Candidate], question: str, reach: int
                 ) -> list[Candidate]:
    """A question that asks a number by its counter with another fact ("총 사업비랑 몇 개사 뽑는지") is answered
    by the lines for the other fact, which count nothing: the answering document's best-ranked line that counts in
    that counter ("○ 지원 규모: 240개사 내외", about the question or the field it asks) states the number, and
    quoting it beside them answers both. Lines that count things in some counter may count the asked ones otherwise
    ("몇 채" asked, "한 척" written)."""
    counters = asked_counters(question)
    text = "\n".join(c.text for c in chosen)
    if not counters or counts_things(text):
        return chosen
    added: list[Candidate] = []
    for counter in sorted(counters):
        line = next((c for c in in_scope[:reach] if c not in chosen and c not in added
                     and (c.covers or c.field_match) and counts_in(counter, c.text)), None)
        if line is not None:
            added.append(line)
    return chosen + added


def with_parts(chosen: list[Candidate], in_scope: list[Candidate], question: str, concepts: list[Concept],
               reach: int) -> list[Candidate]:
    """A question of several ("자부담은 몇 %고, 전부 현금으로 내야 돼요?") is answered by lines for the first,
    which hold no word the other asks with: the best-ranked line of the answering document that holds the most of
    that part's own words ("자부담 중 현금 부담은 절반 이상") answers it, and is quoted beside them."""
    parts = [p for p in _PART_BREAK.split(question.strip()) if p.strip()]
    if len(parts) < 2:
        return chosen
    words = [c.label for c in concepts if c.checkable and not c.asked and not c.background]
    added: list[Candidate] = []
    for part in parts:
        lowered = part.lower()
        own = {w for w in words if w.lower() in lowered
               and not any(w.lower() in other.lower() for other in parts if other is not part)}
        lines = chosen + added
        # A word of that part no quoted line holds ("rejected" of "do we get it back if it is rejected?", where the
        # fee lines hold only "notification") is the part's still to answer.
        uncovered = own - frozenset().union(*(c.covers for c in lines))
        if not uncovered:
            continue
        best = max((c for c in in_scope[:reach] if c not in lines and c.covers & uncovered),
                   key=lambda c: (len(c.covers & own), c.score), default=None)
        if best is not None:
            added.append(best)
    return chosen + added
