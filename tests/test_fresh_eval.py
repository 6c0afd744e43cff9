"""The "fresh" eval suite (evals/fresh/): its question files, its fixture documents (no manifest) and its wiring
into ``policybot eval``. Nothing here builds an index or answers a question (``policybot eval --suite fresh``
does)."""

from __future__ import annotations

import pytest

from evals import __main__ as evals_main
from evals.corpus import FRESH_CORPUS
from evals.dataset import FRESH_SPLITS, QAItem, load_dataset, match_key
from evals.fresh import FRESH
from evals.multidoc import split_names
from ingestion.loaders import load_document


def _texts() -> list[str]:
    return [match_key(load_document(p).text) for p in sorted(FRESH_CORPUS.iterdir())]


def _items(split: str) -> list[QAItem]:
    return load_dataset(FRESH_SPLITS[split])


@pytest.mark.parametrize("split", sorted(FRESH_SPLITS))
def test_questions_are_well_formed_and_answerable_ones_are_in_the_documents(split: str) -> None:
    items = _items(split)
    assert len({i.id for i in items}) == len(items) >= 45
    texts = _texts()
    for item in items:
        assert item.answerable == bool(item.facts), item.id
        # Each expected fact is written in some fixture (as the answer must quote it).
        for alternatives in item.facts:
            for a in alternatives:
                assert any(match_key(a) in t for t in texts), (item.id, a)
    unanswerable = sum(1 for i in items if not i.answerable)
    assert 10 <= unanswerable < len(items) - 10
    assert {i.lang for i in items} == {"ko", "en"}
    assert any(i.history for i in items) and any(i.absent for i in items)


def test_ids_are_unique_across_the_splits() -> None:
    tune, unseen = _items("tune"), _items("unseen")
    ids = [i.id for i in (*tune, *unseen)]
    assert len(set(ids)) == len(ids)
    assert all(i.id.startswith("fr") for i in tune) and all(i.id.startswith("fu") for i in unseen)


def test_every_fixture_says_it_is_fictional_and_has_no_manifest() -> None:
    files = sorted(FRESH_CORPUS.iterdir())
    assert len(files) == 8 and not any(f.name == "manifest.toml" for f in files)
    assert {f.suffix for f in files} == {".txt", ".md", ".html", ".docx"}
    for f in files:
        assert "fixture" in load_document(f).text[:400].lower(), f.name


def test_the_cp949_fixture_is_not_utf8() -> None:
    raw = (FRESH_CORPUS / "green-shift-2027.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "탄소저감" in raw.decode("cp949")


def test_the_suite_is_wired_into_the_eval_command() -> None:
    assert evals_main.MULTIDOC_SUITES["fresh"] is FRESH
    assert "fresh" in evals_main.SUITES
    assert split_names("tune", FRESH) == ["tune"]
    assert split_names("unseen", FRESH) == ["unseen"] and split_names("report", FRESH) == ["unseen"]
    assert split_names("all", FRESH) == ["tune", "unseen"]
    with pytest.raises(ValueError):
        split_names("holdout", FRESH)
