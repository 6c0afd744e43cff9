"""An English question of two ("What is the fee …, and do we get it back if …?") gets a line for each: the fee
lines hold the first part's words, and the line that holds what only the second asks with ("rejected") answers it.
The lines are written here (fictional); nothing is taken from an evaluation set."""

from __future__ import annotations

from dataclasses import replace

from test_answering_mechanisms import line_candidates

from bot.answering.complete import _PART_BREAK, with_parts
from bot.concepts import question_concepts


def test_where_an_english_question_of_two_breaks() -> None:
    parts = _PART_BREAK.split("What is the fee, and do we get it back if it is rejected?")
    assert parts == ["What is the fee", "do we get it back if it is rejected?"]
    assert len(_PART_BREAK.split("Which toys and games are covered?")) == 1  # "and" inside one question


def test_each_part_of_an_english_question_gets_a_line() -> None:
    question = "What is the fee for notifying one toy, and do we get it back if the notification is rejected?"
    fee, overview, refund = line_candidates([
        "Toy notification (per toy) | NVK 900",
        "Every toy must be notified to the board before it is sold.",
        "Fees are not refundable if a notification is rejected.",
    ], "Norvania toy notification guide (test fixture)")
    fee = replace(fee, covers=frozenset({"fee", "notify", "notification"}))
    overview = replace(overview, covers=frozenset({"notify"}))
    refund = replace(refund, covers=frozenset({"notification", "reject"}))
    # The fee line holds "notification", a word of the second part too; "rejected" it does not hold.
    lines = with_parts([fee], [fee, overview, refund], question, question_concepts(question), reach=10)
    assert [c.text for c in lines] == [fee.text, refund.text]
