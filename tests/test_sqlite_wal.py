"""Processes opening one new SQLite file at the same moment (two web processes on one data dir) all get it open."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from collections.abc import Callable
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from bot.feedback import FeedbackStore
from ingestion.index.embedding_cache import EmbeddingCache
from ingestion.index.keywords import KeywordIndex
from ingestion.index.sqlite_wal import connect_wal

OPENERS: dict[str, Callable[[Path], object]] = {
    "feedback": FeedbackStore, "keywords": KeywordIndex, "embedding_cache": EmbeddingCache,
}
PROCESSES = 6
ROUNDS = 12


def _open_at_once(kind: str, path: Path, barrier: Barrier, results: Queue[str]) -> None:
    barrier.wait()
    try:
        OPENERS[kind](path)
        results.put("ok")
    except Exception as err:  # noqa: BLE001 - the test reports what each process met
        results.put(repr(err))


@pytest.mark.parametrize("kind", sorted(OPENERS))
def test_stores_open_when_processes_race_on_a_new_file(kind: str, tmp_path: Path) -> None:
    ctx = mp.get_context("fork")
    failures: list[str] = []
    for round_no in range(ROUNDS):
        path = tmp_path / f"{round_no}.sqlite3"
        barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
        procs = [ctx.Process(target=_open_at_once, args=(kind, path, barrier, results)) for _ in range(PROCESSES)]
        for proc in procs:
            proc.start()
        outcomes = [results.get(timeout=60) for _ in procs]
        for proc in procs:
            proc.join(timeout=60)
        failures += [o for o in outcomes if o != "ok"]
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert failures == []


def test_connect_wal_gives_up_with_the_lock_error_after_its_timeout(tmp_path: Path) -> None:
    path = tmp_path / "held.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # nobody else may read or switch the journal while this is open
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            connect_wal(path, timeout_s=0.3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    connect_wal(path, timeout_s=1).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
