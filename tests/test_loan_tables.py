"""A notice whose terms are a pipe-typed table ("| 융자 한도 | 12억원 | 3억원 |", as typed in TXT and as Markdown
writes tables): its rows are field lines a question finds by the field's general word ("한도" of "최대 얼마"), the
newest edition answers when no edition has a field line of the kind asked, and a figure for another quarter or round
does not answer."""

from __future__ import annotations

from pathlib import Path

from conftest import bot_over

from bot.answering.units import periods
from ingestion.normalize import normalize_text


def _loan_notice(year: int, limits: tuple[str, str], margins: tuple[str, str], base: str) -> str:
    return f"""(재)소담기업진흥원 공고 제{year}-07호

{year}년 소담 도약자금 융자 계획 공고

※ 본 문서는 테스트용 가상 문서입니다.

{year}. 2. 10.
(재)소담기업진흥원 원장

1. 사업 개요
○ 사업명: {year}년 소담 도약자금 융자
○ 총 융자 규모: 200억원

2. 융자 조건
| 구분 | 시설자금 | 운전자금 |
|---|---|---|
| 융자 한도(기업당) | {limits[0]} | {limits[1]} |
| 대출 금리 | 기준금리 - {margins[0]} | 기준금리 + {margins[1]} |
○ 기준금리: 연 {base} ({year}년 1분기 기준, 분기마다 변동)
○ 합산 한도: 두 자금을 함께 신청하면 기업당 20억원 이내

3. 문의처
○ 소담기업진흥원 금융팀 033-444-0100
"""


NEW = _loan_notice(2031, ("15억원", "4억원"), ("0.2%p", "0.35%p"), "2.75%")
OLD = _loan_notice(2030, ("11억원", "2억원"), ("0.1%p", "0.6%p"), "3.15%")


def test_pipe_typed_rows_become_table_rows() -> None:
    text = normalize_text("| 구분 | 시설자금 |\n|---|---|\n| 융자 한도 | 12억원 |\n○ 합산 한도: 14억원")
    assert text.split("\n") == ["구분 | 시설자금", "융자 한도 | 12억원", "○ 합산 한도: 14억원"]
    # A line that only starts with a pipe, or holds one cell, is text.
    assert normalize_text("| 참고") == "| 참고"
    assert normalize_text("|단독|", reflow=False) == "|단독|"


def test_periods_named_in_text() -> None:
    assert periods("2029년 4분기 기준금리") == {"분기": {"4"}}
    assert periods("1차 서면 평가, 2차 발표 평가") == {"차": {"1", "2"}}
    assert periods("하반기 추가 공고") == {"반기": {"하"}}
    assert periods("2차전지 기업") == {}


def test_a_limit_in_a_table_row_answers_and_the_newest_edition_gives_it(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"new.txt": NEW, "old.txt": OLD})
    limit = bot.answer("소담 도약자금 운전자금은 회사 하나당 최대 얼마까지 빌릴 수 있어요?")
    assert limit.outcome == "answered", limit.text
    assert "4억원" in limit.text and "2억원" not in limit.text.split("이전 공고")[0]
    # "몇 %p" reads as a share asked, and no edition has a share line: the newest edition's row still answers.
    margin = bot.answer("소담 도약자금 운전자금 금리는 기준금리에 몇 %p 더 붙어요?")
    assert margin.outcome == "answered", margin.text
    assert "0.35%p" in margin.text and "0.6%p" not in margin.text


def test_a_rate_of_another_quarter_does_not_answer(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"new.txt": NEW})
    other = bot.answer("소담 도약자금 기준금리 3분기에는 몇 %예요?")
    assert other.outcome == "abstained" and "2.75%" not in other.text
    same = bot.answer("소담 도약자금 기준금리 1분기 기준으로 몇 %예요?")
    assert same.outcome == "answered" and "2.75%" in same.text


ADVANCE_NOTICE = """(재)소담기업진흥원 공고 제2031-09호

2031년 소담 설비 교체 지원사업 공고

※ 본 문서는 테스트용 가상 문서입니다.

1. 지원 내용
○ 지원 내용: 노후 설비 교체 비용의 60%
○ 선급금: 협약 후 정부 지원금의 30%까지 선급금으로 신청할 수 있음
○ 2033년까지 설비 교체 기업 500개사를 지원함
"""


def test_a_bound_in_a_share_answers_how_much_at_most(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"advance.txt": ADVANCE_NOTICE})
    advance = bot.answer("소담 설비 교체 지원사업 선급금은 최대 얼마까지 받을 수 있어요?")
    assert advance.outcome == "answered" and "30%까지" in advance.text, advance.text
    # A year bounds nothing the question asks: "2033년까지" is no limit of the support.
    budget = bot.answer("소담 설비 교체 지원사업은 기업당 최대 얼마까지 지원받을 수 있어요?")
    assert budget.outcome == "abstained", budget.text


def test_how_many_days_until_asks_for_a_length_of_time() -> None:
    from bot.answering.fact_types import HAS_DURATION, answer_types

    for question in ("융자 결정은 며칠 안에 나와요?", "결과는 몇 주 이내에 나오나요?", "며칠 만에 지급돼요?"):
        assert HAS_DURATION in answer_types(question), question


TAX_FAQ = """# 2031년 소담 도약자금 자주 묻는 질문

> ※ 본 문서는 테스트용 가상 문서입니다. 「2031년 소담 도약자금 융자 계획 공고」 관련

## Q. 국세나 지방세를 분납 중인데 신청할 수 있나요?

세무서에서 분납 승인을 받아 계획대로 내고 있다면 체납 기업으로 보지 않습니다.
단, 대출 실행 전까지 납세증명서를 내야 합니다.
"""

EXCLUSIONS = NEW.replace("3. 문의처", "3. 제외 대상\n○ 국세 또는 지방세를 체납 중인 기업\n\n4. 문의처")


def test_the_document_that_speaks_to_the_askers_situation_answers(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"new.txt": EXCLUSIONS, "faq.md": TAX_FAQ})
    answer = bot.answer("지방세 분납 승인받아서 나눠 내는 중인데 체납으로 걸려서 신청 못 하나요?")
    assert answer.outcome == "answered" and "분납 승인" in answer.text, answer.text
