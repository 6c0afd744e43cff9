"""Embassy staff often name themselves before the question ("Embassy here: how many companies …?"). That is the
asker, not what is asked: "embassy" was taken as the thing asked about, found in no document, and the answer
abstained. A leading "<who> here:" or "This is <who>," is the asker's situation, as a first-person statement is.
The notice below is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot
from bot.situation import english_background_end

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
보람시 공고 제2037-12호
2037년 보람시 중소기업 해외 판로 지원사업 참여기업 모집 공고

2037. 3. 5.

1. 사업 개요
○ 선정 규모: 40개사 내외
○ 지원 한도: 기업당 최대 2,000만원

2. 문의처
○ 보람산업진흥원 판로지원팀 053-555-0150
"""


@pytest.fixture(scope="module")
def boram(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("self-intro"), {"boram-market-2037.txt": NOTICE})


@pytest.mark.parametrize("question, intro", [
    ("Embassy here: how many companies will Boram select?", "Embassy here:"),
    ("Hi, this is the Korean trade office, what is the limit per company?", "Hi, this is the Korean trade office,"),
    ("Seoul office here. What is the limit?", "Seoul office here."),
    ("What is here: the limit?", ""),
    ("Is the limit the same here?", ""),
])
def test_the_asker_naming_themselves_is_background(question: str, intro: str) -> None:
    assert question[:english_background_end(question)] == intro


def test_a_question_after_a_self_introduction_is_answered(boram: PolicyBot) -> None:
    answer = boram.answer("Embassy here: how many companies will the 보람시 해외 판로 지원사업 select?")
    assert answer.outcome == "answered", answer.text
    assert "40개사" in answer.text, answer.text
