"""Ingestion into the real store: idempotence, replacement, removal, bad input, reopening, server mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPORA, SEED_DOC_ID
from pypdf import PdfWriter

from bench.procs import free_port, wait_http_ok
from bot.config import PROJECT_ROOT, Settings
from bot.service import PolicyBot
from ingestion.pipeline import IngestLockedError, ingest

POLICYBOT = [sys.executable, "-m", "bot.cli"]

DOC_V1 = """1. 해양수산 수출 지원

해양수산 중소기업의 수출을 돕기 위해 물류비를 최대 3천만원까지 지원한다.
신청은 매년 3월에 받는다.
"""
DOC_V2 = """1. 해양수산 수출 지원

해양수산 중소기업의 수출을 돕기 위해 물류비를 최대 5천만원까지 지원한다.
"""


def run_cli(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "POLICYBOT_DATA_DIR": str(data_dir), **env}
    return subprocess.run([*POLICYBOT, *args], capture_output=True, text=True, env=full_env, cwd=PROJECT_ROOT,
                          timeout=300)


def all_ids(bot: PolicyBot) -> set[str]:
    return set(bot.store.collection.get(include=[])["ids"])


def keyword_ids(bot: PolicyBot) -> set[str]:
    return bot.store.keywords.chunk_ids()


def test_reingest_unchanged_is_a_noop(seed_copy: Path) -> None:
    bot = PolicyBot(Settings(data_dir=seed_copy))
    before = all_ids(bot)
    report = bot.ingest([CORPORA])
    assert [r.status for r in report.results] == ["unchanged"]
    assert all_ids(bot) == before
    assert report.chunks == 0


def test_pdf_and_txt_are_one_document(seed_bot: PolicyBot) -> None:
    docs = seed_bot.store.documents()
    assert [d.doc_id for d in docs] == [SEED_DOC_ID]
    assert docs[0].meta["source"].endswith(".pdf")
    assert docs[0].meta["title"] == "중소‧벤처기업 글로벌화 지원 대책"
    assert docs[0].meta["published"] == "2024-05-08"


def test_changed_document_replaces_its_chunks_and_remove_deletes_everywhere(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "ocean.txt"
    doc.write_text(DOC_V1, encoding="utf-8")
    bot = PolicyBot(Settings(data_dir=tmp_path / "data"))
    assert [r.status for r in bot.ingest([folder]).results] == ["added"]
    old_ids = all_ids(bot)
    assert keyword_ids(bot) == old_ids

    doc.write_text(DOC_V2, encoding="utf-8")
    assert [r.status for r in bot.ingest([folder]).results] == ["updated"]
    new_ids = all_ids(bot)
    assert new_ids and not (new_ids & old_ids)
    texts = " ".join(bot.store.collection.get(include=["documents"])["documents"] or [])
    assert "5천만원" in texts and "3천만원" not in texts and "3월" not in texts
    sentence_meta = bot.store.sentences.get(include=["metadatas"])["metadatas"] or []
    assert {m["chunk_id"] for m in sentence_meta} == new_ids
    assert keyword_ids(bot) == new_ids
    hits = bot.store.keyword_search(["3천만원", "신청", "3월"], 5)
    assert all(cid in new_ids for cid, _ in hits)

    assert bot.store.remove_document("ocean") == len(new_ids)
    assert all_ids(bot) == set()
    assert bot.store.sentences.count() == 0
    assert keyword_ids(bot) == set()


def _make_pdf(path: Path, text: str) -> None:
    from test_loaders import make_pdf  # the loader tests' minimal PDF writer

    path.write_bytes(make_pdf([text]))


def test_bad_files_fail_alone_with_one_line_errors(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    with open(folder / "locked.pdf", "wb") as fh:
        writer.write(fh)
    good = "# 관광 수출 지원\n\n관광 벤처기업에 해외 홍보비 1억원을 지원한다.\n"
    (folder / "good.md").write_text(good, encoding="utf-8")

    data = tmp_path / "data"
    result = run_cli(["ingest", str(folder)], data)
    assert result.returncode == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error")]
    for name in ("empty.txt", "corrupt.pdf", "binary.txt", "locked.pdf"):
        matching = [line for line in error_lines if name in line]
        assert len(matching) == 1, (name, result.stderr)
    assert "encrypted" in next(line for line in error_lines if "locked.pdf" in line)
    listed = json.loads(run_cli(["docs", "list", "--json"], data).stdout)
    assert [d["doc_id"] for d in listed] == ["good"]


def test_pdf_made_in_the_test_keeps_page_numbers(tmp_path: Path) -> None:
    from test_loaders import make_pdf

    folder = tmp_path / "pdf"
    folder.mkdir()
    (folder / "notice.pdf").write_bytes(make_pdf(["1. Export support\nVoucher limit doubles.",
                                                  "2. Overseas expansion\nLoans for subsidiaries."]))
    bot = PolicyBot(Settings(data_dir=tmp_path / "data"))
    assert bot.ingest([folder]).failed == []
    chunks = bot.store.doc_chunks("notice")
    pages = {c.section_label: c.pages for c in chunks}
    assert pages["1. Export support"] == (1,)
    assert pages["2. Overseas expansion"] == (2,)


def test_reopening_in_a_new_process_answers_from_the_same_index(seed_copy: Path) -> None:
    listed = run_cli(["docs", "list", "--json"], seed_copy)
    assert listed.returncode == 0, listed.stderr
    assert [d["doc_id"] for d in json.loads(listed.stdout)] == [SEED_DOC_ID]
    asked = run_cli(["ask", "수출바우처 지원한도는 어떻게 바뀌나요?", "--passages", "--json"], seed_copy)
    assert asked.returncode == 0, asked.stderr
    out = json.loads(asked.stdout)
    first = out["passages"][0]
    assert "2배" in first["text"]
    assert first["section"] == "붙임1 > (전략 1) 내수 넘어 수출로 > 1. 수출단계별 집중 육성 체계 구축"
    assert first["pages"] == [3]
    assert "2배" in out["text"] and not out["abstained"]


def test_remove_via_cli_and_unknown_doc(seed_copy: Path) -> None:
    missing = run_cli(["docs", "remove", "no-such-doc"], seed_copy)
    assert missing.returncode == 1 and "no-such-doc" in missing.stderr
    removed = run_cli(["docs", "remove", SEED_DOC_ID, "--json"], seed_copy)
    assert removed.returncode == 0 and json.loads(removed.stdout)["removed_chunks"] > 10
    assert json.loads(run_cli(["docs", "list", "--json"], seed_copy).stdout) == []


def test_second_ingest_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    from filelock import FileLock

    settings = Settings(data_dir=tmp_path)
    bot = PolicyBot(settings)
    with FileLock(str(tmp_path / "ingest.lock")), pytest.raises(IngestLockedError, match="another ingestion"):
        ingest(bot.store, [CORPORA], settings)




def test_chroma_server_mode(tmp_path: Path) -> None:
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http_ok(f"http://127.0.0.1:{port}/api/v2/heartbeat", 60, server)
        folder = tmp_path / "docs"
        folder.mkdir()
        (folder / "ocean.txt").write_text(DOC_V1, encoding="utf-8")
        env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port)}
        local = tmp_path / "local"
        assert run_cli(["ingest", str(folder)], local, **env).returncode == 0
        assert not (local / "chroma").exists()  # nothing embedded: the server holds the vectors
        question = "해양수산 물류비는 최대 얼마까지 지원하나요?"
        asked = json.loads(run_cli(["ask", question, "--json"], local, **env).stdout)
        assert "3천만원" in asked["text"]
        assert asked["citations"][0]["doc_id"] == "ocean"
        # A fresh local directory (another machine) reads the same server and rebuilds BM25 from it.
        other = tmp_path / "other"
        listed = json.loads(run_cli(["docs", "list", "--json"], other, **env).stdout)
        assert [d["doc_id"] for d in listed] == ["ocean"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_index_built_with_another_ef_search_is_brought_to_the_configured_one(tmp_path: Path) -> None:
    """A collection keeps the ef_search it was created with; one built before the setting changed (100 missed the
    nearest sentences of a few hundred in some processes) is set to the configured value when opened."""
    from ingestion.index import Store
    from ingestion.settings import IndexSettings

    Store(IndexSettings(data_dir=tmp_path, hnsw_ef_search=100))
    reopened = Store(IndexSettings(data_dir=tmp_path))
    for collection in (reopened.collection, reopened.sentences):
        assert collection.configuration_json["hnsw"]["ef_search"] == IndexSettings().hnsw_ef_search >= 400


def test_dense_views_return_the_k_nearest_even_when_asking_the_index_for_more(tmp_path: Path) -> None:
    """The store asks Chroma for a few results more than wanted and keeps the k nearest: the same k whatever the
    approximate search returned at its edge."""
    import numpy as np

    from ingestion.index import Store
    from ingestion.settings import IndexSettings

    store = Store(IndexSettings(data_dir=tmp_path))
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(30, 384)).astype("float32")
    store.collection.add(ids=[f"c{i}" for i in range(30)], embeddings=vectors.tolist(),
                         metadatas=[{"doc_id": "d", "chunk_id": f"c{i}"} for i in range(30)])
    query = vectors[3] + 0.01
    found = store.dense_search(query, 5)
    exact = np.argsort(-(vectors @ query) / np.linalg.norm(vectors, axis=1))[:5]
    assert [cid for cid, _ in found] == [f"c{i}" for i in exact]


def test_sentence_view_ranks_chunks_by_their_best_sentence_read_from_the_sentence_ids(tmp_path: Path) -> None:
    """The sentence view names each hit's chunk from the sentence record's id alone (no metadata read), also
    when the chunk id itself holds a '#'."""
    import numpy as np

    from ingestion.index import Store
    from ingestion.index.records import sentence_record
    from ingestion.settings import IndexSettings

    store = Store(IndexSettings(data_dir=tmp_path))
    rng = np.random.default_rng(11)
    vectors = rng.normal(size=(12, 384)).astype("float32")
    records = [sentence_record("d#1", "h", f"d#1::h::{i // 3:05d}", i % 3, i // 3) for i in range(12)]
    store.sentences.add(ids=[sid for sid, _ in records], embeddings=vectors.tolist(),
                        metadatas=[meta for _, meta in records])  # type: ignore[arg-type]
    query = vectors[7] + 0.01  # a sentence of chunk 2
    found = store.sentence_search(query, 12)
    cosine = (vectors @ query) / np.linalg.norm(vectors, axis=1) / np.linalg.norm(query)
    best = {f"d#1::h::{c:05d}": max(cosine[3 * c: 3 * c + 3]) for c in range(4)}
    ranked = sorted(best, key=lambda c: -best[c])
    assert [cid for cid, _ in found] == ranked
    assert [round(score, 4) for _, score in found] == [round(float(best[c]), 4) for c in ranked]
