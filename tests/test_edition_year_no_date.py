"""A year before a word of the program's name ("2030년 사업의 지원금 정산") names an edition, not a date: it does not
answer "언제 들어와요?", and a FAQ entry that only holds such a year is no answer to when the money comes. The notice
and its FAQ are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
가람도경제진흥원 공고 제2031-4호
2031년 중소기업 가람도 수출물류비 지원사업 시행 공고

2031. 2. 3.

1. 지원 대상
○ 업종: 제조업 및 제조 관련 서비스업
○ 신청 자격: 가람도에 본사를 둔 수출 중소기업
※ 단, 2030년 수출물류비 지원사업에 참여한 기업 중 지원금 정산을 완료하지 않은 기업은 신청할 수 없음

2. 지원 내용
○ 지원 한도: 기업당 최대 1,200만원
○ 지원 비율: 물류비의 50%
○ 지원금 정산: 선적 후 물류 지원 포털에서 증빙을 갖추어 정산 신청

3. 문의처
○ 사업 문의: 가람도경제진흥원 물류지원팀 (055-710-2200)
○ 정산 문의: 가람도경제진흥원 정산팀 (055-710-2210)
"""

FAQ = """# 2031년 가람도 수출물류비 지원사업 자주 묻는 질문 (FAQ)

- 대상 사업: 2031년 중소기업 가람도 수출물류비 지원사업 (공고 제2031-4호)

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

2031. 2. 17.

### Q1. 작년 사업의 지원금 정산이 아직 남았는데 올해 신청할 수 있나요?

**A.** 네, 신청할 수 있습니다. 다만, 2030년 사업의 지원금 정산을 모두 마친 기업만 신청할 수 있습니다. \
정산이 남아 있다면 신청 전에 정산부터 완료해 주세요.

### Q2. 해상 운임 말고 항공 운임도 지원되나요?

**A.** 네, 항공 운임도 같은 비율로 지원합니다.

### Q3. 지원금은 어떤 절차로 받나요?

**A.** 선적일로부터 90일 이내에 물류 지원 포털에서 정산을 신청합니다. \
증빙 서류를 검토한 뒤 약 3주 안에 지원금을 지급합니다.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("edition-year"),
                    {"garam-logistics-2031.txt": NOTICE, "garam-logistics-faq-2031.md": FAQ})


def test_an_edition_year_is_no_date(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("지원금 정산 신청하면 돈은 언제 들어와요?")
    assert not (answer.outcome == "answered" and "2030년 사업의" in answer.text), answer.text
    if answer.outcome == "answered":
        assert "3주" in answer.text, answer.text


def test_the_entry_that_states_when_answers(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("물류비 지원금 정산 신청하고 나면 돈은 언제쯤 들어와요?")
    assert answer.outcome == "answered", answer.text
    assert "약 3주 안에" in answer.text, answer.text


def test_a_faq_entry_that_states_when_answers_for_its_notice(bot) -> None:  # type: ignore[no-untyped-def]
    # The notice is the document asked about (its title names 중소기업); its lines state no date of payment, and the
    # FAQ entry closest in words ("작년 … 정산이 남았는데 신청할 수 있나요?") states none either: the FAQ's entry that
    # does state when, and holds the question's words, answers.
    answer = bot.answer("중소기업 수출물류비 지원금 정산 신청하면 돈은 언제 들어와요?")
    assert answer.outcome == "answered", answer.text
    assert "약 3주 안에" in answer.text, answer.text
    # The same FAQ does not answer what neither document states.
    assert bot.answer("중소기업 수출물류비 지원금 정산 서류를 우편으로 보내면 언제 도착해요?").abstained
