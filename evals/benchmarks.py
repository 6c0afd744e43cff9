"""Scale evals: the seed QA set with thousands of distractor chunks beside the seed corpus, and the
KorQuAD 1.0 dev set as a Korean retrieval benchmark nobody on the team wrote. Indexes are cached under
``settings_base_dir`` (one sub-folder each), so only the first run pays for embedding."""

from __future__ import annotations

import random
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.config import Settings
from evals.corpus import (
    KORQUAD_DEV,
    SEED_CORPUS,
    build_index,
    generated_docs,
    korquad_docs,
    load_korquad,
)
from evals.dataset import match_key
from evals.metrics import mrr, rate, recall_at
from evals.runner import (
    _check_answering_available,
    _ms,
    _one_line,
    _pct,
    format_summary,
    latency_stats,
    machine_info,
    run_eval,
    write_json_md,
)


def _brief(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k != "rows"}


def run_distractor_eval(
    settings_base_dir: Path,
    dataset: Path,
    *,
    korquad_path: Path = KORQUAD_DEV,
    n_generated: int,
    out_dir: Path,
    with_answers: bool = True,
    retrieval_mode: str = "hybrid",
    settings: Settings | None = None,
    label: str = "distractors",
    korquad_paragraphs: int | None = None,
) -> dict[str, Any]:
    """Run ``dataset`` on the seed corpus alone and on the seed corpus + all KorQuAD dev paragraphs (one
    document each) + about ``n_generated`` generated Korean policy-notice chunks; report both side by side.

    Indexes live in ``settings_base_dir/seed`` and ``settings_base_dir/distractors-<n>`` (the latter starts as
    a copy of ``settings_base_dir/korquad`` when that exists, so KorQuAD paragraphs are embedded once).
    ``korquad_paragraphs`` limits the KorQuAD part to the first N paragraphs (a quicker, smaller run)."""
    base = Path(settings_base_dir)
    plain_bot, plain_info = build_index(base / "seed", docs=[], extra_paths=[SEED_CORPUS], settings=settings)
    paragraphs, _ = load_korquad(korquad_path)
    paragraphs = paragraphs[:korquad_paragraphs] if korquad_paragraphs is not None else paragraphs
    docs = korquad_docs(paragraphs) + generated_docs(n_generated)
    name = f"distractors-k{len(paragraphs)}-g{n_generated}"
    big_bot, big_info = build_index(base / name, docs=docs, extra_paths=[SEED_CORPUS],
                                    settings=settings, seed_from=base / "korquad")
    big_info["korquad_paragraphs"] = len(paragraphs)
    big_info["generated_documents"] = len(docs) - len(paragraphs)
    big_info["generated_chunks"] = sum(
        d.chunk_count for d in big_bot.store.documents() if d.doc_id.startswith("gen-"))
    seed_ids = {d.doc_id for d in plain_bot.store.documents()}
    plain = run_eval(plain_bot, dataset, label=f"{label}-plain", out_dir=out_dir,
                     retrieval_mode=retrieval_mode, with_answers=with_answers, relevant_doc_ids=seed_ids)
    big = run_eval(big_bot, dataset, label=f"{label}-n{n_generated}", out_dir=out_dir,
                   retrieval_mode=retrieval_mode, with_answers=with_answers, relevant_doc_ids=seed_ids)
    lost = [r["id"] for r, p in zip(big["rows"], plain["rows"], strict=True)
            if p["hit_rank"] is not None and r["hit_rank"] is None]
    distracted_by = {
        r["id"]: [p["doc_id"] for p in r["retrieved"] if p["doc_id"] not in seed_ids]
        for r in big["rows"] if r["answerable"] and r["hit_rank"] is None
    }
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    summary: dict[str, Any] = {
        "label": label,
        "timestamp": stamp,
        "dataset": str(dataset),
        "machine": machine_info(),
        "plain": _brief(plain),
        "distractors": _brief(big),
        "plain_index": plain_info,
        "distractor_index": big_info,
        "lost_hits": lost,
        "misses_retrieved_from": distracted_by,
    }
    summary["files"] = write_json_md(summary, out_dir, f"{label}-{stamp}", distractor_markdown(summary))
    return summary


def _row(name: str, plain: Any, big: Any) -> str:
    return f"| {name} | {plain} | {big} |"


