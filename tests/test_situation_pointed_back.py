"""A situation told before a question that points back at it with a demonstrative ("작년 11월에 떼 놓은 증명서
있는데 그거 내도 돼요?") is the asker's situation though the question itself names no noun: its month ("11") was
looked for as a name the documents must hold, and the answer abstained with "문서에 없는 내용: 11" where the
notice says which certificates count.
The notice below is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot
from bot.situation import background_end

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
하람시 공고 제2037-15호
2037년 하람시 중소기업 수출 새싹 지원사업 참여기업 모집 공고

2037. 2. 16.

1. 제출 서류
1) 참여 신청서 1부
2) 사업자등록증명원 1부
3) 국세·지방세 납세증명서 각 1부
※ 발급 서류는 공고일 이후 발급분만 인정합니다.

2. 문의처
○ 하람산업진흥원 수출지원팀 054-555-0160
"""


@pytest.fixture(scope="module")
def haram(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("pointed-back"), {"haram-export-2037.txt": NOTICE})


def test_a_question_pointing_back_ends_the_situation() -> None:
    question = "작년 11월에 떼 놓은 납세증명서 있는데 그거 내도 돼요?"
    assert question[:background_end(question)] == "작년 11월에 떼 놓은 납세증명서 있는데"
    assert background_end("어디에 물어보면 돼요?") == 0


def test_the_situations_month_is_not_looked_for(haram: PolicyBot) -> None:
    answer = haram.answer("작년 11월에 발급받은 서류 있는데 그거 내도 돼요?")
    assert answer.outcome == "answered", answer.text
    assert "공고일 이후 발급분만" in answer.text, answer.text
