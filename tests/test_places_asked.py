"""Places asked one by one ("어디어디예요?") are answered by the places named, not by their count ("센터 3곳"): the
count answers "몇 곳", and a notice that only counts them does not hold the answer. The notice and its FAQ are
fictional fixtures written for these tests."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.fact_types import HAS_PLACES, answer_types

NOTICE = """[테스트 픽스처] 2031년 가람도 수출 물류 지원사업 공고
공고일: 2031. 2. 3.

1. 지원 유형 및 한도

| 지원 유형 | 지원 내용 | 지원 비율 | 기업당 한도 |
| --- | --- | --- | --- |
| 해상 운송 | 수출 컨테이너 해상 운임 | 50% | 1,500만원 |
| 해외 거점 창고 | 가람도 지정 해외 거점 창고 보관료·입출고료 | 50% | 1,000만원 |

2. 문의처
○ 가람도경제진흥원 물류지원팀 (055-710-2200)
"""

FAQ = """# [테스트 픽스처] 2031년 가람도 수출 물류 지원사업 자주 묻는 질문
공고일: 2031. 2. 10.

### Q1. 해외 오픈마켓 창고 입고비도 지원되나요?

**A.** 아니요, 지원하지 않습니다. \
해외 거점 창고 유형은 가람도가 지정한 창고 3곳(독일 함부르크, 미국 시애틀, 싱가포르 주롱)의 \
보관료·입출고료만 지원합니다.
"""

COUNT_ONLY = """[테스트 픽스처] 2031년 가람도 온라인 판로 지원사업 공고
공고일: 2031. 3. 2.

1. 지원 내용
○ 대상 쇼핑몰: 운영기관이 지정한 해외 쇼핑몰 6곳 (모집 페이지에 목록 게시)
○ 기업당 한도: 800만원

2. 문의처
○ 가람도경제진흥원 판로지원팀 (055-710-2300)
"""


def test_doubled_where_asks_for_the_places_named() -> None:
    assert HAS_PLACES in answer_types("지정 창고가 어디어디예요?")
    assert HAS_PLACES not in answer_types("설명회는 어디서 열려요?")
    assert HAS_PLACES.search("창고 3곳(독일 함부르크, 미국 시애틀, 싱가포르 주롱)")
    assert not HAS_PLACES.search("지정한 해외 쇼핑몰 6곳 (모집 페이지에 목록 게시)")


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("places"),
                    {"logistics-2031.txt": NOTICE, "logistics-faq-2031.md": FAQ, "online-2031.txt": COUNT_ONLY})


def test_the_places_named_answer_where_they_are(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("가람도 지정 해외 거점 창고가 어디어디예요?")
    assert answer.outcome == "answered", answer.text
    assert "함부르크" in answer.text and "시애틀" in answer.text, answer.text


def test_a_count_of_places_does_not_name_them(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("온라인 판로 지원사업 대상 쇼핑몰 6곳이 어디어디예요?")
    assert answer.abstained, answer.text
    assert "6곳" not in answer.text, answer.text
