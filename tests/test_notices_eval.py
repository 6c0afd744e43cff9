"""The "notices" eval suite (evals/notices/): its question files, its fixture corpus and its wiring into
``python -m evals`` / ``policybot eval``. Nothing here builds an index or answers a question
(``policybot eval --suite notices`` does)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import suite_manifest, suite_texts

from evals import __main__ as evals_main
from evals.corpus import NOTICES_CORPUS
from evals.dataset import MULTIDOC_SPLITS, NOTICES_SPLITS, SEED_QA, QAItem, absent_found, load_dataset, match_key
from evals.multidoc import MULTIDOC, split_names
from evals.notices import NOTICES, build_fixtures
from ingestion.loaders import load_document
from ingestion.pipeline import plan_sources

FICTION_NOTE = "policybot 평가용 가상 문서입니다 (fictional test fixture)"
GENERATED = {**build_fixtures.CP949_FIXTURES, **build_fixtures.DOCX_FIXTURES, **build_fixtures.HWPX_FIXTURES}
# Tags naming the document a question is about; every one must be asked about in both splits.
DOC_TAGS = ("logistics-2025", "logistics-2026", "extension", "faq", "online-platform", "smart-factory",
            "veloria-battery", "veloria-cosmetics")


@pytest.fixture(scope="module")
def splits() -> dict[str, list[QAItem]]:
    return {name: load_dataset(path) for name, path in NOTICES_SPLITS.items()}


@pytest.fixture(scope="module")
def manifest() -> list[dict[str, Any]]:
    return suite_manifest(NOTICES_CORPUS)


@pytest.fixture(scope="module")
def doc_texts(manifest: list[dict[str, Any]]) -> dict[str, str]:
    return suite_texts(NOTICES_CORPUS, manifest)


# ---- questions --------------------------------------------------------------------------------------------------


def test_split_sizes_languages_and_unanswerable_share(splits: dict[str, list[QAItem]]) -> None:
    for name, items in splits.items():
        # The tune split grew by a set of Korean paraphrases and near-miss unanswerables written later.
        assert 40 <= len(items) <= (90 if name == "tune" else 60), name
        unanswerable = [i for i in items if not i.answerable]
        assert 0.2 * len(items) <= len(unanswerable) <= 0.4 * len(items), name
        assert all(not i.facts and "unanswerable" in i.tags for i in unanswerable), name
        assert all(i.facts and "unanswerable" not in i.tags for i in items if i.answerable), name
        mixed = [i for i in items if "mixed" in i.tags]
        assert all(i.lang == "ko" for i in mixed), name  # mixed questions are Korean sentences with English words
        assert len(mixed) >= 6 and sum(1 for i in items if i.lang == "en") >= 9, name
        assert sum(1 for i in items if i.lang == "ko" and "mixed" not in i.tags) >= 20, name
        for lang in ("ko", "en"):
            assert any(not i.answerable and i.lang == lang for i in items), (name, lang)


def test_every_kind_and_document_is_covered_in_both_splits(splits: dict[str, list[QAItem]]) -> None:
    minimum = {"follow-up": 3, "not-follow-up": 2, "mixed": 6, "newest": 5, "older-edition": 2, "amendment": 3,
               "similar-program": 4, "qualifier": 5, "list": 2, "count": 1, "contact": 2, "deadline": 2,
               "export-reg": 6, "faq": 3}
    unanswerable_kinds = ("not-in-doc", "other-country", "other-program", "year-not-covered")
    for name, items in splits.items():
        counts = {tag: sum(1 for i in items if tag in i.tags) for tag in (*minimum, *unanswerable_kinds)}
        assert all(counts[t] >= n for t, n in minimum.items()), (name, counts)
        assert all(counts[t] >= 1 for t in unanswerable_kinds), (name, counts)
        assert sum(1 for i in items if i.absent) >= 8, name
        for tag in DOC_TAGS:
            assert any(i.answerable and tag in i.tags for i in items), (name, tag)


def test_ids_and_questions_are_unique_and_new(splits: dict[str, list[QAItem]]) -> None:
    assert all(re.fullmatch(r"nt\d{2}", i.id) for i in splits["tune"])
    assert all(re.fullmatch(r"nu\d{2}", i.id) for i in splits["unseen"])
    def conversation(i: QAItem) -> str:  # a short follow-up ("And when is …?") may recur after other turns
        return match_key(" ".join([*i.history, i.q]))

    conversations = [conversation(i) for items in splits.values() for i in items]
    assert len(conversations) == len(set(conversations))
    others = {conversation(i) for path in (SEED_QA, *MULTIDOC_SPLITS.values()) for i in load_dataset(path)}
    assert not [i.id for items in splits.values() for i in items if conversation(i) in others]


def test_follow_ups_carry_earlier_user_turns(splits: dict[str, list[QAItem]]) -> None:
    for items in splits.values():
        assert all(i.history for i in items if "follow-up" in i.tags)
        assert all("follow-up" in i.tags for i in items if i.history)
        # "이번 …", "이미 …", "그동안 …": they start like a reference to an earlier turn but stand alone
        assert all(i.q.startswith(("이", "그")) and not i.history for i in items if "not-follow-up" in i.tags)


def test_every_fact_alternative_occurs_in_a_document(
    splits: dict[str, list[QAItem]], doc_texts: dict[str, str]
) -> None:
    missing = [(i.id, alt) for items in splits.values() for i in items for g in i.facts for alt in g
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
    assert split_names("all", NOTICES) == ["tune", "unseen"]
    assert split_names("unseen", NOTICES) == split_names("report", NOTICES) == ["unseen"]
    assert split_names("report") == split_names("report", MULTIDOC) == ["holdout"]
    with pytest.raises(ValueError, match="notices"):
        split_names("holdout", NOTICES)


def test_eval_cli_runs_the_notices_suite(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[dict[str, Any]] = []

    def fake_run(cache: Path, **kwargs: Any) -> dict[str, Any]:
        calls.append(kwargs)
        return {"suite": kwargs["suite"].name, "runs": {}, "index": {
            "documents": 9, "chunks": 1, "data_dir": str(cache), "ingest_status": "unchanged", "build_seconds": 0.0,
            "corpus_sha256": "0" * 64}}

    monkeypatch.setattr(evals_main, "run_multidoc", fake_run)
    assert evals_main.main(["--suite", "notices", "--split", "unseen", "--cache", str(tmp_path)]) == 0
    assert calls[-1]["suite"] is NOTICES and calls[-1]["split"] == "unseen"
    assert evals_main.main(["--suite", "multidoc", "--split", "tune", "--cache", str(tmp_path)]) == 0
    assert calls[-1]["suite"] is MULTIDOC
    with pytest.raises(SystemExit):
        evals_main.main(["--suite", "notices", "--split", "holdout", "--cache", str(tmp_path)])
    assert len(calls) == 2


# ---- fixture corpus ---------------------------------------------------------------------------------------------


def test_manifest_lists_every_fixture_with_metadata(manifest: list[dict[str, Any]]) -> None:
    files = sorted(p.name for p in NOTICES_CORPUS.iterdir() if p.name != "manifest.toml")
    assert sorted(f for e in manifest for f in e["files"]) == files
    assert len(manifest) == 8 and len({e["doc_id"] for e in manifest}) == len(manifest)
    for e in manifest:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["published"]), e["doc_id"]
        assert e["kind"] and e["title"] and e["department"] and "fictional" in e["publisher"], e["doc_id"]
    assert {".txt", ".html", ".md", ".docx", ".hwpx"} <= {Path(f).suffix for f in files}
    groups = plan_sources([NOTICES_CORPUS])
    assert sorted(g.doc_id for g in groups) == sorted(e["doc_id"] for e in manifest)
    assert all(g.meta.get("published") for g in groups)


def test_every_fixture_says_it_is_fictional_in_its_first_line_and_is_short(manifest: list[dict[str, Any]]) -> None:
    for e in manifest:
        text = load_document(NOTICES_CORPUS / e["files"][0]).text
        assert FICTION_NOTE in next(line for line in text.splitlines() if line.strip()), e["doc_id"]
        file = e["files"][0]
        stem = next((n for n, f in GENERATED.items() if f == file), None)
        written = (build_fixtures.SRC / f"{stem}.txt") if stem else NOTICES_CORPUS / file  # as written by hand
        assert 40 <= len(written.read_text(encoding="utf-8").splitlines()) <= 120, file
    total = sum(p.stat().st_size for p in (NOTICES_CORPUS.parent).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts)
    assert total < 100_000


def test_cp949_fixture_is_cp949_and_loads_to_its_source() -> None:
    for name, file in build_fixtures.CP949_FIXTURES.items():
        path = NOTICES_CORPUS / file
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
        assert load_document(path).text == build_fixtures.source_text(name)


@pytest.mark.parametrize("name", sorted({**build_fixtures.DOCX_FIXTURES, **build_fixtures.HWPX_FIXTURES}))
def test_office_fixtures_load_to_their_source_lines(name: str) -> None:
    """DOCX/HWPX: the same lines as the source (tables as ``a | b | c`` rows), title and sections as headings."""
    loaded = load_document(NOTICES_CORPUS / GENERATED[name])
    source = build_fixtures.source_text(name)
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    assert [line.strip() for line in loaded.text.splitlines() if line.strip()] == lines
    assert "3. 지원 내용" in loaded.marked_headings
    assert any(h.endswith(" 공고") for h in loaded.marked_headings)


def test_generated_fixtures_are_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rebuilding gives the committed bytes (and does not touch the multidoc suite's sources)."""
    monkeypatch.setattr(build_fixtures, "DOCS", tmp_path)
    build_fixtures.main()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(GENERATED.values())
    for file in GENERATED.values():
        assert (tmp_path / file).read_bytes() == (NOTICES_CORPUS / file).read_bytes(), file
    from evals.multidoc import build_fixtures as multidoc_writers

    assert multidoc_writers.SRC == Path(multidoc_writers.__file__).resolve().parent / "src"


def test_editions_amendment_and_similar_programs_disagree(doc_texts: dict[str, str]) -> None:
    """The point of the corpus: one program's two editions, its amendment and a similar program differ."""
    y2025 = doc_texts["nx-2025-01-20-export-logistics-2025"]
    y2026 = doc_texts["nx-2026-02-10-export-logistics-2026"]
    amendment = doc_texts["nx-2026-03-18-export-logistics-2026-extension"]
    faq = doc_texts["nx-2026-02-24-export-logistics-faq"]
    online = doc_texts["nx-2026-01-26-online-export-platform-2026"]
    assert "최대2,000만원" in y2025 and "최대3,000만원" in y2026 and "최대1,800만원" in online
    assert "70%" in y2025 and "60%" in y2026 and "50%" in online
    assert "02-555-3140" in y2025 and "02-555-3170" in y2026
    assert "3.20.(금)18:00" in y2026 and "4.3.(금)18:00" in amendment and "4.3." not in faq
    battery = doc_texts["nx-2026-02-06-veloria-battery-import-licence"]
    cosmetics = doc_texts["nx-2026-03-04-veloria-cosmetics-labelling"]
    assert "시행일:2026.7.1." in battery and "시행일:2026.10.1." in cosmetics
