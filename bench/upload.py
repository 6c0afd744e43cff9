"""Answers while a large file ingests: a generated PDF of ``--pages`` pages (default 2,000) is uploaded through the
admin API (``POST /api/documents``, what the admin page sends) to a local server started on a copy of the seed
index, while ``--clients`` loopback clients (default 20) keep asking; the latencies of the answers asked *during*
the ingestion are reported (p50/p95/p99/max) beside a baseline of the same clients without an ingestion.

    python -m bench.upload [--pages 2000] [--clients 20] [--baseline-seconds 20] [--no-cache] [--json]
    policybot bench upload …

The upload is loaded, chunked and embedded in the server's low-priority worker process (ingestion/worker.py); the
index writes happen in the server. ``--no-cache`` starts the server with POLICYBOT_ANSWER_CACHE_SIZE=0 so every
question is answered from scratch (with the cache, repeated questions cost nothing and say little)."""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from bench.load import local_server
from bench.loadcheck import QUESTIONS
from bot.config import PROJECT_ROOT, Settings

ADMIN_KEY = "bench-upload-admin-key"
SEED_INDEX = PROJECT_ROOT / "data" / "bench-cache" / "seed-index"

# Pages repeat sentences from a pool (as real notices repeat boilerplate), so the sentence vectors stay a few hundred
# while every page has text; chunks still cover all 2,000 pages.
_TOPICS = ("export voucher", "overseas exhibition", "logistics cost", "certification", "market research",
           "translation service", "legal advice", "brand design", "online store", "trade insurance")
_ACTIONS = ("covers up to {n} million won per company", "is offered to {n} small firms this year",
            "requires an application within {n} days", "reimburses {n} percent of the cost")


def sentence_pool(size: int = 240) -> list[str]:
    out = []
    for i in range(size):
        topic = _TOPICS[i % len(_TOPICS)]
        action = _ACTIONS[(i // len(_TOPICS)) % len(_ACTIONS)].format(n=10 + i)
        out.append(f"The {topic} program {action}.")
    return out


def make_pdf(pages: int, per_page: int = 2) -> bytes:
    """A valid PDF of ``pages`` pages written by hand (Helvetica text, uncompressed content streams)."""
    pool = sentence_pool()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for n in range(pages):
        lines = [pool[(n * per_page + k) % len(pool)] for k in range(per_page)]
        text = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
        content = f"BT /F1 11 Tf 72 720 Td {text} ET".encode()
        page_no, content_no = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_no} 0 R")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> "
                       b">> /Contents %d 0 R >>" % content_no)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return round(ordered[rank - 1], 1)


def summary(latencies: list[float], errors: int, seconds: float) -> dict[str, Any]:
    return {"answers": len(latencies), "errors": errors, "seconds": round(seconds, 1),
            "answers_per_s": round(len(latencies) / seconds, 1) if seconds else 0.0,
            "p50_ms": _percentile(latencies, 50), "p95_ms": _percentile(latencies, 95),
            "p99_ms": _percentile(latencies, 99), "max_ms": round(max(latencies), 1) if latencies else 0.0,
            "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0.0}


async def _clients(base: str, clients: int, stop: asyncio.Event) -> tuple[list[tuple[float, float]], int]:
    """Clients asking until ``stop``; (start time, latency ms) of each answer, and the error count."""
    samples: list[tuple[float, float]] = []
    errors = 0

    async def client(idx: int, http: httpx.AsyncClient) -> None:
        nonlocal errors
        j = 0
        while not stop.is_set():
            question = QUESTIONS[(idx + j) % len(QUESTIONS)]
            j += 1
            t0 = time.perf_counter()
            try:
                r = await http.post(f"{base}/api/ask", json={"question": question})
                ok = r.status_code == 200 and bool(r.json().get("text"))
            except httpx.HTTPError:
                ok = False
            if ok:
                samples.append((t0, (time.perf_counter() - t0) * 1000))
            else:
                errors += 1

    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits, trust_env=False) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    return samples, errors


