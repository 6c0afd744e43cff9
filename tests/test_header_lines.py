"""A notice typed as plain text often puts its date line ("공고일: 2031. 2. 3.") right under its title, with no
blank line between. Reflowing joined the two into one sentence-like line: the notice lost its title (a line ending
in "3." reads as a sentence) and its date (no line held the date alone), and with them its edition. The
documents are fictional fixtures written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bot_over

from bot.answering.library import library_of
from ingestion.normalize import normalize_text
from ingestion.notice import guess_title, parse_header

NOTICE = """[테스트 픽스처] 2031년 가람도 수출물류비 지원사업 공고
공고일: 2031. 2. 3.

1. 지원 내용
○ 지원 한도: 기업당 최대 1,200만원
○ 지원 비율: 물류비의 50%
"""


def test_a_labelled_date_line_stays_apart_from_the_title() -> None:
    text = normalize_text(NOTICE)
    assert text.split("\n")[:2] == ["[테스트 픽스처] 2031년 가람도 수출물류비 지원사업 공고", "공고일: 2031. 2. 3."]
    assert guess_title(text) == "[테스트 픽스처] 2031년 가람도 수출물류비 지원사업 공고"
    assert str(parse_header(text).notice_date) == "2031-02-03"


def test_only_the_documents_own_date_dates_it() -> None:
    # A deadline on a line of its own is no notice date.
    assert parse_header("2031년 가람도 지원사업 공고\n\n신청 마감: 2031. 3. 2.\n").notice_date is None
    assert str(parse_header("2031년 가람도 지원사업 FAQ\n\n게시일 : 2031. 2. 17.\n").notice_date) == "2031-02-17"


def test_an_uploaded_text_notice_keeps_its_title_and_date(tmp_path: Path) -> None:
    bot = bot_over(tmp_path, {"upload.txt": NOTICE})
    doc = library_of(bot).documents[0]
    assert doc.title == "[테스트 픽스처] 2031년 가람도 수출물류비 지원사업 공고", doc
    assert doc.date == "2031-02-03", doc


@pytest.mark.parametrize("line", ["신청 기간: 2031. 2. 3. ~ 3. 2.", "○ 결과 발표: 2031. 4. 17.(금)"])
def test_other_lines_are_no_date_lines(line: str) -> None:
    assert parse_header(f"2031년 가람도 지원사업 공고\n\n{line}\n").notice_date is None
