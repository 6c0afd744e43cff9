"""The KorQuAD answerability benchmark (evals/answerability.py) on a tiny synthetic KorQuAD-shaped file: the
article split, the tune/report halves, the sample, the scoring, and one end-to-end run over 3 tiny paragraphs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from evals.answerability import (
    AnswerabilityQuestion,
    confidence_grid,
    confidence_sweep,
    format_answerability_summary,
    half_metrics,
    half_of,
    label_questions,
    sample_questions,
    score_row,
    select,
)
from evals.corpus import load_korquad


def _korquad(articles: list[list[tuple[str, list[tuple[str, list[str]]]]]]) -> dict[str, Any]:
    """KorQuAD 1.0 JSON: articles of paragraphs ``(context, [(question, [answer, …]), …])``."""
    data = []
    for a, paragraphs in enumerate(articles):
        paras = []
        for p, (context, qas) in enumerate(paragraphs):
            paras.append({"context": context, "qas": [
                {"id": f"q{a}-{p}-{i}", "question": q,
                 "answers": [{"text": t, "answer_start": max(context.find(t), 0)} for t in answers]}
                for i, (q, answers) in enumerate(qas)]})
        data.append({"title": f"문서 {a}", "paragraphs": paras})
    return {"version": "KorQuAD_v1.0_dev", "data": data}


def _many(n_articles: int, per_article: int) -> dict[str, Any]:
    return _korquad([[(f"문단 {a}", [(f"질문 {a}-{i}?", [f"답 {a}"]) for i in range(per_article)])]
                     for a in range(n_articles)])


def _labelled(tmp_path: Path, n_articles: int, per_article: int, indexed: int) -> list[AnswerabilityQuestion]:
    path = tmp_path / "kq.json"
    path.write_text(json.dumps(_many(n_articles, per_article), ensure_ascii=False), encoding="utf-8")
    return label_questions(load_korquad(path)[1], indexed)


def test_articles_split_answerability_and_halves(tmp_path: Path) -> None:
    labelled = _labelled(tmp_path, 6, 2, indexed=4)
    assert [(q.article, q.answerable, q.half) for q in labelled[::2]] == [
        (0, True, "tune"), (1, True, "report"), (2, True, "tune"), (3, True, "report"),
        (4, False, "tune"), (5, False, "report")]
    assert half_of(10) == "tune" and half_of(101) == "report"
    # every article lies wholly in one half: no paragraph is shared between tune and report
    for half in ("tune", "report"):
        other = {q.doc_id for q in labelled if q.half != half}
        assert not {q.doc_id for q in select(labelled, half)} & other
    assert select(labelled, "all") == labelled
    with pytest.raises(ValueError):
        select(labelled, "test")


def test_sample_is_balanced_deterministic_and_independent_of_the_split(tmp_path: Path) -> None:
    labelled = _labelled(tmp_path, 20, 10, indexed=10)
    sample = sample_questions(labelled, 15, seed=3)
    assert sample == sample_questions(labelled, 15, seed=3)
    assert sample != sample_questions(labelled, 15, seed=4)
    counts = {(k, h): sum(1 for q in sample if q.answerable is k and q.half == h)
              for k in (True, False) for h in ("tune", "report")}
    assert counts == {(True, "tune"): 8, (True, "report"): 7, (False, "tune"): 8, (False, "report"): 7}
    assert [q.qid for q in sample] == [q.qid for q in labelled if q in sample]  # file order kept
    # a half's questions do not depend on the other half: dropping every tune question changes no report pick
    report_only = [q for q in labelled if q.half == "report"]
    assert select(sample_questions(report_only, 15, seed=3), "report") == select(sample, "report")
    # more than a bucket holds: the whole bucket; None: everything
    assert len(sample_questions(labelled, 1000)) == len(labelled) == len(sample_questions(labelled, None))


def _q(answerable: bool, half: str = "tune", answers: tuple[str, ...] = ("1,000 억원",)) -> AnswerabilityQuestion:
    return AnswerabilityQuestion("x", "질문?", answers, "korquad-000-00", 0, answerable, half)


def test_scoring_rules() -> None:
    assert score_row(_q(True), "규모는 1,000억원이다 [1]", False)["correct"] is True
    assert score_row(_q(True), "규모는 1,000 억 원이다", False)["correct"] is True  # whitespace-insensitive
    assert score_row(_q(True), "규모는 천억원이다", False)["correct"] is False
    refused = score_row(_q(True), "문서에서 찾지 못했습니다. 1,000억원", True)
    assert refused["span_in_text"] is True and refused["correct"] is False  # an abstention is never right
    assert score_row(_q(True), "", False, "RuntimeError: x")["correct"] is False
    assert score_row(_q(False), "문서에서 찾지 못했습니다", True)["correct"] is True
    assert score_row(_q(False), "아마 1,000억원", False)["correct"] is False
    assert score_row(_q(True, answers=("",)), "아무 답", False)["correct"] is False  # an empty span never matches


def _row(answerable: bool, correct: bool, abstained: bool, rank: int | None, ms: float,
         confidence: float | None = 0.5) -> dict[str, Any]:
    return {"answerable": answerable, "correct": correct, "abstained": abstained, "span_in_text": correct,
            "hit_rank": rank, "latency_ms": ms, "error": None, "confidence": confidence}


def test_half_metrics_and_confidence_sweep() -> None:
    rows = [
        _row(True, True, False, 1, 10.0, 0.9),
        _row(True, False, False, 3, 20.0, 0.3),   # answered, wrong span
        _row(True, False, True, None, 30.0, 0.2),  # wrong refusal
        _row(True, True, False, 2, 40.0, 0.4),
        _row(False, True, True, None, 50.0, 0.1),
        _row(False, False, False, None, 60.0, 0.35),  # answered an unanswerable question
    ]
    m = half_metrics(rows)
    assert (m["answerable"], m["unanswerable"], m["span_present"]) == (4, 2, 2)
    assert m["span_presence"] == 0.5 and m["span_presence_when_answered"] == pytest.approx(2 / 3)
    assert (m["wrong_refusals"], m["wrong_refusal_rate"]) == (1, 0.25)
    assert (m["abstained_unanswerable"], m["abstention_recall"]) == (1, 0.5)
    assert m["decision_accuracy"] == pytest.approx(4 / 6)
    assert m["retrieval"] == {"r@1": 0.25, "r@5": 0.75, "mrr": pytest.approx((1 + 1 / 3 + 1 / 2) / 4, abs=1e-4)}
    assert m["latency_ms"]["n"] == 6 and m["latency_ms"]["p50"] == 35.0 and m["errors"] == 0
    sweep = {s["threshold"]: s for s in confidence_sweep(rows, (0.0, 0.36, 0.95))}
    assert (sweep[0.0]["span_presence"], sweep[0.0]["wrong_refusal_rate"], sweep[0.0]["abstention_recall"]) == \
        (0.5, 0.25, 0.5)
    assert (sweep[0.36]["span_presence"], sweep[0.36]["wrong_refusal_rate"], sweep[0.36]["abstention_recall"]) == \
        (0.5, 0.5, 1.0)
    assert (sweep[0.95]["span_presence"], sweep[0.95]["wrong_refusal_rate"]) == (0.0, 1.0)
    # default grid: 0, then every hundredth over the confidences of the answers given (0.3 … 0.9)
    grid = confidence_grid(rows)
    assert grid[:3] == (0.0, 0.3, 0.31) and grid[-1] == 0.9 and len(grid) == 62
    assert confidence_sweep(rows)[0] == sweep[0.0] and confidence_grid([]) == (0.0,)
    assert half_metrics([])["span_presence"] is None


def test_run_answerability_end_to_end_on_three_paragraphs(tmp_path: Path) -> None:
    from evals.answerability import run_answerability

    data = _korquad([
        [("수출바우처 사업은 중소기업의 해외 진출을 돕기 위해 2017년에 시작되었다. 지원 한도는 기업당 1억원이다.",
          [("수출바우처 사업은 언제 시작되었나?", ["2017년"])]),
         ("한국의 수도 서울에는 약 940만 명이 산다. 서울은 한강을 끼고 있다.",
          [("서울에 사는 인구는 몇 명인가?", ["940만 명"])])],
        [("백두산은 해발 2,744미터로 한반도에서 가장 높은 산이다.", [("백두산의 높이는?", ["2,744미터"])])],
        [("목성은 태양계에서 가장 큰 행성으로 위성이 95개 확인되었다.", [("목성의 위성은 몇 개인가?", ["95개"])])],
        [("모차르트는 1756년 잘츠부르크에서 태어난 작곡가이다.", [("모차르트는 어디에서 태어났나?", ["잘츠부르크"])])],
    ])
    path = tmp_path / "kq.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "unused", llm_base_url=None, llm_model=None)
    out = tmp_path / "out"
    summary = run_answerability(tmp_path / "cache", path, out_dir=out, split="all", indexed_articles=2,
                                max_questions=4, settings=settings)
    info = summary["index"]
    assert (info["documents"], info["indexed_paragraphs"], info["articles"]) == (3, 3, 4)
    assert Path(info["data_dir"]) == tmp_path / "cache" / "korquad-articles-2"
    rows = {r["id"]: r for r in summary["rows"]}
    assert set(rows) == {"q0-0-0", "q0-1-0", "q1-0-0", "q2-0-0", "q3-0-0"}
    assert [rows[i]["answerable"] for i in ("q0-0-0", "q1-0-0", "q2-0-0", "q3-0-0")] == [True, True, False, False]
    assert all(r["hit_rank"] is not None for r in rows.values() if r["answerable"])  # 3 paragraphs, top 5
    assert [r["error"] for r in rows.values()] == [None] * 5
    assert all(isinstance(r["abstained"], bool) and isinstance(r["confidence"], float) for r in rows.values())
    m = summary["metrics"]
    assert set(m) == {"tune", "report", "all"}
    assert (m["tune"]["answerable"], m["tune"]["unanswerable"]) == (2, 1)
    assert (m["report"]["answerable"], m["report"]["unanswerable"]) == (1, 1)
    assert m["all"]["questions"] == 5 and m["all"]["retrieval"]["r@5"] == 1.0
    saved = json.loads(Path(summary["files"]["json"]).read_text(encoding="utf-8"))
    assert saved["metrics"] == json.loads(json.dumps(m)) and len(saved["rows"]) == 5
    assert Path(summary["files"]["md"]).name.startswith("korquad-answerability-all-")
    assert "wrong-refusal rate" in Path(summary["files"]["md"]).read_text(encoding="utf-8")
    assert "[report]" in format_answerability_summary(summary)
    assert set(summary["engine"]) == {"commit", "modified"}
    # the report half alone asks exactly the report questions of the full run, on the cached index
    report = run_answerability(tmp_path / "cache", path, out_dir=out, split="report", indexed_articles=2,
                               max_questions=4, settings=settings)
    assert [r["id"] for r in report["rows"]] == [r["id"] for r in summary["rows"] if r["half"] == "report"]
    assert set(report["metrics"]) == {"report"} and report["index"]["ingest_status"] == {"unchanged": 3}
    with pytest.raises(ValueError):
        run_answerability(tmp_path / "cache", path, out_dir=out, indexed_articles=4, settings=settings)
