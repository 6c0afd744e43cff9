"""A FAQ entry's verdict written without 네 or 아니요 ("**A.** 신청할 수 없습니다.") is its own question's yes or no,
like "아니요.": when the entry was not matched as the question asked, it goes and the facts under it stay. Asked by a
company supported in 2032, the bot quoted the entry's "신청할 수 없습니다." (said of a 2034 recipient) above the
line that lets a 2032 recipient apply. Both documents are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
새봄시 공고 제2036-09호
2036년 새봄시 수출 포장 디자인 지원사업 참여기업 모집 공고

2036. 2. 3.

1. 지원 내용
○ 지원 한도: 기업당 최대 2,000만원 (디자인 비용의 70%)
○ 제외 대상: 2034년 또는 2035년에 이 사업으로 지원받은 기업

2. 문의처
○ 새봄디자인센터 지원팀 041-660-7720
"""

FAQ = """# 2036년 새봄시 수출 포장 디자인 지원사업 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서(test fixture)입니다.

새봄디자인센터 | 게시일 2036. 2. 10.

### Q1. 2035년에 이 사업으로 지원을 받았습니다. 올해 다른 제품으로 다시 신청할 수 있나요?

**A.** 신청할 수 없습니다.
제품과 관계없이 2034년 또는 2035년에 지원받은 기업은 제외됩니다.
다만 2033년 이전에 지원받은 기업은 신청할 수 있습니다.
"""


@pytest.fixture(scope="module")
def saebom(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("verdict-alone"),
                    {"saebom-packaging-2036.txt": NOTICE, "saebom-packaging-faq-2036.md": FAQ})


def test_an_unmatched_entrys_verdict_without_yes_or_no_is_left_out(saebom: PolicyBot) -> None:
    answer = saebom.answer("2032년에 한 번 지원받은 회사인데 새봄 포장 디자인 이번에 신청 가능한가요?")
    assert "신청할 수 없습니다" not in answer.text, answer.text
    assert answer.outcome == "answered", answer.text
    assert "2033년 이전에 지원받은 기업은 신청할 수 있습니다" in answer.text, answer.text
