""""언제까지" asks when something ends: a line that only dates a thing ("2035년 수출실적증명서 1부") does not answer
it, and a span counted back from now ("최근 3년 이내 … 받은 기업") is no time asked at all. Before, "수출실적증명서는
언제까지 내야 돼요?" was answered with the 제출 서류 line, whose year passed for a date.
The notice below is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.fact_types import HAS_DATE, HAS_END, answer_types
from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
가람시 공고 제2036-11호
2036년 가람시 수출 새싹기업 지원사업 참여기업 모집 공고

2036. 2. 2.

1. 신청 기간
○ 접수 기간: 2036. 2. 16.(월) ~ 3. 6.(금) 17:00

2. 지원 대상 및 제외 대상
○ 지원 대상: 가람시에 본사를 둔 중소기업
○ 제외 대상
- 최근 3년 이내 정부 지원사업에서 환수 처분을 받은 기업

3. 제출 서류
1) 참여 신청서 1부
2) 2035년 수출실적증명서 1부

4. 향후 계획
○ 가람 수출협의체는 5월 말까지 12개 지역으로 확대할 계획입니다.

5. 문의처
○ 가람경제진흥원 수출지원팀 031-555-0110
"""


@pytest.fixture(scope="module")
def garam(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("until-asked"), {"garam-export-2036.txt": NOTICE})


@pytest.mark.parametrize("line, ends", [
    ("○ 접수 기간: 2036. 2. 16.(월) ~ 3. 6.(금) 17:00", True),
    ("가람 수출협의체는 5월 말까지 12개 지역으로 확대할 계획입니다.", True),
    ("선정 결과 발표 후 10일 이내에 협약을 맺습니다.", True),
    ("어떤 경우에도 2031. 11. 30.을 넘길 수 없습니다.", True),
    ("전국 25개 지역으로 2030년까지 넓힙니다.", True),
    ("한 기업은 최대 3개 분야까지 신청할 수 있습니다.", False),
    ("2) 2035년 수출실적증명서 1부", False),
    ("- 최근 3년 이내 정부 지원사업에서 환수 처분을 받은 기업", False),
])
def test_a_time_that_ends_something(line: str, ends: bool) -> None:
    assert bool(HAS_END.search(line)) is ends


def test_a_span_counted_back_from_now_is_no_date() -> None:
    assert not HAS_DATE.search("- 최근 3년 이내 정부 지원사업에서 환수 처분을 받은 기업")
    assert not HAS_DATE.search("지난 2년 안에 폐업한 기업")
    assert HAS_DATE.search("선정 후 30일 이내 협약")


def test_until_when_asks_an_end_and_when_any_day() -> None:
    assert HAS_END in answer_types("서류는 언제까지 내야 돼요?")
    assert HAS_DATE in answer_types("서류는 언제 내요?") and HAS_END not in answer_types("서류는 언제 내요?")


def test_a_dated_document_is_no_deadline(garam: PolicyBot) -> None:
    answer = garam.answer("수출실적증명서는 언제까지 내야 돼요?")
    assert "수출실적증명서 1부" not in answer.text, answer.text


@pytest.mark.parametrize("question, expected", [
    ("가람시 수출 새싹기업 지원사업 신청은 언제까지 해야 돼요?", "3. 6"),
    ("가람 수출협의체는 언제까지 몇 개 지역으로 확대돼요?", "5월 말까지"),
])
def test_an_end_stated_answers(garam: PolicyBot, question: str, expected: str) -> None:
    answer = garam.answer(question)
    assert answer.outcome == "answered", answer.text
    assert expected in answer.text, answer.text
