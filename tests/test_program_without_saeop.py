"""A program named otherwise than "…사업" ("○○ 바우처") is one program with its FAQ: the notice's title ends in
"참여기업 모집 공고", the FAQ's in "자주 묻는 질문(FAQ)", and neither ending names the program. Read as two programs, a
question naming neither was answered twice, under each title, as if the asker had to choose. Both documents are
fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.library import library_of
from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
하람시 공고 제2034-31호
2034년 하람시 수출 컨설팅 바우처 참여기업 모집 공고

2034. 3. 11.

1. 지원 내용
○ 지원 한도: 기업당 최대 2,000만원 (컨설팅 비용의 70%)
○ 수행기관과 공동 신청: 하람시 수행기관 풀에 등록된 수행기관 1곳을 골라 함께 신청
○ 제외 대상: 2032년 이후 같은 분야로 이 바우처를 받은 기업

2. 문의처
○ 수행기관 풀 등록 문의: 하람산업진흥원 바우처팀 055-610-3391
"""

FAQ = """# 2034년 하람시 수출 컨설팅 바우처 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서(test fixture)입니다.

하람산업진흥원 | 게시일 2034. 3. 15.

### Q1. 수행기관은 신청한 뒤에 골라도 되나요?

**A.** 아니요. 신청할 때 수행기관을 골라 두어야 합니다.
수행기관 풀은 하람 기업지원포털에서 볼 수 있으며, 2034년 풀에는 **57개** 수행기관이 등록되어 있습니다.
"""


@pytest.fixture(scope="module")
def haram(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("voucher-program"),
                    {"haram-consulting-voucher-2034.txt": NOTICE, "haram-consulting-voucher-faq-2034.md": FAQ})


def test_the_faq_and_its_notice_are_one_program(haram: PolicyBot) -> None:
    programs = {d.doc_id: d.program for d in library_of(haram).documents}
    assert programs["haram-consulting-voucher-2034"] == programs["haram-consulting-voucher-faq-2034"]


def test_a_question_naming_neither_is_answered_once(haram: PolicyBot) -> None:
    answer = haram.answer("수행기관은 신청하고 나서 골라도 돼요?")
    assert answer.outcome == "answered", answer.text
    assert "두 사업" not in answer.text and "「" not in answer.text, answer.text
    assert "신청할 때 수행기관을 골라 두어야 합니다" in answer.text
