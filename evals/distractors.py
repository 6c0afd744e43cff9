"""The distractor eval: the seed QA set on the seed corpus alone and again among thousands of distractor chunks
(KorQuAD paragraphs and generated notices), side by side. Indexes are cached under ``settings_base_dir`` (one
sub-folder each), so only the first run pays for embedding. (The KorQuAD retrieval benchmark is
``bench.korquad``.)"""

from __future__ import annotations

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
from evals.report import machine_info, ms, pct, write_json_md
from evals.runner import format_summary, run_eval


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
        md.append(_row(k.upper(), pct(p["retrieval"][k]), pct(b["retrieval"][k])))
    md.append(_row("MRR", f"{p['retrieval']['mrr']:.3f}", f"{b['retrieval']['mrr']:.3f}"))
    md.append(_row("retrieval p50", ms(p["retrieval_latency_ms"]["p50"]),
                   ms(b["retrieval_latency_ms"]["p50"])))
    if p.get("answers") and b.get("answers"):
        pa, ba = p["answers"], b["answers"]
        md.append(_row("fact accuracy", pct(pa["fact_accuracy"]), pct(ba["fact_accuracy"])))
        md.append(_row("abstention recall", pct(pa["abstention_recall"]), pct(ba["abstention_recall"])))
        md.append(_row("false abstentions", pa["false_abstentions"], ba["false_abstentions"]))
        md.append(_row("answer p50", ms(p["latency_ms"]["p50"]), ms(b["latency_ms"]["p50"])))
        md.append(_row("answer p95", ms(p["latency_ms"]["p95"]), ms(b["latency_ms"]["p95"])))
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
