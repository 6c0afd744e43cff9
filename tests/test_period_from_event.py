"""A period opened by an event ("사업 기간: 협약일 ~ 2033. 10. 31.") dates its end, not the event: asked when the
contract is signed, the notice states no date, and quoting the period's end would answer with another day. Asked
until when, the end is the answer. A FAQ line that holds only the program's name ("공고일(2033. 2. 6.) 기준으로 …")
states its date for another question and does not stand in. Both documents are fictional fixtures written for this
test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
하람시 공고 제2033-14호
2033년 하람시 제조기업 공정혁신 통합지원사업 참여기업 모집 공고

2033. 2. 6.

1. 사업 개요
○ 지원 내용: 공정 자동화 설비 도입 및 공정 컨설팅 비용
○ 지원 한도: 기업당 최대 4,000만원 (사업비의 70%)
○ 사업 기간: 협약일 ~ 2033. 10. 31.(월)

2. 추진 절차
○ 절차: 신청·접수 → 서면 평가 → 현장 확인 → 최종 선정 → 협약 체결 → 사업 수행 → 최종 점검

3. 신청 기간
○ 접수 기간: 2033. 2. 20.(월) ~ 3. 10.(금) 18:00

4. 문의처
○ 하람시 산업진흥과 공정혁신팀 055-610-2270
"""

FAQ = """# 2033년 하람시 제조기업 공정혁신 통합지원사업 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서(test fixture)입니다.

하람시 산업진흥과 | 게시일 2033. 2. 13.

## 1. 신청 자격

### Q1. 업력은 언제를 기준으로 계산하나요?

**A.** 공고일(2033. 2. 6.) 기준으로 개인사업자는 사업자등록일, 법인은 법인설립등기일부터 계산합니다.

### Q2. 지난해 다른 시 지원사업을 받았어도 신청할 수 있나요?

**A.** 네, 같은 설비가 아니라면 신청할 수 있습니다.

## 2. 사업비

### Q3. 선정 전에 이미 쓴 컨설팅 비용도 지원받을 수 있나요?

**A.** 원칙적으로 협약일 이후 발생한 비용만 인정합니다.
단, 2033. 1. 2. 이후 계약한 컨설팅 비용은 선정 후 증빙하면 최대 500만원까지 소급하여 인정합니다.

### Q4. 설비 공급업체와의 계약은 언제 체결해야 하나요?

**A.** 공급 계약은 협약 이후에 체결해야 사업비로 인정됩니다.
"""


@pytest.fixture(scope="module")
def haram(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("period-from-event"),
                    {"haram-process-2033.txt": NOTICE, "haram-process-faq-2033.md": FAQ})


def test_the_end_of_a_period_opened_by_the_event_is_not_the_events_date(haram: PolicyBot) -> None:
    answer = haram.answer("하람시 공정혁신 통합공고 선정되면 협약은 며칠에 체결해요?")
    assert answer.outcome == "abstained", answer.text
    assert "10. 31" not in answer.text
    assert "2. 6" not in answer.text  # the FAQ's line on another question's date does not stand in
    assert "055-610-2270" in answer.text


def test_until_when_the_end_of_the_period_answers(haram: PolicyBot) -> None:
    answer = haram.answer("하람시 공정혁신 사업은 협약 후 언제까지 끝내야 돼요?")
    assert answer.outcome == "answered", answer.text
    assert "2033. 10. 31" in answer.text


def test_a_date_the_period_field_states_still_answers_for_the_period(haram: PolicyBot) -> None:
    answer = haram.answer("하람시 공정혁신 통합지원사업 사업 기간이 언제예요?")
    assert answer.outcome == "answered", answer.text
    assert "2033. 10. 31" in answer.text


def test_the_faqs_dated_line_answers_its_own_question(haram: PolicyBot) -> None:
    answer = haram.answer("하람시 공정혁신 통합지원사업 업력은 언제 기준으로 계산해요?")
    assert answer.outcome == "answered", answer.text
    assert "2033. 2. 6." in answer.text
