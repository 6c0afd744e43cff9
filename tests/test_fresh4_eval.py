"""The "fresh4" eval suite (evals/fresh4/): its question files, its fixture documents (no manifest) and its wiring
into ``policybot eval``. Nothing here builds an index or answers a question (``policybot eval --suite fresh4``
does)."""

from __future__ import annotations

import pytest
from conftest import assert_items_quote_documents

from evals import __main__ as evals_main
from evals.corpus import FRESH4_CORPUS
from evals.dataset import FRESH4_SPLITS, QAItem, load_dataset, match_key
from evals.fresh4 import FRESH4
from evals.multidoc import split_names
from ingestion.loaders import load_document


def _items(split: str) -> list[QAItem]:
    return load_dataset(FRESH4_SPLITS[split])


@pytest.mark.parametrize("split", sorted(FRESH4_SPLITS))
def test_questions_are_well_formed_and_their_strings_are_in_the_documents(split: str) -> None:
    items = _items(split)
    assert len({i.id for i in items}) == len(items) >= 45
    # Facts as the answer must quote them; strings it must leave out (a similar program's figure, last year's value,
    # the value before a correction).
    assert_items_quote_documents(items, FRESH4_CORPUS)
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


@pytest.mark.parametrize(("split", "issuer"), [("tune", "saeron"), ("unseen", "eunsol")])
def test_each_split_quotes_only_its_own_group_of_documents(split: str, issuer: str) -> None:
    # The tune split is about the 새론 documents, the unseen split about the 은솔 ones; a string a correct answer must
    # leave out is never one of its own expected facts.
    texts = [match_key(load_document(f).text) for f in sorted(FRESH4_CORPUS.iterdir()) if f.name.startswith(issuer)]
    assert len(texts) == 4
    for item in _items(split):
        for alt in (a for group in item.facts for a in group):
            assert any(match_key(alt) in t for t in texts), (item.id, alt)
            assert not any(match_key(x) in match_key(alt) for x in item.absent), (item.id, alt)


def test_ids_are_unique_across_the_splits() -> None:
    tune, unseen = _items("tune"), _items("unseen")
    ids = [i.id for i in (*tune, *unseen)]
    assert len(set(ids)) == len(ids)
    assert all(i.id.startswith("f4t") for i in tune) and all(i.id.startswith("f4u") for i in unseen)


def test_every_fixture_says_it_is_fictional_and_has_no_manifest() -> None:
    files = sorted(FRESH4_CORPUS.iterdir())
    assert len(files) == 8 and not any(f.name == "manifest.toml" for f in files)
    assert {f.suffix for f in files} == {".txt", ".md", ".html", ".docx"}
    for f in files:
        assert "fixture" in load_document(f).text[:400].lower(), f.name


def test_the_cp949_fixture_is_not_utf8() -> None:
    raw = (FRESH4_CORPUS / "eunsol-overseas-expo-2031.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "전시회" in raw.decode("cp949")


def test_the_suite_is_wired_into_the_eval_command() -> None:
    assert evals_main.MULTIDOC_SUITES["fresh4"] is FRESH4
    assert "fresh4" in evals_main.SUITES
    assert split_names("tune", FRESH4) == ["tune"]
    assert split_names("unseen", FRESH4) == ["unseen"] and split_names("report", FRESH4) == ["unseen"]
    assert split_names("all", FRESH4) == ["tune", "unseen"]
    with pytest.raises(ValueError):
        split_names("holdout", FRESH4)
