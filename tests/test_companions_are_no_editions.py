"""A program's FAQ or press release is dated now ("2031. 2. 20. 게시", "보도시점: 2031. 2. 11."), and a FAQ may share
its notice's program key ("2031년 ○○ 지원사업 자주 묻는 질문(FAQ)"). It is still no edition of the notice: dated a
week later it would be the program's "newest edition" and answer before the notice (a FAQ entry about one 유형
answering "지원 유형은 어떤 게 있어요?"), and the notice would be cited as its older edition. A release written
relative to its own date ("지난해 60%에서 70%로") states last year's figure. The documents are fictional fixtures
written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bot_over

from bot.answering.library import library_of
from bot.catalogue import build_catalogue
from bot.service import PolicyBot
from ingestion.notice import classify_kind

NOTICE_2031 = """2031년 가람 수출 물류비 지원사업 참여기업 모집 공고
가람진흥원 공고 제2031-7호
2031. 2. 10.

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

1. 지원 유형
지원 유형 | 지원 내용 | 지원 비율 | 기업당 한도
해상 운송 | 해상 운임, 내륙 운송비 | 50% | 1,500만원
항공 운송 | 항공 운임 | 40% | 800만원
국제 특송 | 국제 특송 배송비 | 60% | 300만원
○ 한 기업은 최대 2개 유형까지 신청할 수 있습니다.

2. 신청
○ 신청 기간: 2031. 2. 17.(월) ~ 3. 7.(금) 18:00
○ 문의처: 가람진흥원 수출팀 (061-000-1234)
"""
FAQ = """# 2031년 가람 수출 물류비 지원사업 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서입니다 (test fixture).
>
> 가람진흥원 수출팀 · 2031. 2. 20. 게시 · 「2031년 가람 수출 물류비 지원사업 참여기업 모집 공고」 관련

### Q1. 해외 창고 보관료도 지원 유형에 들어가나요?

**A.** 아니요, 지원 유형이 아닙니다. 해외 창고 보관료는 지원하지 않습니다.

### Q2. 해상 운송과 항공 운송을 같이 신청할 수 있나요?

**A.** 네, 2개 유형까지 함께 신청할 수 있습니다.
"""
RELEASE = """[보도자료]
가람도

보도시점: 2031. 2. 11.(화) 11:00 이후
담당 부서: 가람도 경제정책과

가람도, 수출 중소기업 물류비 지원에 30억원 투입
- 소기업 보조율 70%로 높여 -

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

가람도는 수출 중소기업의 물류비 부담을 덜기 위해 30억원을 투입한다고 11일 밝혔다.
특히 올해는 소기업의 부담을 덜기 위해 소기업 보조율을 지난해 60%에서 70%로 높였다.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("companions"),
                    {"notice-2031.txt": NOTICE_2031, "faq-2031.md": FAQ, "release-2031.txt": RELEASE})


def test_the_faq_shares_the_notices_program_and_is_dated_after_it(bot: PolicyBot) -> None:
    docs = {d.doc_id: d for d in library_of(bot).documents}
    assert docs["faq-2031"].program == docs["notice-2031"].program
    assert (docs["notice-2031"].date, docs["faq-2031"].date) == ("2031-02-10", "2031-02-20")


def test_the_notice_answers_before_its_later_faq(bot: PolicyBot) -> None:
    answer = bot.answer("지원 유형은 어떤 게 있어요?")
    assert answer.outcome == "answered", answer.text
    assert all(word in answer.text for word in ("해상 운송", "항공 운송", "국제 특송")), answer.text
    assert {c.doc_title for c in answer.citations} == {"2031년 가람 수출 물류비 지원사업 참여기업 모집 공고"}
    assert "이전 공고" not in answer.text
    # What only the FAQ says is still answered from it, with its date, and no notice is called its older edition.
    answer = bot.answer("해외 창고 보관료도 지원 유형에 들어가나요?")
    assert answer.outcome == "answered", answer.text
    assert "지원하지 않습니다" in answer.text and "이전 공고" not in answer.text, answer.text
    assert answer.citations[0].doc_date == "2031-02-20"


def test_a_release_states_last_years_figure_relative_to_its_date(bot: PolicyBot) -> None:
    answer = bot.answer("가람도 소기업 보조율이 작년엔 몇 %였어요?")
    assert answer.outcome == "answered", answer.text
    assert "지난해 60%" in answer.text, answer.text
    assert answer.citations[0].doc_date == "2031-02-11"


VOUCHER_RELEASE = """[보도자료]
가람시

보도시점: 2031. 3. 4.(화) 11:00 이후

가람시, 인증 바우처 참여기업 30개사 모집

※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

가람시는 중소기업의 해외 인증 비용을 덜기 위해 인증 바우처 참여기업 30개사를 모집한다고 4일 밝혔다.
올해는 기업당 한도를 지난해 1,500만원에서 2,000만원으로 올렸다.
○ 신청 기간: 2031. 3. 10.(월) ~ 3. 28.(금) 18:00
"""


def test_a_release_headlined_as_a_call_is_still_a_release(tmp_path: Path) -> None:
    # "모집" in the headline and a window line made it a notice: its date then made it the 2031 edition, and
    # "작년" asked the 2030 edition, which the release does not name by year.
    assert classify_kind("가람시, 인증 바우처 참여기업 30개사 모집", VOUCHER_RELEASE) == "press_release"
    assert classify_kind("[자주 묻는 질문] 2031년 가람 지원사업", "가람진흥원 공고 제2031-3호 관련") == "guide"
    bot = bot_over(tmp_path, {"voucher-release.txt": VOUCHER_RELEASE})
    answer = bot.answer("가람시 인증 바우처 한도가 작년엔 얼마였어요?")
    assert answer.outcome == "answered", answer.text
    assert "1,500만원" in answer.text, answer.text
    assert answer.citations[0].doc_date == "2031-03-04"


def test_the_programs_view_keeps_the_notice_current(bot: PolicyBot) -> None:
    programs = {p.doc_id: p for p in build_catalogue(bot.store)}
    notice = programs["notice-2031"]
    assert notice.current and notice.editions == [], (notice.current, notice.editions)
    assert notice.doc_date == "2031-02-10"
    assert programs["faq-2031"].doc_date == "2031-02-20"
