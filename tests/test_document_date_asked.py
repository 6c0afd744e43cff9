"""The date of the notice itself asked ("공고일이 언제예요?", "When was this notice published?") is the line under its
title that dates it, not a date of its body (the application deadline, the results). The notice is a fictional
fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.dated import asks_document_date

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
솔내진흥원 공고 제2031-12호

2031년 솔내 수출 포장 개선 지원사업 공고

솔내 중소기업의 수출 포장 개선을 위하여 다음과 같이 참여기업을 모집합니다.

2031. 3. 14.

솔내진흥원장

1. 신청 기간
○ 신청 기간: 2031. 4. 1. ~ 4. 20. 18:00
○ 선정 결과 발표: 2031. 5. 22.

2. 문의처
○ 솔내진흥원 포장지원팀 (061-330-2200)
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("document-date"), {"solnae-packaging-2031.txt": NOTICE})


def test_the_notices_own_date_answers(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("솔내 수출 포장 개선 지원사업 공고일이 언제예요?")
    assert answer.outcome == "answered", answer.text
    assert "2031. 3. 14." in answer.text, answer.text
    assert "4. 20." not in answer.text and "5. 22." not in answer.text, answer.text
    english = bot.answer("When was the Solnae export packaging notice published?")
    assert english.outcome == "answered" and "2031. 3. 14." in english.text, english.text


def test_other_dates_are_asked_as_before(bot) -> None:  # type: ignore[no-untyped-def]
    assert not asks_document_date("공고일 현재 솔내에 본사가 있어야 하나요?")
    assert not asks_document_date("선정 결과 발표일이 언제예요?")
    deadline = bot.answer("솔내 수출 포장 개선 지원사업 신청 마감일이 언제예요?")
    assert deadline.outcome == "answered" and "4. 20." in deadline.text, deadline.text
