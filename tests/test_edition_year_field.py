"""An edition year no document is ("2031년 공고 때는 선정 규모가 몇 개사였어요?" beside the 2032 and 2033 notices) was
answered with a line that only mentions the year — an exclusion "2031년 또는 2032년 이 사업에 선정되어 2개 분야 이상
지원받은 기업" — because a year written in the best sentence was taken for that edition's statement. The best
sentence vouches for the year only when it names a field asked (its label: 선정 규모, 한도); a year named by an
existing edition still answers from it.
The notices below are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot


def notice(year: int, companies: int) -> str:
    return f"""※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제{year}-14호
{year}년 누리시 해외 판로 지원사업 참여기업 모집 공고

{year}. 2. 3.

1. 사업 개요
○ 선정 규모: {companies}개사 내외
○ 지원 한도: 기업당 최대 {companies * 100}만원

2. 제외 대상
- {year - 2}년 또는 {year - 1}년 이 사업에 선정되어 2개 분야 이상 지원받은 기업

3. 문의처
○ 누리산업진흥원 판로지원팀 02-555-0160
"""


@pytest.fixture(scope="module")
def nuri(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("edition-year"),
                    {"nuri-market-2032.txt": notice(2032, 30), "nuri-market-2033.txt": notice(2033, 45)})


def test_a_year_no_edition_is_abstains(nuri: PolicyBot) -> None:
    answer = nuri.answer("2031년 공고 때는 선정 규모가 몇 개사였어요?")
    assert answer.outcome == "abstained", answer.text
    assert "2031" in answer.missing_terms


def test_an_existing_edition_answers(nuri: PolicyBot) -> None:
    answer = nuri.answer("2032년 공고 때는 선정 규모가 몇 개사였어요?")
    assert answer.outcome == "answered", answer.text
    assert "30개사" in answer.text
