"""`policybot bench fairness`: do expensive requests starve ordinary ones?

``--heavy`` clients keep sending *maximal-history* requests through POST /api/ask — a follow-up ("그 한도는?")
with the longest history the input budget allows (a 7,990-character user turn and a 4,000-character assistant
turn: 11,996 characters with the question), each one different so no answer cache helps them — while
``--clients`` ordinary clients ask the load check's questions (``bench.loadcheck``) for ``--seconds``. Reported:
the ordinary answers' latency (p50/p95/p99) and the heavy ones', errors by kind. Loopback only.

    python -m bench.fairness --start --heavy 4 --clients 20 --seconds 60            # answer cache on
    python -m bench.fairness --start --heavy 4 --clients 20 --seconds 60 --no-cache # every answer computed
    policybot bench fairness --start
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.load import local_server
from bench.loadcheck import MAX_QUESTIONS_PER_CLIENT, _percentile, _require_loopback, run_loadcheck_async
from bot.config import PROJECT_ROOT

FOLLOW_UP = "그 한도는?"
USER_TURN_CHARS = 7_990
ASSISTANT_TURN_CHARS = 4_000
_FILLER = ("수출바우처와 수출금융 지원한도, 해외법인 설립 자금, 글로벌 강소기업 지정 요건과 혜택에 대해 자세히 알고 "
           "싶습니다. 저희 회사는 부산의 수산물 가공 업체로 작년 수출액이 50만 달러입니다. ")


def heavy_body(client: int, n: int) -> dict[str, Any]:
    """A follow-up with the longest history the default input budget (12,000 characters) allows."""
    user = (f"{client}-{n}번 문의: " + _FILLER * 60)[:USER_TURN_CHARS]
    assistant = ("수출제품 생산 등에 소요되는 자금부담 등을 적시에 해소할 수 있도록 수출바우처, "
                 "수출금융 지원한도를 2배로 확대한다. [1] " * 60)[:ASSISTANT_TURN_CHARS]
    return {"question": FOLLOW_UP, "history": [{"role": "user", "content": user},
                                              {"role": "assistant", "content": assistant}]}


async def run_fairness_async(base_url: str, heavy: int = 4, clients: int = 20, seconds: float = 60.0,
                             timeout_s: float = 120.0) -> dict[str, Any]:
    base = _require_loopback(base_url)
    if not 0 <= heavy <= 50 or not 1 <= clients <= 200 or not 0 < seconds <= 900:
        raise ValueError("heavy must be 0..50, clients 1..200, seconds in (0, 900]")
    heavy_ms: list[float] = []
    heavy_errors: Counter[str] = Counter()
    stop_at = time.perf_counter() + seconds

    async def heavy_client(idx: int, http: httpx.AsyncClient) -> None:
        n = 0
        while time.perf_counter() < stop_at:
            n += 1
            t0 = time.perf_counter()
            try:
                r = await http.post(f"{base}/api/ask", json=heavy_body(idx, n))
            except httpx.HTTPError as exc:
                heavy_errors[type(exc).__name__] += 1
                continue
            if r.status_code == 200:
                heavy_ms.append((time.perf_counter() - t0) * 1000)
            else:
                heavy_errors[f"HTTP {r.status_code}"] += 1

    async with httpx.AsyncClient(timeout=timeout_s, trust_env=False,
                                 limits=httpx.Limits(max_connections=max(heavy, 1))) as http:
        heavy_tasks = [asyncio.create_task(heavy_client(i, http)) for i in range(heavy)]
        await asyncio.sleep(min(2.0, seconds / 10))  # the heavy clients are already at work
        ordinary = await run_loadcheck_async(base, clients, MAX_QUESTIONS_PER_CLIENT, timeout_s, seconds=seconds)
        await asyncio.gather(*heavy_tasks)
    ordered = sorted(heavy_ms)
    return {
        "base_url": base, "seconds": seconds, "heavy_clients": heavy, "ordinary_clients": clients,
        "ordinary": {k: ordinary[k] for k in ("ok", "errors", "error_kinds", "cache_hits", "throughput_rps",
                                              "p50_ms", "p95_ms", "p99_ms", "max_ms", "server_answer_p50_ms",
                                              "server_answer_p95_ms")},
        "heavy": {"ok": len(ordered), "errors": sum(heavy_errors.values()), "error_kinds": dict(heavy_errors),
                  "p50_ms": _percentile(ordered, 50), "p95_ms": _percentile(ordered, 95),
                  "max_ms": round(ordered[-1], 1) if ordered else 0.0,
                  "request_chars": len(FOLLOW_UP) + USER_TURN_CHARS + ASSISTANT_TURN_CHARS},
    }


def format_result(r: dict[str, Any]) -> str:
    o, h = r["ordinary"], r["heavy"]
    return (f"{r['ordinary_clients']} ordinary + {r['heavy_clients']} maximal-history clients × {r['seconds']} s "
            f"against {r['base_url']}\n"
            f"ordinary: {o['ok']} ok, {o['errors']} errors {o['error_kinds'] or ''}, {o['throughput_rps']} answers/s, "
            f"p50 {o['p50_ms']} ms, p95 {o['p95_ms']} ms, p99 {o['p99_ms']} ms, max {o['max_ms']} ms "
            f"({o['cache_hits']} answer-cache hits)\n"
            f"heavy ({h['request_chars']:,} characters each): {h['ok']} ok, {h['errors']} errors "
            f"{h['error_kinds'] or ''}, p50 {h['p50_ms']} ms, p95 {h['p95_ms']} ms, max {h['max_ms']} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fairness", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--start", action="store_true", help="start the app on a copy of the data dir")
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data")
    parser.add_argument("--heavy", type=int, default=4)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--no-cache", action="store_true", help="with --start: answer cache off")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.start:
        env = {"POLICYBOT_ANSWER_CACHE_SIZE": "0"} if args.no_cache else {}
        with local_server(args.data_dir, env=env) as url:
            result = asyncio.run(run_fairness_async(url, args.heavy, args.clients, args.seconds))
    else:
        result = asyncio.run(run_fairness_async(args.url, args.heavy, args.clients, args.seconds))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_result(result))
    return 1 if result["ordinary"]["errors"] or result["heavy"]["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
