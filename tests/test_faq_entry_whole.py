"""A FAQ entry holds a question with its question line and its answer lines together: "라이브커머스 분야에서 현지
인플루언서 출연료도 전부 지원되나요? — 인플루언서 섭외비(출연료 포함)는 … 50%까지만 인정합니다" holds 현지 and 인정
though neither line holds both, and it answers "출연료는 얼마까지 인정해 주나요?" over the notice's 라이브커머스 row,
which states the 분야's 한도 — the notice field asked — but not the 출연료. An entry that counts what the asker counts
with another number ("1개 분야만 지원받았습니다" for "두 개 분야 지원받았어요") is another case: its verdict is not the
asker's.
The 다온 notice and FAQ below are fictional fixtures written for this test; the 미르내 documents are the fresh7 eval
suite's tune group (evals/fresh7/docs, fictional too)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import bot_over, ingested_bot

from bot.noun_phrases import counted, other_counts_named
from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
다온시 공고 제2037-04호
2037년 다온시 중소기업 해외 전시 마케팅 지원사업 참여기업 모집 공고

2037. 2. 3.

1. 지원 분야 및 한도
지원 분야 | 지원 내용 | 지원 비율 | 기업당 한도
전시회 부스 | 해외 전시회 부스 임차·장치, 현지 통역사 섭외 | 70% | 2,000만원
해외 인증 | 수출국 인증 시험·심사 비용 | 60% | 1,500만원
온라인 홍보 | 해외 SNS 홍보 영상 제작 | 50% | 800만원

2. 지원 대상 및 제외 대상
○ 지원 대상: 다온시에 본사를 둔 중소기업
○ 제외 대상
- 2035년 또는 2036년 이 사업에서 2개 분야 이상 지원받은 기업 (1개 분야만 지원받은 기업은 신청할 수 있음)

3. 문의처
○ 다온산업진흥원 마케팅지원팀 051-555-0190
"""

FAQ = """# 2037년 다온시 해외 전시 마케팅 지원사업 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서(test fixture)입니다.

다온산업진흥원 | 게시일 2037. 2. 10. | 「2037년 다온시 중소기업 해외 전시 마케팅 지원사업 참여기업 모집 공고」 관련

**Q.** 전시회 부스 분야에서 현지 통역사 수당도 전부 지원되나요?

**A.** 통역사 섭외비(수당 포함)는 전시회 부스 분야 지원금의 30%까지만 인정합니다.
하루 수당이 50만원을 넘는 통역사는 섭외할 수 없습니다.

**Q.** 2036년에 이 사업에서 온라인 홍보 1개 분야만 지원받았습니다. 올해 다시 신청할 수 있나요?

**A.** 신청할 수 있습니다. 다만 2036년에 지원받은 분야와 같은 분야는 올해 다시 신청할 수 없습니다.

**Q.** 이미 해외 인증을 한 건 받았습니다. 해외 인증 분야를 또 신청할 수 있나요?

**A.** 이미 받은 인증은 다시 지원하지 않습니다. 단, 다른 나라의 인증을 새로 받는 경우에는 신청할 수 있습니다.
"""


FRESH7_DOCS = Path(__file__).resolve().parents[1] / "evals" / "fresh7" / "docs"


@pytest.fixture(scope="module")
def mirnae(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    tmp = tmp_path_factory.mktemp("faq-entry-mirnae")
    (tmp / "docs").mkdir()
    for f in FRESH7_DOCS.glob("mirnae-*"):
        shutil.copy(f, tmp / "docs" / f.name)
    return ingested_bot(tmp / "docs", tmp / "index")


@pytest.fixture(scope="module")
def daon(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("faq-entry-whole"),
                    {"daon-expo-2037.txt": NOTICE, "daon-expo-faq-2037.md": FAQ})


def test_counts_are_read_with_their_nouns() -> None:
    assert counted("입점이랑 현지화 두 개 분야 지원받았어요")["분야"] == {2}
    assert counted("온라인 홍보 1개 분야만 지원받았습니다")["분야"] == {1}
    assert other_counts_named("온라인 홍보 1개 분야만 지원받았습니다", "두 개 분야 지원받았어요") == {"분야"}
    assert not other_counts_named("최대 2개 분야까지", "2개 분야 신청할 수 있어요?")
    # a bound is a rule for every case, not another case
    assert "분야" not in counted("한 기업은 최대 3개 분야까지 신청할 수 있나요?")
    assert not other_counts_named("한 기업은 최대 3개 분야까지 신청할 수 있나요?", "두 개 분야 신청해도 돼요?")
    assert not counted("2개 분야 이상 지원받은 기업")


def test_the_entry_holding_the_question_answers_over_the_notice_row(mirnae: PolicyBot) -> None:
    answer = mirnae.answer("라이브커머스 방송에 현지 인플루언서 출연료는 최대 얼마까지 인정해 주나요?")
    assert answer.outcome == "answered", answer.text
    assert "50%" in answer.text and "1,500만원" not in answer.text, answer.text


def test_an_entry_counting_another_number_is_another_case(daon: PolicyBot) -> None:
    answer = daon.answer("2036년에 이 사업에서 부스랑 인증 두 개 분야 지원받았어요. 올해 또 신청돼요?")
    assert "신청할 수 있습니다" not in answer.text, answer.text


def test_the_notice_field_asked_still_answers(daon: PolicyBot) -> None:
    answer = daon.answer("다온시 전시 마케팅 지원사업 문의는 어디로 전화해요?")
    assert "051-555-0190" in answer.text, answer.text
