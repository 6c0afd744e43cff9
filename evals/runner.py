"""Run a QA dataset against a PolicyBot and score it as /work/shared/evals/README.md describes.

Retrieval: recall@1/3/5 and MRR over answerable questions, a retrieved chunk being a hit when it holds an
alternative of the question's first fact group (whitespace removed, middle dots unified).
Answers: fact accuracy over answerable questions (every fact group present in ``answer.text`` and none of the
question's ``absent`` strings outside its edition notes; an abstention never counts as correct), abstention recall
on unanswerable ones, false abstentions on answerable ones. A follow-up question (``history``) is asked with the
earlier user turns as the conversation; its retrieval metrics use those turns and the question together as the
query.
Latency: ``answer()`` end to end with the bot warmed up, p50/p95, plus the machine it ran on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.answering.render import without_edition_notes
from bot.models import Turn
from bot.service import PolicyBot
from evals.dataset import QAItem, absent_found, load_dataset, missing_groups
from evals.metrics import hit_rank, mrr, rate, recall_at
from evals.report import (
    check_answering_available,
    latency_stats,
    machine_info,
    md_cell,
    ms,
    one_line,
    pct,
    write_json_md,
)
from ingestion.index.embeddings import forget_query_vectors

RECALL_KS = (1, 3, 5)
SNIPPET = 160


def retrieval_metrics(ranks: list[int | None]) -> dict[str, float | int]:
    out: dict[str, float | int] = {"n": len(ranks)}
    for k in RECALL_KS:
        out[f"r@{k}"] = round(recall_at(ranks, k), 4)
    out["mrr"] = round(mrr(ranks), 4)
    return out


def answer_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Fact accuracy, abstention recall and false abstentions from per-question rows."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    correct = sum(1 for r in answerable if r["correct"])
    false_abst = sum(1 for r in answerable if r["abstained"])
    abst = sum(1 for r in unanswerable if r["abstained"])
    errors = sum(1 for r in rows if r.get("error"))
    # The README's literal rule (facts in the text, abstained or not): an abstention that names the contact
    # the question asked for counts here but not in fact_accuracy.
    in_text = sum(1 for r in answerable if not r.get("missing_facts", True) and not r.get("error"))
    return {
        "answerable": len(answerable),
        "correct": correct,
        "fact_accuracy": rate(correct, len(answerable)),
        "facts_in_text": in_text,
        "facts_in_text_rate": rate(in_text, len(answerable)),
        "unanswerable": len(unanswerable),
        "abstained_unanswerable": abst,
        "abstention_recall": rate(abst, len(unanswerable)),
        "false_abstentions": false_abst,
        "false_abstention_rate": rate(false_abst, len(answerable)),
        "errors": errors,
    }


def _settings_info(bot: PolicyBot) -> dict[str, Any]:
    s = bot.settings
    return {
        "data_dir": str(s.data_dir),
        "top_k": s.top_k,
        "chunk_tokens": s.chunk_tokens,
        "llm_configured": bool(s.llm_base_url and s.llm_model),
        "llm_model": s.llm_model,
        "chunks_indexed": bot.store.count(),
        "documents_indexed": len(bot.store.documents()),
    }


def run_eval(
    bot: PolicyBot,
    dataset: Path,
    *,
    label: str,
    out_dir: Path,
    retrieval_mode: str = "hybrid",
    with_answers: bool = True,
    top_k: int = 5,
    relevant_doc_ids: Collection[str] | None = None,
) -> dict[str, Any]:
    """Score ``dataset`` on ``bot``; write ``out_dir/<label>-<timestamp>.json|.md`` and return the summary.

    ``retrieval_mode`` (hybrid | dense | keyword) applies to the retrieval metrics only: ``answer()`` uses the
    bot's own retrieval. ``with_answers=False`` skips ``answer()`` (retrieval metrics only).
    ``relevant_doc_ids``: only chunks of these documents count as hits (with distractors in the index, a
    KorQuAD paragraph that happens to contain "10%" is not the passage the question is about)."""
    items = load_dataset(dataset)
    if with_answers:
        check_answering_available()
    bot.warm_up()
    rows: list[dict[str, Any]] = []
    ranks: list[int | None] = []
    retrieval_ms: list[float] = []
    for item in items:
        t0 = time.perf_counter()
        result = bot.retrieve(retrieval_query(item), top_k, mode=retrieval_mode)
        retrieval_ms.append((time.perf_counter() - t0) * 1000)
        texts = [p.chunk.text if relevant_doc_ids is None or p.chunk.doc_id in relevant_doc_ids else ""
                 for p in result.passages]
        rank = hit_rank(texts, item.facts[0]) if item.answerable and item.facts else None
        if item.answerable:
            ranks.append(rank)
        rows.append({
            "id": item.id, "lang": item.lang, "q": item.q, "answerable": item.answerable,
            **({"history": item.history} if item.history else {}),
            **({"tags": item.tags} if item.tags else {}),
            "hit_rank": rank,
            "retrieved": [
                {"rank": i, "chunk_id": p.chunk.chunk_id, "doc_id": p.chunk.doc_id,
                 "section": p.chunk.section_label, "text": p.chunk.text[:SNIPPET]}
                for i, p in enumerate(result.passages, 1)
            ],
        })
    answer_ms: list[float] = []
    if with_answers:
        for item, row in zip(items, rows, strict=True):
            row.update(_answer_row(bot, item))
            if row.get("latency_ms") is not None and not row.get("error"):
                answer_ms.append(row["latency_ms"])
    by_lang: dict[str, Any] = {}
    for lang in sorted({i.lang for i in items}):
        lang_rows = [r for r in rows if r["lang"] == lang]
        entry: dict[str, Any] = {
            "retrieval": retrieval_metrics([r["hit_rank"] for r in lang_rows if r["answerable"]]),
        }
        if with_answers:
            entry["answers"] = answer_metrics(lang_rows)
        by_lang[lang] = entry
    by_tag = tag_metrics(rows, with_answers)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    summary: dict[str, Any] = {
        "label": label,
        "dataset": str(dataset),
        "timestamp": stamp,
        "retrieval_mode": retrieval_mode,
        "top_k": top_k,
        "relevant_doc_ids": sorted(relevant_doc_ids) if relevant_doc_ids is not None else None,
        "machine": machine_info(),
        "settings": _settings_info(bot),
        "counts": {
            "questions": len(items),
            "answerable": sum(1 for i in items if i.answerable),
            "unanswerable": sum(1 for i in items if not i.answerable),
        },
        "retrieval": retrieval_metrics(ranks),
        "retrieval_latency_ms": latency_stats(retrieval_ms),
        "answers": answer_metrics(rows) if with_answers else None,
        "latency_ms": latency_stats(answer_ms) if with_answers else None,
        "by_lang": by_lang,
        **({"by_tag": by_tag} if by_tag else {}),
        "rows": rows,
    }
    summary["files"] = write_report(summary, out_dir, f"{label}-{stamp}")
    return summary


def retrieval_query(item: QAItem) -> str:
    """What the retrieval metrics search for: the question, after the earlier user turns of a follow-up."""
    return "\n".join([*item.history, item.q])


def tag_metrics(rows: list[dict[str, Any]], with_answers: bool) -> dict[str, Any]:
    """Retrieval (and answer) metrics per tag, for the questions that carry tags."""
    out: dict[str, Any] = {}
    for tag in sorted({t for r in rows for t in r.get("tags", [])}):
        tagged = [r for r in rows if tag in r.get("tags", [])]
        entry: dict[str, Any] = {
            "questions": len(tagged),
            "retrieval": retrieval_metrics([r["hit_rank"] for r in tagged if r["answerable"]]),
        }
        if with_answers:
            entry["answers"] = answer_metrics(tagged)
        out[tag] = entry
    return out


def _answer_row(bot: PolicyBot, item: QAItem) -> dict[str, Any]:
    forget_query_vectors()  # retrieval scoring embedded this question already: time it as a new question
    t0 = time.perf_counter()
    history = [Turn(role="user", content=h) for h in item.history] or None
    try:
        ans = bot.answer(item.q, history=history)
    except Exception as exc:  # one failing question must not hide the others: record it as wrong
        latency = round((time.perf_counter() - t0) * 1000, 1)
        return {"correct": False, "abstained": False, "latency_ms": latency, "answer": "",
                "error": f"{type(exc).__name__}: {exc}", "missing_facts": item.facts}
    latency = round((time.perf_counter() - t0) * 1000, 1)
    missing = missing_groups(item.facts, ans.text) if item.answerable else []
    # An edition note may quote the older edition's figure: it is labelled as such, not given as the answer.
    wrong = absent_found(item.absent, without_edition_notes(ans.text)) if item.answerable else []
    return {
        "correct": bool(item.answerable and not ans.abstained and not missing and not wrong),
        "abstained": bool(ans.abstained),
        "latency_ms": latency,
        "answer": ans.text,
        "mode": ans.mode,
        "abstain_reason": ans.abstain_reason,
        "citations": [{"n": c.n, "chunk_id": c.chunk_id, "section": c.section, "quote": c.quote}
                      for c in ans.citations],
        "missing_facts": missing,
        **({"absent_found": wrong} if item.absent else {}),
        "timings_ms": ans.timings_ms,
    }


# ---- reports ------------------------------------------------------------------------------------


def format_summary(summary: dict[str, Any]) -> str:
    """A few human-readable lines for the terminal."""
    r = summary["retrieval"]
    c = summary["counts"]
    m = summary["machine"]
    lines = [
        f"{summary['label']}: {summary['dataset']} — {c['questions']} questions "
        f"({c['answerable']} answerable, {c['unanswerable']} unanswerable)",
        f"  retrieval ({summary['retrieval_mode']}, top {summary['top_k']}): R@1 {pct(r['r@1'])}  "
        f"R@3 {pct(r['r@3'])}  R@5 {pct(r['r@5'])}  MRR {r['mrr']:.3f}  "
        f"(p50 {ms(summary['retrieval_latency_ms']['p50'])})",
    ]
    a = summary.get("answers")
    if a:
        lat = summary["latency_ms"]
        lines.append(
            f"  answers: fact accuracy {pct(a['fact_accuracy'])} ({a['correct']}/{a['answerable']})  "
            f"abstention recall {pct(a['abstention_recall'])} "
            f"({a['abstained_unanswerable']}/{a['unanswerable']})  "
            f"false abstentions {a['false_abstentions']}/{a['answerable']}"
            + (f"  errors {a['errors']}" if a["errors"] else "")
        )
        lines.append(f"  latency answer(): p50 {ms(lat['p50'])}  p95 {ms(lat['p95'])}  "
                     f"max {ms(lat['max'])}")
    for lang, entry in summary.get("by_lang", {}).items():
        part = f"    [{lang}] R@5 {pct(entry['retrieval']['r@5'])} MRR {entry['retrieval']['mrr']:.3f}"
        if entry.get("answers"):
            part += (f"  accuracy {pct(entry['answers']['fact_accuracy'])}"
                     f"  abstention recall {pct(entry['answers']['abstention_recall'])}")
        lines.append(part)
    tags = summary.get("by_tag") or {}
    if tags and a:
        lines.append("    by tag (accuracy | abstention recall): " + ", ".join(
            f"{tag} {_tag_cell(entry)}" for tag, entry in tags.items()))
    lines.append(f"  machine: {m['cpu_count']} CPU, {m['platform']}, Python {m['python']}")
    if summary.get("files"):
        lines.append(f"  report: {summary['files']['md']}")
    return "\n".join(lines)


def _tag_cell(entry: dict[str, Any]) -> str:
    a = entry["answers"]
    parts = []
    if a["answerable"]:
        parts.append(f"{a['correct']}/{a['answerable']}")
    if a["unanswerable"]:
        parts.append(f"abst {a['abstained_unanswerable']}/{a['unanswerable']}")
    return " ".join(parts)


def failures(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows worth a look: answerable questions missed by retrieval or answered wrongly, unanswerable ones
    answered."""
    out = []
    for row in summary["rows"]:
        if row["answerable"]:
            if row["hit_rank"] is None or row.get("correct") is False:
                out.append(row)
        elif "abstained" in row and not row["abstained"]:
            out.append(row)
    return out


