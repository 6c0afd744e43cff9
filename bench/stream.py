"""`policybot bench stream`: how soon a streamed answer starts on ``POST /v1/chat/completions`` (the
OpenAI-compatible API), on the seed corpus by default.

One client asks the load check's questions one after another with ``stream: true``, the answer cache off (every
answer is retrieved and composed), and times on its own clock, from just before sending the request:

- ``first_chunk``: the first chunk (the assistant role, sent before answering starts);
- ``first_content``: the first chunk that carries answer text;
- ``after_retrieval``: ``first_content`` minus ``retrieval_done``, the server's time from the request to the end
  of retrieval (the pipeline's first "retrieved" stage, reported in the last chunk's ``policybot.timings_ms``).
  The request's travel to the server counts as after retrieval, so this errs on the slow side.

The contract (issue 17): ``after_retrieval`` ≤ 300 ms. ``--check`` exits 1 when the slowest answer passes it.

    python -m bench.stream                      # fresh index of corpora/, server started on a free port
    python -m bench.stream --data-dir ./data    # a copy of an existing index instead
    python -m bench.stream --url http://127.0.0.1:8000 --rounds 3   # a running server (start it with
                                                                     # POLICYBOT_ANSWER_CACHE_SIZE=0)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.load import local_server
from bench.loadcheck import QUESTIONS, _percentile, _require_loopback
from bot.config import PROJECT_ROOT

LIMIT_MS = 300.0
WARM_UP = 2


def stream_once(client: httpx.Client, base_url: str, question: str) -> dict[str, Any]:
    """One streamed answer, timed on the client: first chunk, first content chunk, [DONE]; with the server's
    retrieval_done from the last chunk."""
    body = {"model": "policybot", "stream": True, "messages": [{"role": "user", "content": question}]}
    first_chunk = first_content = None
    extra: dict[str, Any] = {}
    started = time.perf_counter()
    with client.stream("POST", f"{base_url}/v1/chat/completions", json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: "):
                continue
            now = (time.perf_counter() - started) * 1000
            if line == "data: [DONE]":
                break
            data = json.loads(line[len("data: "):])
            if "error" in data:
                raise RuntimeError(f"stream error: {data['error']}")
            first_chunk = first_chunk if first_chunk is not None else now
            choices = data.get("choices") or [{}]
            if first_content is None and choices[0].get("delta", {}).get("content"):
                first_content = now
            extra = data.get("policybot") or extra
    total = (time.perf_counter() - started) * 1000
    timings = extra.get("timings_ms", {})
    retrieval_done = timings.get("retrieval_done")
    if first_content is None or retrieval_done is None:
        raise RuntimeError(f"no content or no retrieval timing for {question!r} (is the answer cache off?)")
    return {"question": question, "outcome": extra.get("outcome"), "first_chunk_ms": round(first_chunk or 0.0, 1),
            "first_content_ms": round(first_content, 1), "retrieval_done_ms": retrieval_done,
            "after_retrieval_ms": round(first_content - retrieval_done, 1), "total_ms": round(total, 1)}


def run_stream_benchmark(base_url: str, rounds: int = 3, questions: tuple[str, ...] = QUESTIONS) -> dict[str, Any]:
    """``rounds`` × every question, streamed one at a time after ``WARM_UP`` untimed ones."""
    base = _require_loopback(base_url)
    runs: list[dict[str, Any]] = []
    with httpx.Client(timeout=120, trust_env=False) as client:
        for q in questions[:WARM_UP]:
            stream_once(client, base, q)
        for _ in range(rounds):
            runs.extend(stream_once(client, base, q) for q in questions)

    def stats(key: str) -> dict[str, float]:
        values = sorted(r[key] for r in runs)
        return {"p50": _percentile(values, 50), "p95": _percentile(values, 95), "max": round(values[-1], 1)}

    after = stats("after_retrieval_ms")
    return {
        "base_url": base, "answers": len(runs), "limit_ms": LIMIT_MS, "within_limit": after["max"] <= LIMIT_MS,
        "after_retrieval_ms": after, "first_chunk_ms": stats("first_chunk_ms"),
        "first_content_ms": stats("first_content_ms"), "retrieval_done_ms": stats("retrieval_done_ms"),
        "total_ms": stats("total_ms"), "outcomes": sorted({str(r["outcome"]) for r in runs}),
        "machine": f"{os.cpu_count()} CPU {platform.machine()}, Python {platform.python_version()}", "runs": runs,
    }


def format_result(r: dict[str, Any]) -> str:
    def line(name: str) -> str:
        s = r[name]
        return f"{name:<20} p50 {s['p50']:>7} ms   p95 {s['p95']:>7} ms   max {s['max']:>7} ms"

    verdict = "within" if r["within_limit"] else "OVER"
    return "\n".join([
        f"{r['answers']} streamed answers from {r['base_url']} ({r['machine']}; outcomes {', '.join(r['outcomes'])})",
        line("first_chunk_ms"), line("first_content_ms"), line("retrieval_done_ms"), line("after_retrieval_ms"),
        line("total_ms"),
        f"first content chunk after retrieval: max {r['after_retrieval_ms']['max']} ms — {verdict} the "
        f"{r['limit_ms']:.0f} ms limit",
    ])


def _seed_index(folder: Path) -> Path:
    from bot.config import get_settings
    from bot.service import PolicyBot

    data = folder / "seed-data"
    report = PolicyBot(get_settings().model_copy(update={"data_dir": data})).ingest([PROJECT_ROOT / "corpora"])
    if report.failed:
        raise RuntimeError(f"seed ingestion failed: {[r.error for r in report.failed]}")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policybot bench stream", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (loopback) instead of starting one")
    parser.add_argument("--data-dir", type=Path, help="start the server on a copy of this index (default: a fresh "
                                                      "index of corpora/)")
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked")
    parser.add_argument("--check", action="store_true", help="exit 1 when an answer passes the limit")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 50:
        parser.error("--rounds must be between 1 and 50")
    if args.url:
        result = run_stream_benchmark(args.url, args.rounds)
    else:
        with tempfile.TemporaryDirectory(prefix="policybot-stream-") as tmp:
            data = args.data_dir or _seed_index(Path(tmp))
            with local_server(data, env={"POLICYBOT_ANSWER_CACHE_SIZE": "0"}) as url:
                result = run_stream_benchmark(url, args.rounds)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_result(result))
    return 1 if args.check and not result["within_limit"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
