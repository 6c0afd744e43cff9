"""Triage in batches and its caches: a CSV of generated inquiries (the benchmark's generator) goes through with a
progress bar and one output row per inquiry; a triage result, and the per-question scores behind it, are reused
within one index generation and never after the index changes. No timing is asserted here (``bench.triage``
measures speed)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from conftest import SEED_DOC_ID

from bench.triage import KINDS, generate_inquiries, write_csv
from bot.config import PROJECT_ROOT, Settings
from bot.service import PolicyBot
from bot.triage import OUTPUT_COLUMNS, triage, triage_csv
from bot.triage.score import program_index

QUESTION = "K-GLOBAL STAR 프로그램은 무엇인가요?"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_generated_inquiries_cover_every_kind() -> None:
    inquiries = generate_inquiries(1000)
    assert len(inquiries) == 1000
    assert {i.kind for i in inquiries} == set(KINDS)
    assert generate_inquiries(50, seed=3) == generate_inquiries(50, seed=3)  # fixed by the seed
    multi = [i for i in inquiries if i.kind.startswith("multi")]
    assert multi and all(len(i.expected) >= 2 for i in multi)


def test_csv_of_20_inquiries_reports_progress_and_keeps_every_row(seed_bot: PolicyBot, tmp_path: Path) -> None:
    inquiries = generate_inquiries(20, seed=5)
    src, out = tmp_path / "inquiries.csv", tmp_path / "triaged.csv"
    write_csv(src, inquiries)
    calls: list[tuple[int, int]] = []
    summary = triage_csv(src, out, bot=seed_bot, on_row=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 20) for i in range(1, 21)]  # once per row, in order, with the total known up front
    rows = _read(out)
    assert [r["id"] for r in rows] == [str(i) for i in range(1, 21)]
    assert list(rows[0]) == ["id", "kind", "expected", "inquiry", *OUTPUT_COLUMNS]
    assert summary["rows"] == 20 and summary["errors"] == 0
    for key in ("seconds", "rows_per_s", "p50_ms", "p95_ms"):
        assert isinstance(summary[key], float) and summary[key] >= 0  # type: ignore[operator]
    for row, inquiry in zip(rows, inquiries, strict=True):
        assert row["inquiry"] == inquiry.text
        if inquiry.kind == "injection":
            assert row["needs_human"] == "true" and "prompt injection" in row["reason"]
        elif inquiry.kind in ("ko", "en") or inquiry.kind.startswith("multi"):
            assert row["program_ids"] and row["draft_reply"]


def test_cli_triage_draws_a_progress_bar(seed_data_dir: Path, tmp_path: Path) -> None:
    src, out = tmp_path / "inquiries.csv", tmp_path / "triaged.csv"
    write_csv(src, generate_inquiries(20, seed=5))
    # TTY_COMPATIBLE/TTY_INTERACTIVE: rich draws the live bar although stderr is a pipe here.
    env = {**os.environ, "POLICYBOT_DATA_DIR": str(seed_data_dir), "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1",
           "COLUMNS": "160"}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "triage", str(src), "-o", str(out)], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "triaging" in proc.stderr and "20/20" in proc.stderr and "rows/s" in proc.stderr
    assert "20 rows →" in proc.stdout and "per row p50" in proc.stdout
    assert len(_read(out)) == 20


def test_a_repeated_inquiry_is_served_from_the_cache(seed_bot: PolicyBot) -> None:
    first = triage(QUESTION, seed_bot)
    again = triage("  " + QUESTION + "\n", seed_bot)  # the same after cleaning
    assert again.timings_ms.get("cache_hit") == 1.0
    assert again.model_dump(exclude={"timings_ms"}) == first.model_dump(exclude={"timings_ms"})
    again.matches.clear()  # a caller changing its copy does not change the cache
    assert triage(QUESTION, seed_bot).matches == first.matches


def test_cached_results_are_dropped_when_the_index_generation_changes(seed_copy: Path) -> None:
    bot = PolicyBot(Settings(data_dir=seed_copy))
    before = triage(QUESTION, bot)
    assert before.matches[0].program_id == f"{SEED_DOC_ID}:task-6" and not before.needs_human
    index = program_index(bot)
    assert len(index.results) == 1 and len(index.scores) >= 1
    assert triage(QUESTION, bot).timings_ms.get("cache_hit") == 1.0

    assert bot.store.remove_document(SEED_DOC_ID)  # a write: the index generation changes
    assert program_index(bot).generation != index.generation
    after = triage(QUESTION, bot)
    assert "cache_hit" not in after.timings_ms
    assert after.matches == [] and after.needs_human and "no program matches" in (after.reason or "")
    assert program_index(bot) is not index and len(index.results) == 1  # the old generation's, never read again


def test_no_cache_when_the_answer_cache_is_off(seed_data_dir: Path) -> None:
    bot = PolicyBot(Settings(data_dir=seed_data_dir, answer_cache_size=0))
    triage(QUESTION, bot)
    again = triage(QUESTION, bot)
    assert "cache_hit" not in again.timings_ms
    assert len(program_index(bot).results) == 0 and len(program_index(bot).scores) == 0
