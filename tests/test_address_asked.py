"""An address asked ("본관 주소가 어떻게 돼요?", "신청 사이트 주소") is answered by a street or web address, not by a
sentence that names the building ("발표평가는 가람진흥원 본관에서 합니다"); an e-mail address asked stays an e-mail
address. The notices are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.fact_types import HAS_ADDRESS, HAS_EMAIL, answer_types

NO_ADDRESS = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
가람진흥원 공고 제2031-3호
2031년 가람 디자인 개발 지원사업 공고

2031. 2. 6.

1. 선정 절차
○ 발표평가는 가람진흥원 본관에서 대면으로 합니다.
○ 선정 결과 발표: 2031. 4. 3.

2. 문의처
○ 가람진흥원 디자인산업팀 (044-730-5521)
"""

WITH_ADDRESS = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
나래센터 공고 제2031-8호
2031년 나래 수출 교육 지원사업 공고

2031. 3. 2.

1. 교육 장소
○ 교육은 나래센터 별관에서 합니다.
○ 주소: 나래시 중앙로 120, 나래센터 별관 2층

2. 문의처
○ 나래센터 교육팀 (061-555-0101)
"""


def test_an_address_is_a_kind_of_fact() -> None:
    assert HAS_ADDRESS in answer_types("본관 주소가 어떻게 돼요?")
    assert HAS_ADDRESS in answer_types("신청 사이트 주소가 뭐예요?")
    assert answer_types("메일 주소도 있어?") == [HAS_EMAIL]
    assert HAS_ADDRESS.search("나래시 중앙로 120, 나래센터 별관 2층")
    assert HAS_ADDRESS.search("온라인 시스템(loan.garam.example) 접수")
    assert not HAS_ADDRESS.search("발표평가는 가람진흥원 본관에서 대면으로 합니다.")
    assert not HAS_ADDRESS.search("기업당 최대 3개로 2년간 지원")


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("address"),
                    {"garam-design-2031.txt": NO_ADDRESS, "narae-education-2031.txt": WITH_ADDRESS})


def test_a_building_named_is_no_address(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("가람진흥원 본관 주소가 어떻게 돼요?")
    assert answer.abstained, answer.text
    assert "044-730-5521" in answer.text  # the contact to ask instead


def test_an_address_written_answers(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("나래센터 별관 주소가 어떻게 돼요?")
    assert answer.outcome == "answered", answer.text
    assert "중앙로 120" in answer.text, answer.text
