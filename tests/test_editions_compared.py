"""Questions that ask two facts, two questions or two editions at once: each is answered from its own line. The
notices are fictional fixtures written for these tests."""

from __future__ import annotations

import pytest
from conftest import bot_over, ingested_bot

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
○ 지원 비율: 총 사업비의 70% (자부담 30%)
○ 지원 항목: 해외 전시회 참가비, 수출용 포장 디자인

3. 신청 기간 및 방법
○ 신청 기간: {year}. {opens}
○ 신청 방법: 갯마을진흥원 누리집 온라인 접수

4. 유의 사항
○ 선정 후 정당한 사유 없이 협약을 포기한 기업은 다음 연도 사업에 신청할 수 없습니다.
○ 자부담 중 현금은 자부담 금액의 절반 이상이어야 하며, 나머지는 현물로 낼 수 있습니다.

5. 문의처
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



# A table of types states the share; the cash rule is a note in another section.
WORKSHOP = f"""{FIXTURE_NOTE}
갯마을진흥원 공고 제2026-8호
2026년 갯마을 스마트 공방 구축 지원사업 공고
2026. 2. 2.

1. 사업 개요
○ 사업 목적: 갯마을 공방의 생산 설비 디지털 전환 지원
○ 선정 규모: 20개사 내외

2. 지원 유형 및 한도
| 지원 유형 | 주요 내용 | 기업당 지원 한도 | 기업 자부담 비율 |
| 기초 유형 | 재고 관리, 바코드 등 기초 솔루션 | 2,000만원 | 30% |
| 고도화 유형 | 설비 데이터 수집, 공정 자동화 | 8,000만원 | 50% |
○ 한 기업은 하나의 유형만 신청할 수 있습니다.

3. 신청 기간
○ 신청 기간: 2026. 3. 2. ~ 3. 20.

4. 유의 사항
○ 자부담 중 현금은 자부담 금액의 절반 이상이어야 하며, 나머지는 현물로 낼 수 있습니다.
○ 협약 후 공급기업을 바꾸려면 진흥원의 사전 승인을 받아야 합니다.

5. 문의처
○ 공방지원팀 (061-555-0800)
"""


def test_each_question_of_several_is_answered_by_a_line_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(tmp_path_factory.mktemp("workshop"), {"smart-workshop-2026.txt": WORKSHOP})
    answer = bot.answer("갯마을 스마트 공방 기초 유형 자부담은 몇 %고, 전부 현금으로 내야 돼요?")
    assert answer.outcome == "answered", answer.text
    assert "30%" in answer.text and "절반 이상" in answer.text, answer.text
    # One question asks one thing: the note is not added to it.
    alone = bot.answer("갯마을 스마트 공방 기초 유형 자부담은 몇 %예요?")
    assert "30%" in alone.text and "절반 이상" not in alone.text, alone.text
