"""An identifier in a question ("5B204", "ad7cc133": letters and digits alternating) is one name, looked for as
written; its letter runs are no words and its digit runs no figures. Reading "ad" of "ad7cc133" as the glossary
word for 광고 refused a question about a document that holds the identifier. The page is generated here (fictional,
marked as a fixture); nothing is taken from an evaluation set."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bot_over

from bot.answering.support import Haystack
from bot.concepts import question_concepts
from bot.service import PolicyBot

PAGE = """테라빈 수출통제 품목 안내

※ 이 문서는 테스트용 가상 안내문입니다 (test fixture).

○ 품목 5B204: 정밀 측정용 좌표측정기 — 수출 전 개별 허가 필요
○ 품목 7C310: 항법용 자이로 부품 — 포괄 허가 대상
○ 시범 관리번호 ad7cc133 사업은 중소기업의 보안 점검을 지원한다.
○ 문의: 테라빈 수출통제과 02-555-0100
"""


@pytest.fixture(scope="module")
def terabin(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(Path(tmp_path_factory.mktemp("terabin")), {"terabin.txt": PAGE})


def test_an_identifier_is_one_concept() -> None:
    concepts = {c.label: c for c in question_concepts("관리번호 ad7cc133 사업은 무엇을 지원하나요?")}
    assert concepts["ad7cc133"].specific and concepts["ad7cc133"].forms == ("ad7cc133",)
    assert not {"ad", "cc", "7", "133"} & set(concepts)
    english = {c.label for c in question_concepts("Does item 5B204 need a licence?")}
    assert "5B204" in english and not {"5", "204"} & english
    # Two runs are a prefix or a unit with its number, read as before.
    assert {"10", "2"} <= {c.label for c in question_concepts("10kg 이하 2nd 라운드")}


def test_an_identifier_stands_whole_in_the_text() -> None:
    assert Haystack("품목 5B204: 정밀").has("5b204")
    assert not Haystack("품목 5B2041: 정밀").has("5b204")
    assert not Haystack("품목 45B204: 정밀").has("5b204")


@pytest.mark.parametrize("question, fact", [
    ("관리번호 ad7cc133 사업은 무엇을 지원하나요?", "보안 점검"),
    ("품목 5B204는 수출할 때 허가가 필요한가요?", "개별 허가"),
])
def test_a_question_naming_an_identifier_is_answered(terabin: PolicyBot, question: str, fact: str) -> None:
    answer = terabin.answer(question)
    assert not answer.abstained and fact in answer.text


def test_an_identifier_the_documents_do_not_hold_is_refused(terabin: PolicyBot) -> None:
    answer = terabin.answer("품목 5B205는 수출할 때 허가가 필요한가요?")
    assert answer.abstained and "5B205" in answer.missing_terms


def test_a_glossary_word_glued_to_digits_is_also_looked_for_as_written() -> None:
    ad = next(c for c in question_concepts("관리번호 ad123456 사업은?") if c.label == "ad")
    assert "ad" in ad.forms and Haystack("관리번호 ad123456 사업").has(ad.forms[-1])
