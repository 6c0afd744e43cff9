"""The "fresh3" eval suite (evals/fresh3/): its question files, its fixture documents (no manifest) and its wiring
into ``policybot eval``. Nothing here builds an index or answers a question (``policybot eval --suite fresh3``
does)."""

from __future__ import annotations

import pytest
from conftest import assert_items_quote_documents

from evals import __main__ as evals_main
from evals.corpus import FRESH3_CORPUS
from evals.dataset import FRESH3_SPLITS, QAItem, load_dataset
from evals.fresh3 import FRESH3
from evals.multidoc import split_names
from ingestion.loaders import load_document


def _items(split: str) -> list[QAItem]:
    return load_dataset(FRESH3_SPLITS[split])


@pytest.mark.parametrize("split", sorted(FRESH3_SPLITS))
def test_questions_are_well_formed_and_their_strings_are_in_the_documents(split: str) -> None:
    items = _items(split)
    assert len({i.id for i in items}) == len(items) >= 45
    # Facts as the answer must quote them; strings it must leave out (another sub-program's figure, the value
    # before a change).
    assert_items_quote_documents(items, FRESH3_CORPUS)
    for item in items:
        if "followup" in item.tags:
            assert item.history, item.id
    unanswerable = sum(1 for i in items if not i.answerable)
    assert 12 <= unanswerable < len(items) - 20
    assert sum(1 for i in items if i.lang == "en") >= 10
    assert sum(1 for i in items if "mixed" in i.tags) >= 5
    assert sum(1 for i in items if "followup" in i.tags and i.history) >= 3
    assert sum(1 for i in items if {"list", "count"} & set(i.tags)) >= 3
    assert sum(1 for i in items if i.answerable and i.absent and {"edition", "change"} & set(i.tags)) >= 3


def test_ids_are_unique_across_the_splits() -> None:
    tune, unseen = _items("tune"), _items("unseen")
    ids = [i.id for i in (*tune, *unseen)]
    assert len(set(ids)) == len(ids)
    assert all(i.id.startswith("f3t") for i in tune) and all(i.id.startswith("f3u") for i in unseen)


def test_every_fixture_says_it_is_fictional_and_has_no_manifest() -> None:
    files = sorted(FRESH3_CORPUS.iterdir())
    assert len(files) == 8 and not any(f.name == "manifest.toml" for f in files)
    assert {f.suffix for f in files} == {".txt", ".md", ".html", ".docx"}
    for f in files:
        assert "fixture" in load_document(f).text[:400].lower(), f.name


def test_the_cp949_fixture_is_not_utf8() -> None:
    raw = (FRESH3_CORPUS / "yeonbit-youth-hiring-2030-change.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "청년" in raw.decode("cp949")


def test_the_suite_is_wired_into_the_eval_command() -> None:
    assert evals_main.MULTIDOC_SUITES["fresh3"] is FRESH3
    assert "fresh3" in evals_main.SUITES
    assert split_names("tune", FRESH3) == ["tune"]
    assert split_names("unseen", FRESH3) == ["unseen"] and split_names("report", FRESH3) == ["unseen"]
    assert split_names("all", FRESH3) == ["tune", "unseen"]
    with pytest.raises(ValueError):
        split_names("holdout", FRESH3)
