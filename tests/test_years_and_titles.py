"""A year asked for by a noun ("처음 열린 해는?", "설립 연도는?") wants a year written, and a common word that an
unrelated document's title holds ("… 자리 배치 안내") names no other subject of the question. The documents are
generated here (fictional, marked as fixtures); nothing is taken from an evaluation set."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import bot_over
from test_answering_mechanisms import line_candidates
from test_asked_kinds import NOTICE

from bot.answering.fact_types import HAS_CALENDAR_YEAR, HAS_DATE, answer_types
from bot.answering.prepare import prepare
from bot.answering.stated import unmet_types
from bot.service import PolicyBot

POTTERY = """# 하람 도자기 축제

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

## 축제 소개

하람 도자기 축제는 하람시 문화재단이 해마다 가을에 여는 축제로, 도자기 빚기 체험과 작품 전시가 열린다.
축제에는 해마다 3만 명이 넘는 관람객이 찾는다.

## 안전 점검

2030년 축제를 앞두고 가마 화재 안전 점검 결과를 시민에게 설명하는 설명회가 하람시청 대회의실에서 열렸다.
"""

HALL = """# 하람 공연장 자리 배치 안내

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

하람 공연장의 1층 객석은 모두 지정석이며, 휠체어석은 맨 앞줄에 있다.
"""

GALLERY = """# 하람 도자기 축제 자리 배정 안내

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

도자기 축제 가마 화재 안전 점검 설명회의 좌석은 사전 신청자에게 먼저 배정한다.
"""


def test_a_year_asked_by_a_noun_wants_a_year() -> None:
    for question in ("하람 도자기 축제가 처음 열린 해는?", "하람시 문화재단 설립 연도는?"):
        assert HAS_CALENDAR_YEAR in answer_types(question) and HAS_DATE not in answer_types(question), question
    # 해 of the asker's case, and 해 of 하다, ask no year.
    assert HAS_CALENDAR_YEAR not in answer_types("두 사업을 같은 해에 둘 다 신청해도 되나요?")
    assert answer_types("신청은 어떻게 해요?") == []


def test_a_year_before_the_documents_title_words_answers_a_year_asked() -> None:
    """For a date asked, "2004년 하람 도자기 축제" names an edition; for a year asked, it is the answer."""
    dated, undated = line_candidates(["1998년 하람 도자기 축제가 처음 열렸다.", "하람 도자기 축제는 가을에 열린다."],
                                     "하람 도자기 축제")
    prepared = prepare("하람 도자기 축제가 처음 열린 해는?", [], True, this_year=2026)
    assert unmet_types(prepared, [replace(dated, covers=frozenset({"처음"}))]) == []
    assert unmet_types(prepared, [replace(undated, covers=frozenset({"처음"}))]) == [HAS_CALENDAR_YEAR]


@pytest.fixture(scope="module")
def festival(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("festival"), {"haram-pottery.md": POTTERY, "haram-hall.md": HALL})


def test_a_word_of_an_unrelated_title_names_no_other_subject(festival: PolicyBot) -> None:
    """"자리" is in the hall's title, but the hall's page holds nothing else the question names: the pottery page's
    line answers (a 설명회 is the 자리 asked about)."""
    answer = festival.answer("도자기 축제 가마 화재 안전 점검 결과를 설명하는 자리는 어디에서 열렸나요?")
    assert answer.outcome == "answered" and "하람시청 대회의실" in answer.text, answer.text


GAON = """가온시 수출 물류비 지원사업 공고

※ 이 문서는 테스트용 가상 공고입니다 (test fixture).

○ 지원 대상: 가온시 수출 중소기업
○ 지원 한도: 기업당 최대 1,500만원
○ 문의처: 가온시 기업지원과 031-555-0420
"""


def test_a_word_of_a_found_title_still_names_that_documents_subject(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """"물류비" asked of Haram's packaging notice, in an index that also has Gaon's 물류비 notice: a 물류비 limit is
    not stated, and Haram's packaging limit does not answer for it."""
    bot = bot_over(tmp_path, {"haram-packaging-2033.txt": NOTICE, "gaon-logistics.txt": GAON})
    answer = bot.answer("하람시 포장재 개선 지원사업 물류비 한도는?")
    assert answer.outcome == "abstained" and answer.missing_terms == ["물류비"], answer.text
