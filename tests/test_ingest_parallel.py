"""Ingestion on every core (issue 16): the parallel path (embedding threads with their own model handles, the next
document built while this one is written) gives the same vectors and records as the sequential one, writes in
order, and a document that fails still fails alone."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.config import Settings
from evals.corpus import generated_docs, write_folder
from ingestion import pipeline
from ingestion.index import Store
from ingestion.index.embeddings import batch_ranges, embed_passages, embed_passages_parallel
from ingestion.index.records import chunk_records
from ingestion.pipeline import BuiltVersion, SourceGroup, build_version, ingest, plan_sources, prepare
from ingestion.settings import IndexSettings


@pytest.fixture(autouse=True)
def _no_embedding_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYBOT_EMBEDDING_CACHE", raising=False)
    monkeypatch.delenv(pipeline.SENTENCE_VECTORS_ENV, raising=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three small generated notices (a few chunks each)."""
    path = tmp_path_factory.mktemp("gen-docs")
    write_folder(path, _small_docs())
    return path


def _small_docs() -> list[tuple[str, str, str, dict[str, str]]]:
    return [(doc_id, title, "\n\n".join(text.split("\n\n")[:3]), meta)
            for doc_id, title, text, meta in generated_docs(20)[:3]]


def _sequential(group: SourceGroup, settings: IndexSettings) -> BuiltVersion:
    """What ingestion did before issue 16: one batch of 32 at a time on the process-wide model, chunks then
    sentences."""
    doc = prepare(group, settings)
    ids, texts, metas = chunk_records(doc.doc_id, doc.doc_hash, doc.meta, doc.chunks)
    vectors = embed_passages([pipeline.embedding_text(c, doc.meta["title"]) for c in doc.chunks])
    unique: dict[str, int] = {}
    per_chunk = [[unique.setdefault(c.text[s:e], len(unique)) for s, e in c.sentence_spans] for c in doc.chunks]
    sents = embed_passages(list(unique))
    return BuiltVersion(doc.doc_id, doc.doc_hash, doc.loaded.source.name, len(doc.chunks), ids=ids, texts=texts,
                        metas=metas, vectors=vectors,
                        sentence_vectors=[sents[i] if i else np.zeros((0, 384), np.float32) for i in per_chunk])


def _comparable(metas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in m.items() if k not in ("ingested_at", "ingested_ns")} for m in metas]


def test_batches_are_small_and_cover_the_texts() -> None:
    texts = ["가" * n for n in (10, 600, 5, 200, 400, 100, 100, 100, 20)] + ["나"] * 70
    ranges = batch_ranges(texts, max_chars=512, max_texts=32)
    assert [i for a, b in ranges for i in range(a, b)] == list(range(len(texts)))
    # 600 characters alone; 5 + 200 (+ 400 would pass 512); 400 + 100; then at most 32 texts a batch
    assert ranges == [(0, 1), (1, 2), (2, 4), (4, 6), (6, 38), (38, 70), (70, 79)]
    assert batch_ranges([]) == []


def test_parallel_build_gives_the_sequential_vectors_and_records(folder: Path) -> None:
    settings = IndexSettings(data_dir=folder / "unused")
    for group in plan_sources([folder])[:2]:
        want = _sequential(group, settings)
        got = build_version(group, settings)
        assert (got.doc_id, got.doc_hash, got.chunks, got.ids, got.texts) == \
            (want.doc_id, want.doc_hash, want.chunks, want.ids, want.texts)
        assert _comparable(got.metas) == _comparable(want.metas)
        assert got.vectors is not None and want.vectors is not None
        np.testing.assert_allclose(got.vectors, want.vectors, atol=1e-5)
        assert [v.shape for v in got.sentence_vectors] == [v.shape for v in want.sentence_vectors]
        for a, b in zip(got.sentence_vectors, want.sentence_vectors, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-5)
    texts = [f"문장 {i}: 수출바우처 지원 한도는 {i}억 원입니다." for i in range(9)]
    np.testing.assert_allclose(embed_passages_parallel(texts), embed_passages(texts), atol=1e-5)


