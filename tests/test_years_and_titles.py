"""A year asked for by a noun ("처음 열린 해는?", "설립 연도는?") wants a year written. The lines are generated
here (fictional); nothing is taken from an evaluation set."""

from __future__ import annotations

from dataclasses import replace

from test_answering_mechanisms import line_candidates

from bot.answering.fact_types import HAS_DATE, HAS_YEAR, answer_types
from bot.answering.prepare import prepare
from bot.answering.stated import unmet_types


def test_a_year_asked_by_a_noun_wants_a_year() -> None:
    for question in ("하람 도자기 축제가 처음 열린 해는?", "하람시 문화재단 설립 연도는?"):
        assert HAS_YEAR in answer_types(question) and HAS_DATE not in answer_types(question), question
    # 해 of the asker's case, and 해 of 하다, ask no year.
    assert HAS_YEAR not in answer_types("두 사업을 같은 해에 둘 다 신청해도 되나요?")
    assert answer_types("신청은 어떻게 해요?") == []


def test_a_year_before_the_documents_title_words_answers_a_year_asked() -> None:
    """For a date asked, "2004년 하람 도자기 축제" names an edition; for a year asked, it is the answer."""
    dated, undated = line_candidates(["1998년 하람 도자기 축제가 처음 열렸다.", "하람 도자기 축제는 가을에 열린다."],
                                     "하람 도자기 축제")
    prepared = prepare("하람 도자기 축제가 처음 열린 해는?", [], True, this_year=2026)
    assert unmet_types(prepared, [replace(dated, covers=frozenset({"처음"}))]) == []
    assert unmet_types(prepared, [replace(undated, covers=frozenset({"처음"}))]) == [HAS_YEAR]
