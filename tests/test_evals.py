"""Evals: metric functions on hand-made inputs, the seed QA set against its document, and a small run_eval."""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.service import PolicyBot
from evals.corpus import KORQUAD_DEV, SHARED_DIR, generated_docs, korquad_docs, load_korquad, write_folder
from evals.dataset import SEED_QA, QAItem, group_present, load_dataset, match_key, missing_groups
from evals.metrics import hit_rank, mrr, percentile, recall_at
from evals.runner import answer_metrics, format_summary, run_eval
from ingestion.pipeline import plan_sources

SEED_TXT = PROJECT_ROOT / "corpora" / "mss-2024-05-08-sme-globalization-measures.txt"
SEED_DOC_ID = "mss-2024-05-08-sme-globalization-measures"
DEV_QA = SHARED_DIR / "evals" / "dev_qa.jsonl"


# ---- matching and metrics ------------------------------------------------------------------------------------


def test_match_key_removes_whitespace_and_unifies_middle_dots() -> None:
    assert match_key(" 중소‧벤처\n기업 ") == "중소·벤처기업"
    assert match_key("정보ㆍ통신 · 과학") == match_key("정보·통신·과학")
    assert match_key("A\u2024B\u30fbC") == "A·B·C"


def test_group_present_with_spacing_line_breaks_and_dot_variants() -> None:
    passage = "해외시장진출\n전용 R&D도 신설한다. 중소‧벤처기업 인력ㆍ정보"
    assert group_present(["해외시장진출 전용 R&D"], passage)
    assert group_present(["중소·벤처기업"], passage)
    assert group_present(["인력·정보"], passage)
    assert group_present(["없는 말", "인력 · 정보"], passage)
    assert not group_present(["인력 정보 자금"], passage)
    assert not group_present(["   "], passage)  # an empty alternative never matches everything


def test_missing_groups_lists_only_absent_groups() -> None:
    facts = [["5.8", "5월 8일"], ["폴라리스오피스"], ["구로구"]]
    assert missing_groups(facts, "5월 8일 폴라리스 오피스에서") == [["구로구"]]
    assert missing_groups(facts, "5.8 폴라리스오피스(서울 구로구)") == []


def test_hit_rank_is_first_passage_with_first_group() -> None:
    passages = ["무관한 문단", "수출 100만불 기업 3,000개사", "3,000개사 다시"]
    assert hit_rank(passages, ["3,000개사"]) == 2
    assert hit_rank(passages, ["없음", "무관한문단"]) == 1
    assert hit_rank(passages, ["글로벌TIPS"]) is None
    assert hit_rank([], ["x"]) is None


def test_recall_and_mrr_on_hand_made_ranks() -> None:
    ranks: list[int | None] = [1, 2, None, 5, 3]
    assert recall_at(ranks, 1) == pytest.approx(0.2)
    assert recall_at(ranks, 3) == pytest.approx(0.6)
    assert recall_at(ranks, 5) == pytest.approx(0.8)
    assert mrr(ranks) == pytest.approx((1 + 1 / 2 + 0 + 1 / 5 + 1 / 3) / 5)
    assert mrr([]) == 0.0 and recall_at([], 5) == 0.0


def test_percentiles_interpolate_like_numpy() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == pytest.approx(25.0)
    assert percentile([30.0, 10.0, 20.0], 95) == pytest.approx(29.0)
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 50))


def test_answer_metrics_counts() -> None:
    rows = [
        {"answerable": True, "correct": True, "abstained": False, "missing_facts": []},
        {"answerable": True, "correct": False, "abstained": True, "missing_facts": []},
        {"answerable": True, "correct": False, "abstained": False, "error": "boom", "missing_facts": [["x"]]},
        {"answerable": True, "correct": True, "abstained": False, "missing_facts": []},
        {"answerable": False, "correct": False, "abstained": True},
        {"answerable": False, "correct": False, "abstained": False},
    ]
    m = answer_metrics(rows)
    assert (m["answerable"], m["correct"], m["fact_accuracy"]) == (4, 2, 0.5)
    assert (m["unanswerable"], m["abstained_unanswerable"], m["abstention_recall"]) == (2, 1, 0.5)
    assert (m["false_abstentions"], m["false_abstention_rate"], m["errors"]) == (1, 0.25, 1)
    assert (m["facts_in_text"], m["facts_in_text_rate"]) == (3, 0.75)  # the abstention naming the facts
    assert answer_metrics([])["fact_accuracy"] is None


