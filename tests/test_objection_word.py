"""Kiwi reads "이의신청" as 이 (this) + 의 + 신청: the question "이의신청은 며칠 안에 해야 돼요?" then asked only of
신청, and a notice that states no objection procedure answered it with its 협약 deadline. Inside one written word
the pronoun 이 with 의 is the noun 이의 (an objection); 저의 and 그의 stay possessives.
The notice below is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.concepts import question_concepts
from bot.service import PolicyBot
from bot.tokens import analyse

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제2036-07호
2036년 누리시 해외 판로 지원사업 참여기업 모집 공고

2036. 2. 9.

1. 신청 및 선정
○ 신청 기간: 2036. 2. 16.(월) ~ 3. 6.(금) 17:00
○ 선정 결과 발표: 2036. 4. 10.(목) 예정 (개별 통보)
○ 협약 체결: 선정 결과 발표 후 10일 이내 (기한 안에 협약하지 않으면 선정 취소)

2. 문의처
○ 누리산업진흥원 판로지원팀 02-555-0170
"""


@pytest.fixture(scope="module")
def nuri(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("objection"), {"nuri-market-2036.txt": NOTICE})


def test_the_objection_is_a_noun_of_its_own() -> None:
    assert [c.label for c in question_concepts("이의신청은 며칠 안에 해야 돼요?")][:2] == ["이의", "신청"]
    assert ("이의", "NNG") in [(form, tag) for form, tag, _s, _l in analyse("이의제기")]


@pytest.mark.parametrize("question", ["저의회사는 신청 가능해요?", "그의 신청은 받았나요?"])
def test_possessives_stay_pronouns(question: str) -> None:
    assert any(tag == "NP" for _form, tag, _s, _l in analyse(question))


def test_an_objection_procedure_the_notice_does_not_state_abstains(nuri: PolicyBot) -> None:
    answer = nuri.answer("떨어지면 이의신청은 며칠 안에 해야 돼요?")
    assert answer.outcome == "abstained", answer.text
    assert "10일 이내" not in answer.text, answer.text
