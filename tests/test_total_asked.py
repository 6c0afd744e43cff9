"""A total asked ("기업당 총 지원 한도") of a notice whose table gives one limit per case and no total is not
answered with the cases' rows: the notice does not state the total, and their sum may not be it (a cap on the sum
is a rule of its own). A notice that states the total answers with it. Both notices are fictional fixtures written
for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot

ROWS_ONLY = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
하람시 공고 제2031-5호
2031년 하람시 수출 포장 개선 지원사업 참여기업 모집 공고

2031. 3. 2.

1. 지원 분야 및 한도
지원 분야 | 지원 내용 | 지원 비율 | 기업당 한도
포장 디자인 | 수출국 규격 포장재 디자인 | 70% | 1,200만원
친환경 포장 전환 | 재생 소재 포장재 전환 비용 | 60% | 900만원
포장 시험 | 낙하·압축 시험 비용 | 50% | 300만원

2. 문의처
○ 하람시 기업지원과 포장지원팀 061-330-7720
"""

WITH_TOTAL = ROWS_ONLY.replace("2031년 하람시", "2032년 하람시").replace("제2031-5호", "제2032-4호").replace(
    "2031. 3. 2.", "2032. 3. 3.").replace(
    "포장 시험 | 낙하·압축 시험 비용 | 50% | 300만원\n",
    "포장 시험 | 낙하·압축 시험 비용 | 50% | 300만원\n"
    "○ 한 기업은 2개 분야까지 신청할 수 있으며, 기업당 총 지원 한도는 1,800만원입니다.\n")


@pytest.fixture(scope="module")
def haram(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("total-asked"), {"haram-packaging-2031.txt": ROWS_ONLY})


def test_rows_of_cases_do_not_answer_a_total(haram: PolicyBot) -> None:
    answer = haram.answer("하람시 수출 포장 개선 지원사업 기업당 총 지원 한도는 얼마예요?")
    assert answer.outcome == "abstained", answer.text
    assert "총 지원 한도" in answer.missing_terms
    assert "1,200만원" not in answer.text


def test_a_case_asked_is_still_answered_by_its_row(haram: PolicyBot) -> None:
    answer = haram.answer("하람시 수출 포장 개선 지원사업 포장 디자인 분야 기업당 한도는 얼마예요?")
    assert answer.outcome == "answered", answer.text
    assert "1,200만원" in answer.text


def test_a_stated_total_answers(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(tmp_path_factory.mktemp("total-stated"), {"haram-packaging-2032.txt": WITH_TOTAL})
    answer = bot.answer("하람시 수출 포장 개선 지원사업 기업당 총 지원 한도는 얼마예요?")
    assert answer.outcome == "answered", answer.text
    assert "1,800만원" in answer.text

