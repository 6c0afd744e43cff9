"""Two editions asked from now about a rule no notice field holds ("유형을 몇 개까지 신청할 수 있었어요? 올해는요?"):
each edition's own sentence answers, cited to its notice. The notices are fictional fixtures written for this test."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import bot_over


def _notice(year: int, how_many: str) -> str:
    return f"""※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
너울진흥원 공고 제{year}-5호
{year}년 너울 수출 물류비 지원사업 참여기업 모집 공고
{year}. 1. 20.

1. 사업 개요
○ 사업 목적: 너울시 중소기업의 수출 물류비 부담 완화
○ 지원 규모: 120개사 내외

2. 지원 유형
| 지원 유형 | 지원 내용 | 지원 비율 |
| 해상 운송 | 해상 운임 | 50% |
| 항공 운송 | 항공 운임 | 40% |
| 국제 특송 | 특송 운임 | 60% |
○ {how_many}
○ 국제 특송 유형은 직전 연도 수출실적이 50만 달러 미만인 기업만 신청할 수 있습니다.

3. 신청 기간
○ 신청 기간: {year}. 2. 3. ~ 2. 24.

4. 문의처
○ 물류지원팀 (055-555-0{year % 100}1)
"""


def test_each_edition_answers_with_its_own_sentence(tmp_path_factory: pytest.TempPathFactory) -> None:
    this_year = date.today().year  # "작년", "올해" count from today
    bot = bot_over(tmp_path_factory.mktemp("logistics"), {
        "logistics-last.txt": _notice(this_year - 1, "한 기업은 1개 유형만 신청할 수 있습니다."),
        "logistics-this.txt": _notice(this_year, "한 기업은 최대 2개 유형까지 신청할 수 있습니다."),
    })
    answer = bot.answer("작년엔 유형을 몇 개까지 신청할 수 있었어요? 올해는요?")
    assert answer.outcome == "answered", answer.text
    assert "1개 유형만" in answer.text and "2개 유형까지" in answer.text, answer.text
    assert {c.chunk_id.split("::")[0] for c in answer.citations} == {"logistics-last", "logistics-this"}
