"""The multi-document eval suite: its question files, its fixture corpus and the runner's follow-up / ``absent``
handling. Nothing here builds an index or runs the eval (``policybot eval --suite multidoc`` does)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import suite_manifest, suite_texts

from bot.config import PROJECT_ROOT
from evals.corpus import MULTIDOC_CORPUS, SHARED_DIR
from evals.dataset import MULTIDOC_SPLITS, SEED_QA, QAItem, absent_found, load_dataset, match_key
from evals.multidoc import build_fixtures, split_names
from evals.runner import _answer_row, retrieval_query
from ingestion.loaders import load_document
from ingestion.pipeline import plan_sources

DEV_QA = SHARED_DIR / "evals" / "dev_qa.jsonl"
FICTION_NOTE = "policybot 평가용 가상 공고입니다 (test fixture)"
GENERATED = {**build_fixtures.CP949_FIXTURES, **build_fixtures.HWPX_FIXTURES, **build_fixtures.DOCX_FIXTURES}


@pytest.fixture(scope="module")
def splits() -> dict[str, list[QAItem]]:
    return {name: load_dataset(path) for name, path in MULTIDOC_SPLITS.items()}


@pytest.fixture(scope="module")
def manifest() -> list[dict[str, Any]]:
    return suite_manifest(MULTIDOC_CORPUS)


@pytest.fixture(scope="module")
def doc_texts(manifest: list[dict[str, Any]]) -> dict[str, str]:
    return suite_texts(MULTIDOC_CORPUS, manifest)


# ---- questions --------------------------------------------------------------------------------------------------


def test_split_sizes_languages_and_unanswerable_share(splits: dict[str, list[QAItem]]) -> None:
    assert len(splits["tune"]) >= 40 and len(splits["holdout"]) >= 30
    for items in splits.values():
        unanswerable = [i for i in items if not i.answerable]
        assert len(unanswerable) >= 0.2 * len(items)
        assert all(not i.facts for i in unanswerable) and all(i.facts for i in items if i.answerable)
        assert sum(1 for i in items if i.lang == "en") >= 8
        assert sum(1 for i in items if i.lang == "ko") >= 20


def test_every_category_is_covered_in_both_splits(splits: dict[str, list[QAItem]]) -> None:
    minimum = {"follow-up": 4, "mixed": 3, "similar-program": 6, "newest": 5, "older-edition": 3, "seed": 8,
               "list": 3, "count": 3, "deadline": 4, "contact": 3, "how-to-apply": 2, "qualifier": 4,
               "export-reg": 5, "faq": 3, "cross-doc": 2}
    for name, items in splits.items():
        counts = {tag: sum(1 for i in items if tag in i.tags) for tag in minimum}
        assert all(counts[t] >= n for t, n in minimum.items()), (name, counts)
        assert sum(1 for i in items if not i.answerable and "seed" not in i.tags) >= 8, name
        assert sum(1 for i in items if i.absent) >= 5, name


def test_ids_and_questions_are_unique_across_splits_and_sets(splits: dict[str, list[QAItem]]) -> None:
    ids = [i.id for items in splits.values() for i in items]
    assert len(ids) == len(set(ids))
    assert all(i.id.startswith("mt") for i in splits["tune"]) and all(i.id.startswith("mh") for i in splits["holdout"])
    questions = [match_key(" ".join([*i.history, i.q])) for items in splits.values() for i in items]
    assert len(questions) == len(set(questions))
    others = {match_key(i.q) for i in load_dataset(SEED_QA)}
    if DEV_QA.exists():
        others |= {match_key(i.q) for i in load_dataset(DEV_QA)}
    assert not [i.id for items in splits.values() for i in items if match_key(i.q) in others]


def test_follow_ups_carry_earlier_user_turns(splits: dict[str, list[QAItem]]) -> None:
    for items in splits.values():
        follow_ups = [i for i in items if "follow-up" in i.tags]
        assert follow_ups and all(i.history for i in follow_ups)
        assert all("follow-up" in i.tags for i in items if i.history)


def test_every_fact_alternative_occurs_in_a_document(
    splits: dict[str, list[QAItem]], doc_texts: dict[str, str]
) -> None:
    missing = [(i.id, alt) for items in splits.values() for i in items if i.answerable for g in i.facts for alt in g
               if not any(match_key(alt) in t for t in doc_texts.values())]
    assert missing == []


def test_absent_strings_are_not_in_the_documents_holding_the_answer(
    splits: dict[str, list[QAItem]], doc_texts: dict[str, str]
) -> None:
    """Otherwise quoting the right passage could count as wrong."""
    conflicts = []
    for items in splits.values():
        for i in (i for i in items if i.absent):
            holders = [d for d, t in doc_texts.items() if any(match_key(a) in t for a in i.facts[0])]
            assert holders, i.id
            conflicts += [(i.id, a, d) for d in holders for a in i.absent if match_key(a) in doc_texts[d]]
            assert not absent_found(i.absent, " ".join(alt for g in i.facts for alt in g)), i.id
    assert conflicts == []


def test_split_names() -> None:
    assert split_names("all") == ["tune", "holdout"]
    assert split_names("holdout") == split_names("report") == ["holdout"]
    with pytest.raises(ValueError):
        split_names("dev")


# ---- fixture corpus ---------------------------------------------------------------------------------------------


def test_manifest_lists_every_fixture_with_metadata(manifest: list[dict[str, Any]]) -> None:
    files = sorted(p.name for p in MULTIDOC_CORPUS.iterdir() if p.name != "manifest.toml")
    assert sorted(f for e in manifest for f in e["files"]) == files
    assert len(manifest) >= 6 and len({e["doc_id"] for e in manifest}) == len(manifest)
    for e in manifest:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["published"]) and e["kind"] and e["title"], e["doc_id"]
    suffixes = {Path(f).suffix for f in files}
    assert {".txt", ".html", ".md", ".docx", ".hwpx"} <= suffixes
    groups = plan_sources([MULTIDOC_CORPUS])
    assert sorted(g.doc_id for g in groups) == sorted(e["doc_id"] for e in manifest)
    assert all(g.meta.get("published") for g in groups)


def test_every_fixture_says_it_is_fictional_and_is_small(manifest: list[dict[str, Any]]) -> None:
    for e in manifest:
        text = load_document(MULTIDOC_CORPUS / e["files"][0]).text
        assert FICTION_NOTE in text[:400], e["doc_id"]
    total = sum(p.stat().st_size for p in (PROJECT_ROOT / "evals" / "multidoc").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts)
    assert total < 100_000


def test_cp949_fixture_is_cp949_and_loads_to_its_source() -> None:
    for name, file in build_fixtures.CP949_FIXTURES.items():
        path = MULTIDOC_CORPUS / file
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
        assert load_document(path).text == build_fixtures.source_text(name)


@pytest.mark.parametrize("name", sorted({**build_fixtures.HWPX_FIXTURES, **build_fixtures.DOCX_FIXTURES}))
def test_office_fixtures_load_to_their_source_lines(name: str) -> None:
    """HWPX/DOCX: the same lines as the source (tables as ``a | b | c`` rows), title and sections as headings."""
    loaded = load_document(MULTIDOC_CORPUS / GENERATED[name])
    source = build_fixtures.source_text(name)
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    assert [line.strip() for line in loaded.text.splitlines() if line.strip()] == lines
    assert build_fixtures.title_of(source) in loaded.marked_headings
    assert "3. 지원 내용" in loaded.marked_headings


def test_editions_and_similar_programs_disagree(doc_texts: dict[str, str]) -> None:
    """The point of the corpus: one program's two editions and a similar program give different figures."""
    leap25 = doc_texts["fx-2025-01-22-overseas-cert-leap-2025"]
    leap26 = doc_texts["fx-2026-01-15-overseas-cert-leap-2026"]
    aftercare = doc_texts["fx-2026-01-29-cert-aftercare-2026"]
    assert "최대1억원" in leap25 and "최대1억5천만원" in leap26 and "최대3천만원" in aftercare
    assert "70%" in leap25 and "75%" in leap26 and "65%" in aftercare
    assert "다만," in leap25 and "다만," in leap26


