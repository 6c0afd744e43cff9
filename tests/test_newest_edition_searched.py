"""When the first retrieval ranks last year's line above this year's ("물류비 지원사업 접수 언제 받아요?" found the 2031
notice's 접수 기간 first, the 2032 notice only by lines without 접수), the newest edition is searched on its own
before it is judged to lack the question: the 2031 dates were quoted as the answer — a wrong date.
The documents are the "fresh5" eval suite's fixtures (evals/fresh5/docs), whose eight documents make the ranking."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ingested_bot

from bot.service import PolicyBot

FRESH5_DOCS = Path(__file__).resolve().parents[1] / "evals" / "fresh5" / "docs"


@pytest.fixture(scope="module")
def fresh5(tmp_path_factory: pytest.TempPathFactory) -> PolicyBot:
    tmp = tmp_path_factory.mktemp("newest-edition")
    shutil.copytree(FRESH5_DOCS, tmp / "docs")
    return ingested_bot(tmp / "docs", tmp / "index")


def test_the_newest_edition_answers_though_ranked_below_the_older(fresh5: PolicyBot) -> None:
    answer = fresh5.answer("물류비 지원사업 접수 언제 받아요?")
    assert answer.outcome == "answered", answer.text
    first_line = answer.text.splitlines()[0]
    assert "2032. 2. 3." in first_line, answer.text
    assert "2031. 2. 10." not in first_line, answer.text