def to_markdown(summary: dict[str, Any]) -> str:
    r = summary["retrieval"]
    c = summary["counts"]
    m = summary["machine"]
    st = summary["settings"]
    md = [
        f"# Eval {summary['label']} — {summary['timestamp']}",
        "",
        f"- dataset: `{summary['dataset']}` ({c['questions']} questions: {c['answerable']} answerable, "
        f"{c['unanswerable']} unanswerable)",
        f"- index: {st['documents_indexed']} documents, {st['chunks_indexed']} chunks (`{st['data_dir']}`); "
        f"LLM configured: {st['llm_configured']}",
        f"- machine: {m['cpu_count']} CPU, {m['memory_gb']} GB, {m['platform']}, Python {m['python']}",
        "",
        "| metric | value |",
        "| --- | --- |",
        f"| retrieval mode | {summary['retrieval_mode']} (top {summary['top_k']}) |",
        f"| R@1 / R@3 / R@5 | {pct(r['r@1'])} / {pct(r['r@3'])} / {pct(r['r@5'])} |",
        f"| MRR | {r['mrr']:.3f} |",
        f"| retrieval latency p50 / p95 | {ms(summary['retrieval_latency_ms']['p50'])} / "
        f"{ms(summary['retrieval_latency_ms']['p95'])} |",
    ]
    a = summary.get("answers")
    if a:
        lat = summary["latency_ms"]
        md += [
            f"| fact accuracy | {pct(a['fact_accuracy'])} ({a['correct']}/{a['answerable']}) |",
            f"| abstention recall | {pct(a['abstention_recall'])} ({a['abstained_unanswerable']}/"
            f"{a['unanswerable']}) |",
            f"| facts in text, abstentions included | {pct(a['facts_in_text_rate'])} ({a['facts_in_text']}) |",
            f"| false abstentions | {a['false_abstentions']}/{a['answerable']} |",
            f"| errors | {a['errors']} |",
            f"| answer latency p50 / p95 / max | {ms(lat['p50'])} / {ms(lat['p95'])} / {ms(lat['max'])} |",
        ]
    md += ["", "## By language", "", "| lang | R@1 | R@5 | MRR | accuracy | abstention recall |",
           "| --- | --- | --- | --- | --- | --- |"]
    for lang, entry in summary["by_lang"].items():
        er, ea = entry["retrieval"], entry.get("answers") or {}
        md.append(f"| {lang} | {pct(er['r@1'])} | {pct(er['r@5'])} | {er['mrr']:.3f} | "
                  f"{pct(ea.get('fact_accuracy'))} | {pct(ea.get('abstention_recall'))} |")
    if summary.get("by_tag"):
        md += ["", "## By tag", "", "| tag | questions | R@5 | accuracy | abstention recall |",
               "| --- | --- | --- | --- | --- |"]
        for tag, entry in summary["by_tag"].items():
            er, ea = entry["retrieval"], entry.get("answers") or {}
            md.append(f"| {tag} | {entry['questions']} | {pct(er['r@5']) if er['n'] else '–'} | "
                      f"{pct(ea.get('fact_accuracy'))} | {pct(ea.get('abstention_recall'))} |")
    fails = failures(summary)
    md += ["", f"## Failures ({len(fails)})", ""]
    for row in fails:
        md.append(f"### {row['id']} ({row['lang']}, {'answerable' if row['answerable'] else 'unanswerable'})")
        for turn in row.get("history", []):
            md.append(f"- earlier turn: {turn}")
        md.append(f"- Q: {row['q']}")
        if row["answerable"]:
            md.append(f"- hit rank: {row['hit_rank']}")
            if row.get("missing_facts"):
                md.append(f"- missing facts: {json.dumps(row['missing_facts'], ensure_ascii=False)}")
            if row.get("absent_found"):
                md.append(f"- must not contain, but does: {json.dumps(row['absent_found'], ensure_ascii=False)}")
        md.append("- retrieved: " + "; ".join(f"{p['rank']}. [{p['section']}] {one_line(p['text'], 70)}"
                                              for p in row["retrieved"]))
        if "answer" in row:
            md.append(f"- answer ({'abstained' if row['abstained'] else row.get('mode', '')}): "
                      f"{one_line(row['answer'], 300)}")
        if row.get("error"):
            md.append(f"- error: {row['error']}")
        md.append("")
    md += ["## All questions", "", "| id | lang | hit | correct | abstained | latency | question |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in summary["rows"]:
        md.append(f"| {row['id']} | {row['lang']} | {row['hit_rank'] or '–'} | {row.get('correct', '–')} | "
                  f"{row.get('abstained', '–')} | {ms(row.get('latency_ms'))} | {md_cell(row['q'])} |")
    return "\n".join(md) + "\n"


def write_report(summary: dict[str, Any], out_dir: Path, stem: str) -> dict[str, str]:
    """The JSON + Markdown report of one ``run_eval``."""
    return write_json_md(summary, out_dir, stem, to_markdown(summary))
