"""The "probes" eval suite (evals/probes/): its question file, its fixture documents (no manifest) and its wiring
into ``policybot eval``. Nothing here builds an index or answers a question (``policybot eval --suite probes``
does)."""

from __future__ import annotations

from evals import __main__ as evals_main
from evals.corpus import PROBES_CORPUS
from evals.dataset import PROBES_SPLITS, load_dataset, match_key
from evals.multidoc import split_names
from evals.probes import PROBES
from ingestion.loaders import load_document


def test_questions_are_well_formed_and_answerable_ones_are_in_the_documents() -> None:
    items = load_dataset(PROBES_SPLITS["tune"])
    assert len({i.id for i in items}) == len(items) >= 70
    texts = [match_key(load_document(p).text) for p in sorted(PROBES_CORPUS.iterdir())]
    for item in items:
        assert item.answerable == bool(item.facts), item.id
        # Each expected fact is written in some fixture (as the answer must quote it).
        for alternatives in item.facts:
            assert any(match_key(a) in t for a in alternatives for t in texts), (item.id, alternatives)
    assert sum(1 for i in items if not i.answerable) >= 20
    assert {i.lang for i in items} == {"ko", "en"}


def test_every_fixture_says_it_is_fictional_and_has_no_manifest() -> None:
    files = sorted(PROBES_CORPUS.iterdir())
    assert len(files) == 5 and not any(f.name == "manifest.toml" for f in files)
    for f in files:
        assert "fixture" in load_document(f).text[:400].lower(), f.name


def test_the_suite_is_wired_into_the_eval_command() -> None:
    assert evals_main.MULTIDOC_SUITES["probes"] is PROBES
    assert split_names("tune", PROBES) == ["tune"] and split_names("report", PROBES) == ["tune"]
