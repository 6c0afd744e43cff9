"""A table row the question names by its first cell is the case asked ("브랜드 개발 분야에서 …"): a word of the
question that row lacks and another quoted row holds ("해외 상표 출원": 출원 is the 디자인 권리화 row's) is not
stated for that case, and quoting both rows would answer it with the other case's line. The notice is a fictional
fixture written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
가람진흥원 공고 제2031-5호
2031년 가람 수출 브랜드 지원사업 공고

2031. 2. 9.

1. 지원 분야 및 한도
| 지원 분야 | 지원 내용 | 정부지원 비율 | 기업당 한도 |
| 제품 디자인 | 외관·구조 디자인, 3D 모델링 | 70% | 3,000만원 |
| 브랜드 개발 | 브랜드 로고·서체 개발, 해외 상표 사전 검색 | 70% | 2,000만원 |
| 디자인 권리화 | 해외 디자인 출원 비용 (대리인 수수료 포함) | 50% | 500만원 |
○ 한 기업은 최대 2개 분야까지 신청할 수 있습니다.

2. 문의처
○ 가람진흥원 디자인산업팀 (044-730-5500)
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("case-row"), {"garam-brand-2031.txt": NOTICE})


def test_another_rows_word_is_not_stated_for_the_case(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("브랜드 개발 분야에서 해외 상표 출원 비용도 내주나요?")
    assert answer.abstained, answer.text
    assert "500만원" not in answer.text, answer.text
    assert "출원 (브랜드 개발)" in answer.text, answer.text  # the document holds 출원, for another row


def test_the_cases_own_row_answers(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("브랜드 개발 분야에서 해외 상표 사전 검색도 지원돼요?")
    assert answer.outcome == "answered", answer.text
    assert "2,000만원" in answer.text, answer.text
    other = bot.answer("디자인 권리화 분야는 해외 디자인 출원 비용 지원돼요?")
    assert other.outcome == "answered" and "500만원" in other.text, other.text
