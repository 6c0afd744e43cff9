""""일정" as the question's last noun ("발표평가 일정 나왔나요?") asks a date and names the kind of answer, as 날짜 and
시기 do. Counted as a word the notice must hold, it made another program's "○ 발표 평가 일정: …" line the answer (a
wrong date) over the notice that holds the asker's situation ("시제품 제작 지원으로 신청했는데"). The notices are
fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.fact_types import HAS_DATE, answer_types

LADDER = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
가람도 공고 제2031-12호
2031년 가람도 중소기업 성장사다리 통합지원사업 공고

2031. 2. 2.

1. 세부 사업
가. 시제품 제작 지원: 20개사 내외, 기업당 최대 5,000만원
나. 온라인 판로 개척 지원: 40개사 내외, 기업당 최대 1,500만원

2. 선정 절차
○ 절차: 신청·접수 → 서면 평가 → 발표 평가(시제품 제작 지원만 해당) → 최종 선정
○ 발표 평가: 2031. 3. 26.(수) ~ 3. 28.(금), 세부 시간은 개별 통보

3. 문의처
○ 가람도 기업지원과 제품혁신팀 (055-300-2710)
"""

FACTORY = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
나래시 공고 제2031-7호
2031년 나래시 스마트공장 고도화 지원사업 공고

2031. 1. 20.

1. 지원 내용
○ 지원 한도: 기업당 최대 1억원
○ 지원 비율: 총 사업비의 50%

2. 선정 평가
○ 절차: 요건 검토 → 현장 실사 → 발표 평가 → 최종 선정
○ 발표 평가 일정: 2031. 4. 14.(월) ~ 4. 16.(수)

3. 문의처
○ 나래시 산업진흥과 (061-200-3300)
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("situation"),
                    {"garam-ladder-2031.txt": LADDER, "narae-factory-2031.txt": FACTORY})


def test_the_situation_names_the_program(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("시제품 제작 지원으로 신청했는데 발표평가 일정 나왔나요?")
    assert answer.outcome == "answered", answer.text
    assert "3. 26." in answer.text, answer.text
    assert "4. 14." not in answer.text, answer.text  # the other program's date
    # Named by the program itself, the other notice answers.
    assert "4. 14." in bot.answer("스마트공장 발표평가 일정 나왔나요?").text


def test_a_schedule_asks_a_date() -> None:
    assert HAS_DATE in answer_types("발표평가 일정 나왔나요?")
    assert HAS_DATE in answer_types("사업설명회 일정은 어떻게 돼요?")
    assert HAS_DATE not in answer_types("일정 금액 이상이면 신청 못해요?")  # "a certain amount"
