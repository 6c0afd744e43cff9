"""KorQuAD 1.0 dev as an answerability benchmark: calibrate the answer/abstain decision on data nobody here wrote.

The dev set is split by ARTICLE (KorQuAD's ``data`` entries). The paragraphs of articles ``0 … N-1`` are indexed
(one document each, ids ``korquad-AAA-PP``, as ``--korquad`` does); a question about an indexed article is
*answerable* — right when ``answer.text`` holds a gold answer span (whitespace-insensitive, ``match_key``) and the
bot did not abstain —, a question about any other article (``N …``) is *unanswerable* — right when the bot
abstains (``answer.abstained``). Nothing about articles ``N …`` is in the index, but they are Korean Wikipedia
paragraphs of the same style, often about neighbouring topics, so a bot that answers whatever retrieves well is
caught.

Tune and report halves (see ``half_of``): by article parity — even-numbered articles are the **tune** half, odd ones
the **report** half, for answerable and unanswerable questions alike. Splitting by article rather than by question
keeps the halves independent: the questions of one article share its paragraphs, names, dates and wording, so a
split by question (a hash of the question id) would put near-duplicates of every tune question into the report
half, and a threshold tuned on one would be checked on what it was tuned on. KorQuAD's articles are unrelated
Wikipedia pages, so parity is as good as a random assignment while keeping the article counts exactly balanced and
the rule readable. The sample is drawn per (kind, half) with its own seed, so the questions of one half do not
depend on ``--split`` or on the other half: ``--split report`` asks exactly the report questions of ``--split all``.
"""

from __future__ import annotations

import math
import random
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, Settings, get_settings
from bot.service import PolicyBot
from evals.corpus import KORQUAD_DEV, KorquadQuestion, build_index, korquad_docs, load_korquad
from evals.dataset import match_key
from evals.metrics import mrr, rate, recall_at
from evals.report import check_answering_available, latency_stats, machine_info, ms, one_line, pct, write_json_md
from ingestion.index.embeddings import forget_query_vectors

HALVES = ("tune", "report")
SPLITS = (*HALVES, "all")
DEFAULT_INDEXED_ARTICLES = 100
DEFAULT_PER_KIND = 150
DEFAULT_SEED = 0


@dataclass(frozen=True)
class AnswerabilityQuestion:
    qid: str
    question: str
    answers: tuple[str, ...]
    doc_id: str  # the paragraph the question was written about (indexed only when answerable)
    article: int
    answerable: bool
    half: str


def article_of(doc_id: str) -> int:
    """The article number of a ``korquad-AAA-PP`` paragraph id."""
    return int(doc_id.split("-")[1])


def half_of(article: int) -> str:
    """``tune`` for even-numbered articles, ``report`` for odd ones (why: see the module docstring)."""
    return "tune" if article % 2 == 0 else "report"


def label_questions(questions: list[KorquadQuestion], indexed_articles: int) -> list[AnswerabilityQuestion]:
    """Every question with its article, answerability (its article is indexed) and half, in file order."""
    out = []
    for q in questions:
        article = article_of(q.doc_id)
        out.append(AnswerabilityQuestion(q.qid, q.question, q.answers, q.doc_id, article,
                                         article < indexed_articles, half_of(article)))
    return out


