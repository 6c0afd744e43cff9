"""The "probes2" eval suite (evals/probes2/): its question file, its fixture documents (no manifest) and its wiring
into ``policybot eval``. Nothing here builds an index or answers a question (``policybot eval --suite probes2``
does)."""

from __future__ import annotations

from evals import __main__ as evals_main
from evals.corpus import PROBES2_CORPUS
from evals.dataset import PROBES2_SPLITS, load_dataset, match_key
from evals.multidoc import split_names
from evals.probes2 import PROBES2
from ingestion.loaders import load_document


def test_questions_are_well_formed_and_their_strings_are_in_the_documents() -> None:
    items = load_dataset(PROBES2_SPLITS["tune"])
    assert len({i.id for i in items}) == len(items) >= 55
    texts = [match_key(load_document(p).text) for p in sorted(PROBES2_CORPUS.iterdir())]
    for item in items:
        assert item.answerable == bool(item.facts), item.id
        assert ("answerable" in item.tags) == item.answerable and ("unanswerable" in item.tags) != item.answerable
        # Every alternative of every expected fact is written in some fixture (as the answer must quote it), and so
        # is every string a correct answer must leave out (the other tier's figure, the value before a correction).
        for alternatives in item.facts:
            for alt in alternatives:
                assert any(match_key(alt) in t for t in texts), (item.id, alt)
        for absent in item.absent:
            assert any(match_key(absent) in t for t in texts), (item.id, absent)
    assert sum(1 for i in items if not i.answerable) >= 15
    assert {i.lang for i in items} == {"ko", "en"}
    assert any(i.history for i in items) and any("mixed" in i.tags for i in items)


def test_every_fixture_says_it_is_fictional_and_has_no_manifest() -> None:
    files = sorted(PROBES2_CORPUS.iterdir())
    assert len(files) == 6 and not any(f.name == "manifest.toml" for f in files)
    for f in files:
        assert "fixture" in load_document(f).text[:400].lower(), f.name


def test_the_suite_is_wired_into_the_eval_command() -> None:
    assert evals_main.MULTIDOC_SUITES["probes2"] is PROBES2
    assert split_names("tune", PROBES2) == ["tune"] and split_names("report", PROBES2) == ["tune"]