async def _run(base: str, pdf: bytes, clients: int, baseline_s: float) -> dict[str, Any]:
    # Baseline: the same clients, no ingestion.
    stop = asyncio.Event()
    task = asyncio.create_task(_clients(base, clients, stop))
    await asyncio.sleep(baseline_s)
    stop.set()
    base_samples, base_errors = await task
    # During the upload: the clients ask from the moment the upload starts until its response arrives.
    stop = asyncio.Event()
    task = asyncio.create_task(_clients(base, clients, stop))
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=3600, trust_env=False) as http:
        response = await http.post(f"{base}/api/documents", headers={"X-Admin-Key": ADMIN_KEY},
                                   files={"file": ("bench-2000-pages.pdf", pdf, "application/pdf")},
                                   data={"title": "Benchmark notice (generated)"})
    ended = time.perf_counter()
    stop.set()
    samples, errors = await task
    during = [ms for t0, ms in samples if started <= t0 <= ended]
    try:
        result = response.json()
    except ValueError:
        result = {"error": response.text[:200]}
    return {"upload": {"status": response.status_code, "result": result, "seconds": round(ended - started, 1),
                       "bytes": len(pdf)},
            "baseline": summary([ms for _, ms in base_samples], base_errors, baseline_s),
            "during_ingestion": summary(during, errors, ended - started)}


def run_upload_benchmark(pages: int = 2000, clients: int = 20, baseline_s: float = 20.0, no_cache: bool = False,
                         data_dir: Path | None = None) -> dict[str, Any]:
    """Start a server on a copy of the seed index, then measure answers with and without the upload."""
    from bot.service import PolicyBot

    seed = data_dir or SEED_INDEX
    report = PolicyBot(Settings(data_dir=seed)).ingest([PROJECT_ROOT / "corpora"])  # cheap when unchanged
    assert not report.failed, report.failed
    pdf = make_pdf(pages)
    env = {"POLICYBOT_ADMIN_KEY": ADMIN_KEY, "POLICYBOT_MAX_UPLOAD_BYTES": str(max(len(pdf) * 2, 20 << 20))}
    if no_cache:
        env["POLICYBOT_ANSWER_CACHE_SIZE"] = "0"
    with local_server(seed, env=env) as url:
        out = asyncio.run(_run(url, pdf, clients, baseline_s))
    out.update({"pages": pages, "clients": clients, "answer_cache": not no_cache})
    return out


def format_result(r: dict[str, Any]) -> str:
    up, base, during = r["upload"], r["baseline"], r["during_ingestion"]
    result = up["result"]
    return (f"{r['pages']}-page PDF ({up['bytes']:,} bytes) uploaded in {up['seconds']} s: HTTP {up['status']} "
            f"{result.get('status', result.get('error', ''))}, {result.get('chunks', 0)} chunks; "
            f"{r['clients']} clients, answer cache {'on' if r['answer_cache'] else 'off'}\n"
            f"  baseline:         {base['answers']} answers, p50 {base['p50_ms']} ms, p95 {base['p95_ms']} ms, "
            f"p99 {base['p99_ms']} ms, max {base['max_ms']} ms, {base['errors']} errors\n"
            f"  during ingestion: {during['answers']} answers, p50 {during['p50_ms']} ms, p95 {during['p95_ms']} ms, "
            f"p99 {during['p99_ms']} ms, max {during['max_ms']} ms, {during['errors']} errors")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.upload", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--baseline-seconds", type=float, default=20.0)
    parser.add_argument("--no-cache", action="store_true", help="answer cache off in the server")
    parser.add_argument("--data-dir", type=Path, default=None, help="seed index to copy (default: built once)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run_upload_benchmark(args.pages, args.clients, args.baseline_seconds, args.no_cache, args.data_dir)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_result(result))
    ok = result["upload"]["status"] in (200, 201) and not result["during_ingestion"]["errors"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
