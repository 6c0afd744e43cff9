"""A person's name asked ("담당자 이름 알 수 있을까요?", "담당자분 성함") is answered by a name beside a title or a name
label, not by a team's phone line, which answers "어디로 연락해요?"; the names of programs ("세부 사업들 이름") are no
person's name. The notices are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.fact_types import HAS_PERSON, HAS_PERSON_NAME, answer_types

TEAM_ONLY = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
가람진흥원 공고 제2031-6호
2031년 가람 수출 물류비 지원사업 공고

2031. 2. 3.

1. 지원 내용
○ 지원 한도: 기업당 최대 1,000만원

2. 문의처
○ (재)가람진흥원 수출마케팅팀
- 전화: 064-880-2741 (사업 일반)
"""

NAMED = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
나래시 공고 제2031-9호
2031년 나래 전시회 참가 지원사업 공고

2031. 3. 4.

1. 지원 내용
○ 지원 한도: 기업당 최대 800만원

2. 문의처
○ 나래시 통상진흥과 주무관 이나래 (061-200-3311)
"""


def test_a_name_asked_is_a_kind_of_fact() -> None:
    assert HAS_PERSON_NAME in answer_types("담당자 이름 알 수 있을까요?")
    assert HAS_PERSON_NAME in answer_types("담당자분 성함 알려주세요")
    assert HAS_PERSON_NAME not in answer_types("세부 사업들 이름 좀 다 알려줄래요?")
    assert HAS_PERSON in answer_types("담당자 연락처 알려주세요")
    assert HAS_PERSON_NAME.search("통상진흥과 주무관 이나래 (061-200-3311)")
    assert HAS_PERSON_NAME.search("책임자 과  장 김민규 (044-204-7500)")
    assert not HAS_PERSON_NAME.search("(재)가람진흥원 수출마케팅팀 전화: 064-880-2741")
    assert not HAS_PERSON_NAME.search("부장님께 문의")


def test_a_word_holding_the_syllables_asks_no_name() -> None:
    # 공동성명 (a joint statement) holds 성명: a question about one asks a place, not a person's name.
    assert HAS_PERSON_NAME not in answer_types("두 나라는 어느 도시에서 공동성명을 채택했나요?")
    assert HAS_PERSON_NAME in answer_types("성함이 어떻게 되세요?")
    assert HAS_PERSON_NAME in answer_types("담당자성명 알려주세요")


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("person-name"),
                    {"garam-logistics-2031.txt": TEAM_ONLY, "narae-expo-2031.txt": NAMED})


def test_a_team_line_names_no_person(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("가람 수출 물류비 지원사업 담당자 이름 알 수 있을까요?")
    assert answer.abstained, answer.text
    assert "064-880-2741" in answer.text  # the contact to call instead
    assert bot.answer("가람 수출 물류비 지원사업 문의 전화번호 알려주세요").outcome == "answered"


def test_a_name_written_answers(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("나래 전시회 참가 지원사업 담당자 이름 알 수 있을까요?")
    assert answer.outcome == "answered", answer.text
    assert "이나래" in answer.text, answer.text
