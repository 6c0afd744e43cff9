"""A FAQ entry that asks of another kind of the thing the question names answers its own case, not the asker's.
The FAQ below answers "작년에 디자인 분야로 받았는데 올해 마케팅 분야로 신청할 수 있나요?" with "신청할 수 있습니다";
asked whether the same 디자인 분야 may apply again, the bot quoted that verdict — the opposite of the notice's rule
("제외 대상: 2032년 이후 같은 분야로 이 바우처를 받은 기업"). Both documents are fictional fixtures written for
this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.noun_phrases import other_kinds_named
from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제2035-12호
2035년 누리시 수출 컨설팅 바우처 참여기업 모집 공고

2035. 2. 6.

1. 지원 내용
○ 지원 한도: 기업당 최대 3,000만원 (컨설팅 비용의 70%)
○ 제외 대상: 2033년 이후 같은 분야로 이 바우처를 받은 기업

2. 문의처
○ 바우처 문의: 누리산업진흥원 수출지원팀 031-870-4410
"""

FAQ = """# 2035년 누리시 수출 컨설팅 바우처 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서(test fixture)입니다.

누리산업진흥원 | 게시일 2035. 2. 13.

### Q1. 용역 기관은 신청한 뒤에 정해도 되나요?

**A.** 아니요. 신청할 때 용역 기관을 정해 두어야 합니다.

### Q2. 작년에 디자인 분야로 바우처를 받았는데 올해 마케팅 분야로 신청할 수 있나요?

**A.** 신청할 수 있습니다. 같은 분야가 아니면 제외 대상이 아닙니다.
"""


@pytest.fixture(scope="module")
def nuri(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("other-case"),
                    {"nuri-consulting-voucher-2035.txt": NOTICE, "nuri-consulting-voucher-faq-2035.md": FAQ})


@pytest.mark.parametrize("question", [
    "2034년에 디자인 분야로 바우처 받았는데 올해 디자인 분야로 또 신청돼요?",
    "작년에 디자인 분야 바우처를 받았어요. 올해 같은 분야로 다시 신청할 수 있나요?",
])
def test_the_same_kind_asked_is_answered_by_the_notices_rule(nuri: PolicyBot, question: str) -> None:
    answer = nuri.answer(question)
    assert "신청할 수 있습니다" not in answer.text, answer.text
    assert answer.outcome == "answered", answer.text
    assert "같은 분야로 이 바우처를 받은 기업" in answer.text, answer.text


def test_the_entrys_own_case_keeps_its_verdict(nuri: PolicyBot) -> None:
    answer = nuri.answer("작년에 디자인 분야로 받았는데 올해는 마케팅 분야로 신청해도 되나요?")
    assert answer.outcome == "answered", answer.text
    assert "신청할 수 있습니다" in answer.text, answer.text


def test_an_entry_naming_no_other_kind_still_answers(nuri: PolicyBot) -> None:
    answer = nuri.answer("용역 기관은 신청하고 나서 정해도 돼요?")
    assert answer.outcome == "answered", answer.text
    assert "신청할 때 용역 기관을 정해 두어야 합니다" in answer.text, answer.text


def test_other_kinds_are_those_of_a_noun_both_compound() -> None:
    written = "작년에 디자인 분야로 바우처를 받았는데 올해 마케팅 분야로 신청할 수 있나요?"
    assert other_kinds_named(written, "올해 디자인 분야로 또 신청돼요?") == {"마케팅"}
    assert other_kinds_named(written, "디자인 분야로 받았는데 마케팅 분야로 신청돼요?") == set()
    # A noun asked bare ("같은 분야") names no kind: every kind stays open.
    assert other_kinds_named(written, "같은 분야로 다시 신청할 수 있나요?") == set()
