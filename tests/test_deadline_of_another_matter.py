"""A deadline asked of another matter than the application ("정산 마감", "풀 등록 마감") is that matter's: the cue
"마감" alone named the notice's 신청 기간, and "정산 마감은 언제예요?" was answered with the 접수 기간 — a wrong date.
What answers it is a day that ends that matter; a document that states none abstains.
The notice and its FAQ below are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
가온시 공고 제2036-05호
2036년 가온시 수출 물류비 지원사업 참여기업 모집 공고

2036. 1. 15.

1. 신청 기간
○ 접수 기간: 2036. 2. 2.(월) ~ 2. 20.(금) 18:00

2. 지원 내용
○ 지원 한도: 기업당 최대 1,000만원 (물류비의 50%)

○ 지원 방식: 기업이 물류비를 먼저 낸 뒤 분기별로 증빙을 제출하면 정산하여 지급 (후정산)
○ 운송사: 가온산업진흥원 운송사 풀에 등록된 운송사와 계약한 물량만 지원
○ 사업 기간: 협약일 ~ 2036. 11. 30.

3. 문의처
○ 가온산업진흥원 물류팀 031-555-2200
"""


FAQ = """# 2036년 가온시 수출 물류비 지원사업 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서(test fixture)입니다.

가온산업진흥원 | 게시일 2036. 1. 22.

### Q1. 물류비 정산은 언제 신청하나요?

**A.** 분기별로 정산합니다. 분기가 끝난 다음 달 1일부터 15일까지 가온수출지원시스템에서 정산을 신청하면 됩니다.
"""


@pytest.fixture(scope="module")
def gaon(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("deadline-matter"),
                    {"gaon-logistics-2036.txt": NOTICE, "gaon-logistics-faq-2036.md": FAQ})


def test_a_deadline_of_another_matter_is_not_the_application_period(gaon: PolicyBot) -> None:
    answer = gaon.answer("가온시 물류비 정산 마감은 언제예요?")
    assert "2. 20" not in answer.text, answer.text
    assert answer.outcome == "answered", answer.text
    assert "다음 달 1일부터 15일까지" in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "가온시 물류비 지원사업 신청 마감은 언제예요?",
    "가온시 물류비 마감일이 언제예요?",
    "올해 가온시 물류비 마감 언제예요?",
])
def test_the_application_deadline_is_still_the_application_period(gaon: PolicyBot, question: str) -> None:
    answer = gaon.answer(question)
    assert answer.outcome == "answered", answer.text
    assert "2. 20" in answer.text, answer.text


@pytest.mark.parametrize("question, wrong", [
    ("가온시 물류비 운송사 풀 등록 마감은 언제예요?", "2. 20"),  # the pool's registration: no date stated
    ("가온시 물류비 협약 마감은 언제예요?", "11. 30"),  # the period the 협약 opens ends then; no 협약 deadline
])
def test_a_matter_whose_deadline_no_line_states_abstains(gaon: PolicyBot, question: str, wrong: str) -> None:
    answer = gaon.answer(question)
    assert wrong not in answer.text, answer.text
    assert answer.outcome == "abstained", answer.text
