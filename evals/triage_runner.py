"""Triage evaluation: top-1/top-3 program accuracy, needs-human precision/recall and latency over a JSONL set
(evals/triage_seed.jsonl: id, lang, inquiry, tasks = expected task numbers with the primary first, needs_human).

Accuracy counts the items that name tasks: top-1 when the primary task is the best match, top-3 when it is among
the three best. Items without tasks (out of scope, injections, vague) only count for needs-human.

    python -m evals.triage_runner [--dataset evals/triage_seed.jsonl] [--out evals/results]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.service import PolicyBot

TRIAGE_SEED = Path(__file__).resolve().parent / "triage_seed.jsonl"
TARGETS = {"top1": 0.85, "top3": 0.95, "needs_human_recall": 0.9}


def load_dataset(path: str | Path = TRIAGE_SEED) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            item = json.loads(line)
            if not isinstance(item.get("inquiry"), str) or not isinstance(item.get("tasks"), list):
                raise ValueError(f"{path}: line {n}: needs 'inquiry' (str) and 'tasks' (list of ints)")
            items.append(item)
    return items


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def run_triage_eval(
    bot: PolicyBot, dataset: str | Path | list[dict[str, Any]] = TRIAGE_SEED, out_dir: str | Path | None = None
) -> dict[str, Any]:
    """Triage every item; return (and save as triage_eval.json / triage_eval.md in ``out_dir``) the report."""
    from bot.triage import triage

    items = load_dataset(dataset) if isinstance(dataset, (str, Path)) else dataset
    rows: list[dict[str, Any]] = []
    latencies: list[float] = []
    for item in items:
        started = time.perf_counter()
        result = triage(item["inquiry"], bot)
        ms = (time.perf_counter() - started) * 1000
        latencies.append(ms)
        got = [m.number for m in result.matches]
        tasks = [int(t) for t in item["tasks"]]
        rows.append({
            "id": item.get("id", str(len(rows) + 1)), "lang": item.get("lang", result.language),
            "expected": tasks, "got": got[:5],
            "top1": bool(tasks) and got[:1] == tasks[:1], "top3": bool(tasks) and tasks[0] in got[:3],
            "needs_human_expected": bool(item.get("needs_human")), "needs_human": result.needs_human,
            "reason": result.reason, "category": result.category, "ms": round(ms, 1),
        })
    scored = [r for r in rows if r["expected"]]
    tp = sum(r["needs_human"] and r["needs_human_expected"] for r in rows)
    fp = sum(r["needs_human"] and not r["needs_human_expected"] for r in rows)
    fn = sum(not r["needs_human"] and r["needs_human_expected"] for r in rows)
    ordered = sorted(latencies)
    report: dict[str, Any] = {
        "items": len(rows),
        "scored_items": len(scored),
        "top1": _ratio(sum(r["top1"] for r in scored), len(scored)),
        "top3": _ratio(sum(r["top3"] for r in scored), len(scored)),
        "needs_human_precision": _ratio(tp, tp + fp),
        "needs_human_recall": _ratio(tp, tp + fn),
        "needs_human": {"tp": tp, "fp": fp, "fn": fn},
        "latency_ms": {
            "mean": round(statistics.fmean(latencies), 1) if latencies else 0.0,
            "p50": round(ordered[len(ordered) // 2], 1) if ordered else 0.0,
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1) if ordered else 0.0,
            "max": round(ordered[-1], 1) if ordered else 0.0,
        },
        "by_lang": {
            lang: {"items": len(sub), "top1": _ratio(sum(r["top1"] for r in sub if r["expected"]),
                                                     sum(1 for r in sub if r["expected"]))}
            for lang in sorted({r["lang"] for r in rows}) for sub in [[r for r in rows if r["lang"] == lang]]
        },
        "targets": TARGETS,
        "rows": rows,
    }
    report["meets_targets"] = all((report[k] or 0.0) >= v for k, v in TARGETS.items())
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "triage_eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        (out / "triage_eval.md").write_text(to_markdown(report), encoding="utf-8")
    return report


def to_markdown(report: dict[str, Any]) -> str:
    lat = report["latency_ms"]
    lines = [
        "# Triage evaluation", "",
        f"Items: {report['items']} ({report['scored_items']} with expected tasks)", "",
        "| metric | value | target |", "|---|---|---|",
        f"| top-1 accuracy | {report['top1']} | {TARGETS['top1']} |",
        f"| top-3 accuracy | {report['top3']} | {TARGETS['top3']} |",
        f"| needs-human precision | {report['needs_human_precision']} | |",
        f"| needs-human recall | {report['needs_human_recall']} | {TARGETS['needs_human_recall']} |",
        f"| latency mean / p50 / p95 / max (ms) | {lat['mean']} / {lat['p50']} / {lat['p95']} / {lat['max']} | |",
        "", "| id | lang | expected | got | top-1 | needs human (expected) | reason |", "|---|---|---|---|---|---|---|",
    ]
    for r in report["rows"]:
        reason = (r["reason"] or "").replace("|", "/")[:120]
        mark = "—" if not r["expected"] else "✓" if r["top1"] else "✗"
        lines.append(f"| {r['id']} | {r['lang']} | {r['expected']} | {r['got'][:3]} | {mark} "
                     f"| {r['needs_human']} ({r['needs_human_expected']}) | {reason} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    from bot.service import get_bot

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default=str(TRIAGE_SEED))
    parser.add_argument("--out", default="evals/results")
    args = parser.parse_args(argv)
    report = run_triage_eval(get_bot(), args.dataset, args.out)
    print(to_markdown(report).split("\n\n| id")[0])


if __name__ == "__main__":
    main()
