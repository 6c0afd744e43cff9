"""KorQuAD 1.0 dev as a Korean retrieval benchmark nobody on the team wrote: every paragraph one document,
R@1/R@5/MRR of the gold paragraph, answer-span presence and ``answer()`` latency. The index is cached under
``settings_base_dir/korquad``, so only the first run pays for embedding.

    policybot eval --korquad [--max-questions N]      (or python -m evals --korquad)
"""

from __future__ import annotations

import random
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.config import Settings
from evals.corpus import KORQUAD_DEV, build_index, korquad_docs, load_korquad
from evals.dataset import match_key
from evals.metrics import mrr, rate, recall_at
from evals.report import check_answering_available, latency_stats, machine_info, ms, one_line, pct, write_json_md


def run_korquad(
    settings_base_dir: Path,
    korquad_path: Path = KORQUAD_DEV,
    *,
    max_questions: int | None,
    out_dir: Path,
    with_answers: bool = True,
    top_k: int = 5,
    seed: int = 0,
    settings: Settings | None = None,
    label: str = "korquad",
    max_paragraphs: int | None = None,
) -> dict[str, Any]:
    """KorQuAD 1.0 dev as a retrieval benchmark: every paragraph one document (index cached in
    ``settings_base_dir/korquad``); R@1/R@5/MRR where a hit is a retrieved chunk of the gold paragraph's
    document; answer-span presence (a gold answer text in ``answer.text``); ``answer()`` latency p50/p95.
    ``max_questions`` takes a deterministic sample (``seed``) in file order; None asks all 5,774.
    ``max_paragraphs`` indexes (and asks about) only the first N paragraphs; paragraphs a previous run
    indexed stay in the cached index, so the retrieval pool is at least N."""
    if with_answers:
        check_answering_available()
    paragraphs, questions = load_korquad(korquad_path)
    if max_paragraphs is not None:
        paragraphs = paragraphs[:max_paragraphs]
        kept = {p.doc_id for p in paragraphs}
        questions = [q for q in questions if q.doc_id in kept]
    bot, info = build_index(Path(settings_base_dir) / "korquad", docs=korquad_docs(paragraphs),
                            settings=settings, prune=max_paragraphs is None)
    if max_questions is not None and max_questions < len(questions):
        picked = sorted(random.Random(seed).sample(range(len(questions)), max_questions))
        questions = [questions[i] for i in picked]
    bot.warm_up()
    rows: list[dict[str, Any]] = []
    ranks: list[int | None] = []
    answer_ms: list[float] = []
    retrieval_ms: list[float] = []
    for q in questions:
        t0 = time.perf_counter()
        result = bot.retrieve(q.question, top_k)
        retrieval_ms.append((time.perf_counter() - t0) * 1000)
        docs = [p.chunk.doc_id for p in result.passages]
        rank = next((i for i, d in enumerate(docs, 1) if d == q.doc_id), None)
        ranks.append(rank)
        row: dict[str, Any] = {"id": q.qid, "q": q.question, "gold_doc": q.doc_id, "answers": list(q.answers),
                               "hit_rank": rank, "retrieved_docs": docs}
        if with_answers:
            t0 = time.perf_counter()
            try:
                ans = bot.answer(q.question)
                text, abstained, error = ans.text, ans.abstained, None
            except Exception as exc:  # record and go on
                text, abstained, error = "", False, f"{type(exc).__name__}: {exc}"
            latency = round((time.perf_counter() - t0) * 1000, 1)
            if error is None:
                answer_ms.append(latency)
            key = match_key(text)
            row.update({"span_present": any(match_key(a) in key for a in q.answers if match_key(a)),
                        "abstained": abstained, "latency_ms": latency, "answer": text, "error": error})
        rows.append(row)
    n = len(rows)
    answers: dict[str, Any] | None = None
    if with_answers:
        span = sum(1 for r in rows if r["span_present"])
        answered = [r for r in rows if not r["abstained"]]
        answers = {
            "span_present": span,
            "span_presence": rate(span, n),
            "span_presence_when_answered": rate(sum(1 for r in answered if r["span_present"]), len(answered)),
            "span_presence_when_retrieved": rate(
                sum(1 for r in rows if r["span_present"] and r["hit_rank"]),
                sum(1 for r in rows if r["hit_rank"])),
            "abstained": n - len(answered),
            "abstention_rate": rate(n - len(answered), n),
            "errors": sum(1 for r in rows if r["error"]),
        }
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    summary: dict[str, Any] = {
        "label": label,
        "timestamp": stamp,
        "source": str(korquad_path),
        "questions": n,
        "sample": {"max_questions": max_questions, "seed": seed, "max_paragraphs": max_paragraphs},
        "top_k": top_k,
        "index": info,
        "machine": machine_info(),
        "retrieval": {"r@1": round(recall_at(ranks, 1), 4), "r@5": round(recall_at(ranks, 5), 4),
                      "mrr": round(mrr(ranks), 4)},
        "retrieval_latency_ms": latency_stats(retrieval_ms),
        "answers": answers,
        "latency_ms": latency_stats(answer_ms) if with_answers else None,
        "rows": rows,
    }
    summary["files"] = write_json_md(summary, out_dir, f"{label}-{stamp}", korquad_markdown(summary))
    return summary