# ---- runner: follow-ups and absent strings ----------------------------------------------------------------------


class _FakeBot:
    def __init__(self, text: str) -> None:
        self.text = text
        self.calls: list[tuple[str, Any]] = []

    def answer(self, question: str, history: Any = None) -> SimpleNamespace:
        self.calls.append((question, history))
        return SimpleNamespace(text=self.text, abstained=False, mode="extractive", abstain_reason=None,
                               citations=[], timings_ms={})


def test_answer_row_passes_history_and_rejects_absent_strings() -> None:
    item = QAItem("x1", "ko", "그럼 사후관리 지원사업은요?", [["3천만원"]], True,
                  history=["도약지원사업 지원 한도는?"], absent=["1억 5천만원"])
    bot = _FakeBot("기업당 최대 3천만원입니다 [1].")
    row = _answer_row(bot, item)  # type: ignore[arg-type]
    assert row["correct"] is True and row["absent_found"] == []
    (question, history), = bot.calls
    assert question == item.q and [(t.role, t.content) for t in history] == [("user", "도약지원사업 지원 한도는?")]
    mixed = _answer_row(_FakeBot("최대 3천만원, 도약지원사업은 1억5천만원 [1]."), item)  # type: ignore[arg-type]
    assert mixed["correct"] is False and mixed["absent_found"] == ["1억 5천만원"]
    # An edition note reports the older edition's figure as such; the answer itself must still not state it.
    noted = _answer_row(_FakeBot("○ 지원 한도: 3천만원 [1]\n※ 최신 공고(2026-01-29) 기준입니다. 이전 공고(2025-01-20, "
                                 "…)에는 다음과 같이 되어 있었습니다: ○ 지원 한도: 1억 5천만원 [2]"), item)  # type: ignore[arg-type]
    assert noted["correct"] is True and noted["absent_found"] == []
    stated = _answer_row(_FakeBot("지원 한도: 1억 5천만원 [1]\n(3천만원)"), item)  # type: ignore[arg-type]
    assert stated["correct"] is False and stated["absent_found"] == ["1억 5천만원"]
    plain = QAItem("x2", "ko", "질문", [["답"]], True)
    plain_bot = _FakeBot("답")
    assert _answer_row(plain_bot, plain)["correct"] is True  # type: ignore[arg-type]
    assert plain_bot.calls == [("질문", None)]
    assert retrieval_query(item) == "도약지원사업 지원 한도는?\n그럼 사후관리 지원사업은요?"


def test_load_dataset_validates_optional_fields(tmp_path: Path) -> None:
    base = {"id": "a1", "lang": "ko", "q": "질문", "facts": [["답"]], "answerable": True}
    for bad in ({"history": "이전 질문"}, {"history": [1]}, {"absent": [""]}, {"tags": "newest"}):
        path = tmp_path / "bad.jsonl"
        path.write_text(json.dumps({**base, **bad}, ensure_ascii=False), encoding="utf-8")
        field = next(iter(bad))
        with pytest.raises(ValueError, match=field):
            load_dataset(path)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({**base, "history": ["앞 질문"], "absent": ["오답"], "tags": ["follow-up"]},
                               ensure_ascii=False), encoding="utf-8")
    (item,) = load_dataset(good)
    assert (item.history, item.absent, item.tags) == (["앞 질문"], ["오답"], ["follow-up"])
