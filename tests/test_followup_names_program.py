"""A follow-up that names another program ("도약사업은요?" after a question about the 사후관리 program) moves the
conversation to it. The 사후관리 notice mentions that program in its own text ("도약지원사업으로 새로 획득한 인증의
최초 공장심사비는 지원하지 않음"), so it held every word of the resolved question and answered with its own
1,200만원 — another program's figure. A document whose title names none of the follow-up's program words gives way
to one whose title names them all; one whose title names the program asked stays.
The notices below are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.models import Turn
from bot.service import PolicyBot

LEAP = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제2034-05호
2034년 누리시 해외인증 도약지원사업 시행 공고

2034. 1. 10.

1. 지원 내용
○ 지원 항목: 시험비, 인증비, 공장심사비
○ 지원 한도: 기업당 최대 1억원, 인증 1건당 최대 3,000만원

2. 문의처
○ 누리산업진흥원 인증지원팀 02-555-0151
"""

AFTERCARE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제2034-09호
2034년 누리시 인증 사후관리 지원사업 공고

2034. 1. 24.

1. 지원 내용
○ 지원 항목: 정기 공장심사비, 인증 갱신비
○ 지원 한도: 기업당 최대 2천만원, 인증 1건당 최대 900만원
※ 단, 2034년 해외인증 도약지원사업으로 새로 획득한 인증의 최초 공장심사비는 이 사업에서 지원하지 않음

2. 문의처
○ 누리산업진흥원 사후관리팀 02-555-0152
"""


@pytest.fixture(scope="module")
def nuri(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("followup-program"),
                    {"nuri-leap-2034.txt": LEAP, "nuri-aftercare-2034.txt": AFTERCARE})


@pytest.mark.parametrize("followup", ["도약지원사업은요?", "그럼 도약사업은요?"])
def test_the_program_named_answers(nuri: PolicyBot, followup: str) -> None:
    previous = Turn(role="user", content="사후관리 사업 정기 공장심사비 1건당 한도는?")
    answer = nuri.answer(followup, history=[previous])
    assert answer.outcome == "answered", answer.text
    assert "3,000만원" in answer.text
    assert "900만원" not in answer.text


def test_the_program_talked_about_stays_when_its_title_is_named(nuri: PolicyBot) -> None:
    previous = Turn(role="user", content="도약지원사업 1건당 한도는?")
    answer = nuri.answer("사후관리 사업은요?", history=[previous])
    assert answer.outcome == "answered", answer.text
    assert "900만원" in answer.text
