"""Uploads that cannot destroy: doc_ids from name, content and title; an upload named like an indexed document is
refused without the replace flag (and replaces it with it); the shipped corpus is never replaced through the web;
pages and chunks per file are limited with an error naming the limit; ingestion runs in a separate process at
lower priority; folders of failed ingests are cleaned up. Also the document filters of the API."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_loaders import make_pdf
from web_helpers import ADMIN_KEY, SEED_DOC

from bot.config import Settings
from bot.service import PolicyBot
from bot.web import create_app
from bot.web.uploads import doc_id_for

pytest_plugins = ["web_support"]
ADMIN = {"X-Admin-Key": ADMIN_KEY}


def upload(client: TestClient, name: str, content: bytes, **data: str) -> Any:
    return client.post("/api/documents", headers=ADMIN, files={"file": (name, content, "application/octet-stream")},
                       data=data)


def folders(data_dir: Path) -> set[Path]:
    root = data_dir / "uploads"
    return {p for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()


def test_an_existing_name_is_refused_without_the_replace_flag(web_client: TestClient, web_data_dir: Path) -> None:
    name = f"notice-{uuid.uuid4().hex[:6]}.txt"
    first = upload(web_client, name, "해상 운임 지원 공고\n해상 운임을 기업당 300만원 지원한다.\n".encode())
    assert first.status_code == 201, first.text
    doc_id = first.json()["doc_id"]
    assert doc_id == doc_id_for(name, "해상 운임 지원 공고\n해상 운임을 기업당 300만원 지원한다.\n".encode(), "")
    assert doc_id.startswith(name[:-4] + "-") and len(doc_id) == len(name) - 4 + 11
    before = folders(web_data_dir)

    second = upload(web_client, name, "해상 운임 지원 공고\n해상 운임을 기업당 900만원 지원한다.\n".encode())
    assert second.status_code == 409, second.text
    body = second.json()
    assert doc_id in body["error"] and "replace=true" in body["error"]
    assert [d["doc_id"] for d in body["existing"]] == [doc_id]
    assert folders(web_data_dir) == before  # nothing saved, nothing indexed
    chunks = web_client.app.state.web.bot.store.doc_chunks(doc_id)  # type: ignore[attr-defined]
    assert chunks and all("300만원" in c.text for c in chunks)

    replaced = upload(web_client, name, "해상 운임 지원 공고\n해상 운임을 기업당 900만원 지원한다.\n".encode(),
                      replace="true")
    assert replaced.status_code == 201 and replaced.json()["status"] == "updated", replaced.text
    assert replaced.json()["doc_id"] == doc_id  # the same document, a new version
    chunks = web_client.app.state.web.bot.store.doc_chunks(doc_id)  # type: ignore[attr-defined]
    assert chunks and all("900만원" in c.text for c in chunks)
    assert len([f for f in folders(web_data_dir) if doc_id in (f / "manifest.toml").read_text("utf-8")]) == 1
    # the same upload again is not a conflict: same name, content and title are the same document
    again = upload(web_client, name, "해상 운임 지원 공고\n해상 운임을 기업당 900만원 지원한다.\n".encode(),
                   replace="true")
    assert again.status_code == 409 or again.json()["status"] == "unchanged"
    assert web_client.delete(f"/api/documents/{doc_id}", headers=ADMIN).status_code == 200


def test_the_shipped_corpus_cannot_be_replaced_through_the_web(web_client: TestClient) -> None:
    store = web_client.app.state.web.bot.store  # type: ignore[attr-defined]
    chunks = store.document(SEED_DOC).chunk_count
    for flag in ({}, {"replace": "true"}, {"replace": SEED_DOC}):
        r = upload(web_client, f"{SEED_DOC}.txt", "가짜 보도자료\n한 줄짜리 문서.\n".encode(), **flag)
        assert r.status_code == 403, r.text
        assert SEED_DOC in r.json()["error"] and "corpora/" in r.json()["error"]
    assert store.document(SEED_DOC).chunk_count == chunks and chunks > 1


@pytest.fixture(scope="module")
def limited(seed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, PolicyBot]]:
    data = tmp_path_factory.mktemp("limited") / "data"
    shutil.copytree(seed_data_dir, data)
    settings = Settings(data_dir=data, admin_key=ADMIN_KEY, rate_limit_per_minute=100_000, cors_origins=[],
                        max_pages_per_file=3, max_chunks_per_file=2, chunk_tokens=64, chunk_overlap_tokens=8)
    bot = PolicyBot(settings)
    with TestClient(create_app(settings, bot=bot, warm_up=False)) as client:
        yield client, bot
    bot.ingest_worker().close()


def test_pages_and_chunks_per_file_are_limited_naming_the_limit(limited: tuple[TestClient, PolicyBot]) -> None:
    client, bot = limited
    pages = upload(client, "long.pdf", make_pdf([f"Page {n} of a long notice." for n in range(5)]))
    assert pages.status_code == 422, pages.text
    assert pages.json()["error"] == ("long.pdf: too many pages (5; the limit is 3 pages per file, "
                                     "POLICYBOT_MAX_PAGES_PER_FILE)")
    text = "\n\n".join(f"{n}. 항목 {n}\n항목 {n}의 지원 내용은 기업당 {n}백만원입니다." for n in range(1, 8))
    chunks = upload(client, "many.txt", text.encode())
    assert chunks.status_code == 422 and "the limit is 2 chunks per file, POLICYBOT_MAX_CHUNKS_PER_FILE" in (
        chunks.json()["error"]), chunks.text
    assert not any(d.doc_id.startswith(("long-", "many-")) for d in bot.store.documents())
    ok = upload(client, "short.pdf", make_pdf(["Export voucher notice.", "Limit doubles."]))
    assert ok.status_code == 201, ok.text


def test_ingestion_runs_in_a_lower_priority_worker_process(limited: tuple[TestClient, PolicyBot]) -> None:
    _, bot = limited
    pid = bot.ingest_worker().worker_pid()
    assert pid != os.getpid()
    assert os.getpriority(os.PRIO_PROCESS, pid) >= os.getpriority(os.PRIO_PROCESS, os.getpid()) + 10 or (
        os.getpriority(os.PRIO_PROCESS, pid) == 19)


def test_folders_of_failed_ingests_are_cleaned_up(limited: tuple[TestClient, PolicyBot]) -> None:
    client, bot = limited
    root = Path(bot.settings.data_dir) / "uploads"
    root.mkdir(exist_ok=True)
    orphan = root / uuid.uuid4().hex  # what a server killed during an ingest leaves
    orphan.mkdir()
    (orphan / "manifest.toml").write_text('[[documents]]\ndoc_id = "never-indexed-0123456789"\nfiles = ["a.txt"]\n')
    (orphan / "a.txt").write_text("x")
    fresh = root / uuid.uuid4().hex  # maybe another process's upload in progress: too young to judge
    fresh.mkdir()
    old = time.time() - 3600
    os.utime(orphan, (old, old))
    bad = upload(client, "broken.pdf", b"%PDF-1.7 not really")
    assert bad.status_code == 422
    assert not orphan.exists() and fresh.exists()
    kept = [f for f in root.iterdir() if f.is_dir() and f != fresh]
    assert all(any(d.doc_id in (f / "manifest.toml").read_text("utf-8") for d in bot.store.documents())
               for f in kept)  # what is left belongs to indexed documents


def test_documents_and_answers_can_be_filtered(web_client: TestClient) -> None:
    listed = web_client.get("/api/documents", params={"kind": "press_release"}).json()["documents"]
    assert SEED_DOC in {d["doc_id"] for d in listed}
    seed = next(d for d in listed if d["doc_id"] == SEED_DOC)
    assert seed["doc_kind"] == "press_release" and seed["status"] is None and "중소벤처기업부" in seed["issuer"]
    assert web_client.get("/api/documents", params={"kind": "guide", "issuer": "중소벤처기업부"}).json()[
        "documents"] == []
    assert web_client.get("/api/documents", params={"status": "soon"}).status_code == 422
    question = "수출바우처 지원한도는 어떻게 바뀌나요?"
    ok = web_client.post("/api/ask", json={"question": question, "filters": {"kind": "press_release"}}).json()
    assert ok["outcome"] == "answered" and ok["citations"], ok
    none = web_client.post("/api/ask", json={"question": question, "filters": {"status": "open"}}).json()
    assert none["outcome"] == "abstained" and not none["citations"]
    bad = web_client.post("/api/ask", json={"question": question, "filters": {"since": "yesterday"}})
    assert bad.status_code == 422 and "since" in bad.json()["error"]


def test_make_client_fixture_is_used(make_client: Callable[..., TestClient]) -> None:
    assert make_client().get("/api/documents").status_code == 200


def test_a_worker_does_not_outlive_the_process_that_started_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    from bot.config import PROJECT_ROOT

    script = tmp_path / "start_worker.py"
    script.write_text("import os\nfrom ingestion.worker import WorkerBuilder\n\nif __name__ == '__main__':\n"
                      "    print(WorkerBuilder(10).worker_pid(), flush=True)\n    os._exit(0)  # killed, no shutdown\n")
    done = subprocess.run([sys.executable, str(script)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=120)
    pid = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.2)
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