def distractor_markdown(summary: dict[str, Any]) -> str:
    p, b = summary["plain"], summary["distractors"]
    info = summary["distractor_index"]
    md = [
        f"# Distractor eval — {summary['timestamp']}",
        "",
        f"- dataset: `{summary['dataset']}`",
        f"- plain index: {summary['plain_index']['documents']} document(s), "
        f"{summary['plain_index']['chunks']} chunks",
        f"- distractor index: {info['documents']} documents, {info['chunks']} chunks "
        f"({info['korquad_paragraphs']} KorQuAD paragraphs, "
        f"{info['generated_documents']} generated notices = {info['generated_chunks']} chunks)",
        "",
        "| metric | plain | with distractors |",
        "| --- | --- | --- |",
    ]
    for k in ("r@1", "r@3", "r@5"):
        md.append(_row(k.upper(), _pct(p["retrieval"][k]), _pct(b["retrieval"][k])))
    md.append(_row("MRR", f"{p['retrieval']['mrr']:.3f}", f"{b['retrieval']['mrr']:.3f}"))
    md.append(_row("retrieval p50", _ms(p["retrieval_latency_ms"]["p50"]),
                   _ms(b["retrieval_latency_ms"]["p50"])))
    if p.get("answers") and b.get("answers"):
        pa, ba = p["answers"], b["answers"]
        md.append(_row("fact accuracy", _pct(pa["fact_accuracy"]), _pct(ba["fact_accuracy"])))
        md.append(_row("abstention recall", _pct(pa["abstention_recall"]), _pct(ba["abstention_recall"])))
        md.append(_row("false abstentions", pa["false_abstentions"], ba["false_abstentions"]))
        md.append(_row("answer p50", _ms(p["latency_ms"]["p50"]), _ms(b["latency_ms"]["p50"])))
        md.append(_row("answer p95", _ms(p["latency_ms"]["p95"]), _ms(b["latency_ms"]["p95"])))
    md += ["", f"Hits lost to distractors: {', '.join(summary['lost_hits']) or 'none'}", "",
           "Per-run reports: " + ", ".join(f"`{x['files']['md']}`" for x in (p, b))]
    return "\n".join(md) + "\n"


def format_distractor_summary(summary: dict[str, Any]) -> str:
    info = summary["distractor_index"]
    return "\n".join([
        format_summary(summary["plain"]),
        format_summary(summary["distractors"]),
        f"  distractor index: {info['chunks']} chunks ({info['korquad_paragraphs']} KorQuAD paragraphs, "
        f"{info['generated_chunks']} generated chunks); "
        f"hits lost: {', '.join(summary['lost_hits']) or 'none'}",
        f"  report: {summary['files']['md']}",
    ])


# ---- KorQuAD ------------------------------------------------------------------------------------


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
        _check_answering_available()
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
        f"| paragraph R@1 / R@5 | {_pct(r['r@1'])} / {_pct(r['r@5'])} |",
        f"| MRR | {r['mrr']:.3f} |",
        f"| retrieval p50 / p95 | {_ms(summary['retrieval_latency_ms']['p50'])} / "
        f"{_ms(summary['retrieval_latency_ms']['p95'])} |",
    ]
    if a:
        lat = summary["latency_ms"]
        md += [
            f"| answer-span presence | {_pct(a['span_presence'])} "
            f"({a['span_present']}/{summary['questions']}) |",
            f"| … when not abstained | {_pct(a['span_presence_when_answered'])} |",
            f"| … when gold paragraph retrieved | {_pct(a['span_presence_when_retrieved'])} |",
            f"| abstentions | {a['abstained']} ({_pct(a['abstention_rate'])}) |",
            f"| answer p50 / p95 | {_ms(lat['p50'])} / {_ms(lat['p95'])} |",
        ]
    misses = [row for row in summary["rows"] if row["hit_rank"] is None][:30]
    md += ["", f"## Retrieval misses (first {len(misses)})", ""]
    md += [f"- {m['id']}: {m['q']} — gold {m['gold_doc']}, got {', '.join(m['retrieved_docs'][:3])}"
           for m in misses]
    if a:
        wrong = [row for row in summary["rows"] if row["hit_rank"] and not row["span_present"]][:20]
        md += ["", f"## Gold paragraph retrieved but span missing from the answer (first {len(wrong)})", ""]
        md += [f"- {w['id']}: {w['q']} — gold {w['answers']}; answer: {_one_line(w['answer'], 160)}"
               for w in wrong]
    return "\n".join(md) + "\n"


def format_korquad_summary(summary: dict[str, Any]) -> str:
    r, a = summary["retrieval"], summary.get("answers")
    lines = [f"KorQuAD 1.0 dev: {summary['questions']} questions, {summary['index']['chunks']} chunks — "
             f"R@1 {_pct(r['r@1'])}  R@5 {_pct(r['r@5'])}  MRR {r['mrr']:.3f}"]
    if a:
        lat = summary["latency_ms"]
        lines.append(f"  answer-span presence {_pct(a['span_presence'])}  "
                     f"abstentions {_pct(a['abstention_rate'])}  "
                     f"latency p50 {_ms(lat['p50'])} p95 {_ms(lat['p95'])}")
    lines.append(f"  report: {summary['files']['md']}")
    return "\n".join(lines)
