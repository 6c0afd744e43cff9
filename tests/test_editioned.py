from __future__ import annotations

import pytest
from conftest import bot_over
from test_editions_compared import FIXTURE_NOTE, _notice

PRESS = f"""{FIXTURE_NOTE}
보도자료
갯마을군, 공예품 수출 지원으로 공예 기업의 해외 진출 돕는다
2026. 3. 10.

갯마을군은 공예품 수출 지원사업으로 공예 기업의 해외 전시회 참가와 수출용 포장 디자인을 돕고 있다고 밝혔다.
공예품 수출 지원 한도와 정부 지원 비율은 해마다 모집 공고로 정하며, 군은 지원 한도를 꾸준히 늘려 왔다.
군 관계자는 "공예 기업의 수출 지원 한도가 기업의 해외 진출에 큰 힘이 된다"고 말했다.

문의: 갯마을군청 경제과 (061-555-0100)
"""


def test_two_editions_asked_are_read_from_the_program_that_has_them(tmp_path_factory: pytest.TempPathFactory) -> None:
    """"작년이랑 올해 각각" asks of a program published yearly: a press release that names the program and
    the question's words (정부 지원 비율) better than either notice does is no edition of it: the notices answer."""
    bot = bot_over(tmp_path_factory.mktemp("craft-press"), {
        # The notices write 공예 where the question and the press release write 공예품.
        "craft-2025.txt": _notice(2025, "9억원", "30개사", "2,500만원", "2. 3. ~ 2. 21.").replace("공예품", "공예"),
        "craft-2026.txt": _notice(2026, "12억원", "45개사", "3,000만원", "2. 2. ~ 2. 20.").replace("공예품", "공예")
        .replace("70% (자부담 30%)", "80% (자부담 20%)"),
        "craft-press-2026.txt": PRESS,
    })
    answer = bot.answer("갯마을 공예품 수출 정부 지원 비율이 작년이랑 올해 각각 몇 %예요?")
    assert answer.outcome == "answered", answer.text
    assert "70%" in answer.text and "80%" in answer.text, answer.text
