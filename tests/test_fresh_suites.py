"""The "fresh2" to "fresh7" eval suites (evals/fresh2/ … fresh7/): their question files,
their fixture documents (no manifest) and their wiring into ``policybot eval``. Each was written by a helper who did not
read the answering code, in one shape: eight documents in two groups of four (tune, unseen), a CP949 fixture, and
questions that must quote the documents. Nothing here builds an index or answers a question
(``policybot eval --suite freshN`` does)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import assert_items_quote_documents

from evals import __main__ as evals_main
from evals.corpus import FRESH2_CORPUS, FRESH3_CORPUS, FRESH4_CORPUS, FRESH5_CORPUS, FRESH6_CORPUS, FRESH7_CORPUS
from evals.dataset import (
    FRESH2_SPLITS,
    FRESH3_SPLITS,
    FRESH4_SPLITS,
    FRESH5_SPLITS,
    FRESH6_SPLITS,
    FRESH7_SPLITS,
    QAItem,
    load_dataset,
    match_key,
)
from evals.fresh2 import FRESH2
from evals.fresh3 import FRESH3
from evals.fresh4 import FRESH4
from evals.fresh5 import FRESH5
from evals.fresh6 import FRESH6
from evals.fresh7 import FRESH7
from evals.multidoc import MultidocSuite, split_names
from ingestion.loaders import load_document


@dataclass(frozen=True)
class FreshSuite:
    """What differs between the suites: their files, id prefix, CP949 fixture and the tags their writer used."""

    name: str
    suite: MultidocSuite
    corpus: Path
    splits: dict[str, Path]
    prefix: str
    cp949: tuple[str, str]  # the file and a word it holds
    followup_tag: str
    change_tags: frozenset[str]
    min_lists: int
    min_followups: int
    groups: tuple[str, str] = ("", "")  # the file-name prefix of the tune and the unseen documents, when checked
    min_mixed: int = 5  # fresh7's writer tagged four questions of its tune split mixed


SUITES = [
    FreshSuite("fresh2", FRESH2, FRESH2_CORPUS, FRESH2_SPLITS, "f2",
               ("dodam-smart-factory-2029-change.txt", "스마트공장"), "follow-up", frozenset({"edition", "correction"}),
               4, 4),
    FreshSuite("fresh3", FRESH3, FRESH3_CORPUS, FRESH3_SPLITS, "f3", ("yeonbit-youth-hiring-2030-change.txt", "청년"),
               "followup", frozenset({"edition", "change"}), 3, 3),
    FreshSuite("fresh4", FRESH4, FRESH4_CORPUS, FRESH4_SPLITS, "f4", ("eunsol-overseas-expo-2031.txt", "전시회"),
               "followup", frozenset({"edition", "change"}), 3, 3, ("saeron", "eunsol")),
    FreshSuite("fresh5", FRESH5, FRESH5_CORPUS, FRESH5_SPLITS, "f5", ("mirae-overseas-certification-2032.txt", "인증"),
               "followup", frozenset({"edition", "change"}), 3, 3, ("hanul", "mirae")),
    FreshSuite("fresh6", FRESH6, FRESH6_CORPUS, FRESH6_SPLITS, "f6", ("raon-overseas-ip-filing-2034.txt", "지식재산권"),
               "followup", frozenset({"edition", "change"}), 3, 3, ("solbit", "raon")),
    FreshSuite("fresh7", FRESH7, FRESH7_CORPUS, FRESH7_SPLITS, "f7", ("hanui-overseas-cert-2036.txt", "인증"),
               "followup", frozenset({"edition", "correction"}), 3, 3, ("mirnae", "hanui"), 4),
]
BY_NAME = {s.name: s for s in SUITES}


def _items(s: FreshSuite, split: str) -> list[QAItem]:
    return load_dataset(s.splits[split])


@pytest.mark.parametrize(("name", "split"), [(s.name, split) for s in SUITES for split in ("tune", "unseen")])
def test_questions_are_well_formed_and_their_strings_are_in_the_documents(name: str, split: str) -> None:
    s = BY_NAME[name]
    items = _items(s, split)
    assert len({i.id for i in items}) == len(items) >= 45
    # Facts as the answer must quote them; strings it must leave out (another sub-program's figure, last year's
    # value, the value before a correction).
    assert_items_quote_documents(items, s.corpus)
    for item in items:
        if s.followup_tag in item.tags:
            assert item.history, item.id
    unanswerable = sum(1 for i in items if not i.answerable)
    assert 12 <= unanswerable < len(items) - 20
    assert sum(1 for i in items if i.lang == "en") >= 10
    assert sum(1 for i in items if "mixed" in i.tags) >= s.min_mixed
    assert sum(1 for i in items if s.followup_tag in i.tags and i.history) >= s.min_followups
    assert sum(1 for i in items if {"list", "count"} & set(i.tags)) >= s.min_lists
    assert sum(1 for i in items if i.answerable and i.absent and s.change_tags & set(i.tags)) >= 3


_PROBE_GROUPS = {"fresh3": "haeum", "fresh4": "saeron", "fresh5": "hanul"}


@pytest.mark.parametrize("name", sorted(_PROBE_GROUPS))
def test_probe_questions_quote_only_the_tune_documents(name: str) -> None:
    # The probe split is tune data: its answers come from the tune group's documents, never the unseen group's.
    s = BY_NAME[name]
    items = _items(s, "probe")
    assert len({i.id for i in items}) == len(items) >= 15
    assert not {i.id for i in items} & {i.id for split in ("tune", "unseen") for i in _items(s, split)}
    assert_items_quote_documents(items, s.corpus)
    tune_texts = [match_key(load_document(f).text) for f in sorted(s.corpus.iterdir())
                  if f.name.startswith(_PROBE_GROUPS[name])]
    for item in items:
        for group in item.facts:
            assert any(match_key(alt) in t for alt in group for t in tune_texts), (item.id, group)
    assert any(not i.answerable for i in items) and any(i.answerable for i in items)


@pytest.mark.parametrize("name", [s.name for s in SUITES if s.groups[0]])
def test_each_split_quotes_only_its_own_group_of_documents(name: str) -> None:
    # The tune split is about one issuer's documents, the unseen split about the other's; a string a correct answer
    # must leave out is never one of its own expected facts.
    s = BY_NAME[name]
    for split, issuer in zip(("tune", "unseen"), s.groups, strict=True):
        texts = [match_key(load_document(f).text) for f in sorted(s.corpus.iterdir()) if f.name.startswith(issuer)]
        assert len(texts) == 4
        for item in _items(s, split):
            for alt in (a for group in item.facts for a in group):
                assert any(match_key(alt) in t for t in texts), (item.id, alt)
                assert not any(match_key(x) in match_key(alt) for x in item.absent), (item.id, alt)


@pytest.mark.parametrize("name", list(BY_NAME))
def test_ids_are_unique_across_the_splits(name: str) -> None:
    s = BY_NAME[name]
    tune, unseen = _items(s, "tune"), _items(s, "unseen")
    ids = [i.id for i in (*tune, *unseen)]
    assert len(set(ids)) == len(ids)
    assert all(i.id.startswith(f"{s.prefix}t") for i in tune) and all(i.id.startswith(f"{s.prefix}u") for i in unseen)


@pytest.mark.parametrize("name", list(BY_NAME))
def test_every_fixture_says_it_is_fictional_and_has_no_manifest(name: str) -> None:
    files = sorted(BY_NAME[name].corpus.iterdir())
    assert len(files) == 8 and not any(f.name == "manifest.toml" for f in files)
    assert {f.suffix for f in files} == {".txt", ".md", ".html", ".docx"}
    for f in files:
        assert "fixture" in load_document(f).text[:400].lower(), f.name


@pytest.mark.parametrize("name", list(BY_NAME))
def test_the_cp949_fixture_is_not_utf8(name: str) -> None:
    s = BY_NAME[name]
    file, word = s.cp949
    raw = (s.corpus / file).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert word in raw.decode("cp949")


@pytest.mark.parametrize("name", list(BY_NAME))
def test_the_suite_is_wired_into_the_eval_command(name: str) -> None:
    suite = BY_NAME[name].suite
    assert evals_main.MULTIDOC_SUITES[name] is suite
    assert name in evals_main.SUITES
    assert split_names("tune", suite) == ["tune"]
    assert split_names("unseen", suite) == ["unseen"] and split_names("report", suite) == ["unseen"]
    assert split_names("all", suite) == list(BY_NAME[name].splits)
    assert split_names("all", suite)[:2] == ["tune", "unseen"]
    with pytest.raises(ValueError):
        split_names("holdout", suite)
