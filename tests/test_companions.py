"""A notice's FAQ answers what the notice leaves out ("몇 나라까지"), when it holds the question's words; a follow-up
with its own ask is not read with the previous question's; a table row is read with its column names when the
coverage of the question is measured; 전체 names no subject of its own. The documents are generated here
(fictional, marked as fixtures); nothing is taken from an evaluation set."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import bot_over
from test_answering_mechanisms import line_candidates

from bot.answering.compose import states_what_is_asked
from bot.answering.decide import sentence_coverage
from bot.answering.evidence import DocInfo
from bot.answering.lineage import names_document
from bot.answering.prepare import prepare
from bot.answering.units import asked_counters, counts_in
from bot.concepts import question_concepts
from bot.models import Turn
from bot.service import PolicyBot

NOTICE = """2031년 하람 해외 전시회 참가 지원사업 공고

※ 이 문서는 테스트용 가상 공고입니다 (test fixture).

하람산업진흥원 공고 제2031-7호
공고일: 2031. 2. 3.

1. 사업 개요
○ 사업 목적: 도내 중소기업의 해외 전시회 참가를 지원하여 수출 판로를 넓힘
○ 지원 규모: 40개사 내외
○ 총 사업비: 8억원

2. 지원 내용
| 지원 항목 | 지원 비율 | 기업당 한도 |
| 부스 임차료 | 70% | 1,500만원 |
| 전시품 운송비 | 50% | 500만원 |
○ 통역 인력은 진흥원이 현지 업체와 협의하여 배정함

3. 신청 기간
○ 신청 기간: 2031. 2. 10.(월) ~ 2. 28.(금) 18:00

4. 문의처
○ 전시회 지원팀: 031-555-2040
"""

FAQ = """# 해외 전시회 참가 지원사업 자주 묻는 질문

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

- 작성: 하람산업진흥원 전시회 지원팀
- 대상 사업: 2031년 하람 해외 전시회 참가 지원사업 (공고 제2031-7호)

## Q1. 한 해에 여러 전시회에 나갈 수 있나요?
네. 개최지가 서로 다르면 여러 전시회에 참가할 수 있습니다.

## Q2. 참가비 영수증은 언제까지 내야 하나요?
전시회가 끝난 뒤 30일 이내에 결과보고서와 함께 제출합니다.

## Q4. 운송비 지원에 국가 제한이 있나요?
개최지 기준 2개국까지만 인정합니다.

## Q3. 신청서 접수 수수료가 있나요?
신청서 접수 수수료는 없습니다. 다만 부스 배정 후 포기하면 위약금 50만원을 냅니다.
"""


@pytest.fixture(scope="module")
def expo(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("expo"), {"haram-expo-2031.txt": NOTICE, "haram-expo-faq.md": FAQ})


@pytest.mark.parametrize("question", ["전시품 운송비로 신청하면 몇 나라까지 지원돼요?",
                                      "전시품 운송비는 몇 나라 것까지 지원돼요?"])
def test_the_faq_answers_what_its_notice_leaves_out(expo: PolicyBot, question: str) -> None:
    """The notice's table row on 운송비 is found first and counts no countries; the FAQ on that notice does."""
    answer = expo.answer(question)
    assert answer.outcome == "answered" and "2개국" in answer.text, answer.text
    assert answer.citations and answer.citations[0].chunk_id.startswith("haram-expo-faq"), answer.citations


def test_a_faq_without_the_questions_words_does_not_answer_for_its_notice(expo: PolicyBot) -> None:
    """통역 is the notice's word only: the FAQ's lines on other matters (a 위약금, 2개국 of 운송비) do not answer."""
    answer = expo.answer("통역 인력 배정은 몇 나라까지 돼요?")
    assert answer.outcome == "abstained", answer.text


def test_a_faq_names_its_notice_in_a_labelled_line() -> None:
    notice = DocInfo("haram-expo-2031", "2031년 하람 해외 전시회 참가 지원사업 공고", "2031-02-03",
                     "하람해외전시회참가지원사업", "")
    assert names_document(["# FAQ", "- 대상 사업: 2031년 하람 해외 전시회 참가 지원사업 (공고 제2031-7호)"], notice)
    assert not names_document(["- 대상 사업: 2031년 하람 해외 박람회 홍보 지원사업"], notice)


def test_a_followup_with_its_own_ask_is_not_asked_the_previous_questions_counter() -> None:
    """"몇 퍼센트 대 줘요?" loses its field word 퍼센트 when its subject is carried to the follow-up; what is left
    ("몇 대") is no counter the follow-up asks."""
    earlier = [Turn(role="user", content="포장 디자인은 정부가 몇 퍼센트 대 줘요?")]
    prepared = prepare("그 분야는 한도가 얼마예요?", earlier, False, this_year=2031)
    assert prepared.followup and "포장 디자인" in prepared.resolved
    assert "대" in asked_counters(prepared.resolved)
    assert asked_counters(prepared.asking) == frozenset()
    # An elliptic follow-up with no ask of its own still asks the previous one's.
    elliptic = prepare("포장 디자인은요?", [Turn(role="user", content="제품 디자인은 몇 개사 뽑아요?")], False,
                       this_year=2031)
    assert "개" in asked_counters(elliptic.asking)


def test_countries_are_counted_in_either_counter() -> None:
    assert counts_in("나라", "개최지 기준 2개국까지만 인정합니다.")
    assert not counts_in("나라", "기업당 2건까지 인정합니다.")


def test_a_table_row_covers_the_question_with_its_column_names() -> None:
    """The row "… (per change) | ZRL 300" writes no charge word beside the code; read under its header ("Fee") it
    states the fee asked for."""
    rows = line_candidates(["Item | Fee", "Change of a listed product (per change) | ZRL 300"], "Zorland cosmetics")
    prepared = prepare("Zorland에 등록된 제품을 바꾸면 change fee 얼마 내요?", [], True, this_year=2031)
    row = replace(rows[1], covers=frozenset({"fee", "제품"}), score=1.0)
    assert sentence_coverage(prepared.concepts, [row], prepared.wanted) > 0


def test_whole_names_no_subject() -> None:
    """전체 says all of what it qualifies (전체 예산 = 예산), as 모두 and 전체적 do."""
    labels = {c.label for c in question_concepts("올해 전체 예산은 얼마예요?")}
    assert "전체" not in labels and "예산" in labels


def test_a_unit_of_weight_is_one_unit_in_both_languages() -> None:
    """"톤당" asked of an English fee table "per tonne": the same unit of measure."""
    from bot.answering.units import same_unit

    assert same_unit("톤", "tonne") and same_unit("톤", "ton") and not same_unit("톤", "kilogram")


def test_a_year_alone_dates_nothing_a_companion_is_asked() -> None:
    """For its notice, a FAQ line must write the date or time asked as more than a year or a "까지": "2025년 사업의
    정산을 마친 기업만" is no answer to "언제쯤 들어와요?"."""
    prepared = prepare("물류비 정산 신청하고 나면 돈은 언제쯤 들어와요?", [], True, this_year=2026)
    year_only, dated, relative = line_candidates(
        ["다만, 2025년 사업의 정산을 모두 마친 기업만 신청할 수 있습니다.", "2026. 3. 20.(금)까지 정산을 신청합니다.",
         "서류를 검토한 뒤 약 3주 안에 지원금을 지급합니다."], "수출물류비 지원사업 FAQ")
    assert not states_what_is_asked(prepared, [year_only])
    assert states_what_is_asked(prepared, [dated]) and states_what_is_asked(prepared, [relative])
