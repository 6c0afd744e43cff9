"""An English word written before a noun of the question names the kind of that noun asked ("renewal fee"). When
the page holds the noun but never that word, its figures are other kinds' (the permit's fee, not a renewal fee),
and quoting them would give a wrong number: the answer abstains and names the word. The page is a fictional
fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.concepts import question_concepts
from bot.noun_phrases import latin_compounds, other_kinds
from bot.service import PolicyBot

PAGE = """# Varnesia: Transit Permits for Korean Freight Forwarders

Note: this is a fictional test fixture. Varnesia, its agencies and its currency do not exist.

Posted 3 May 2033 by the Export Compliance Desk.

## 1. Permit types and fees

| Permit | Validity | Fee |
|---|---|---|
| Transit permit (one route) | 1 year | VRN 800 |
| Warehouse permit (bonded storage) | 3 years | VRN 2,100 |

A one-time registration fee of VRN 150 is charged when a forwarder first registers with the Varnesian Transit Office.

## 2. Contacts

Varnesian Transit Office helpdesk: +377 20 555 0101, permits@vto.example
"""


@pytest.fixture(scope="module")
def varnesia(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("latin-kinds"), {"varnesia-transit-permits-2033.md": PAGE})


def test_words_written_one_after_the_other_pair_up() -> None:
    question = "What is the renewal fee for a warehouse permit, transit permits, or online applications?"
    pairs = {(a.label, b.label) for a, b in latin_compounds(question, question_concepts(question))}
    assert ("renewal", "fee") in pairs
    assert ("warehouse", "permit") in pairs
    assert ("transit", "permit") in pairs  # a plural head is the same noun
    assert not any(a == "fee" for a, _ in pairs)  # "fee for": a stopword between them
    assert not any(a == "permit" for a, _ in pairs)  # "permit, transit": a comma parts them
    assert not any(a == "online" for a, _ in pairs)  # an adjective is often left unwritten on the page
    asked = "Can laptops enter Varnesia without a permit?"
    assert not latin_compounds(asked, question_concepts(asked))  # a verb before a name is no compound


def test_a_kind_the_page_never_names_is_not_answered_with_another_kinds_fee(varnesia: PolicyBot) -> None:
    answer = varnesia.answer("What is the renewal fee for a transit permit in Varnesia?")
    assert answer.outcome == "abstained", answer.text
    assert "renewal" in answer.missing_terms
    assert "800" not in answer.text


def test_the_kind_asked_in_a_korean_sentence_is_checked_too(varnesia: PolicyBot) -> None:
    answer = varnesia.answer("Varnesia transit permit 1년 지나면 renewal fee 얼마예요?")
    assert answer.outcome == "abstained", answer.text
    assert "800" not in answer.text


def test_a_kind_in_the_askers_situation_is_not_the_kind_asked(varnesia: PolicyBot) -> None:
    answer = varnesia.answer("Our renewal permit expired last month. What is the fee for a warehouse permit in "
                             "Varnesia?")
    assert answer.outcome == "answered", answer.text
    assert "VRN 2,100" in answer.text


def test_a_kind_the_page_names_is_answered(varnesia: PolicyBot) -> None:
    answer = varnesia.answer("What is the registration fee for forwarders in Varnesia?")
    assert answer.outcome == "answered", answer.text
    assert "VRN 150" in answer.text
    bonded = varnesia.answer("What is the fee for a bonded warehouse permit in Varnesia?")
    assert bonded.outcome == "answered", bonded.text
    assert "VRN 2,100" in bonded.text


def test_a_line_stating_another_kinds_fee_gives_way_to_the_asked_row(varnesia: PolicyBot) -> None:
    answer = varnesia.answer("What is the fee for a transit permit in Varnesia?")
    assert answer.outcome == "answered", answer.text
    assert "Transit permit (one route) | 1 year | VRN 800" in answer.text
    assert "VRN 150" not in answer.text.split("VRN 800")[0]  # the registration fee is not the answer's lead


def test_a_noun_before_a_noun_of_the_question_names_another_kind() -> None:
    concepts = question_concepts("What is the fee for a transit permit in Varnesia?")
    assert other_kinds("A one-time registration fee of VRN 150 is charged.", concepts) == {"registration"}
    assert not other_kinds("Permit: Transit permit (one route); Fee: VRN 800", concepts)
