"""The "probes2" eval suite (evals/probes2/): its question file, its fixture documents (no manifest) and its wiring
into ``policybot eval``. Nothing here builds an index or answers a question (``policybot eval --suite probes2``
does)."""

from __future__ import annotations

from conftest import assert_items_quote_documents

from evals import __main__ as evals_main
from evals.corpus import PROBES2_CORPUS
from evals.dataset import PROBES2_SPLITS, load_dataset
from evals.multidoc import split_names
from evals.probes2 import PROBES2
from ingestion.loaders import load_document


def test_questions_are_well_formed_and_their_strings_are_in_the_documents() -> None:
    items = load_dataset(PROBES2_SPLITS["tune"])
    assert len({i.id for i in items}) == len(items) >= 55
    # Facts as the answer must quote them; strings it must leave out (the other tier's figure, the value before a
    # correction).
    assert_items_quote_documents(items, PROBES2_CORPUS)
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
