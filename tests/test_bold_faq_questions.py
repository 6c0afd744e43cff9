"""A Markdown FAQ often writes its questions in bold ("**Q2. …?**"). The closing marks after the question mark do
not make the line any less a question: it is the entry's heading, so its answer lines answer and the question line
itself is not quoted back as if it were an answer. An entry asking the question itself answers it even when every
word of the question is in the program's name, which the notice's lines hold as much (the contact line "○ 누리시
기업지원과 공정개선팀 …" holds 공정 개선): the entry is clearly closer. Both documents are fictional fixtures written
for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.faq import is_question_line
from bot.service import PolicyBot

NOTICE = """※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
누리시 공고 제2034-8호
2034년 누리시 제조기업 공정 개선 지원사업 참여기업 모집 공고

2034. 2. 3.

1. 신청 자격
○ 공통 신청 자격: 공고일 현재 누리시에 본사 또는 공장을 둔 제조 중소기업

2. 지원 내용
○ 지원 한도: 기업당 최대 2,500만원

3. 문의처
○ 누리시 기업지원과 공정개선팀 052-410-7730
"""

FAQ = """# 2034년 누리시 제조기업 공정 개선 지원사업 자주 묻는 질문(FAQ)

> ※ 이 문서는 테스트용 가상 문서(test fixture)입니다.

누리시 기업지원과 | 게시일 2034. 2. 10.

## 1. 신청 자격

**Q1. 공정 개선 지원사업과 다른 시 지원사업을 같이 받을 수 있나요?**

A. 같은 설비로는 함께 받을 수 없습니다.

**Q2. 본사는 다른 지역에 있고 공장만 누리시에 있어도 신청할 수 있나요?**

A. 네, 신청할 수 있습니다. 단, 누리시 소재 공장의 공장등록증 사본을 함께 내야 합니다.
"""


@pytest.fixture(scope="module")
def nuri(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("bold-faq"),
                    {"nuri-process-2034.txt": NOTICE, "nuri-process-faq-2034.md": FAQ})


def test_a_question_in_markdown_bold_is_a_question_line() -> None:
    assert is_question_line("**Q2. 본사는 다른 지역에 있고 공장만 누리시에 있어도 신청할 수 있나요?**")
    assert is_question_line("__Can we apply twice?__")
    assert not is_question_line("**A. 네, 신청할 수 있습니다.**")


def test_the_entrys_answer_is_quoted_without_its_bold_question_line(nuri: PolicyBot) -> None:
    answer = nuri.answer("본사는 다른 지역에 있고 공장만 누리시에 있어도 신청할 수 있나요?")
    assert answer.outcome == "answered", answer.text
    assert "공장등록증" in answer.text
    # One entry's answer: not the section with every entry's question and the other entry's answer.
    assert "Q1" not in answer.text and "Q2" not in answer.text and "같은 설비로는" not in answer.text, answer.text


def test_an_entry_clearly_closer_than_the_notices_lines_answers(nuri: PolicyBot) -> None:
    answer = nuri.answer("공정 개선 지원사업이랑 다른 시 지원사업을 같이 받을 수 있나요?")
    assert answer.outcome == "answered", answer.text
    assert "같은 설비로는 함께 받을 수 없습니다" in answer.text
    assert "052-410-7730" not in answer.text


def test_a_question_telling_no_case_is_answered_by_the_notice(nuri: PolicyBot) -> None:
    answer = nuri.answer("누리시 공정 개선 지원사업 기업당 지원 한도는 얼마예요?")
    assert answer.outcome == "answered", answer.text
    assert "2,500만원" in answer.text
    assert all(c.doc_id.startswith("nuri-process-2034") for c in answer.citations)
