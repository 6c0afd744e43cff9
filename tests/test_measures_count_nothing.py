"""A number of things asked by its counter ("부스는 몇 개 받아요?") is not answered by a line of measures: "9제곱미터
(3미터 × 3미터)" measures one booth and counts none. A line that counts them still answers. The notice is a
fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.units import counts_things

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
2031년 가람 해외전시회 공동관 참가기업 모집 공고

1. 지원 내용
○ 부스 규격: 기업당 9제곱미터 (3미터 × 3미터) 독립 부스
○ 운송 지원: 전시품 편도 운송비, 최대 500킬로그램까지

2. 모집 규모
○ 참가 기업: 20개사

3. 문의처
○ 가람진흥원 해외마케팅팀 (061-100-4400)
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("measures"), {"garam-expo-2031.txt": NOTICE})


def test_measures_are_no_things_counted() -> None:
    assert not counts_things("기업당 9제곱미터 (3미터 × 3미터) 독립 부스")
    assert not counts_things("최대 500킬로그램까지")
    assert counts_things("참가 기업: 20개사")


def test_a_count_asked_is_not_answered_by_measures(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("부스는 한 회사당 몇 개 받을 수 있어요?")
    assert answer.outcome == "abstained", answer.text
    assert "9제곱미터" not in answer.text, answer.text


def test_a_line_that_counts_still_answers(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("참가 기업은 몇 개사 뽑아요?")
    assert answer.outcome == "answered", answer.text
    assert "20개사" in answer.text, answer.text
