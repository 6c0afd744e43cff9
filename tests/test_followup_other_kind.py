"""A follow-up that names another kind of the thing asked before ("해외 전시 분야는요?" after "온라인 광고 분야
지원 비율은?") asks the same of the new kind: the old kind's words were carried into the resolved question and the
answer quoted both rows, the old one's 50% beside the new one's 70%. The previous question's words naming its own
kind of a noun the follow-up names with a kind of its own are dropped; the program's name stays.
The notice below is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.models import Turn
from bot.noun_phrases import other_case_removed
from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제2033-21호
2033년 누리시 중소기업 해외 마케팅 지원사업 참여기업 모집 공고

2033. 2. 6.

1. 지원 분야 및 한도
지원 분야 | 지원 내용 | 지원 비율 | 기업당 한도
온라인 광고 | 해외 검색광고, SNS 광고 집행 | 50% | 1,000만원
해외 전시 | 해외 전시회 부스 임차, 장치비 | 70% | 2,000만원
홍보 영상 | 현지어 제품 홍보 영상 제작 | 60% | 700만원

2. 신청
○ 신청 기간: 2033. 2. 20.(월) ~ 3. 10.(금) 17:00

3. 문의처
○ 누리산업진흥원 마케팅지원팀 02-555-0133
"""


@pytest.fixture(scope="module")
def nuri(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("followup-kind"), {"nuri-marketing-2033.txt": NOTICE})


@pytest.mark.parametrize(("previous", "question", "resolved"), [
    ("라이브커머스 분야 비율은 얼마예요?", "해외 쇼핑몰 입점 분야는요?", "분야 비율은 얼마예요?"),
    ("상세페이지 현지화 분야 한도는?", "그럼 라이브커머스 분야는요?", "분야 한도는?"),
    ("What is the fee for battery-powered toys?", "What about toys for babies under 3?",
     "What is the fee for toys?"),
    ("What is the rate for the online ad field?", "What about the trade fair field?",
     "What is the rate for the field?"),
])
def test_the_old_kind_is_dropped(previous: str, question: str, resolved: str) -> None:
    assert other_case_removed(previous, question) == resolved


@pytest.mark.parametrize(("previous", "question"), [
    ("라이브커머스 분야 비율은 얼마예요?", "분야는요?"),  # no kind of its own: nothing is replaced
    ("온라인 광고 분야 비율은?", "한도는요?"),  # another noun
    ("수출실적 보유 기업 비율은?", "수출실적 없는 기업은요?"),  # the same kind of 실적
    ("What is the fee for battery-powered toys?", "And how much is the lab test for those toys?"),  # the same toys
])
def test_a_followup_naming_no_new_kind_keeps_the_previous_question(previous: str, question: str) -> None:
    assert other_case_removed(previous, question) == previous


def test_the_program_name_stays() -> None:
    titles = "2033년누리시중소기업해외마케팅지원사업참여기업모집공고"
    assert other_case_removed("누리시 마케팅 사업 온라인 광고 분야 비율은?", "해외 전시 분야는요?", titles) \
        == "누리시 마케팅 사업 분야 비율은?"


def test_the_new_kind_alone_answers(nuri: PolicyBot) -> None:
    previous = Turn(role="user", content="누리시 마케팅 사업 온라인 광고 분야 지원 비율은?")
    answer = nuri.answer("해외 전시 분야는요?", history=[previous])
    assert answer.outcome == "answered", answer.text
    assert "70%" in answer.text
    assert "50%" not in answer.text, answer.text
