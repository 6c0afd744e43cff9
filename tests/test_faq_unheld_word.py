"""A word of the question that no document of the program holds ("업체" where the notice and its FAQ both say
수행기관) tells none of them apart: it must not keep the FAQ's entry, which counts what is asked ("57개"), from
answering over the notice's line that names the same things without counting them. A word only the notice holds
still does: the FAQ's line then lacks something the notice states. Both documents are fictional fixtures written
for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

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

### Q2. 작년에 디자인 분야로 바우처를 받았는데 올해 마케팅 분야로 신청할 수 있나요?

**A.** 신청할 수 있습니다. 같은 분야가 아니면 제외 대상이 아닙니다.
"""


@pytest.fixture(scope="module")
def haram(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("faq-unheld-word"),
                    {"haram-consulting-voucher-2034.txt": NOTICE, "haram-consulting-voucher-faq-2034.md": FAQ})


def test_a_word_no_document_holds_does_not_keep_the_faqs_count_out(haram: PolicyBot) -> None:
    answer = haram.answer("수행기관 풀에 등록돼 있는 업체 수는 몇 개예요?")
    assert answer.outcome == "answered", answer.text
    assert "57개" in answer.text


def test_a_word_only_the_notice_holds_keeps_the_notice(haram: PolicyBot) -> None:
    answer = haram.answer("수행기관 풀에 업체 등록하려면 문의는 어디로 해요?")
    assert answer.outcome == "answered", answer.text
    assert "055-610-3391" in answer.text
