"""Korean notices write English compounds as one Hangul loanword (히트펌프, 라이브커머스, 데이터센터); a question that
writes them in English ("산업용 heat pump도 지원돼요?") found neither "heat" nor "pump" in them and abstained
("문서에 없는 내용: heat, pump"). English words written one after the other are there when some Hangul word of
the evidence has the same consonants once their English sounds are read (a soft c is s, a final e silent, an r
before a consonant unpronounced). A phrase no word sounds like stays missing.
The notice below is a fictional fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot
from bot.translit import phrase_in_hangul

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제2033-30호
2033년 누리시 중소기업 에너지 설비 교체 지원사업 공고

2033. 3. 2.

1. 지원 내용
○ 지원 설비: 고효율 공기압축기, 산업용 히트펌프, 폐열 회수 장치
○ 지원 한도: 기업당 최대 8,000만원
○ 지원 비율: 설비 구입비의 50%

2. 문의처
○ 누리에너지진흥원 설비지원팀 02-555-0140
"""


@pytest.fixture(scope="module")
def nuri(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("loan-phrase"), {"nuri-energy-2033.txt": NOTICE})


@pytest.mark.parametrize(("words", "text"), [
    (["heat", "pump"], "산업용 히트펌프 설치"),
    (["live", "commerce"], "해외 라이브커머스 방송"),
    (["data", "center"], "데이터센터 냉방 설비"),
    (["smart", "factory"], "스마트팩토리 구축"),
])
def test_an_english_compound_is_found_as_one_hangul_loanword(words: list[str], text: str) -> None:
    assert phrase_in_hangul(words, text)


@pytest.mark.parametrize(("words", "text"), [
    (["solar", "panel"], "태양광 설비 지원"),
    (["heat", "pump"], "히터 교체"),
    (["air", "conditioner"], "에어컨 교체"),
])
def test_other_words_are_not_it(words: list[str], text: str) -> None:
    assert not phrase_in_hangul(words, text)


def test_a_question_writing_the_loanword_in_english_is_answered(nuri: PolicyBot) -> None:
    answer = nuri.answer("산업용 heat pump도 지원돼요?")
    assert answer.outcome == "answered", answer.text
    assert "히트펌프" in answer.text


def test_an_english_compound_the_notice_does_not_hold_abstains(nuri: PolicyBot) -> None:
    answer = nuri.answer("산업용 solar panel도 지원돼요?")
    assert answer.outcome == "abstained", answer.text
