"""A question whether something may be done names a field as what is done, not as a value asked: "자부담을 현금
말고 다른 걸로 내도 되나요?" asks no share. The notice is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.fact_types import asks_whether

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
여울진흥원 공고 제2026-8호
2026년 여울 수출상품 디자인 개발 지원사업 참여기업 모집 공고

1. 사업 개요
○ 사업 목적: 여울시 중소기업 수출 상품의 디자인 개발 지원
○ 선정 규모: 40개사 내외

2. 지원 분야 및 한도
| 지원 분야 | 지원 내용 | 정부지원 비율 | 기업당 한도 |
| 제품 디자인 | 외관 디자인, 3D 모델링 | 70% | 3,000만원 |
| 포장 디자인 | 수출용 포장재 디자인 | 80% | 1,500만원 |
○ 정부지원금을 뺀 나머지(민간부담금)는 기업이 현금으로 부담합니다. \
단, 창업 3년 이내 기업은 민간부담금의 절반까지 현물로 낼 수 있습니다.

3. 문의처
○ 디자인산업팀 (044-555-0521)
"""


def test_whether_questions_ask_no_value() -> None:
    assert asks_whether("자부담을 현금 말고 다른 걸로 내도 되나요?")
    assert asks_whether("두 분야를 같이 신청할 수 있어요?")
    assert not asks_whether("자부담은 몇 %예요?")
    assert not asks_whether("언제까지 신청할 수 있어요?")


def test_a_whether_question_on_a_field_is_answered_by_the_rule(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(tmp_path_factory.mktemp("whether"), {"design-2026.txt": NOTICE})
    answer = bot.answer("자부담을 현금 말고 다른 걸로 내도 되나요?")
    assert answer.outcome == "answered", answer.text
    assert "현물로 낼 수 있습니다" in answer.text, answer.text
    assert "80%" not in answer.text, answer.text  # the share table answers no question of whether
    # Asked for its value, the share must still be stated.
    share = bot.answer("자부담은 몇 %예요?")
    assert "70%" in share.text and "80%" in share.text, share.text
