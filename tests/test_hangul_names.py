"""A name a Korean question writes in Hangul (도브라니아) is searched as the English page spells it (Dovrania): the
keyword index's Latin terms are matched by sound. The documents are generated here (fictional, marked as
fixtures)."""

from __future__ import annotations

import pytest
from conftest import bot_over

from bot.answering.library import library_of
from bot.concepts import question_concepts
from bot.retrieval import retrieve
from bot.service import PolicyBot
from bot.translit import latin_spellings, sound_index

PAGE = """<html><head><title>Dovrania: registration of imported toys</title></head><body>
<h1>Dovrania: registration of imported toys</h1>
<p>This page is a fictional test fixture.</p>
<h2>Fees</h2>
<p>The Dovranian Toy Office charges a registration fee of DVK 800 per toy model.</p>
<h2>Penalties</h2>
<p>Selling an unregistered toy model is punished with a fine of up to DVK 50,000.</p>
<h2>Contact</h2>
<p>Toy registration desk: toys@dovrania.example</p>
</body></html>
"""

NOTICE = """2031년 하람 장난감 수출 지원사업 공고

※ 이 문서는 테스트용 가상 공고입니다 (test fixture).

1. 사업 개요
○ 지원 대상: 장난감을 수출하는 도내 중소기업
○ 지원 내용: 해외 인증 비용과 등록 수수료의 70% (기업당 최대 1,000만원)
○ 위반 시 조치: 허위 서류를 낸 기업은 지원금을 환수하고 과태료를 부과함

2. 문의처
○ 수출지원팀: 031-555-7700
"""


@pytest.fixture(scope="module")
def toys(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    return bot_over(tmp_path_factory.mktemp("toys"), {"dovrania-toys.html": PAGE, "haram-toys-2031.txt": NOTICE})


def test_a_hangul_name_is_spelled_as_the_index_spells_it() -> None:
    index = sound_index(["dovrania", "dovranian", "registration", "toy", "dover", "fine"])
    assert set(latin_spellings("도브라니아", index)) == {"dovrania", "dovranian"}
    assert latin_spellings("등록", index) == []


def test_a_korean_question_finds_the_english_page_by_its_name(toys: PolicyBot) -> None:
    question = "도브라니아에 등록 안 한 장난감 팔면 벌금 얼마예요?"
    names = library_of(toys).latin_names(question_concepts(question))
    assert "dovrania" in names
    # Common nouns (장난감, 등록, 벌금) are not names: they are searched through the glossary, not by sound.
    assert library_of(toys).latin_names(question_concepts("장난감 등록 벌금은 얼마예요?")) == []
    alone = retrieve(toys.store, question, 3, mode="keyword")
    spelled = retrieve(toys.store, question, 3, mode="keyword", extra_terms=names)
    assert "dovrania-toys" not in [p.chunk.doc_id for p in alone.passages]
    assert "dovrania-toys" in [p.chunk.doc_id for p in spelled.passages]
