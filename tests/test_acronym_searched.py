"""A name the question writes in Latin letters ("VPR") that only one page holds says which page answers, even when
the question's other words are Korean and the page is English: the Korean notices beside it filled the first
retrieval with their own 등록 and 수수료 lines, the page was never read, and the answer abstained with a notice's
contact ("문서에 없는 내용: vpr"). The passages found first holding no such name, the documents that hold it are
searched too. A name that no document holds still abstains.
The documents below are fictional fixtures written for this test."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.service import PolicyBot

PAGE = """# Veltoria: Packaging Registry for Exporters

Note: This is a fictional test fixture. Veltoria, its agencies and its rules do not exist.

## 1. Overview

Every business that places packaged goods on the Veltorian market must register with the Veltorian Packaging
Registry (VPR). For imported goods the importer of record registers.

## 2. Fees

A one-off VPR registration fee of EUR 200 is charged when a producer first registers.
An annual fee of EUR 60 per tonne of plastic packaging is invoiced every March.

## 3. Contacts

- Registration Helpdesk: +390 41 555 0100, register@registry.example
"""


def notice(n: int) -> str:
    return f"""※ 이 문서는 테스트용 가상 공고입니다 (test fixture).
2032년 누리시 수출 포장재 지원사업 제{n}차 모집 공고

2032. 1. {n + 5}.

1. 지원 내용
○ 지원 항목: 해외 포장재 등록 수수료, 포장 디자인 개선비
○ 지원 한도: 기업당 최대 {n + 1},000만원
○ 등록 수수료 지원 비율: {60 + n}%

2. 신청
○ 접수 기간: 2032. 2. {n + 2}.(월) ~ 3. {n + 4}.(금) 17:00
○ 접수 방법: 누리시 기업지원 시스템에 회원 등록 후 온라인 접수

3. 문의처
○ 누리산업진흥원 수출지원팀 02-555-01{n:02d}
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    files = {"veltoria-packaging-registry.md": PAGE}
    files.update({f"nuri-packaging-{n}.txt": notice(n) for n in range(1, 13)})
    return bot_over(tmp_path_factory.mktemp("acronym"), files)


def test_the_page_holding_the_acronym_answers_a_korean_question(mixed: PolicyBot) -> None:
    answer = mixed.answer("VPR 등록 수수료는 얼마예요?")
    assert answer.outcome == "answered", answer.text
    assert "EUR 200" in answer.text
    assert "만원" not in answer.text  # no notice's figures
    assert answer.citations and all(c.doc_id == "veltoria-packaging-registry" for c in answer.citations)


def test_an_acronym_no_document_holds_abstains(mixed: PolicyBot) -> None:
    answer = mixed.answer("KPR 등록 수수료는 얼마예요?")
    assert answer.outcome == "abstained", answer.text
