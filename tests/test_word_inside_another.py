"""A question that names a compound and a shorter word inside it ("선정위원회 심사위원") names two things: the 위원
of 위원회 is the committee, not its members. A notice that holds the shorter word only inside the longer one does
not hold it, and the answer abstains naming it instead of quoting the committee's line. The notices are fictional
fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot

COMMITTEE_ONLY = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제2034-07호
2034년 누리시 스마트 물류창고 구축 지원사업 참여기업 모집 공고

2034. 3. 4.

1. 지원 내용
○ 지원 한도: 기업당 최대 1억원 (사업비의 60%)

2. 선정 절차
○ 선정 절차: 요건 검토 → 서면 평가 → 현장 평가 → 선정위원회 심의 → 최종 선정

3. 문의처
○ 누리시 물류정책과 스마트물류팀 053-310-4471
"""

MEMBERS_STATED = COMMITTEE_ONLY.replace(
    "○ 선정 절차: 요건 검토 → 서면 평가 → 현장 평가 → 선정위원회 심의 → 최종 선정",
    "○ 선정 절차: 요건 검토 → 서면 평가 → 현장 평가 → 선정위원회 심의 → 최종 선정\n"
    "○ 심사위원: 물류·자동화 분야 외부 전문가 5명 내외")


@pytest.fixture(scope="module")
def committee_only(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("committee-only"), {"nuri-smart-warehouse-2034.txt": COMMITTEE_ONLY})


@pytest.fixture(scope="module")
def members_stated(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("members-stated"), {"nuri-smart-warehouse-2034.txt": MEMBERS_STATED})


def test_a_word_held_only_inside_the_longer_word_asked_is_missing(committee_only: PolicyBot) -> None:
    answer = committee_only.answer("누리시 스마트 물류창고 선정위원회 심사위원은 어떤 분들이 들어와요?")
    assert answer.outcome == "abstained", answer.text
    assert "위원" in answer.missing_terms
    assert "053-310-4471" in answer.text


def test_the_word_stated_on_its_own_answers(members_stated: PolicyBot) -> None:
    answer = members_stated.answer("누리시 스마트 물류창고 선정위원회 심사위원은 어떤 분들이 들어와요?")
    assert answer.outcome == "answered", answer.text
    assert "외부 전문가 5명" in answer.text


def test_the_longer_word_alone_is_held(committee_only: PolicyBot) -> None:
    answer = committee_only.answer("누리시 스마트 물류창고는 선정위원회 심의도 거쳐요?")
    assert answer.outcome == "answered", answer.text
    assert "선정위원회 심의" in answer.text
