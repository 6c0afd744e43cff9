"""A press release about a program names its notice in 「」 without the issuer's region ("「2031년 중소기업 작업환경
개선 지원사업」" for the notice "2031년 가람도 중소기업 작업환경 개선 지원사업 …"): it speaks for the same program,
so a question both answer is not one of "two programs" to choose between. The documents are fictional fixtures
written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.library import library_of
from bot.answering.rivals import one_program

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
가람경제진흥원 공고 제2031-5호
2031년 가람도 중소기업 작업환경 개선 지원사업 참여기업 모집 공고

2031. 2. 21.

1. 지원 내용
○ 지원 한도
- 소기업: 기업당 최대 8,000만원, 총 사업비의 70% 이내
- 중기업: 기업당 최대 1억 2,000만원, 총 사업비의 50% 이내

2. 문의처
○ 가람경제진흥원 기업성장팀 (041-100-2231)
"""

RELEASE = """※ 이 문서는 테스트용 가상 문서입니다 (test fixture).
가람도 보도자료

보도시점: 2031. 2. 21.(금) 11:00 이후

가람도, 중소 제조기업 작업환경 개선에 54억원 투입

가람도는 도내 중소 제조기업의 작업환경을 개선하기 위해
「2031년 중소기업 작업환경 개선 지원사업」에 총 54억원을 투입한다고 21일 밝혔다.

소기업은 최대 8천만원까지 사업비의 70%를, 중기업은 최대 1억 2천만원까지 사업비의 절반을 지원받을 수 있다.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return bot_over(tmp_path_factory.mktemp("release"), {"garam-workplace-2031.txt": NOTICE,
                                                          "garam-workplace-2031-press.txt": RELEASE})


def test_the_release_names_its_notices_program(bot) -> None:  # type: ignore[no-untyped-def]
    lib = library_of(bot)
    docs = {d.doc_id: d for d in lib.documents}
    assert one_program(docs["garam-workplace-2031"], docs["garam-workplace-2031-press"], lib)
    # It is no companion that answers for the notice: a release's round figures are not the notice's lines.
    assert not lib.lineage.one_about_other(docs["garam-workplace-2031"], docs["garam-workplace-2031-press"])


def test_a_question_both_answer_is_no_choice_of_programs(bot) -> None:  # type: ignore[no-untyped-def]
    answer = bot.answer("작업환경 개선 지원사업 소기업은 최대 얼마까지 받아요?")
    assert answer.outcome == "answered", answer.text
    assert "8,000만원" in answer.text or "8천만원" in answer.text, answer.text
    assert "어느 사업인지" not in answer.text, answer.text