def _dump(data_dir: Path) -> tuple[list[Any], ...]:
    store = Store(Settings(data_dir=data_dir))
    got = store.collection.get(include=["documents", "metadatas", "embeddings"])
    order = np.argsort(got["ids"])
    sents = store.sentences.get(include=["metadatas", "embeddings"])
    sorder = np.argsort(sents["ids"])
    return ([got["ids"][i] for i in order], [got["documents"][i] for i in order],  # type: ignore[index]
            _comparable([dict(got["metadatas"][i]) for i in order]),  # type: ignore[index]
            [np.asarray(got["embeddings"][i]) for i in order],  # type: ignore[index]
            [sents["ids"][i] for i in sorder],
            _comparable([dict(sents["metadatas"][i]) for i in sorder]),  # type: ignore[index]
            [np.asarray(sents["embeddings"][i]) for i in sorder])  # type: ignore[index]


def test_ingest_with_lookahead_writes_what_the_sequential_ingest_writes(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    seq_dir, par_dir = tmp_path / "seq", tmp_path / "par"

    def sequential(group: SourceGroup, settings: IndexSettings, indexed: str | None) -> BuiltVersion:
        return _sequential(group, settings) if indexed is None else build_version(group, settings, indexed)

    monkeypatch.setattr(pipeline, "LOOKAHEAD", 1)
    seq = ingest(Store(Settings(data_dir=seq_dir)), [folder], Settings(data_dir=seq_dir), builder=sequential)
    monkeypatch.setattr(pipeline, "LOOKAHEAD", 2)
    par = ingest(Store(Settings(data_dir=par_dir)), [folder], Settings(data_dir=par_dir),
                 on_result=lambda r: written.append(r.doc_id))
    assert [(r.doc_id, r.status, r.chunks) for r in par.results] == \
        [(r.doc_id, r.status, r.chunks) for r in seq.results]
    assert written == [g.doc_id for g in plan_sources([folder])]  # written in order
    a, b = _dump(seq_dir), _dump(par_dir)
    assert a[:3] == b[:3] and a[4:6] == b[4:6]
    np.testing.assert_allclose(np.array(a[3]), np.array(b[3]), atol=1e-5)
    np.testing.assert_allclose(np.array(a[6]), np.array(b[6]), atol=1e-5)
    again = ingest(Store(Settings(data_dir=par_dir)), [folder], Settings(data_dir=par_dir))
    assert {r.status for r in again.results} == {"unchanged"}


def test_a_failing_document_fails_alone_while_its_neighbours_build(folder: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    docs = _small_docs()
    write_folder(src, docs)
    (src / f"{docs[1][0]}.txt").write_text("   \n\n", encoding="utf-8")  # empty: fails in prepare
    calls: list[str] = []
    gate = threading.Event()

    def slow_first(group: SourceGroup, settings: IndexSettings, indexed: str | None) -> BuiltVersion:
        calls.append(group.doc_id)
        if group.doc_id == docs[0][0]:  # the second document is built (and fails) while the first still builds
            assert gate.wait(30)
        elif group.doc_id == docs[1][0]:
            try:
                return build_version(group, settings, indexed)
            finally:
                gate.set()
        return build_version(group, settings, indexed)

    data = tmp_path / "data"
    report = ingest(Store(Settings(data_dir=data)), [src], Settings(data_dir=data), builder=slow_first)
    assert [r.status for r in report.results] == ["added", "failed", "added"]
    assert docs[1][0] in report.results[1].error and "empty" in report.results[1].error
    assert calls[:2] == [docs[0][0], docs[1][0]]
    assert sorted(d.doc_id for d in Store(Settings(data_dir=data)).documents()) == sorted([docs[0][0], docs[2][0]])


def test_an_unexpected_error_stops_the_ingest_after_the_documents_before_it(folder: Path, tmp_path: Path) -> None:
    groups = plan_sources([folder])

    def broken_second(group: SourceGroup, settings: IndexSettings, indexed: str | None) -> BuiltVersion:
        if group.doc_id == groups[1].doc_id:
            raise RuntimeError("boom")
        return build_version(group, settings, indexed)

    data = tmp_path / "data"
    with pytest.raises(RuntimeError, match="boom"):
        ingest(Store(Settings(data_dir=data)), [folder], Settings(data_dir=data), builder=broken_second)
    assert [d.doc_id for d in Store(Settings(data_dir=data)).documents()] == [groups[0].doc_id]
    ingest(Store(Settings(data_dir=data)), [folder], Settings(data_dir=data))  # the lock was released


def test_without_sentence_vectors(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = IndexSettings(data_dir=tmp_path)
    group = plan_sources([folder])[0]
    with_sents = build_version(group, settings, sentences=True)
    without = build_version(group, settings, sentences=False)
    assert without.doc_hash != with_sents.doc_hash  # switching re-indexes
    assert without.texts == with_sents.texts and len(without.ids) == len(with_sents.ids)
    assert all(v.shape == (0, 384) for v in without.sentence_vectors)
    assert with_sents.vectors is not None and without.vectors is not None
    np.testing.assert_allclose(without.vectors, with_sents.vectors, atol=1e-5)
    monkeypatch.setenv(pipeline.SENTENCE_VECTORS_ENV, "0")
    data = tmp_path / "data"
    store = Store(Settings(data_dir=data))
    ingest(store, [folder], Settings(data_dir=data))
    assert store.count() > 0 and store.sentences.count() == 0
    monkeypatch.delenv(pipeline.SENTENCE_VECTORS_ENV)
    report = ingest(store, [folder], Settings(data_dir=data))
    assert {r.status for r in report.results} == {"updated"} and store.sentences.count() > 0


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _thread_nices(pid: int) -> dict[str, int]:
    return {t.name: int((t / "stat").read_text().rsplit(")", 1)[1].split()[16])
            for t in Path(f"/proc/{pid}/task").iterdir()}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU time and niceness from /proc")
def test_the_worker_embeds_at_its_priority_and_a_killed_worker_fails_only_its_document(tmp_path: Path) -> None:
    from ingestion.index.embeddings import embedding_threads
    from ingestion.worker import WorkerBuilder

    src, first = tmp_path / "src", tmp_path / "first"
    docs = generated_docs(60)
    big = (docs[0][0], docs[0][1], "\n\n".join(d[2] for d in docs[:6]), docs[0][3])  # ~15 s of embedding
    write_folder(src, [big, _small_docs()[1]])
    write_folder(first, _small_docs()[:1])
    worker = WorkerBuilder(nice=10)
    try:
        pid = worker.worker_pid()
        before = _thread_nices(pid)  # (numpy's BLAS thread starts before the worker lowers its priority)
        data = tmp_path / "data"
        assert ingest(Store(Settings(data_dir=data)), [first], Settings(data_dir=data), builder=worker).chunks
        started = {tid: nice for tid, nice in _thread_nices(pid).items() if tid not in before}
        assert len(started) >= embedding_threads() and min(started.values()) >= 10, started
        idle = _cpu_seconds(pid)

        def kill_while_the_first_builds(doc_id: str, n: int, total: int) -> None:
            if n == 0 and doc_id:
                def kill() -> None:  # once the worker has spent a second on the first document
                    deadline = time.monotonic() + 120
                    while _cpu_seconds(pid) < idle + 1.0 and time.monotonic() < deadline:
                        time.sleep(0.05)
                    os.kill(pid, signal.SIGKILL)
                threading.Thread(target=kill, daemon=True).start()

        report = ingest(Store(Settings(data_dir=data)), [src], Settings(data_dir=data),
                        kill_while_the_first_builds, builder=worker)
        # the second document was asked for while the first built, and waited for a worker that was alive
        assert [r.status for r in report.results] == ["failed", "added"], report.results
        assert "worker process stopped" in report.results[0].error
    finally:
        worker.close()
