"""HTTP API of the web channel, through FastAPI's TestClient on the real answer service and seed index."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN_KEY, SEED_DOC, LiveServer

from bench.loadcheck import run_loadcheck
from bot.config import Settings
from bot.feedback import FeedbackStore
from bot.models import Answer
from bot.text import clean_text
from bot.web import create_app
from bot.web.guards import SlidingWindowLimiter
from ingestion.loaders import supported_suffixes

# The fixtures live in web_support (a plugin, not a conftest.py: see its docstring).
pytest_plugins = ["web_support"]

ADMIN = {"X-Admin-Key": ADMIN_KEY}


def sse_events(body: str) -> list[tuple[str, Any]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = block.split("\n")
        name = next(line[len("event: "):] for line in lines if line.startswith("event: "))
        data = "\n".join(line[len("data: "):] for line in lines if line.startswith("data: "))
        events.append((name, json.loads(data)))
    return events


def upload(client: TestClient, name: str, content: bytes, headers: dict[str, str] | None = None,
           **data: str) -> Any:
    return client.post("/api/documents", headers=ADMIN if headers is None else headers,
                       files={"file": (name, content, "application/octet-stream")}, data=data)


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


# ---- health ----------------------------------------------------------------------------------------------


def test_healthz_and_readyz(web_client: TestClient) -> None:
    assert web_client.get("/healthz").json() == {"status": "ok"}
    ready = web_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["ready"] is True and ready.json()["documents"] >= 1 and ready.json()["chunks"] > 10


class SlowWarmBot:
    """Stands in for PolicyBot to observe readiness while warm-up is still running (or has failed)."""

    def __init__(self, settings: Settings, fail: bool = False) -> None:
        self.settings = settings
        self.release = threading.Event()
        self.fail = fail
        self._ready = False

    @property
    def ready(self) -> bool:
        return self._ready

    def warm_up(self) -> None:
        self.release.wait(30)
        if self.fail:
            raise RuntimeError("embedding model missing")
        self._ready = True

    @property
    def store(self) -> Any:
        class _Store:
            def documents(self) -> list[Any]:
                return []

        return _Store()


def test_readyz_is_503_until_warm_up_finishes(tmp_path: Path) -> None:
    fake = SlowWarmBot(Settings(data_dir=tmp_path))
    with TestClient(create_app(fake.settings, bot=fake)) as client:  # type: ignore[arg-type]
        assert client.get("/healthz").status_code == 200
        warming = client.get("/readyz")
        assert warming.status_code == 503 and "warming up" in warming.json()["error"]
        fake.release.set()
        deadline = time.monotonic() + 10
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_readyz_reports_a_failed_warm_up(tmp_path: Path) -> None:
    fake = SlowWarmBot(Settings(data_dir=tmp_path), fail=True)
    fake.release.set()
    with TestClient(create_app(fake.settings, bot=fake)) as client:  # type: ignore[arg-type]
        deadline = time.monotonic() + 10
        while "failed" not in (r := client.get("/readyz")).json().get("error", ""):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert r.status_code == 503 and "embedding model missing" in r.json()["error"]


def test_openapi_docs(web_client: TestClient) -> None:
    assert web_client.get("/docs").status_code == 200
    spec = web_client.get("/openapi.json").json()
    for path in ("/api/ask", "/api/ask/stream", "/api/documents", "/api/documents/{doc_id}", "/api/programs",
                 "/api/feedback", "/healthz", "/readyz"):
        assert path in spec["paths"], path
    assert "multipart/form-data" in spec["paths"]["/api/documents"]["post"]["requestBody"]["content"]


# ---- asking ----------------------------------------------------------------------------------------------


def test_ask_korean_answer_is_cited(web_client: TestClient) -> None:
    r = web_client.post("/api/ask", json={"question": "수출바우처 지원한도는 어떻게 바뀌나요?"})
    assert r.status_code == 200
    answer = Answer.model_validate(r.json())
    assert not answer.abstained and answer.language == "ko"
    assert "2배" in answer.text and "[1]" in answer.text
    first = answer.citations[0]
    assert first.doc_id == SEED_DOC and "수출단계별 집중 육성 체계 구축" in first.section
    assert first.quote in first.passage and first.pages == [3]


def test_ask_english(web_client: TestClient) -> None:
    r = web_client.post("/api/ask", json={"question": "What does the K-Global project support?"})
    answer = Answer.model_validate(r.json())
    assert answer.language == "en" and not answer.abstained and answer.citations


def test_ask_unanswerable_abstains_with_contact(web_client: TestClient) -> None:
    answer = Answer.model_validate(web_client.post("/api/ask", json={"question": "점심 메뉴 추천해줘"}).json())
    assert answer.abstained and not answer.citations
    assert answer.contact is not None and "글로벌성장정책과" in answer.contact.department
    assert answer.contact.people


def test_ask_with_history_and_doc_filter(web_client: TestClient) -> None:
    history = [{"role": "user", "content": "K-GLOBAL STAR 프로그램은 무엇인가요?"},
               {"role": "assistant", "content": "민간 VC의 검증과 투자를 받은 유망 스타트업을 … [1]"}]
    r = web_client.post("/api/ask", json={"question": "투자 유치에 성공하면 무엇을 지원하나요?", "history": history,
                                          "doc_id": SEED_DOC})
    assert r.status_code == 200
    answer = Answer.model_validate(r.json())
    assert all(c.doc_id == SEED_DOC for c in answer.citations)


def test_ask_strips_control_characters(web_client: TestClient) -> None:
    r = web_client.post("/api/ask", json={"question": "K-GLOBAL\x00 STAR\u202e 프로그램은\x07 무엇인가요?"})
    assert r.status_code == 200
    assert r.json()["question"] == "K-GLOBAL STAR 프로그램은 무엇인가요?"


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({}, 422, "question: Field required"),
        ({"question": 12}, 422, "question"),
        ({"question": "   \x00\x01  "}, 422, "empty"),
        ({"question": "안녕", "history": [{"role": "system", "content": "x"}]}, 422, "history.0.role"),
        ({"question": "안녕", "doc_id": "../etc"}, 422, "doc_id"),
        ({"question": "가" * 2001}, 413, "too long"),
    ],
)
def test_ask_rejects_bad_input(web_client: TestClient, body: dict[str, Any], status: int, fragment: str) -> None:
    for path in ("/api/ask", "/api/ask/stream"):
        r = web_client.post(path, json=body)
        assert r.status_code == status, (path, r.text)
        assert fragment in r.json()["error"]


def test_ask_rejects_malformed_json(web_client: TestClient) -> None:
    r = web_client.post("/api/ask", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"].startswith("Invalid request")


def test_question_limit_follows_settings(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_question_chars=10)
    r = client.post("/api/ask", json={"question": "수출바우처 지원한도는?"})
    assert r.status_code == 413 and "the limit is 10" in r.json()["error"]


def test_oversize_json_body_is_refused_before_parsing(web_client: TestClient) -> None:
    r = web_client.post("/api/ask", content=b'{"question": "' + b"a" * 2_000_000 + b'"}',
                        headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["error"]


def test_stream_events(web_client: TestClient) -> None:
    r = web_client.post("/api/ask/stream", json={"question": "K-GLOBAL STAR 프로그램은 무엇인가요?"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse_events(r.text)
    names = [name for name, _ in events]
    assert names[0] == "progress" and events[0][1] == {"stage": "retrieving"}
    assert names[-3:] == ["answer", "citations", "done"]
    answer = Answer.model_validate(events[-3][1])
    assert "".join(data["text"] for name, data in events if name == "delta") == answer.text
    assert events[-2][1] == [c.model_dump(mode="json") for c in answer.citations]
    assert "K-GLOBAL STAR" in answer.text and answer.citations[0].section.endswith("K-스타트업 해외진출 가속화")


def test_stream_reports_answer_failure_as_event(web_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    bot = web_client.app.state.web.bot  # type: ignore[attr-defined]

    def broken(*args: Any, **kwargs: Any) -> Answer:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(bot, "answer", broken)
    monkeypatch.setattr(bot, "cached_answer", lambda *args, **kwargs: None)
    events = sse_events(web_client.post("/api/ask/stream", json={"question": "수출바우처?"}).text)
    assert [n for n, _ in events][-2:] == ["error", "done"]
    assert "secret" not in events[-2][1]["error"]
    quiet = TestClient(web_client.app, raise_server_exceptions=False)
    r = quiet.post("/api/ask", json={"question": "수출바우처?"})
    assert r.status_code == 500 and "secret" not in r.text and r.json()["error"].startswith("Internal error")


# ---- documents -------------------------------------------------------------------------------------------


def test_list_documents(web_client: TestClient) -> None:
    body = web_client.get("/api/documents").json()
    seed = next(d for d in body["documents"] if d["doc_id"] == SEED_DOC)
    assert seed["title"] == "중소‧벤처기업 글로벌화 지원 대책" and seed["chunk_count"] > 10
    assert body["supported_suffixes"] == list(supported_suffixes())


def test_programs_lists_sections_by_document(web_client: TestClient) -> None:
    docs = web_client.get("/api/programs").json()["documents"]
    seed = next(d for d in docs if d["doc_id"] == SEED_DOC)
    labels = [s["label"] for s in seed["sections"]]
    assert "붙임1 > (전략 1) 내수 넘어 수출로 > 1. 수출단계별 집중 육성 체계 구축" in labels
    assert len(labels) == len(set(labels))
    assert all(s["chunks"] >= 1 for s in seed["sections"])


def test_admin_disabled_without_key(make_client: Callable[..., TestClient]) -> None:
    client = make_client(admin_key=None)
    for r in (upload(client, "a.txt", b"hello"), client.delete(f"/api/documents/{SEED_DOC}", headers=ADMIN)):
        assert r.status_code == 403 and "POLICYBOT_ADMIN_KEY" in r.json()["error"]


def test_missing_and_wrong_admin_key(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    r = upload(client, "a.txt", b"hello", headers={})
    assert r.status_code == 401 and "X-Admin-Key" in r.json()["error"]
    r = client.delete(f"/api/documents/{SEED_DOC}", headers={"X-Admin-Key": "wrong"})
    assert r.status_code == 401 and r.json()["error"] == "Wrong admin key."


def test_failed_admin_attempts_are_rate_limited(make_client: Callable[..., TestClient], web_data_dir: Path) -> None:
    client = make_client()
    for _ in range(5):
        assert client.delete("/api/documents/x", headers={"X-Admin-Key": "guess"}).status_code == 401
    locked = client.delete(f"/api/documents/{SEED_DOC}", headers=ADMIN)  # even the right key waits now
    assert locked.status_code == 429 and "failed admin key attempts" in locked.json()["error"]
    assert "Retry-After" in locked.headers
    assert client.get("/api/documents").status_code == 200  # reading is unaffected


def test_upload_oversize_is_413(make_client: Callable[..., TestClient], web_data_dir: Path) -> None:
    client = make_client(max_upload_bytes=1000)
    before = files_under(web_data_dir / "uploads") if (web_data_dir / "uploads").exists() else set()
    r = upload(client, "big.txt", "가".encode() * 400)  # 1,200 bytes: under the multipart slack, over the limit
    assert r.status_code == 413 and "limit 1,000 bytes" in r.json()["error"]
    r = upload(client, "huge.txt", b"x" * 200_000)  # refused on Content-Length, before parsing
    assert r.status_code == 413 and "too large" in r.json()["error"]
    after = files_under(web_data_dir / "uploads") if (web_data_dir / "uploads").exists() else set()
    assert after == before


def test_upload_unsupported_type_is_415(web_client: TestClient) -> None:
    for name in ("tool.exe", "noext", "archive.tar.gz", "x.txt.sh"):
        r = upload(web_client, name, b"MZ....")
        assert r.status_code == 415, name
        assert "Unsupported file type" in r.json()["error"] and ".txt" in r.json()["error"]


def test_upload_requires_a_file_field(web_client: TestClient) -> None:
    r = web_client.post("/api/documents", headers=ADMIN, data={"title": "no file"})
    assert r.status_code in (400, 422) and "file" in r.json()["error"]
    r = web_client.post("/api/documents", headers=ADMIN, json={"file": "x"})
    assert r.status_code in (400, 422) and "multipart" in r.json()["error"] or "file" in r.json()["error"]


def test_upload_bad_file_reports_clear_error(web_client: TestClient, web_data_dir: Path) -> None:
    before = files_under(web_data_dir / "uploads") if (web_data_dir / "uploads").exists() else set()
    r = upload(web_client, "broken-report.pdf", b"%PDF-1.7 this is not really a pdf")
    assert r.status_code == 422
    body = r.json()
    assert body["error"].startswith("broken-report.pdf:"), body  # the user's name, not the generated one
    assert body["result"]["status"] == "failed"
    r = upload(web_client, "empty.txt", b"")
    assert r.status_code == 422 and "empty" in r.json()["error"]
    assert files_under(web_data_dir / "uploads") == before  # failed uploads leave nothing behind


def test_upload_with_an_emoji_or_a_quote_in_its_title_and_name_is_indexed(web_client: TestClient) -> None:
    """The upload's manifest is valid TOML whatever the title holds (an emoji used to become a JSON surrogate
    pair escape, which TOML refuses: a 500)."""
    r = upload(web_client, "수출 안내 😀 \"v2\".txt", "1. 수출 지원\n\n선박 수출에 5천만원을 지원한다.\n".encode(),
               title='선박 수출 😀 "안내" \\ 2026')
    assert r.status_code == 201, r.text
    doc_id = r.json()["doc_id"]
    docs = {d["doc_id"]: d for d in web_client.get("/api/documents").json()["documents"]}
    assert docs[doc_id]["title"] == '선박 수출 😀 "안내" \\ 2026'
    assert web_client.delete(f"/api/documents/{doc_id}", headers=ADMIN).status_code == 200


def test_path_traversal_filename_is_contained(web_client: TestClient, web_data_dir: Path) -> None:
    root = web_data_dir.parent
    outside_before = {p for p in files_under(root) if "uploads" not in p.parts}
    marker = f"경로검증 {uuid.uuid4().hex[:8]}"
    content = f"경로 검증 문서\n{marker} 시범사업은 중소기업의 보안 점검을 지원한다.\n".encode()
    r = upload(web_client, "../../etc/passwd.txt", content)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "added" and body["filename"] == "passwd.txt"
    doc_id = body["doc_id"]  # the name's stem and a hash of the content and title
    assert re.fullmatch(r"passwd-[0-9a-f]{10}", doc_id), doc_id
    stored = [p for p in files_under(web_data_dir / "uploads") if p.suffix == ".txt"
              and p.read_bytes() == content]
    assert len(stored) == 1
    path = stored[0]
    assert re.fullmatch(r"[0-9a-f]{32}\.txt", path.name) and path.parent.parent == web_data_dir / "uploads"
    assert not (root / "etc").exists() and not Path("/etc/passwd.txt").exists()
    assert {p for p in files_under(root) if "uploads" not in p.parts} - outside_before <= {
        p for p in files_under(web_data_dir) if "uploads" not in p.parts}  # only index files changed
    # The uploaded document is answerable, then removable (with its stored file).
    answer = web_client.post("/api/ask", json={"question": f"{marker} 시범사업은 무엇을 지원하나요?"}).json()
    assert any(c["doc_id"] == doc_id for c in answer["citations"]), answer
    assert doc_id in {d["doc_id"] for d in web_client.get("/api/documents").json()["documents"]}
    r = web_client.delete(f"/api/documents/{doc_id}", headers=ADMIN)
    assert r.status_code == 200 and r.json()["removed_chunks"] >= 1
    assert not path.exists() and not path.parent.exists()
    assert web_client.delete(f"/api/documents/{doc_id}", headers=ADMIN).status_code == 404
    assert doc_id not in {d["doc_id"] for d in web_client.get("/api/documents").json()["documents"]}


def test_reupload_same_content_is_unchanged(web_client: TestClient, web_data_dir: Path) -> None:
    name = f"probe-{uuid.uuid4().hex[:8]}.md"
    content = "# 재업로드 확인\n재업로드 확인 문서는 같은 내용을 두 번 올려도 한 번만 색인된다.\n".encode()
    first = upload(web_client, name, content, title="재업로드")
    assert first.status_code == 201 and first.json()["status"] == "added"
    second = upload(web_client, name, content, title="재업로드")
    assert second.status_code == 200 and second.json()["status"] == "unchanged"
    doc_id = first.json()["doc_id"]
    assert web_client.delete(f"/api/documents/{doc_id}", headers=ADMIN).status_code == 200
    folders = [p for p in (web_data_dir / "uploads").iterdir() if p.is_dir()]
    assert all(doc_id not in (p / "manifest.toml").read_text(encoding="utf-8") for p in folders)


def test_delete_validates_doc_id(web_client: TestClient) -> None:
    assert web_client.delete("/api/documents/no-such-doc", headers=ADMIN).status_code == 404
    r = web_client.delete("/api/documents/..%2F..%2Fetc", headers=ADMIN)
    assert r.status_code in (404, 422) and "error" in r.json()


# ---- feedback --------------------------------------------------------------------------------------------


def test_feedback_is_stored(web_client: TestClient, web_data_dir: Path) -> None:
    question = f"수출바우처 지원한도? {uuid.uuid4().hex[:6]}"
    r = web_client.post("/api/feedback", json={"question": question, "answer": "2배로 확대 [1]", "rating": "down",
                                               "comment": "출처가\x00 더 필요해요"})
    assert r.status_code == 201
    rows = FeedbackStore(web_data_dir / "feedback.sqlite3").list()
    row = next(x for x in rows if x["id"] == r.json()["id"])
    assert (row["channel"], row["rating"], row["question"], row["comment"]) == ("web", "down", question,
                                                                                "출처가 더 필요해요")


@pytest.mark.parametrize(
    "body",
    [{"question": "q", "answer": "a", "rating": "meh"}, {"question": "q", "rating": "up"},
     {"question": "", "answer": "a", "rating": "up"}, {"question": "\x00", "answer": "a", "rating": "up"}],
)
def test_feedback_rejects_bad_input(web_client: TestClient, body: dict[str, Any]) -> None:
    r = web_client.post("/api/feedback", json=body)
    assert r.status_code == 422 and r.json()["error"].startswith("Invalid request")


# ---- limits, headers, errors -----------------------------------------------------------------------------


def test_rate_limit_429(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=3)
    assert [client.get("/api/documents").status_code for _ in range(3)] == [200, 200, 200]
    r = client.post("/api/ask", json={"question": "수출바우처?"})
    assert r.status_code == 429 and "Too many requests" in r.json()["error"]
    assert int(r.headers["Retry-After"]) >= 1
    assert client.get("/healthz").status_code == 200  # health checks are never limited


def test_sliding_window_limiter() -> None:
    limiter = SlidingWindowLimiter(2, window_s=60, max_keys=3)
    assert limiter.hit("a", now=0) == 0 and limiter.hit("a", now=10) == 0
    assert limiter.hit("a", now=20) == pytest.approx(40)
    assert limiter.hit("b", now=20) == 0  # per client
    assert limiter.hit("a", now=60.5) == 0  # the first event slid out of the window
    for key in "cdefg":
        limiter.hit(key, now=61)
    assert len(limiter._events) <= 3  # bounded memory


def test_clean_text() -> None:
    assert clean_text("  a\r\nb\x00c\u202ed\t ") == "a\nb cd"
    assert clean_text("a \n\n b", single_line=True) == "a b"


def test_security_headers_and_pages(web_client: TestClient) -> None:
    for path in ("/", "/admin", "/static/app.js", "/api/documents"):
        r = web_client.get(path)
        assert r.status_code == 200, path
        assert r.headers["x-content-type-options"] == "nosniff"
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for page in ("/", "/admin"):
        html = web_client.get(page).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script in " + page
        assert not re.search(r"\son[a-z]+=", html) and "style=" not in html
    assert "Content-Type" not in web_client.get("/", headers={"Origin": "https://evil.example"}).headers.get(
        "access-control-allow-headers", "")
    assert "access-control-allow-origin" not in web_client.get(
        "/api/documents", headers={"Origin": "https://evil.example"}).headers


def test_static_js_never_uses_inner_html() -> None:
    static = Path(__file__).resolve().parents[2] / "bot" / "web" / "static"
    for js in static.glob("*.js"):
        text = js.read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", text), js.name


def test_cors_only_for_configured_origins(make_client: Callable[..., TestClient]) -> None:
    client = make_client(cors_origins=["https://embassy.example"])
    ok = client.get("/api/documents", headers={"Origin": "https://embassy.example"})
    assert ok.headers["access-control-allow-origin"] == "https://embassy.example"
    other = client.get("/api/documents", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_unknown_route_and_method_are_json(web_client: TestClient) -> None:
    r = web_client.get("/api/nope")
    assert r.status_code == 404 and r.json() == {"error": "Not found: /api/nope"}
    r = web_client.get("/api/ask")
    assert r.status_code == 405 and "not allowed" in r.json()["error"]


# ---- load check ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://example.com:8000", "http://10.0.0.5:8000", "ftp://127.0.0.1/",
                                 "http://127.0.0.1.evil.example/"])
def test_loadcheck_refuses_non_loopback(url: str) -> None:
    with pytest.raises(ValueError):
        run_loadcheck(url, clients=1, questions_per_client=1)


def test_loadcheck_small_run(live_server: LiveServer) -> None:
    result = run_loadcheck(live_server.url, clients=3, questions_per_client=2, timeout_s=60)
    assert result["requests"] == 6 and result["ok"] == 6 and result["errors"] == 0
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]
    with pytest.raises(ValueError):
        run_loadcheck(live_server.url, clients=10_000)
