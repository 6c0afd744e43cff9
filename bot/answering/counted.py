"""A number asked by its counter beside another fact: the line that counts it joins the answer."""

from __future__ import annotations

from bot.answering.evidence import Candidate
from bot.answering.units import asked_counters, counts_in, counts_things


def with_counted(chosen: list[Candidate], in_scope: list[Candidate], question: str, reach: int = 10
                 ) -> list[Candidate]:
    """A question that asks a number by its counter with another fact ("총 사업비랑 몇 개사 뽑는지") is answered
    by the lines for the other fact, which count nothing: the answering document's best-ranked line that counts in
    that counter ("○ 지원 규모: 240개사 내외") states the number, and quoting it beside them answers both. Lines
    that count things in some counter may count the asked ones otherwise ("몇 채" asked, "한 척" written)."""
    counters = asked_counters(question)
    text = "\n".join(c.text for c in chosen)
    if not counters or counts_things(text):
        return chosen
    added: list[Candidate] = []
    for counter in sorted(counters):
        line = next((c for c in in_scope[:reach] if c not in chosen and c not in added and c.covers
                     and counts_in(counter, c.text)), None)
        if line is not None:
            added.append(line)
    return chosen + added
