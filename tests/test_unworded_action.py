"""A question about an action the notice never words ("사업 기간 안에 못 끝내면 연장되나요? 최대 언제까지요?": the
notice states the project period, never 연장) is answered by its FAQ when the FAQ words it and states what is asked;
the notice's period line would not say whether. When no companion words the action, the notice's answer stands.
The documents are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
한솔진흥원 공고 제2031-7호
2031년 한솔 수출상품 디자인 지원사업 공고

2031. 2. 6.

1. 사업 개요
○ 사업 기간: 협약일 ~ 2031. 10. 31. (최대 6개월)
○ 지원 한도: 기업당 최대 3,000만원

2. 문의처
○ 한솔진흥원 디자인산업팀 (044-730-7700)
"""

FAQ = """# 「2031년 한솔 수출상품 디자인 지원사업 공고」 자주 묻는 질문

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

## Q1. 사업 기간 안에 디자인 개발을 끝내지 못하면 어떻게 하나요?

**A.** 한 번에 한하여 최대 1개월 연장할 수 있습니다. 연장은 사업 종료 30일 전까지 신청해야 하며, 어떤 경우에도
2031. 11. 30.을 넘길 수 없습니다.

## Q2. 지원금은 언제 받나요?

**A.** 최종 검수를 마친 뒤 30일 안에 디자인 전문기업에 직접 지급합니다.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("unworded-action"),
                    {"hansol-design-2031.txt": NOTICE, "hansol-design-faq-2031.md": FAQ})


def test_the_faq_that_words_the_action_answers(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("사업 기간 안에 못 끝내면 연장되나요? 최대 언제까지요?")
    assert answer.outcome == "answered", answer.text
    assert "1개월" in answer.text and "2031. 11. 30." in answer.text, answer.text
    assert {c.doc_id for c in answer.citations} == {"hansol-design-faq-2031"}, answer.citations


def test_the_notice_still_answers_what_it_words(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("한솔 디자인 지원사업 사업 기간이 언제까지예요?")
    assert answer.outcome == "answered", answer.text
    assert "2031. 10. 31." in answer.text, answer.text
