"""Shared by every eval and benchmark report: the machine the figures were measured on, latency summaries,
number formats for Markdown and terminals, and writing a summary as JSON + Markdown."""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

from evals.metrics import percentile


def machine_info() -> dict[str, Any]:
    """What the figures were measured on."""
    mem_gb: float | None = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "python": sys.version.split()[0],
        "memory_gb": mem_gb,
    }


def latency_stats(values_ms: list[float]) -> dict[str, float | int | None]:
    if not values_ms:
        return {"n": 0, "p50": None, "p95": None, "mean": None, "max": None}
    return {
        "n": len(values_ms),
        "p50": round(percentile(values_ms, 50), 1),
        "p95": round(percentile(values_ms, 95), 1),
        "mean": round(sum(values_ms) / len(values_ms), 1),
        "max": round(max(values_ms), 1),
    }


def check_answering_available() -> None:
    if importlib.util.find_spec("bot.answering") is None:
        raise RuntimeError("bot.answering is not available yet: use with_answers=False (retrieval only)")


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def ms(x: float | int | None) -> str:
    return "–" if x is None else f"{x:.0f} ms"


def one_line(text: str, n: int = 140) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def write_json_md(summary: dict[str, Any], out_dir: Path, stem: str, markdown: str) -> dict[str, str]:
    """Write ``<stem>.json`` (the summary) and ``<stem>.md`` into ``out_dir``; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"{stem}.json"
    md_path = out_dir / f"{stem}.md"
    files = {"json": str(json_path), "md": str(md_path)}
    json_path.write_text(json.dumps({**summary, "files": files}, ensure_ascii=False, indent=2, default=str),
                         encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    return files
