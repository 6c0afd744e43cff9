"""Kiwi reads "%" glued to what follows as a symbol, and "몇 %인지도요" as the noun 인지도 (awareness): the question
then asked for a word no notice writes, and was refused. The question is analysed with "%" read as 퍼센트, its
offsets kept. The notice is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.models import Turn
from bot.tokens import analyse

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
2031년 가람 스마트공장 고도화 지원사업 참여기업 모집 공고

2. 지원 단계별 한도
○ 고도화 1단계: 기업당 최대 1억원, 기업 자부담 40%
○ 고도화 2단계: 기업당 최대 1억 5천만원, 기업 자부담 50%

3. 문의처
○ 가람테크노파크 제조혁신팀 (052-100-3340)
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("percent"), {"garam-smart-2031.txt": NOTICE})


def test_percent_is_read_as_spoken_with_the_questions_offsets() -> None:
    question = "자부담 몇 %인지도요"
    tokens = analyse(question)
    assert "인지도" not in [form for form, *_ in tokens], tokens
    assert [question[start:start + length] for form, _tag, start, length in tokens if form == "%"] == ["%"], tokens


def test_a_share_asked_with_a_glued_percent_is_answered(bot) -> None:  # type: ignore[no-untyped-def]
    history = [Turn(role="user", content="가람 스마트공장 고도화 1단계 한도 얼마예요?")]
    answer = bot.answer("2단계는요? 자부담 몇 %인지도요", history=history)
    assert answer.outcome == "answered", answer.text
    assert "50%" in answer.text, answer.text
