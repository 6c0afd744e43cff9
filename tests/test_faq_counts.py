"""A FAQ entry and the notice's table row may hold the same words of a question; when the question asks a number by
its counter ("몇 군데", "몇 곳") and only the FAQ's line counts in it ("지정한 창고 3곳"), the FAQ answers: the
notice's row names the thing but does not count it. The entry's bare verdict ("아니요, 지원 대상이 아닙니다.")
answered its own question, not this one, and is left out. Both documents are fictional fixtures written for this
test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
다온시 공고 제2033-21호
2033년 다온시 수출 물류 지원사업 참여기업 모집 공고

2033. 2. 6.

1. 지원 유형
지원 유형 | 지원 내용 | 지원 비율 | 기업당 한도
해외 공유창고 | 다온시 지정 해외 공유창고 보관료·입출고료 | 50% | 800만원
항공 운송 | 항공 운임, 공항까지의 내륙 운송비 | 40% | 1,200만원

2. 신청 기간
○ 접수 기간: 2033. 2. 13.(월) ~ 3. 3.(금) 18:00

3. 문의처
○ 다온시 수출지원센터 물류팀 051-770-4410
"""

FAQ = """# 2033년 다온시 수출 물류 지원사업 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서(test fixture)입니다.

다온시 수출지원센터 | 게시일 2033. 2. 10.

### Q1. 해외 오픈마켓 창고 보관료도 해외 공유창고 유형으로 지원되나요?

**A.** 아니요, 지원 대상이 아닙니다.
해외 공유창고 유형은 다온시가 지정한 창고 3곳(미국 시애틀, 독일 함부르크, 태국 방콕)의 보관료·입출고료만 지원합니다.

### Q2. 항공 운송 유형은 특송도 포함되나요?

**A.** 특송 요금은 포함되지 않습니다. 항공 화물 운임만 지원합니다.
"""


@pytest.fixture(scope="module")
def daon(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("faq-counts"),
                    {"daon-export-logistics-2033.txt": NOTICE, "daon-export-logistics-faq-2033.md": FAQ})


def test_the_line_that_counts_in_the_asked_counter_answers(daon: PolicyBot) -> None:
    answer = daon.answer("다온시 해외 공유창고 유형으로 지정된 창고는 몇 군데예요?")
    assert answer.outcome == "answered", answer.text
    assert "3곳" in answer.text
    assert "함부르크" in answer.text


def test_the_entrys_bare_verdict_is_not_quoted_for_another_question(daon: PolicyBot) -> None:
    answer = daon.answer("다온시 해외 공유창고 유형으로 지정된 창고는 몇 군데예요?")
    assert "아니요" not in answer.text, answer.text
    assert "3곳" in answer.text


def test_without_a_counter_asked_the_notice_still_answers(daon: PolicyBot) -> None:
    answer = daon.answer("다온시 해외 공유창고 유형 지원 비율은 얼마예요?")
    assert answer.outcome == "answered", answer.text
    assert "50%" in answer.text
    assert all(c.doc_id.startswith("daon-export-logistics-2033") for c in answer.citations)
