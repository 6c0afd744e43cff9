"""A number asked by its counter ("시제품은 몇 개까지 만들어 주나요?", "작년 선정 기업은 몇 곳이었어요?") must be
counted in the lines that answer: a table row of amounts and shares counts nothing, even though the notice counts
in that counter elsewhere ("2개 분야", "45개사"). That the notice does lets a question of two parts ("총 사업비랑
몇 개사") first pass on its amount line, so that the counting line joins it. The notice is a fictional fixture
written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리진흥원 공고 제2031-8호
2031년 누리 수출 디자인 지원사업 공고

2031. 3. 6.

1. 사업 개요
○ 총 사업비: 12억원
○ 지원 규모: 45개사 내외

2. 지원 분야 및 한도
| 지원 분야 | 지원 내용 | 정부지원 비율 | 기업당 한도 |
| 제품 디자인 | 외관 디자인, 3D 모델링, 시제품(목업) 제작 | 70% | 3,000만원 |
| 포장 디자인 | 포장재·라벨 디자인 | 80% | 1,500만원 |
○ 한 기업은 최대 2개 분야까지 신청할 수 있습니다.

3. 문의처
○ 누리진흥원 디자인산업팀 (044-730-6600)
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("counted"), {"nuri-design-2031.txt": NOTICE})


def test_a_row_of_amounts_counts_no_prototypes(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("시제품(목업)은 몇 개까지 만들어 주나요?")
    assert answer.abstained, answer.text
    assert "3,000만원" not in answer.text, answer.text
    assert "044-730-6600" in answer.text, answer.text  # the contact to ask instead


def test_a_count_written_still_answers(bot) -> None:  # type: ignore[no-untyped-def]
    both = bot.answer("올해 총 사업비랑 몇 개사 뽑는지 알려주세요")
    assert both.outcome == "answered", both.text
    assert "12억원" in both.text and "45개사" in both.text, both.text
    fields = bot.answer("한 기업이 몇 개 분야까지 신청할 수 있어요?")
    assert fields.outcome == "answered" and "2개 분야" in fields.text, fields.text
