"""A question that names no program ("선정 결과는 언제 나와요?"), which the notices of two programs answer equally
well, is answered for each program under its title, and the asker is asked which one they mean: quoting only the
notice ranked first by a hair would answer for a program the asker may not mean. A question that names its
program is answered from that program alone. The notices are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over


def _notice(issuer: str, program: str, number: str, result: str, phone: str) -> str:
    return f"""※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
{issuer} 공고 제2031-{number}호
2031년 {program} 지원사업 참여기업 모집 공고

2031. 2. {number}.

1. 추진 일정
○ 신청 기간: 2031. 2. 20. ~ 3. 10.
○ 선정 결과 발표: {result} 예정 (개별 통보)
○ 사업설명회: 2031. 2. 1{number}.(금) 14:00, {issuer} 3층 대회의실

2. 문의처
○ {issuer} 기업지원팀 ({phone})
"""


DOCS = {
    "haneul-brand-2031.txt": _notice("하늘진흥원", "하늘 수출 브랜드", "3", "2031. 4. 7.(월)", "044-100-2000"),
    "gyeol-packaging-2031.txt": _notice("결진흥원", "결 친환경 포장", "4", "2031. 5. 12.(월)", "051-300-4000"),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("two-programs"), DOCS)


def test_a_question_naming_no_program_is_answered_for_each(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("선정 결과는 언제 나와요?")
    assert answer.outcome == "answered", answer.text
    assert "4. 7." in answer.text and "5. 12." in answer.text, answer.text
    assert "하늘 수출 브랜드" in answer.text and "결 친환경 포장" in answer.text, answer.text  # each under its title
    assert "어느 사업인지" in answer.text, answer.text
    assert {c.doc_id for c in answer.citations} == {"haneul-brand-2031", "gyeol-packaging-2031"}, answer.citations
    assert sorted(c.n for c in answer.citations) == list(range(1, len(answer.citations) + 1)), answer.citations
    for citation in answer.citations:  # each number in the text is the citation of its own program's line
        line = next(line for line in answer.text.splitlines() if f"[{citation.n}]" in line)
        assert citation.quote.strip() in line, (citation.quote, line)


def test_a_year_names_no_program(bot) -> None:  # type: ignore[no-untyped-def]
    # Both programs have a 2031 notice: the year says which edition, not which program.
    answer = bot.answer("2031년 선정 결과는 언제 나와요?")
    assert answer.outcome == "answered", answer.text
    assert "4. 7." in answer.text and "5. 12." in answer.text, answer.text


def test_a_question_naming_its_program_is_answered_from_it_alone(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("결 친환경 포장 지원사업 선정 결과는 언제 나와요?")
    assert answer.outcome == "answered", answer.text
    assert "5. 12." in answer.text and "4. 7." not in answer.text, answer.text
    assert "어느 사업인지" not in answer.text, answer.text


def test_a_word_both_titles_hold_names_neither_program(bot) -> None:  # type: ignore[no-untyped-def]
    # "사업설명회" holds 사업 and 설명회, which both notices hold: it tells the two programs apart in no word.
    answer = bot.answer("사업설명회는 언제 열려요?")
    assert answer.outcome == "answered", answer.text
    assert "2. 13." in answer.text and "2. 14." in answer.text, answer.text
    assert "어느 사업인지" in answer.text, answer.text
    # A word one notice holds and the other does not names that program.
    answer = bot.answer("브랜드 사업설명회는 언제 열려요?")
    assert answer.outcome == "answered", answer.text
    assert "2. 13." in answer.text and "2. 14." not in answer.text, answer.text
