"""A FAQ entry written for the asker's case answers it, not the notice's general line: the notice is the program's
newest edition, but the FAQ is no edition of it, and its entry holds more of the question than any line of the
notice. An abstention about such a question points to the notice's contact line for what it names. The documents are
fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.library import library_of
from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
하늘도경제진흥원 공고 제2030-12호
2030년 하늘도 해외 전시회 참가 지원사업 참여기업 모집 공고

2030. 3. 4.

1. 지원 내용
○ 지원 항목: 부스 임차료, 부스 장치비, 전시품 운송비
○ 지원 한도: 기업당 최대 1,200만원 (소요 비용의 70%)
○ 정산: 참가 후 증빙 서류를 제출하면 검토하여 지급
※ 영수증은 원본을 제출하여야 하며, 사본은 인정하지 않음

2. 신청 방법
○ 접수 기간: 2030. 3. 18.(월) ~ 4. 5.(금) 18:00
○ 접수 방법: 하늘기업지원포털 온라인 접수

3. 문의처
○ 사업 문의: 하늘도경제진흥원 전시지원팀 064-710-3300
○ 정산 문의: 하늘도경제진흥원 정산관리팀 064-710-3315
"""

FAQ = """# 2030년 하늘도 해외 전시회 참가 지원사업 자주 묻는 질문(FAQ)

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

2030. 3. 11.

### Q1. 전시회가 끝난 뒤에 발급된 운송비 영수증도 정산에 쓸 수 있나요?

**A.** 네. 전시회 종료일부터 30일 안에 발급된 운송비 영수증까지 정산에 인정합니다.

### Q2. 부스를 다른 기업과 함께 써도 되나요?

**A.** 아니요. 부스는 선정된 기업이 단독으로 사용해야 합니다.

문의: 하늘도경제진흥원 대표전화 064-710-3000
"""

OTHER = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
하늘도물류센터 공고 제2030-3호
2030년 하늘도 수출 운송비 지원사업 시행 공고

2030. 2. 10.

1. 지원 내용
○ 지원 대상: 해상·항공 수출 운송비
○ 지원 비율: 운송비의 50%, 기업당 최대 2,000만원
○ 정산: 선적이 끝난 뒤 증빙 서류를 제출하면 인정 금액을 지급
※ 영수증은 전자 영수증도 인정

2. 문의처
○ 하늘도물류센터 물류지원팀 064-720-1100
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("faq-entry"), {
        "haneul-expo-2030.txt": NOTICE, "haneul-expo-faq-2030.md": FAQ, "haneul-freight-2030.txt": OTHER})


def test_the_faq_entry_for_the_case_answers(bot: PolicyBot) -> None:
    answer = bot.answer("전시회 끝나고 발급받은 운송비 영수증도 정산에 인정되나요?")
    assert answer.outcome == "answered", answer.text
    assert "30일 안에" in answer.text, answer.text
    assert answer.citations[0].doc_id.startswith("haneul-expo-faq-2030"), answer.citations


def test_the_notice_still_answers_what_the_faq_does_not(bot: PolicyBot) -> None:
    answer = bot.answer("해외 전시회 참가 지원사업 접수 기간이 언제예요?")
    assert answer.outcome == "answered", answer.text
    assert "3. 18." in answer.text and answer.citations[0].doc_id.startswith("haneul-expo-2030"), answer.text


def test_a_question_the_faq_entry_does_not_wholly_hold_is_the_notices(bot: PolicyBot) -> None:
    # The entry holds most of the words but not the exchange rate asked about: it answers no more than the notice.
    answer = bot.answer("전시회 끝나고 받은 운송비 영수증 정산할 때 환율은 어느 날 기준이에요?")
    assert answer.outcome == "abstained", answer.text
    assert "환율" in answer.missing_terms


def test_a_faqs_contact_for_what_is_asked_is_its_notices_line(bot: PolicyBot) -> None:
    lib = library_of(bot)
    faq, notice = "haneul-expo-faq-2030", "haneul-expo-2030"
    assert {faq, notice} <= {d.doc_id for d in lib.documents}
    general = lib.contact_about(faq, ["정산"])
    assert general is not None and general.phone == "064-710-3000", general
    line = lib.contact_about(faq, ["정산"], [notice])
    assert line is not None and line.phone == "064-710-3315", line
