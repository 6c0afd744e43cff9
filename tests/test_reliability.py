"""Reliability under faults and load: SIGKILLed ingestion recovers to old-or-new versions (never a mix, never an
orphan), concurrent ingestions are refused, answering while ingesting stays consistent, two web processes share
one Chroma server, and a burst of Slack events is answered exactly once each.

Long variants are marked ``slow`` (run with ``pytest -m slow``; the default run keeps each test bounded).
Run as a script, this module is the index checker the crash test starts in a fresh process:
``python tests/test_reliability.py check DATA_DIR [--recover]`` prints a JSON report."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bench.procs import free_port, wait_http_ok

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python tests/test_reliability.py check …` runs outside pytest

from bot.config import PROJECT_ROOT, Settings  # noqa: E402

POLICYBOT = [sys.executable, "-m", "bot.cli"]
SEED_QUESTION = "수출바우처 지원한도는 어떻게 바뀌나요?"
TOPICS = ("스마트팜", "관광벤처", "해양수산", "뿌리산업", "콘텐츠수출", "소상공인", "청년창업", "수소부품")




# ---- generated corpus: every chunk of version v says "제v판", so a mixed document is visible in its text ----


def write_corpus(folder: Path, docs: int, version: int, sections: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        topic = TOPICS[i % len(TOPICS)]
        parts = [f"{topic} 지원 공고 {i}호 (제{version}판)\n"]
        for s in range(1, sections + 1):
            amount = (i + 1) * 10 + s + version * 1000
            parts.append(
                f"{s}. {topic} {s}번 사업\n\n"
                f"제{version}판: {topic} 기업의 {s}번 사업에 최대 {amount}만원을 지원한다. "
                f"신청은 {s + version}월에 {topic}지원센터에서 받는다.\n"
            )
        (folder / f"crash-{i:03d}.txt").write_text("\n".join(parts), encoding="utf-8")


# ---- the checker (runs in its own process: embedded Chroma is single-process) -------------------------------


def check_index(data_dir: Path, recover: bool) -> dict[str, Any]:
    from ingestion.index import Store

    store = Store(Settings(data_dir=data_dir))
    out: dict[str, Any] = {"unfinished": store.unfinished_writes()}
    before = store.recover(full=True, dry_run=True)
    out["damage_before"] = before.versions_deleted + ([f"{before.sentences_deleted} sentences"]
                                                      if before.sentences_deleted else [])
    # What readers see before any repair: each document's newest complete version, chunks of one version only.
    reader: dict[str, Any] = {}
    for info in store.documents():
        chunks = store.doc_chunks(info.doc_id)
        visible = store.get_chunks([c.chunk_id for c in chunks])
        reader[info.doc_id] = {
            "hash": info.doc_hash,
            "visible_hashes": sorted({c.meta["doc_hash"] for c in visible.values()}),
            "visible": len(visible),
            "chunk_count": info.chunk_count,
        }
    out["reader"] = reader
    if recover:
        report = store.recover()  # exactly what a restarted ingestion does first
        out["recovered"] = report.versions_deleted
    after = store.recover(full=True, dry_run=True)
    out["damage_after"] = after.versions_deleted + ([f"{after.sentences_deleted} sentences"]
                                                    if after.sentences_deleted else [])
    got = store.collection.get(include=["documents", "metadatas"])
    docs: dict[str, dict[str, Any]] = {}
    for text, meta in zip(got["documents"] or [], got["metadatas"] or [], strict=True):
        d = docs.setdefault(str(meta["doc_id"]), {"hashes": set(), "markers": set(), "n": 0, "expected": set()})
        d["hashes"].add(meta["doc_hash"])
        d["expected"].add(int(meta["chunk_count"]))
        d["n"] += 1
        d["markers"].update(m for m in ("제1판", "제2판") if m in (text or ""))
    out["docs"] = {k: {"hashes": sorted(v["hashes"]), "markers": sorted(v["markers"]), "n": v["n"],
                       "expected": sorted(v["expected"])} for k, v in docs.items()}
    chunk_ids = set(got["ids"])
    sent = store.sentences.get(include=["metadatas"])
    hash_of = {cid: meta["doc_hash"] for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)}
    out["orphan_sentences"] = sum(
        1 for m in sent["metadatas"] or [] if m["chunk_id"] not in chunk_ids or hash_of[m["chunk_id"]] != m["doc_hash"]
    )
    out["chunks_without_sentences"] = len(chunk_ids - {m["chunk_id"] for m in sent["metadatas"] or []})
    out["keywords_agree"] = store.keywords.chunk_ids() == chunk_ids
    out["chunks"] = len(chunk_ids)
    return out


def run_checker(data_dir: Path, recover: bool) -> dict[str, Any]:
    args = [sys.executable, str(Path(__file__).resolve()), "check", str(data_dir)] + (["--recover"] if recover else [])
    done = subprocess.run(args, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300,
                          env={**os.environ, "POLICYBOT_DATA_DIR": str(data_dir)})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def assert_consistent(report: dict[str, Any], versions: dict[str, int] | None = None) -> None:
    """Old or new, never a mix, never an orphan; Chroma chunks, Chroma sentences and BM25 agree."""
    assert report["damage_after"] == [], report["damage_after"]
    assert report["orphan_sentences"] == 0
    assert report["chunks_without_sentences"] == 0
    assert report["keywords_agree"]
    for doc_id, d in report["docs"].items():
        assert len(d["hashes"]) == 1, (doc_id, d)
        assert len(d["markers"]) == 1, (doc_id, d)  # every chunk from one version
        assert d["expected"] == [d["n"]], (doc_id, d)  # and all of that version's chunks
        if versions is not None:
            assert d["markers"] == [f"제{versions[doc_id]}판"], (doc_id, d)


def assert_readers_see_one_version(report: dict[str, Any]) -> None:
    """Before any repair, what ``document()``/``get_chunks()`` show is already one complete version."""
    for doc_id, r in report["reader"].items():
        assert r["visible_hashes"] == [r["hash"]], (doc_id, r)
        assert r["visible"] == r["chunk_count"], (doc_id, r)


def _ingest_proc(folder: Path, data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*POLICYBOT, "ingest", str(folder), "--json"], cwd=PROJECT_ROOT, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "POLICYBOT_DATA_DIR": str(data_dir)})


def _journal_begins(data_dir: Path) -> int:
    try:
        return (data_dir / "policybot.journal").read_text(encoding="utf-8").count('"begin"')
    except FileNotFoundError:
        return 0


def ingest_with_kills(folder: Path, data_dir: Path, rng: random.Random, kills: int) -> list[dict[str, Any]]:
    """Start `policybot ingest`, SIGKILL it just after it began writing its k-th document (+ a random few ms),
    check the index in a fresh process, restart; ``kills`` times. Returns the checker reports."""
    reports = []
    for n in range(kills):
        proc = _ingest_proc(folder, data_dir)
        target = rng.randint(1, 3)
        delay = rng.choice([0.0, 0.002, 0.01, 0.03, 0.08, 0.2])
        deadline = time.monotonic() + 240
        while proc.poll() is None and _journal_begins(data_dir) < target and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        # Every other time the checker repairs (like `policybot recover`); otherwise the next ingest does.
        report = run_checker(data_dir, recover=n % 2 == 0)
        report["killed"] = proc.returncode == -signal.SIGKILL
        assert_readers_see_one_version(report)
        if n % 2 == 0:
            assert_consistent(report)
        reports.append(report)
    return reports


def _crash_test(tmp_path: Path, docs: int, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    write_corpus(v1, docs, 1)
    write_corpus(v2, docs, 2)
    reports = ingest_with_kills(v1, data_dir, rng, kills)
    finish = subprocess.run([*POLICYBOT, "ingest", str(v1), "--json"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "POLICYBOT_DATA_DIR": str(data_dir)})
    assert finish.returncode == 0, finish.stderr[-2000:]
    state = run_checker(data_dir, recover=False)
    assert_consistent(state, {f"crash-{i:03d}": 1 for i in range(docs)})
    assert len(state["docs"]) == docs

    # Replace every document in place with version 2, killing again: each one is v1 or v2, whole.
    reports += ingest_with_kills(v2, data_dir, rng, kills)
    finish = subprocess.run([*POLICYBOT, "ingest", str(v2), "--json"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "POLICYBOT_DATA_DIR": str(data_dir)})
    assert finish.returncode == 0, finish.stderr[-2000:]
    final = run_checker(data_dir, recover=False)
    assert_consistent(final, {f"crash-{i:03d}": 2 for i in range(docs)})
    assert len(final["docs"]) == docs
    print(f"\ncrash test: {len(reports)} kills, {sum(r['killed'] for r in reports)} landed while running, "
          f"{sum(1 for r in reports if r['unfinished'])} left an unfinished write, damage found before repair: "
          f"{[r['damage_before'] for r in reports if r['damage_before']]}")
    # The kills really interrupted writes: some left a begun-but-unfinished document to repair.
    assert sum(1 for r in reports if r["unfinished"]) >= 1, [(r["killed"], r["unfinished"]) for r in reports]


def test_sigkill_during_ingest_leaves_old_or_new_never_a_mix(tmp_path: Path) -> None:
    """12 small documents (36 chunks) per version, 3 kills while ingesting v1 and 3 while replacing with v2."""
    _crash_test(tmp_path, docs=12, kills=3, seed=20240508)


@pytest.mark.slow
def test_sigkill_during_large_ingest(tmp_path: Path) -> None:
    """The long version: 80 documents (240 chunks per version, 480 written), 8 kills per phase."""
    _crash_test(tmp_path, docs=80, kills=8, seed=7)


def test_recover_repairs_every_kind_of_damage(tmp_path: Path) -> None:
    """Hand-made damage, one of each: an incomplete new version next to the complete old one, two complete
    versions, sentences whose chunks never got written, a half-removed document."""
    import numpy as np

    from ingestion.index import Store

    store = Store(Settings(data_dir=tmp_path / "data"))
    rng = np.random.default_rng(0)

    def write(doc_id: str, doc_hash: str, n: int, at: str, only: int | None = None, sentences: bool = True,
              chunks: bool = True) -> list[str]:
        ids = [f"{doc_id}::{doc_hash}::{i:05d}" for i in range(n)]
        metas = [{"doc_id": doc_id, "doc_hash": doc_hash, "chunk_index": i, "chunk_count": n, "ingested_at": at,
                  "kw": f"{doc_id} 단어{i}", "title": doc_id} for i in range(n)]
        keep = slice(0, only if only is not None else n)
        vecs = rng.normal(size=(n, 384)).astype(np.float32)
        if sentences:
            sent_metas = [{"doc_id": doc_id, "doc_hash": doc_hash, "chunk_id": c, "sent": 0, "chunk_index": i}
                          for i, c in enumerate(ids)]
            store.sentences.upsert(ids=[f"{c}#0" for c in ids[keep]], embeddings=vecs[keep],
                                   metadatas=sent_metas[keep])
        if chunks:
            store.collection.upsert(ids=ids[keep], documents=[f"{doc_id} 본문 {i}" for i in range(n)][keep],
                                    metadatas=metas[keep], embeddings=vecs[keep])
        return ids

    a_old = write("a", "old", 4, "2024-01-01T00:00:00+00:00")
    write("a", "new", 5, "2024-02-01T00:00:00+00:00", only=3)  # killed half-way through the chunk upsert
    write("b", "old", 3, "2024-01-01T00:00:00+00:00")
    b_new = write("b", "new", 2, "2024-02-01T00:00:00+00:00")  # killed before the stale delete
    c_ok = write("c", "v1", 2, "2024-01-01T00:00:00+00:00")
    write("c", "v2", 2, "2024-03-01T00:00:00+00:00", chunks=False)  # killed between sentences and chunks
    write("d", "v1", 4, "2024-01-01T00:00:00+00:00", only=1, sentences=False)  # killed while removing
    for doc_id in "abcd":
        store.journal.write("begin", doc_id)

    # Readers already see only complete versions, the newest one when there are two.
    assert store.document("a").doc_hash == "old"  # type: ignore[union-attr]
    assert store.document("b").doc_hash == "new"  # type: ignore[union-attr]
    assert store.document("d") is None
    assert set(store.get_chunks([*a_old, "a::new::00000"])) == set(a_old)
    assert set(store.get_chunks(["b::old::00000", *b_new])) == set(b_new)
    assert {d.doc_id: d.doc_hash for d in store.documents()} == {"a": "old", "b": "new", "c": "v1"}

    check = store.recover(full=True, dry_run=True)
    assert sorted(check.versions_deleted) == ["a@new (incomplete 3/5)", "b@old (superseded)",
                                              "d@v1 (incomplete 1/4)"]
    assert check.sentences_deleted == 3 + 3 + 2  # a@new, b@old, c@v2
    assert store.count() == 4 + 3 + 3 + 2 + 2 + 1  # dry run: nothing deleted

    assert store.unfinished_writes() == ["a", "b", "c", "d"]
    report = store.recover()
    assert report.chunks_deleted == 3 + 3 + 1 and report.sentences_deleted == 8
    assert store.unfinished_writes() == []
    assert set(store.collection.get(include=[])["ids"]) == {*a_old, *b_new, *c_ok}
    sentence_chunks = {m["chunk_id"] for m in store.sentences.get(include=["metadatas"])["metadatas"] or []}
    assert sentence_chunks == {*a_old, *b_new, *c_ok}
    again = store.recover(full=True, dry_run=True)
    assert again.versions_deleted == [] and again.sentences_deleted == 0
    assert store.keywords.chunk_ids() == {*a_old, *b_new, *c_ok}


def test_store_opened_for_writing_recovers_unless_an_ingestion_holds_the_lock(tmp_path: Path) -> None:
    from filelock import FileLock

    from ingestion.index import Store

    data = tmp_path / "data"
    store = Store(Settings(data_dir=data))
    store.collection.upsert(ids=["x::h::00000"], documents=["x"], embeddings=[[0.1] * 384],
                            metadatas=[{"doc_id": "x", "doc_hash": "h", "chunk_index": 0, "chunk_count": 2}])
    store.journal.write("begin", "x")
    with FileLock(str(data / "ingest.lock")):  # an ingestion is running: it will recover, not us
        assert Store(Settings(data_dir=data), recover=True).count() == 1
    assert Store(Settings(data_dir=data), recover=True).count() == 0


# ---- the ingest lock, through the CLI ------------------------------------------------------------------------


def test_second_cli_ingest_on_the_same_data_dir_gets_a_clear_message(tmp_path: Path) -> None:
    folder, data = tmp_path / "docs", tmp_path / "data"
    write_corpus(folder, 10, 1)
    first = _ingest_proc(folder, data)
    try:
        deadline = time.monotonic() + 120
        while _journal_begins(data) < 1:  # the first ingestion holds the lock once it writes
            assert first.poll() is None and time.monotonic() < deadline, "first ingestion never started writing"
            time.sleep(0.01)
        second = subprocess.run([*POLICYBOT, "ingest", str(folder)], cwd=PROJECT_ROOT, capture_output=True,
                                text=True, timeout=120, env={**os.environ, "POLICYBOT_DATA_DIR": str(data)})
        assert second.returncode == 3, second.stderr
        message = " ".join(second.stderr.split())
        assert "another ingestion is running" in message and "wait for it to finish" in message
        assert first.wait(timeout=300) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert_consistent(run_checker(data, recover=False), {f"crash-{i:03d}": 1 for i in range(10)})


# ---- answering while ingesting -------------------------------------------------------------------------------


def test_answers_stay_complete_while_another_thread_ingests(seed_copy: Path, tmp_path: Path) -> None:
    from conftest import SEED_DOC_ID

    from bot.service import PolicyBot

    bot = PolicyBot(Settings(data_dir=seed_copy, answer_cache_size=0))
    bot.warm_up()
    seed_ids = set(bot.store.collection.get(include=[])["ids"])
    folder = tmp_path / "more"
    write_corpus(folder, 6, 1)
    answers: list[Any] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                answers.append(bot.answer(SEED_QUESTION))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                return

    asker = threading.Thread(target=ask, name="asker")
    asker.start()
    try:
        report = bot.ingest([folder])
        write_corpus(folder, 6, 2)  # and replace them in place while the asker keeps asking
        report2 = bot.ingest([folder])
    finally:
        stop.set()
        asker.join(timeout=120)
    assert not errors, errors
    assert not report.failed and not report2.failed
    assert {r.status for r in report2.results} == {"updated"}
    assert len(answers) >= 3
    final_ids = set(bot.store.collection.get(include=[])["ids"])
    for answer in answers:
        assert not answer.abstained and "2배" in answer.text, answer.text
        assert answer.citations and all(f"[{c.n}]" in answer.text for c in answer.citations)
        for c in answer.citations:
            assert c.chunk_id in seed_ids and c.chunk_id in final_ids and c.doc_id == SEED_DOC_ID
            assert c.quote and c.quote in c.passage


# ---- several web processes on one Chroma server -------------------------------------------------------------




def test_two_web_processes_share_one_chroma_server(tmp_path: Path) -> None:
    """Two app processes (what `uvicorn --workers 2` starts) on one data dir and one `chroma run` server: an
    upload through one is answered by the other, and both list the same documents."""
    import httpx

    chroma_port, ports = free_port(), [free_port(), free_port()]
    chroma = Path(sys.executable).parent / "chroma"
    procs: list[subprocess.Popen[Any]] = []
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                               "--port", str(chroma_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http_ok(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat", 60, server)
        env = {**os.environ, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_port),
               "POLICYBOT_DATA_DIR": str(tmp_path / "data"), "POLICYBOT_ADMIN_KEY": "k" * 32,
               "POLICYBOT_RATE_LIMIT_PER_MINUTE": "1000"}
        env.pop("SLACK_BOT_TOKEN", None)
        for port in ports:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "bot.web.app:create_app", "--factory", "--host", "127.0.0.1",
                 "--port", str(port), "--log-level", "warning"],
                cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        for port, proc in zip(ports, procs, strict=True):
            wait_http_ok(f"http://127.0.0.1:{port}/readyz", 180, proc)
        a, b = (f"http://127.0.0.1:{p}" for p in ports)
        doc = ("1. 해양수산 수출 지원\n\n해양수산 중소기업의 수출을 돕기 위해 물류비를 최대 3천만원까지 지원한다.\n"
               "신청은 매년 3월에 받는다.\n").encode()
        up = httpx.post(f"{a}/api/documents", files={"file": ("ocean.txt", doc, "text/plain")},
                        headers={"X-Admin-Key": "k" * 32}, timeout=120)
        assert up.status_code == 201, up.text
        doc_id = up.json()["doc_id"]  # the file name plus a hash of content and title
        assert doc_id.startswith("ocean-")
        for base in (a, b):
            listed = httpx.get(f"{base}/api/documents", timeout=30).json()
            assert [d["doc_id"] for d in listed["documents"]] == [doc_id]
        # Both processes answer at once from the same server; the second one never saw the upload happen.
        results: dict[str, Any] = {}

        def ask(base: str) -> None:
            question = "해양수산 물류비는 최대 얼마까지 지원하나요?"
            results[base] = httpx.post(f"{base}/api/ask", json={"question": question}, timeout=120)

        threads = [threading.Thread(target=ask, args=(base,)) for base in (a, b, a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for base in (a, b):
            r = results[base]
            assert r.status_code == 200, r.text
            assert "3천만원" in r.json()["text"] and r.json()["citations"][0]["doc_id"] == doc_id
        assert not (tmp_path / "data" / "chroma").exists()  # no embedded store: the server holds the vectors
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        server.terminate()
        server.wait(timeout=30)


# ---- a burst of Slack events --------------------------------------------------------------------------------


SLACK_DIR = Path(__file__).resolve().parent / "slack"
if str(SLACK_DIR) not in sys.path:
    sys.path.insert(0, str(SLACK_DIR))


def test_slack_burst_of_200_events_each_answered_exactly_once(tmp_path: Path, seed_data_dir: Path) -> None:
    """200 signed app_mention events (distinct event ids, 50 channels × 4 messages) plus 20 replays of them:
    every message gets exactly one placeholder and one answer, and no replay gets a second one."""
    import shutil

    import httpx
    import uvicorn
    from fake_slack_api import BOT_USER_ID, FakeSlack
    from slack_testkit import BOT_TOKEN, SIGNING_SECRET, RecordingBot, SlackEndpoint, _free_socket

    from bot.service import PolicyBot
    from bot.slack.http import mount_slack
    from bot.web.app import create_app

    questions = ["수출바우처 지원한도는 얼마나 확대되나요?", "K-GLOBAL STAR 프로그램은 무엇인가요?",
                 "What does the K-Global project support?", "글로벌 강소기업으로 지정되면 어떤 혜택이 있나요?"]
    fake = FakeSlack().start()
    data = tmp_path / "data"
    shutil.copytree(seed_data_dir, data)
    settings = Settings(data_dir=data, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                        slack_api_url=fake.api_url, slack_app_token=None)
    bot = PolicyBot(settings)
    bot.warm_up()
    app = create_app(settings, bot, warm_up=False, with_slack=False)
    recording = RecordingBot(bot)
    assert mount_slack(app, settings, recording)
    sock = _free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        sent: list[tuple[str, str, str]] = []  # (channel, ts, event_id)
        started = time.monotonic()
        with httpx.Client(base_url=base, timeout=60) as http:
            slack = SlackEndpoint(base, fake, settings, recording, http)

            def send(i: int) -> tuple[str, str, str]:
                channel = f"CBURST{i % 50:03d}"
                text = f"<@{BOT_USER_ID}> {questions[i % len(questions)]}"
                ts = fake.add_message(channel, text, "UASKER")
                event = {"type": "app_mention", "user": "UASKER", "text": text, "ts": ts, "channel": channel}
                response, event_id = slack.event(event, event_id=f"EvBURST{i:04d}")
                assert response.status_code == 200, response.text
                return channel, ts, event_id

            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=16) as pool:
                sent = list(pool.map(send, range(200)))
            acked = time.monotonic() - started
            # Slack redelivers some (same event id, X-Slack-Retry-Num): none may be answered twice.
            for i in range(0, 200, 10):
                channel, ts, event_id = sent[i]
                event = {"type": "app_mention", "user": "UASKER", "text": f"<@{BOT_USER_ID}> x", "ts": ts,
                         "channel": channel}
                retry_headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
                assert slack.event(event, event_id=event_id, headers=retry_headers)[0].status_code == 200
                assert slack.event(event, event_id=event_id)[0].status_code == 200

            def all_answered(calls: list[Any]) -> bool:
                return sum(1 for c in calls if c.method == "chat.update") >= 200

            fake.wait_for(all_answered, timeout=240)
            time.sleep(1.0)  # any duplicate would arrive now
        elapsed = time.monotonic() - started
        placeholders = [(c.params["channel"], c.params.get("thread_ts")) for c in fake.calls_to("chat.postMessage")]
        assert sorted(placeholders) == sorted((ch, ts) for ch, ts, _ in sent)  # one per message, in its thread
        updates = fake.calls_to("chat.update")
        assert len(updates) == 200
        assert len({(c.params["channel"], c.params["ts"]) for c in updates}) == 200
        assert all("[1]" in c.params.get("text", "") or c.params.get("blocks") for c in updates)
        assert len(recording.calls) == 200
        print(f"\nslack burst: 200 events acked in {acked:.1f} s, all answered in {elapsed:.1f} s")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        fake.stop()


# ---- scale and load (small by default; the real runs are `slow`) ------------------------------------------


def test_scale_benchmark_small(seed_data_dir: Path, tmp_path: Path) -> None:
    """bench.scale at 2k records (the CI version of the 10k–100k run): it measures, and the seed questions are
    still found among the distractors."""
    from bench.scale import format_table, run_scale

    result = run_scale(sizes=(2000,), distinct=100, questions=8, seed_index=seed_data_dir, workdir=tmp_path,
                       log=lambda m: None)
    row = result["rows"][0]
    assert row["records"] > 2000 and row["write_records_per_s"] > 0 and row["dense_p95_ms"] > 0
    assert row["seed_r@5"] >= 0.75, row
    assert "precomputed vectors" in result["method"]
    print("\n" + format_table(result))


@pytest.mark.slow
def test_scale_benchmark_full(seed_data_dir: Path) -> None:
    from bench.scale import format_table, run_scale

    for server in (False, True):
        result = run_scale(sizes=(10_000, 50_000, 100_000), server=server, seed_index=seed_data_dir)
        print("\n" + format_table(result))
        assert all(r["seed_r@5"] >= 0.75 for r in result["rows"])


def _timed_load(seed_data_dir: Path, clients: int, seconds: float) -> dict[str, Any]:
    from bench.load import format_result, local_server, run_timed_load

    with local_server(seed_data_dir) as url:
        result = run_timed_load(url, clients=clients, seconds=seconds)
    print("\n" + format_result(result))
    return result


def test_timed_web_load_small(seed_data_dir: Path) -> None:
    result = _timed_load(seed_data_dir, clients=10, seconds=5)
    assert result["errors"] == 0, result["error_kinds"]
    assert result["ok"] >= 10 and result["p99_ms"] >= result["p50_ms"] > 0


@pytest.mark.slow
def test_web_load_50_clients_60_seconds(seed_data_dir: Path) -> None:
    result = _timed_load(seed_data_dir, clients=50, seconds=60)
    assert result["errors"] == 0, result["error_kinds"]


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "check":
        print(json.dumps(check_index(Path(sys.argv[2]), "--recover" in sys.argv), ensure_ascii=False))
    else:
        sys.exit("usage: python tests/test_reliability.py check DATA_DIR [--recover]")


def test_a_collection_another_process_created_at_the_same_moment_is_opened() -> None:
    """Two app processes on one fresh Chroma server race in get_or_create: the loser is told the collection
    "already exists"; opening it again succeeds. Any other error is raised at once."""
    from ingestion.index.store import open_collection

    class Racing:
        def __init__(self, errors: list[Exception]) -> None:
            self.errors, self.calls = errors, 0

        def get_or_create_collection(self, **kwargs: object) -> str:
            self.calls += 1
            if self.errors:
                raise self.errors.pop(0)
            return f"collection {kwargs['name']}"

    raced = Racing([RuntimeError("Collection [policy] already exists")])
    assert open_collection(raced, "policy", {}) == "collection policy" and raced.calls == 2
    broken = Racing([RuntimeError("connection refused")])
    with pytest.raises(RuntimeError, match="refused"):
        open_collection(broken, "policy", {})
    assert broken.calls == 1
