"""Editions compared ("작년이랑 올해 각각 몇 %예요?") of a program that moved into an integrated notice as one of its
sub-programs: last year's notice of the program is its older edition, and this year's line is the one under that
sub-program's own heading ("나. 해외 인증 획득 지원"), not the first 지원 비율 line of the notice (another
sub-program's). The notices are fictional fixtures written for this test."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import bot_over

OLDER = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
다온진흥원 공고 제2030-4호
2030년 다온 해외 인증 획득 지원사업 공고

2030. 2. 10.

1. 지원 내용
○ 지원 한도: 기업당 최대 3,000만원
○ 지원 비율: 총 사업비의 60%(자부담 40%)

2. 문의처
○ 다온진흥원 수출지원팀 (055-210-3300)
"""

INTEGRATED = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
다온진흥원 공고 제2031-2호
2031년 다온 중소기업 성장 통합지원사업 공고

2031. 2. 9.

1. 사업 개요
○ 세부 사업: 2개(가. 시제품 제작 지원, 나. 해외 인증 획득 지원)

2. 세부 사업별 지원 내용
가. 시제품 제작 지원
○ 지원 대상: 창업 7년 이내 제조 중소기업
○ 지원 한도: 기업당 최대 5,000만원
○ 지원 비율: 총 사업비의 75%(자부담 25%)
○ 지원 내용: 제품 디자인, 목업, 금형 제작
나. 해외 인증 획득 지원
○ 지원 대상: 직전 연도 수출 실적 500만 달러 이하 중소기업
○ 지원 한도: 기업당 최대 3,500만원
○ 지원 비율: 총 사업비의 70%(자부담 30%)
○ 지원 내용: CE, FDA 등 해외 규격 인증의 시험·심사 비용

3. 문의처
○ 다온진흥원 성장지원팀 (055-210-3400)
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    bot = bot_over(tmp_path_factory.mktemp("carried-compared"),
                   {"daon-certification-2030.txt": OLDER, "daon-growth-2031.txt": INTEGRATED})
    bot.clock = lambda: date(2031, 3, 2)
    return bot


def test_each_year_of_the_sub_program_is_answered(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("해외 인증 지원 정부 지원비율이 작년이랑 올해 각각 몇 %예요?")
    assert answer.outcome == "answered", answer.text
    assert "60%" in answer.text and "70%" in answer.text, answer.text  # 2030's notice, 2031's sub-program line
    assert "75%" not in answer.text, answer.text  # the other sub-program's rate
    assert {c.doc_id for c in answer.citations} == {"daon-certification-2030", "daon-growth-2031"}, answer.citations