def korquad_markdown(summary: dict[str, Any]) -> str:
    r, a, info = summary["retrieval"], summary.get("answers"), summary["index"]
    md = [
        f"# KorQuAD 1.0 dev benchmark — {summary['timestamp']}",
        "",
        f"- {summary['questions']} questions (sample {summary['sample']}), "
        f"index {info['documents']} paragraphs / {info['chunks']} chunks",
        f"- machine: {summary['machine']['cpu_count']} CPU, {summary['machine']['platform']}",
        "",
        "| metric | value |",
        "| --- | --- |",
        f"| paragraph R@1 / R@5 | {pct(r['r@1'])} / {pct(r['r@5'])} |",
        f"| MRR | {r['mrr']:.3f} |",
        f"| retrieval p50 / p95 | {ms(summary['retrieval_latency_ms']['p50'])} / "
        f"{ms(summary['retrieval_latency_ms']['p95'])} |",
    ]
    if a:
        lat = summary["latency_ms"]
        md += [
            f"| answer-span presence | {pct(a['span_presence'])} "
            f"({a['span_present']}/{summary['questions']}) |",
            f"| … when not abstained | {pct(a['span_presence_when_answered'])} |",
            f"| … when gold paragraph retrieved | {pct(a['span_presence_when_retrieved'])} |",
            f"| abstentions | {a['abstained']} ({pct(a['abstention_rate'])}) |",
            f"| answer p50 / p95 | {ms(lat['p50'])} / {ms(lat['p95'])} |",
        ]
    misses = [row for row in summary["rows"] if row["hit_rank"] is None][:30]
    md += ["", f"## Retrieval misses (first {len(misses)})", ""]
    md += [f"- {m['id']}: {m['q']} — gold {m['gold_doc']}, got {', '.join(m['retrieved_docs'][:3])}"
           for m in misses]
    if a:
        wrong = [row for row in summary["rows"] if row["hit_rank"] and not row["span_present"]][:20]
        md += ["", f"## Gold paragraph retrieved but span missing from the answer (first {len(wrong)})", ""]
        md += [f"- {w['id']}: {w['q']} — gold {w['answers']}; answer: {one_line(w['answer'], 160)}"
               for w in wrong]
    return "\n".join(md) + "\n"


def format_korquad_summary(summary: dict[str, Any]) -> str:
    r, a = summary["retrieval"], summary.get("answers")
    lines = [f"KorQuAD 1.0 dev: {summary['questions']} questions, {summary['index']['chunks']} chunks — "
             f"R@1 {pct(r['r@1'])}  R@5 {pct(r['r@5'])}  MRR {r['mrr']:.3f}"]
    if a:
        lat = summary["latency_ms"]
        lines.append(f"  answer-span presence {pct(a['span_presence'])}  "
                     f"abstentions {pct(a['abstention_rate'])}  "
                     f"latency p50 {ms(lat['p50'])} p95 {ms(lat['p95'])}")
    lines.append(f"  report: {summary['files']['md']}")
    return "\n".join(lines)
