"""A question whether something may be done names a field as what is done, not as a value asked: "자부담을 현금
말고 다른 걸로 내도 되나요?" asks no share. The notice is a fictional fixture written for these tests."""

from __future__ import annotations

import pytest
from conftest import bot_over
from test_asker_case import NOTICE as DESIGN_NOTICE

from bot.answering.fact_types import asks_whether

# The design notice of test_asker_case with a rule on how the company's share is paid.
NOTICE = DESIGN_NOTICE.replace(
    "\n3. 신청 기간",
    "○ 정부지원금을 뺀 나머지(민간부담금)는 기업이 현금으로 부담합니다. "
    "단, 창업 3년 이내 기업은 민간부담금의 절반까지 현물로 낼 수 있습니다.\n\n3. 신청 기간",
)


def test_whether_questions_ask_no_value() -> None:
    assert asks_whether("자부담을 현금 말고 다른 걸로 내도 되나요?")
    assert asks_whether("두 분야를 같이 신청할 수 있어요?")
    assert not asks_whether("자부담은 몇 %예요?")
    assert not asks_whether("언제까지 신청할 수 있어요?")


def test_a_whether_question_on_a_field_is_answered_by_the_rule(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = bot_over(tmp_path_factory.mktemp("whether"), {"design-2026.txt": NOTICE})
    answer = bot.answer("자부담을 현금 말고 다른 걸로 내도 되나요?")
    assert answer.outcome == "answered", answer.text
    assert "현물로 낼 수 있습니다" in answer.text, answer.text
    assert "80%" not in answer.text, answer.text  # the share table answers no question of whether
    # Asked for its value, the share must still be stated.
    share = bot.answer("자부담은 몇 %예요?")
    assert "70%" in share.text and "80%" in share.text, share.text
