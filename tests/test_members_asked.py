"""A question that asks which things of a kind there are ("가점 받을 수 있는 항목이 뭐가 있죠?", "혜택은 어떤 게
있나요?") is answered by the things themselves: the notice lists the bonus points without calling them 항목. The kind
is still no licence to answer about something the notice lacks ("숙박 지원 혜택은 뭐가 있나요?"). The notice is a
fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.concepts import question_concepts
from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시산업진흥원 공고 제2032-11호
2032년 누리시 수출 포장 디자인 지원사업 참여기업 모집 공고

2032. 3. 7.

1. 지원 내용
○ 지원 한도: 기업당 최대 1,800만원
○ 지원 비율: 디자인 개발비의 60%

2. 선정 평가
○ 평가 방법: 서면 평가 후 발표 평가
○ 가점: 누리시 우수중소기업 인증 2점, 여성기업 또는 장애인기업 1점 (최대 3점)

3. 문의처
○ 누리시산업진흥원 디자인지원팀 031-880-4420
"""


@pytest.fixture(scope="module")
def nuri(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("members"), {"nuri-package-design-2032.txt": NOTICE})


def test_the_kind_whose_members_are_asked_is_no_word_to_find() -> None:
    asked = {c.label for c in question_concepts("가점 받을 수 있는 항목이 뭐가 있죠?") if c.asked}
    assert asked == {"항목"}
    assert {c.label for c in question_concepts("혜택은 어떤 게 있나요?") if c.asked} == {"혜택"}
    # "뭐예요" asks what the thing is: the thing must be in the documents.
    assert not any(c.asked for c in question_concepts("수출바우처가 뭐예요?"))
    assert not any(c.asked for c in question_concepts("가점 항목이 있나요?"))


def test_the_members_answer(nuri: PolicyBot) -> None:
    answer = nuri.answer("누리시 포장 디자인 지원사업 가점 받을 수 있는 항목이 뭐가 있죠?")
    assert answer.outcome == "answered", answer.text
    assert "우수중소기업 인증 2점" in answer.text, answer.text


def test_members_of_a_kind_the_notice_lacks_are_not_answered(nuri: PolicyBot) -> None:
    answer = nuri.answer("누리시 포장 디자인 지원사업 숙박 지원 혜택은 뭐가 있나요?")
    assert answer.outcome == "abstained", answer.text
    assert "숙박" in answer.missing_terms
