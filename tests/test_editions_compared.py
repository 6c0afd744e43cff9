"""Questions that ask two facts or two editions at once: each is answered from its own line. The notices are
fictional fixtures written for these tests."""

from __future__ import annotations

import pytest
from conftest import ingested_bot

from bot.answering.edition_words import edition_offsets, years_named_from_now
from bot.answering.evidence import DocInfo
from bot.service import PolicyBot

FIXTURE_NOTE = "※ 이 문서는 테스트용 가상 공고입니다 (test fixture)."


def _notice(year: int, budget: str, companies: str, limit: str, opens: str) -> str:
    return f"""{FIXTURE_NOTE}
갯마을진흥원 공고 제{year}-3호
{year}년 갯마을 공예품 수출 지원사업 참여기업 모집 공고
{year}. 1. 15.

1. 사업 개요
○ 사업 목적: 갯마을 공예 기업의 해외 판로 개척 지원
○ 총 사업비: {budget} (갯마을군 군비)
○ 지원 규모: {companies} 내외

2. 지원 내용
○ 지원 한도: 기업당 최대 {limit}
○ 지원 항목: 해외 전시회 참가비, 수출용 포장 디자인

3. 신청 기간 및 방법
○ 신청 기간: {year}. {opens}
○ 신청 방법: 갯마을진흥원 누리집 온라인 접수

4. 문의처
○ 공예수출팀 (061-555-0{year % 100}0)
"""


@pytest.fixture(scope="module")
def craft_bot(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    docs = tmp_path_factory.mktemp("craft")
    (docs / "craft-2025.txt").write_text(_notice(2025, "9억원", "30개사", "2,500만원", "2. 3. ~ 2. 21."), "utf-8")
    (docs / "craft-2026.txt").write_text(_notice(2026, "12억원", "45개사", "3,000만원", "2. 2. ~ 2. 20."), "utf-8")
    return ingested_bot(docs, tmp_path_factory.mktemp("craft-index"))


def _doc(doc_id: str, title: str, day: str) -> DocInfo:
    return DocInfo(doc_id, title, day, "갯마을공예품수출", "notice")


def test_two_year_words_joined_set_the_question_in_both_editions() -> None:
    titles = "2026년갯마을공예품수출지원사업참여기업모집공고"
    assert edition_offsets("작년이랑 올해 지원 한도 각각 얼마예요?", titles) == (-1, 0)
    assert edition_offsets("올해랑 작년 총 사업비 알려 주세요", titles) == (-1, 0)
    assert edition_offsets("작년엔 한도가 얼마였어요? 올해는요?", titles) == (-1, 0)
    assert edition_offsets("작년엔 한도가 얼마였어요?", titles) == (-1,)
    # The asker's own years are no editions, joined or not.
    assert edition_offsets("작년 매출이랑 올해 매출이 다 줄었는데 신청돼요?", titles) == ()
    group = [_doc("a", "2026년 갯마을 공예품 수출 지원사업 공고", "2026-01-15"),
             _doc("b", "2025년 갯마을 공예품 수출 지원사업 공고", "2025-01-15")]
    assert years_named_from_now(group, (-1, 0), 2026) == ("2025", "2026")
    assert years_named_from_now(group, (-1, 0), 2024) == ("2025", "2026")  # a clock behind the notices
    assert years_named_from_now([], (-1, 0), 2026) == ()


def test_each_edition_named_from_now_answers_with_its_own_line(craft_bot: PolicyBot) -> None:
    answer = craft_bot.answer("갯마을 공예품 수출 지원 총 사업비가 작년이랑 올해 각각 얼마예요?")
    assert answer.outcome == "answered", answer.text
    assert "9억원" in answer.text and "12억원" in answer.text, answer.text
    assert not answer.editions_note  # both stated as answers, not the older one as a note
    assert {c.doc_id for c in answer.citations} == {"craft-2025", "craft-2026"}, answer.citations
    # Written years compare the same way.
    by_year = craft_bot.answer("2025년이랑 2026년 갯마을 공예품 수출 지원 총 사업비 차이")
    assert "9억원" in by_year.text and "12억원" in by_year.text, by_year.text


def test_a_number_asked_by_its_counter_beside_another_fact_is_quoted_too(craft_bot: PolicyBot) -> None:
    answer = craft_bot.answer("올해 갯마을 공예품 수출 지원 총 사업비랑 몇 개사 뽑는지 알려 주세요")
    assert answer.outcome == "answered", answer.text
    assert "12억원" in answer.text and "45개사" in answer.text, answer.text
    assert "30개사" not in answer.text.split("※")[0]  # last year's count is no answer
    # Asked alone, the count is the answer; an amount line is not added for it.
    alone = craft_bot.answer("올해 갯마을 공예품 수출 지원은 몇 개사 뽑아요?")
    assert "45개사" in alone.text and "12억원" not in alone.text, alone.text
