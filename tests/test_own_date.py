"""A FAQ, a press release or a foreign regulation page dates itself in its own words near its top ("게시일 2031. 2.
20.(화)", "2031. 2. 28. 게시", "배포 일시: …", "Posted: 14 January 2031"), not on the bare date line under a
notice's title. Such documents went undated, and their citations showed no date. The documents are fictional
fixtures written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import bot_over

from bot.answering.library import library_of
from ingestion.notice import parse_issuer
from ingestion.own_date import own_date


def test_a_date_beside_a_publication_word_is_the_documents_own() -> None:
    assert own_date("가람진흥원 | 게시일 2031. 2. 20.(목) | 대상 공고: 가람진흥원 공고 제2031-7호") == date(2031, 2, 20)
    assert own_date("> 가람진흥원 수출팀 · 2031. 2. 28. 게시 · 「2031년 가람 지원사업 공고」 관련") == date(2031, 2, 28)
    assert own_date("[보도자료]\n가람재단\n배포 일시: 2031. 3. 27.(목)\n담당 부서: 기업지원부") == date(2031, 3, 27)
    assert own_date("보도시점 (온라인) 2031. 3. 4.(화) 12:00") == date(2031, 3, 4)
    assert own_date("작성: 해외시장정보센터 · 업데이트: 2031-02-15") == date(2031, 2, 15)
    assert own_date("Posted: 14 January 2031 | Source: Office of Trade") == date(2031, 1, 14)
    assert own_date("Trade office – information for exporters. Last updated: January 15, 2031.") == date(2031, 1, 15)
    # A deadline or the day a rule takes effect dates no document; nor does a date below the first lines.
    assert own_date("From 1 March 2031, toys imported into Aldoria must carry the mark.") is None
    assert own_date("신청 마감: 2031. 2. 27.(목) 18:00") is None
    assert own_date("\n".join(["본문 문장입니다."] * 12 + ["게시일: 2031. 2. 20."])) is None
    # A publication word inside a sentence, or registration opening, is about something else.
    assert own_date("Exporters apply online. The first licences will be issued on 1 March 2031.") is None
    assert own_date("Effective date: 1 March 2031") is None
    assert own_date("등록 2031. 3. 1.부터 접수합니다") is None
    assert own_date("등록일: 2031. 2. 1.") == date(2031, 2, 1)


def test_a_notice_cited_in_parentheses_names_no_issuer() -> None:
    assert parse_issuer("- 대상 사업: 2031년 가람 수출물류비 지원사업 (공고 제2031-09호)") is None
    assert parse_issuer("가람수출진흥원 공고 제2031-09호") == "가람수출진흥원"
    assert parse_issuer("(재)가람중소기업진흥원 공고 제2031-14호") == "(재)가람중소기업진흥원"


FAQ = """※ 이 문서는 테스트용 가상 문서입니다 (test fixture).

# 2031년 가람 포장재 지원사업 자주 묻는 질문(FAQ)

가람포장진흥원 | 게시일 2031. 2. 20.(목) | 대상 공고: 가람포장진흥원 공고 제2031-7호

## Q1. 재생 원료 포장재도 지원받을 수 있나요?

네. 재생 원료를 30% 이상 쓴 포장재는 개발비의 80%까지 지원합니다.
"""

PAGE = """<html><head><title>Veltria: labelling of imported ceramics</title></head><body>
<p>Test fixture for policybot checks; Veltria and its office are fictional.</p>
<h1>Veltria: labelling of imported ceramics</h1>
<p>Posted: 14 January 2031 | Source: Veltrian Ceramics Office</p>
<h2>Labels</h2>
<p>Every imported ceramic tableware item must carry a label in Veltrian stating its lead content.</p>
</body></html>
"""


def test_the_documents_own_date_is_shown_with_its_citation(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"faq.md": FAQ, "veltria.html": PAGE})
    dates = {d.title: d.date for d in library_of(bot).documents}
    assert dates == {"2031년 가람 포장재 지원사업 자주 묻는 질문(FAQ)": "2031-02-20",
                     "Veltria: labelling of imported ceramics": "2031-01-14"}, dates
    answer = bot.answer("재생 원료 포장재는 개발비의 몇 %까지 지원돼요?")
    assert answer.outcome == "answered", answer.text
    assert "80%" in answer.text, answer.text
    assert answer.citations[0].doc_date == "2031-02-20"
    answer = bot.answer("What must the label on imported ceramic tableware in Veltria state?")
    assert answer.outcome == "answered", answer.text
    assert answer.citations[0].doc_date == "2031-01-14"
    # Asked when a document was posted, the line that dates it answers.
    answer = bot.answer("When was the Veltria ceramics page posted?")
    assert answer.outcome == "answered", answer.text
    assert "Posted: 14 January 2031" in answer.text, answer.text
    answer = bot.answer("포장재 지원사업 FAQ 게시일이 언제예요?")
    assert answer.outcome == "answered", answer.text
    assert "게시일 2031. 2. 20." in answer.text, answer.text