def half_sizes(per_kind: int) -> dict[str, int]:
    """How many questions of one kind each half gets: ``per_kind`` split in two (tune takes the odd one)."""
    return {"tune": (per_kind + 1) // 2, "report": per_kind // 2}


def sample_questions(
    labelled: list[AnswerabilityQuestion], per_kind: int | None, *, seed: int = DEFAULT_SEED,
) -> list[AnswerabilityQuestion]:
    """``per_kind`` answerable + ``per_kind`` unanswerable questions, each kind half tune, half report; every
    (kind, half) bucket is sampled with its own ``random.Random`` so buckets do not influence each other.
    ``per_kind=None`` keeps every question. Returned in file order."""
    if per_kind is None:
        return list(labelled)
    picked: set[str] = set()
    for answerable in (True, False):
        for half, size in half_sizes(per_kind).items():
            bucket = [q.qid for q in labelled if q.answerable is answerable and q.half == half]
            rng = random.Random(f"korquad-answerability:{seed}:{'ans' if answerable else 'unans'}:{half}")
            picked.update(bucket if size >= len(bucket) else rng.sample(bucket, size))
    return [q for q in labelled if q.qid in picked]


def select(questions: list[AnswerabilityQuestion], split: str) -> list[AnswerabilityQuestion]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    return list(questions) if split == "all" else [q for q in questions if q.half == split]


# ---- scoring -------------------------------------------------------------------------------------


def span_present(answers: tuple[str, ...] | list[str], text: str) -> bool:
    """A gold answer span occurs in ``text``, whitespace and middle-dot variants ignored."""
    key = match_key(text)
    return any(match_key(a) and match_key(a) in key for a in answers)


def score_row(q: AnswerabilityQuestion, text: str, abstained: bool, error: str | None = None) -> dict[str, Any]:
    """Per-question verdict. Answerable: ``correct`` = answered (not abstained, no error) with a gold span in the
    text. Unanswerable: ``correct`` = abstained. ``span_in_text`` is the literal check, abstentions included."""
    in_text = span_present(q.answers, text) if q.answerable else False
    if q.answerable:
        correct = in_text and not abstained and error is None
    else:
        correct = abstained and error is None
    return {"span_in_text": in_text, "abstained": abstained, "correct": correct, "error": error}


def half_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Span presence, wrong refusals, abstention recall, decision accuracy, retrieval and latency of ``rows``."""
    ans = [r for r in rows if r["answerable"]]
    unans = [r for r in rows if not r["answerable"]]
    span = sum(1 for r in ans if r["correct"])
    refused = sum(1 for r in ans if r["abstained"])
    abst = sum(1 for r in unans if r["abstained"])
    ranks: list[int | None] = [r["hit_rank"] for r in ans]
    answered_ans = [r for r in ans if not r["abstained"]]
    return {
        "questions": len(rows),
        "answerable": len(ans),
        "unanswerable": len(unans),
        "span_present": span,
        "span_presence": rate(span, len(ans)),
        "span_presence_when_answered": rate(sum(1 for r in answered_ans if r["correct"]), len(answered_ans)),
        "span_in_text_incl_abstentions": sum(1 for r in ans if r["span_in_text"]),
        "wrong_refusals": refused,
        "wrong_refusal_rate": rate(refused, len(ans)),
        "abstained_unanswerable": abst,
        "abstention_recall": rate(abst, len(unans)),
        "decision_accuracy": rate(len(answered_ans) + abst, len(rows)),
        "retrieval": {"r@1": round(recall_at(ranks, 1), 4), "r@5": round(recall_at(ranks, 5), 4),
                      "mrr": round(mrr(ranks), 4)},
        "latency_ms": latency_stats([r["latency_ms"] for r in rows if r["error"] is None]),
        "errors": sum(1 for r in rows if r["error"]),
    }


def confidence_grid(rows: list[dict[str, Any]]) -> tuple[float, ...]:
    """0 (the engine as it is) and every hundredth from the lowest to the highest confidence of an answer given:
    sentence similarities of an e5 model sit in a narrow band (about 0.78–0.96), so a fixed coarse grid would
    say nothing."""
    given = [r["confidence"] for r in rows if not r["abstained"] and r["confidence"] is not None]
    if not given:
        return (0.0,)
    lo, hi = math.floor(round(min(given) * 100, 6)), math.ceil(round(max(given) * 100, 6))
    return (0.0, *(round(i / 100, 2) for i in range(max(lo, 1), hi + 1)))


def confidence_sweep(rows: list[dict[str, Any]], grid: tuple[float, ...] | None = None) -> list[dict[str, Any]]:
    """What an extra rule "also abstain when ``answer.confidence`` < t" would give, per threshold ``t`` — the
    figures to tune on (on the tune half) and to check (on the report half). t=0 is the engine as it is."""
    grid = confidence_grid(rows) if grid is None else grid
    ans = [r for r in rows if r["answerable"]]
    unans = [r for r in rows if not r["answerable"]]
    out = []
    for t in grid:
        def abstains(r: dict[str, Any], t: float = t) -> bool:
            return bool(r["abstained"]) or (r["confidence"] is not None and r["confidence"] < t)
        out.append({
            "threshold": t,
            "span_presence": rate(sum(1 for r in ans if r["correct"] and not abstains(r)), len(ans)),
            "wrong_refusal_rate": rate(sum(1 for r in ans if abstains(r)), len(ans)),
            "abstention_recall": rate(sum(1 for r in unans if abstains(r)), len(unans)),
        })
    return out


# ---- running -------------------------------------------------------------------------------------


def engine_state() -> dict[str, Any]:
    """The commit the engine ran from and the files of bot/ and ingestion/ that differed from it (the answering
    code changes often; figures are only comparable on the same engine)."""
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""
    status = git("status", "--porcelain", "--", "bot", "ingestion")
    return {"commit": git("rev-parse", "HEAD") or None,
            "modified": [line[3:] for line in status.splitlines() if line[:2] != "??"]}


def index_name(indexed_articles: int) -> str:
    return f"korquad-articles-{indexed_articles}"


def build_answerability_index(
    settings_base_dir: Path, korquad_path: Path, indexed_articles: int, settings: Settings | None = None,
) -> tuple[PolicyBot, dict[str, Any], list[AnswerabilityQuestion]]:
    """The cached index of articles ``0 … indexed_articles-1`` (``settings_base_dir/korquad-articles-N``; when it
    does not exist yet it starts as a copy of the ``--korquad`` index ``settings_base_dir/korquad`` if there is
    one, whose extra paragraphs are then removed) and all questions labelled."""
    paragraphs, questions = load_korquad(korquad_path)
    n_articles = len({article_of(p.doc_id) for p in paragraphs})
    if not 1 <= indexed_articles < n_articles:
        raise ValueError(f"indexed_articles must be between 1 and {n_articles - 1} (some articles must stay "
                         f"out of the index), not {indexed_articles}")
    indexed = [p for p in paragraphs if article_of(p.doc_id) < indexed_articles]
    base = Path(settings_base_dir)
    t0 = time.perf_counter()
    bot, info = build_index(base / index_name(indexed_articles), docs=korquad_docs(indexed), settings=settings,
                            seed_from=base / "korquad", prune=True)
    info.update({"build_seconds": round(time.perf_counter() - t0, 1), "indexed_articles": indexed_articles,
                 "articles": n_articles, "indexed_paragraphs": len(indexed)})
    return bot, info, label_questions(questions, indexed_articles)


def ask(bot: PolicyBot, q: AnswerabilityQuestion, top_k: int = 5) -> dict[str, Any]:
    """Retrieve (for paragraph recall) and answer one question; one row of the report."""
    result = bot.retrieve(q.question, top_k)
    docs = [p.chunk.doc_id for p in result.passages]
    rank = next((i for i, d in enumerate(docs, 1) if d == q.doc_id), None) if q.answerable else None
    forget_query_vectors()  # the retrieval above embedded this question: time the answer as a new question
    t0 = time.perf_counter()
    confidence: float | None = None
    reason: str | None = None
    try:
        ans = bot.answer(q.question)
        text, abstained, error = ans.text, bool(ans.abstained), None
        confidence, reason = float(ans.confidence), ans.abstain_reason
    except Exception as exc:  # one failing question must not hide the others: recorded, counted wrong
        text, abstained, error = "", False, f"{type(exc).__name__}: {exc}"
    latency = round((time.perf_counter() - t0) * 1000, 1)
    row: dict[str, Any] = {"id": q.qid, "q": q.question, "article": q.article, "half": q.half,
                           "answerable": q.answerable, "gold_doc": q.doc_id, "answers": list(q.answers),
                           "hit_rank": rank, "retrieved_docs": docs}
    row.update(score_row(q, text, abstained, error))
    row.update({"confidence": confidence, "abstain_reason": reason, "latency_ms": latency, "answer": text})
    return row


def run_answerability(
    settings_base_dir: Path,
    korquad_path: Path = KORQUAD_DEV,
    *,
    out_dir: Path,
    split: str = "all",
    indexed_articles: int = DEFAULT_INDEXED_ARTICLES,
    max_questions: int | None = DEFAULT_PER_KIND,
    seed: int = DEFAULT_SEED,
    top_k: int = 5,
    settings: Settings | None = None,
    label: str = "korquad-answerability",
) -> dict[str, Any]:
    """Ask the sampled questions of ``split`` (``max_questions`` answerable + as many unanswerable over both
    halves; None asks all) and write ``out_dir/<label>-<split>-<timestamp>.json|.md``. The answer cache is off
    so that every latency is a real answer."""
    check_answering_available()
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    base_settings = (settings or get_settings()).model_copy(update={"answer_cache_size": 0})
    bot, info, labelled = build_answerability_index(settings_base_dir, korquad_path, indexed_articles,
                                                    base_settings)
    questions = select(sample_questions(labelled, max_questions, seed=seed), split)
    bot.warm_up()
    engine = engine_state()
    started = time.perf_counter()
    rows = [ask(bot, q, top_k) for q in questions]
    halves = [h for h in HALVES if split in (h, "all")]
    metrics = {h: half_metrics([r for r in rows if r["half"] == h]) for h in halves}
    if split == "all":
        metrics["all"] = half_metrics(rows)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    summary: dict[str, Any] = {
        "label": label,
        "timestamp": stamp,
        "source": str(korquad_path),
        "split": split,
        "split_rule": "article parity: even-numbered articles = tune, odd = report (both kinds)",
        "sample": {"max_questions_per_kind": max_questions, "seed": seed,
                   "per_half": half_sizes(max_questions) if max_questions is not None else None},
        "top_k": top_k,
        "index": info,
        "llm_configured": bool(bot.settings.llm_base_url and bot.settings.llm_model),
        "engine": engine,
        "machine": machine_info(),
        "run_seconds": round(time.perf_counter() - started, 1),
        "metrics": metrics,
        "confidence_sweep": {h: confidence_sweep([r for r in rows if h == "all" or r["half"] == h])
                             for h in metrics},
        "rows": rows,
    }
    summary["files"] = write_json_md(summary, out_dir, f"{label}-{split}-{stamp}", answerability_markdown(summary))
    return summary


# ---- reports -------------------------------------------------------------------------------------


def _metric_lines(metrics: dict[str, dict[str, Any]]) -> list[str]:
    names = list(metrics)
    rows: list[tuple[str, Any]] = [
        ("questions (answerable + unanswerable)", lambda m: f"{m['answerable']} + {m['unanswerable']}"),
        ("gold-span presence (answerable)", lambda m: f"{pct(m['span_presence'])} ({m['span_present']})"),
        ("… when not abstained", lambda m: pct(m["span_presence_when_answered"])),
        ("wrong-refusal rate (answerable abstained)",
         lambda m: f"{pct(m['wrong_refusal_rate'])} ({m['wrong_refusals']})"),
        ("abstention recall (unanswerable abstained)",
         lambda m: f"{pct(m['abstention_recall'])} ({m['abstained_unanswerable']})"),
        ("decision accuracy (answer vs abstain)", lambda m: pct(m["decision_accuracy"])),
        ("paragraph R@1 / R@5 (answerable)",
         lambda m: f"{pct(m['retrieval']['r@1'])} / {pct(m['retrieval']['r@5'])}"),
        ("answer p50 / p95", lambda m: f"{ms(m['latency_ms']['p50'])} / {ms(m['latency_ms']['p95'])}"),
        ("errors", lambda m: m["errors"]),
    ]
    md = ["| metric | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    md += [f"| {title} | " + " | ".join(str(fn(metrics[n])) for n in names) + " |" for title, fn in rows]
    return md


def answerability_markdown(summary: dict[str, Any]) -> str:
    info, m = summary["index"], summary["machine"]
    md = [
        f"# KorQuAD 1.0 dev answerability — {summary['timestamp']}",
        "",
        f"- split: **{summary['split']}** ({summary['split_rule']})",
        f"- index: articles 0–{info['indexed_articles'] - 1} of {info['articles']}: {info['documents']} paragraphs, "
        f"{info['chunks']} chunks (`{info['data_dir']}`); questions about articles {info['indexed_articles']}+ are "
        f"unanswerable",
        f"- sample: {summary['sample']}; LLM configured: {summary['llm_configured']}",
        f"- engine: commit {summary['engine']['commit']}"
        + (f", modified: {', '.join(summary['engine']['modified'])}" if summary["engine"]["modified"] else ""),
        f"- machine: {m['cpu_count']} CPU, {m['platform']}, Python {m['python']}; run {summary['run_seconds']} s",
        "",
        *_metric_lines(summary["metrics"]),
    ]
    for half, sweep in summary["confidence_sweep"].items():
        md += ["", f"## If it also abstained below a confidence threshold — {half}", "",
               "| threshold | span presence | wrong refusals | abstention recall |", "| --- | --- | --- | --- |"]
        md += [f"| {s['threshold']:.2f} | {pct(s['span_presence'])} | {pct(s['wrong_refusal_rate'])} | "
               f"{pct(s['abstention_recall'])} |" for s in sweep]
    rows = summary["rows"]
    sections = [
        ("Wrong refusals (answerable, abstained)", [r for r in rows if r["answerable"] and r["abstained"]]),
        ("Answered but no gold span", [r for r in rows if r["answerable"] and not r["abstained"]
                                       and not r["correct"]]),
        ("Answered although unanswerable", [r for r in rows if not r["answerable"] and not r["abstained"]]),
    ]
    for title, picked in sections:
        md += ["", f"## {title} ({len(picked)}, first {min(len(picked), 25)})", ""]
        for r in picked[:25]:
            gold = f"gold {r['answers']}, rank {r['hit_rank']}; " if r["answerable"] else ""
            md.append(f"- {r['id']} [{r['half']}, article {r['article']}]: {r['q']} — {gold}"
                      f"conf {r['confidence']}; answer: {one_line(r['answer'], 160)}")
    return "\n".join(md) + "\n"


def format_answerability_summary(summary: dict[str, Any]) -> str:
    info = summary["index"]
    lines = [f"KorQuAD answerability ({summary['split']}): index articles 0–{info['indexed_articles'] - 1} "
             f"({info['documents']} paragraphs, {info['chunks']} chunks, built/checked in {info['build_seconds']} s)"]
    for name, m in summary["metrics"].items():
        lines.append(
            f"  [{name}] {m['answerable']}+{m['unanswerable']} q: span {pct(m['span_presence'])}  "
            f"wrong refusals {pct(m['wrong_refusal_rate'])}  abstention recall {pct(m['abstention_recall'])}  "
            f"R@1 {pct(m['retrieval']['r@1'])} R@5 {pct(m['retrieval']['r@5'])}  "
            f"p50 {ms(m['latency_ms']['p50'])} p95 {ms(m['latency_ms']['p95'])}"
            + (f"  errors {m['errors']}" if m["errors"] else ""))
    lines.append(f"  report: {summary['files']['md']}")
    return "\n".join(lines)
