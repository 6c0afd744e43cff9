"""The asker's case named in the question ("포장 디자인으로 신청하면 …") picks the rule for that case. The notice is
a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
물결진흥원 공고 제2026-11호
2026년 물결 수출 디자인 지원사업 참여기업 모집 공고

1. 사업 개요
○ 사업 목적: 물결시 중소기업 수출 상품의 디자인 개발 지원
○ 선정 규모: 30개사 내외

2. 지원 분야 및 한도
| 지원 분야 | 지원 내용 | 정부지원 비율 | 기업당 한도 |
| 제품 디자인 | 외관 디자인, 3D 모델링 | 70% | 2,800만원 |
| 포장 디자인 | 수출용 포장재 디자인 | 80% | 1,200만원 |
| 브랜드 개발 | 로고, 서체, 색상 체계 개발 | 70% | 1,500만원 |
| 디자인 권리화 | 해외 디자인 출원 비용 | 50% | 400만원 |
○ 한 기업은 최대 2개 분야까지 신청할 수 있으며, 기업당 총 지원 한도는 3,500만원입니다.
○ 디자인 권리화 분야는 제품 디자인 또는 포장 디자인 분야와 함께 신청하는 경우에만 신청할 수 있습니다.

3. 신청 기간
○ 신청 기간: 2026. 3. 2. ~ 3. 20.

4. 문의처
○ 디자인산업팀 (051-555-0420)
"""


def test_the_row_of_the_askers_case_answers_before_the_general_rule(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(tmp_path_factory.mktemp("design"), {"design-2026.txt": NOTICE})
    answer = bot.answer("포장 디자인으로 신청하면 회사당 최대 얼마까지 받을 수 있나요?")
    assert answer.outcome == "answered", answer.text
    assert "1,200만원" in answer.text, answer.text
    # Without a case, the general rule stays the answer.
    general = bot.answer("회사당 최대 얼마까지 받을 수 있나요?")
    assert "3,500만원" in general.text, general.text