def test_load_dataset_rejects_duplicates_and_answerable_without_facts(tmp_path: Path) -> None:
    dup = tmp_path / "dup.jsonl"
    line = {"id": "s01", "lang": "ko", "q": "질문", "facts": [["답"]], "answerable": True}
    dup.write_text("\n".join(json.dumps(line, ensure_ascii=False) for _ in range(2)), encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate"):
        load_dataset(dup)
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({**line, "facts": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="at least one fact group"):
        load_dataset(empty)


# ---- the seed QA set -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_items() -> list[QAItem]:
    return load_dataset(SEED_QA)


def test_seed_qa_format_and_counts(seed_items: list[QAItem]) -> None:
    lines = [json.loads(x) for x in SEED_QA.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert all(set(x) == {"id", "lang", "q", "facts", "answerable"} for x in lines)
    ids = [i.id for i in seed_items]
    assert len(ids) == len(set(ids)) >= 48
    answerable = [i for i in seed_items if i.answerable]
    unanswerable = [i for i in seed_items if not i.answerable]
    assert len(answerable) >= 36 and len(unanswerable) >= 10
    assert sum(1 for i in answerable if i.lang == "en") >= 10
    assert sum(1 for i in answerable if i.lang == "ko") >= 20
    assert all(i.id.startswith("s") for i in answerable) and all(i.id.startswith("n") for i in unanswerable)
    assert all(not i.facts for i in unanswerable) and all(i.facts for i in answerable)
    assert len({i.q for i in seed_items}) == len(seed_items)


def test_seed_qa_does_not_reuse_dev_questions(seed_items: list[QAItem]) -> None:
    dev = {match_key(i.q) for i in load_dataset(DEV_QA)}
    assert not [i.id for i in seed_items if match_key(i.q) in dev]


def test_every_seed_fact_occurs_in_the_document(seed_items: list[QAItem]) -> None:
    document = match_key(SEED_TXT.read_text(encoding="utf-8"))
    absent = [(i.id, alt) for i in seed_items for g in i.facts for alt in g if match_key(alt) not in document]
    assert absent == []


# ---- end to end ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PolicyBot]:
    data_dir = tmp_path_factory.mktemp("evals-index")
    bot = PolicyBot(Settings(data_dir=data_dir, llm_base_url=None, llm_model=None))
    report = bot.ingest([PROJECT_ROOT / "corpora"])
    assert not report.failed
    yield bot


def test_first_fact_group_identifies_few_indexed_passages(seed_bot: PolicyBot, seed_items: list[QAItem]) -> None:
    chunks = seed_bot.store.doc_chunks(SEED_DOC_ID)
    assert len(chunks) > 10
    for item in (i for i in seed_items if i.answerable):
        holding = [c for c in chunks if group_present(item.facts[0], c.text)]
        assert 1 <= len(holding) <= 4, (item.id, item.facts[0], len(holding))


def test_run_eval_end_to_end(seed_bot: PolicyBot, tmp_path: Path) -> None:
    dataset = tmp_path / "tiny.jsonl"
    rows = [
        {"id": "t01", "lang": "ko", "q": "수출닥터제는 어떤 기업을 밀착지원하나요?",
         "facts": [["수출닥터제"], ["100만불"]], "answerable": True},
        {"id": "t02", "lang": "ko", "q": "중소기업 빅테이터 플랫폼은 무엇에 활용되나요?",
         "facts": [["빅테이터"], ["영업이익 99배"]], "answerable": True},  # second group absent: wrong
        {"id": "t03", "lang": "ko", "q": "오늘 부산 날씨 알려줘", "facts": [], "answerable": False},
    ]
    dataset.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    summary = run_eval(seed_bot, dataset, label="tiny", out_dir=out, retrieval_mode="keyword")
    assert summary["counts"] == {"questions": 3, "answerable": 2, "unanswerable": 1}
    by_id = {r["id"]: r for r in summary["rows"]}
    assert by_id["t01"]["hit_rank"] == 1 and by_id["t02"]["hit_rank"] is not None
    assert by_id["t03"]["hit_rank"] is None
    assert summary["retrieval"]["r@5"] == 1.0
    assert by_id["t01"]["correct"] is True and not by_id["t01"]["abstained"]
    assert by_id["t02"]["correct"] is False and by_id["t02"]["missing_facts"] == [["영업이익 99배"]]
    assert by_id["t03"]["abstained"] is True
    a = summary["answers"]
    assert (a["correct"], a["fact_accuracy"], a["abstention_recall"], a["errors"]) == (1, 0.5, 1.0, 0)
    assert summary["latency_ms"]["n"] == 3 and 0 < summary["latency_ms"]["p50"] <= summary["latency_ms"]["p95"]
    assert summary["machine"]["cpu_count"] and summary["machine"]["python"]
    json_path, md_path = Path(summary["files"]["json"]), Path(summary["files"]["md"])
    assert json_path.parent == out and json_path.name.startswith("tiny-") and md_path.suffix == ".md"
    saved = json.loads(json_path.read_text(encoding="utf-8"))
    assert saved["answers"] == a and len(saved["rows"]) == 3
    md = md_path.read_text(encoding="utf-8")
    assert "t02" in md and "fact accuracy" in md
    text = format_summary(summary)
    assert "R@1" in text and "fact accuracy 50.0%" in text


def test_run_eval_retrieval_only(seed_bot: PolicyBot, tmp_path: Path) -> None:
    dataset = tmp_path / "one.jsonl"
    dataset.write_text(json.dumps({"id": "t01", "lang": "en", "q": "When was the MOU with the foreign ministry "
                                   "signed?", "facts": [["4월 1일"]], "answerable": True}), encoding="utf-8")
    summary = run_eval(seed_bot, dataset, label="ret", out_dir=tmp_path, retrieval_mode="dense",
                       with_answers=False)
    assert summary["answers"] is None and summary["latency_ms"] is None
    assert "answer" not in summary["rows"][0]
    assert summary["retrieval"]["n"] == 1
    elsewhere = run_eval(seed_bot, dataset, label="ret", out_dir=tmp_path, retrieval_mode="dense",
                         with_answers=False, relevant_doc_ids={"another-document"})
    assert elsewhere["rows"][0]["hit_rank"] is None and elsewhere["retrieval"]["r@5"] == 0.0


# ---- benchmark corpora (no embedding) --------------------------------------------------------------------------


def test_generated_distractors_are_deterministic_and_unrelated() -> None:
    a, b = generated_docs(60), generated_docs(60)
    assert a == b and a != generated_docs(60, seed=1)
    sections = sum(text.count("\n\n") + 1 for _, _, text, _ in a)
    assert 60 <= sections < 60 + 7
    topics = {doc_id.split("-")[1] for doc_id, *_ in a}
    assert {"농업", "관광", "교육"} <= topics
    seed_text = match_key(SEED_TXT.read_text(encoding="utf-8"))
    assert all(match_key(p) in seed_text for p in ("044-204-7500", "수출닥터제"))
    assert all("수출닥터제" not in text and "044-204-" not in text for _, _, text, _ in a)


def test_written_folder_plans_one_document_per_entry(tmp_path: Path) -> None:
    paragraphs, questions = load_korquad(KORQUAD_DEV)
    assert (len(paragraphs), len(questions)) == (964, 5774)
    assert {q.doc_id for q in questions} <= {p.doc_id for p in paragraphs}
    docs = korquad_docs(paragraphs[:3]) + generated_docs(10)
    write_folder(tmp_path, docs)
    manifest = tomllib.loads((tmp_path / "manifest.toml").read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in manifest["documents"]] == [d[0] for d in docs]
    groups = plan_sources([tmp_path])
    assert sorted(g.doc_id for g in groups) == sorted(d[0] for d in docs)
    first = next(g for g in groups if g.doc_id == paragraphs[0].doc_id)
    assert first.meta["title"] == paragraphs[0].title
    assert first.files[0].read_text(encoding="utf-8").strip() == paragraphs[0].context.strip()
