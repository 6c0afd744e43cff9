"""`policybot bench sse`: streaming latency of the chat page's POST /api/ask/stream — how soon the first answer
text follows the last retrieval step (``bench.stream`` measures the same for the OpenAI-compatible API).

For each question (one at a time, so nothing queues; the answer cache off) the server-sent events are read as
they arrive and timed on the client: the request start, each ``progress`` event (the pipeline's stages:
retrieving, retrieved — once per retrieval pass —, checking, composing …), the first ``delta`` (the first sentence
of the answer) and the ``answer`` event. The figure of merit is *first text after retrieval*: the first ``delta``
minus the *last* ``retrieved`` event, both on the client's clock. Loopback only (``bench.loadcheck``'s check).

    python -m bench.sse --start --rounds 3              # starts the app on a copy of ./data, answer cache off
    python -m bench.sse --url http://127.0.0.1:8000     # a running server (use POLICYBOT_ANSWER_CACHE_SIZE=0)
    policybot bench sse --start --rounds 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from bench.load import local_server
from bench.loadcheck import QUESTIONS, _percentile, _require_loopback
from bot.config import PROJECT_ROOT

TARGET_MS = 300.0
MAX_ROUNDS = 50


def time_one(http: httpx.Client, base: str, question: str) -> dict[str, Any]:
    """One streamed answer, timed on the client (milliseconds since the request was sent)."""
    started = time.perf_counter()
    marks: dict[str, Any] = {"question": question, "retrieved_ms": [], "stages": []}
    event = ""
    with http.stream("POST", f"{base}/api/ask/stream", json={"question": question}) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            now = round((time.perf_counter() - started) * 1000, 1)
            if line.startswith("event: "):
                event = line[len("event: "):]
                continue
            if not line.startswith("data: "):
                continue
            data = json.loads(line[len("data: "):])
            if event == "progress":
                marks["stages"].append((data.get("stage"), now, data.get("ms")))
                if data.get("stage") == "retrieved":
                    marks["retrieved_ms"].append(now)
            elif event == "delta" and "first_text_ms" not in marks:
                marks["first_text_ms"] = now
            elif event == "answer":
                marks["answer_ms"] = now
                marks["outcome"] = data.get("outcome")
                marks["cache_hit"] = "cache_hit" in (data.get("timings_ms") or {})
            elif event == "error":
                marks["error"] = data.get("error")
    if marks["retrieved_ms"] and "first_text_ms" in marks:
        marks["after_retrieval_ms"] = round(marks["first_text_ms"] - marks["retrieved_ms"][-1], 1)
    return marks


def run_sse_bench(base_url: str, rounds: int = 3, questions: tuple[str, ...] = QUESTIONS) -> dict[str, Any]:
    """Every question ``rounds`` times, one at a time: first text after retrieval for the answered ones
    (an abstention has no answer text to stream), time to first text and to the whole answer."""
    base = _require_loopback(base_url)
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValueError(f"rounds must be 1..{MAX_ROUNDS}")
    runs = []
    with httpx.Client(timeout=120, trust_env=False) as http:
        for _ in range(rounds):
            for question in questions:
                runs.append(time_one(http, base, question))
    timed = sorted(r["after_retrieval_ms"] for r in runs if "after_retrieval_ms" in r)
    first = sorted(r["first_text_ms"] for r in runs if "first_text_ms" in r)
    answer = sorted(r["answer_ms"] for r in runs if "answer_ms" in r)
    return {
        "base_url": base,
        "requests": len(runs),
        "answered_with_text": len(timed),
        "abstained_or_refused": sum(1 for r in runs if r.get("outcome") in ("abstained", "refused")),
        "errors": sum(1 for r in runs if "error" in r),
        "cache_hits": sum(1 for r in runs if r.get("cache_hit")),
        "after_retrieval_p50_ms": _percentile(timed, 50),
        "after_retrieval_p95_ms": _percentile(timed, 95),
        "after_retrieval_max_ms": timed[-1] if timed else 0.0,
        "after_retrieval_mean_ms": round(statistics.fmean(timed), 1) if timed else 0.0,
        "within_target": sum(1 for v in timed if v <= TARGET_MS),
        "target_ms": TARGET_MS,
        "first_text_p50_ms": _percentile(first, 50),
        "first_text_p95_ms": _percentile(first, 95),
        "answer_p50_ms": _percentile(answer, 50),
        "per_question": [{"question": r["question"], "after_retrieval_ms": r.get("after_retrieval_ms"),
                          "first_text_ms": r.get("first_text_ms"), "answer_ms": r.get("answer_ms"),
                          "retrieval_passes": len(r["retrieved_ms"]), "outcome": r.get("outcome")} for r in runs],
    }


def format_result(r: dict[str, Any]) -> str:
    return (f"{r['requests']} streamed answers against {r['base_url']} ({r['answered_with_text']} with text, "
            f"{r['abstained_or_refused']} abstained/refused, {r['errors']} errors, {r['cache_hits']} cache hits)\n"
            f"first text after the last retrieval step: p50 {r['after_retrieval_p50_ms']} ms, "
            f"p95 {r['after_retrieval_p95_ms']} ms, max {r['after_retrieval_max_ms']} ms "
            f"({r['within_target']}/{r['answered_with_text']} within {r['target_ms']:.0f} ms)\n"
            f"first text after the request: p50 {r['first_text_p50_ms']} ms, p95 {r['first_text_p95_ms']} ms; "
            f"whole answer p50 {r['answer_p50_ms']} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--start", action="store_true", help="start the app on a copy of the data dir (cache off)")
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.start:
        with local_server(args.data_dir, env={"POLICYBOT_ANSWER_CACHE_SIZE": "0"}) as url:
            result = run_sse_bench(url, args.rounds)
    else:
        result = run_sse_bench(args.url, args.rounds)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_result(result))
    return 1 if result["errors"] or result["within_target"] < result["answered_with_text"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
