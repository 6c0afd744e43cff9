"""The chat and admin pages in a real browser (Debian chromium via Playwright) against a real uvicorn server
on 127.0.0.1, on the seed index. Screenshots go to test-output/screenshots/ for review."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, expect, sync_playwright
from web_helpers import ADMIN_KEY, LiveServer

from bot.config import PROJECT_ROOT
from bot.feedback import FeedbackStore
from bot.service import PolicyBot
from bot.web import create_app
from bot.web.uploads import doc_id_for

# The fixtures live in web_support (a plugin, not a conftest.py: see its docstring).
pytest_plugins = ["web_support"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
SCREENSHOTS = PROJECT_ROOT / "test-output" / "screenshots"
TIMEOUT_MS = 60_000
SEED_TITLE = "중소‧벤처기업 글로벌화 지원 대책"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture()
def problems() -> list[str]:
    """Console errors and page errors of the test's page; a test may drop the ones it provoked."""
    return []


@pytest.fixture()
def page(browser: Browser, live_server: LiveServer, problems: list[str]) -> Iterator[Page]:
    """A fresh context per test (own sessionStorage/localStorage); console errors and page errors fail it."""
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            problems.append(f"console: {msg.text}")

    pg.on("console", on_console)
    yield pg
    context.close()
    assert not problems, problems  # includes CSP violations, which Chromium reports as console errors


def shot(page: Page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 1000
    return path


def open_chat(page: Page) -> None:
    page.goto("/")
    expect(page.locator("body")).to_have_attribute("data-ready", "1")


def ask(page: Page, question: str) -> Any:
    """Type a question, send it with Enter, wait for the finished answer; returns its <li>."""
    count = page.locator(".msg.assistant").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    answer = page.locator(".msg.assistant").nth(count)
    expect(answer).not_to_have_class("msg assistant pending", timeout=TIMEOUT_MS)
    expect(answer.locator(".actions")).to_be_visible()
    return answer


RECORDER = """() => {
  window.__seen = {status: [], streamedText: []};
  const obs = new MutationObserver(() => {
    for (const li of document.querySelectorAll('.msg.assistant')) {
      const st = li.querySelector('.status');
      if (st && !st.hidden && st.textContent && !window.__seen.status.includes(st.textContent))
        window.__seen.status.push(st.textContent);
      const text = li.querySelector('.answer-text');
      if (li.classList.contains('streaming') && !text.querySelector('.cite-chip'))
        window.__seen.streamedText.push(text.textContent);
    }
  });
  obs.observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true,
                                                    attributes: true});
}"""


def test_korean_question_streams_and_cites(page: Page) -> None:
    open_chat(page)
    expect(page.locator(".example")).to_have_count(3)
    expect(page.locator(".example").first).to_have_text("수출바우처 지원한도는 어떻게 바뀌나요?")
    shot(page, "chat-welcome.png")
    page.evaluate(RECORDER)
    with page.expect_response("**/api/ask/stream") as resp:
        page.locator(".example").first.click()  # an example question asks it
    stream = resp.value.text()
    assert stream.index("event: progress") < stream.index("event: delta") < stream.index("event: answer")
    answer = page.locator(".msg.assistant").first
    expect(answer.locator(".cite-chip").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(answer.locator(".answer-text")).to_contain_text("수출바우처, 수출금융 지원한도를 2배로 확대")
    seen = page.evaluate("window.__seen")
    assert "관련 문서를 찾는 중…" in seen["status"]  # progress shown while answering
    assert any("2배" in s for s in seen["streamedText"])  # text streamed in before chips replaced it

    answer.locator(".cite-chip").first.click()
    panel = page.locator("#source-panel")
    expect(panel).to_be_visible()
    expect(page.locator("#source-n")).to_have_text("[1]")
    expect(page.locator("#source-doc")).to_have_text(f"{SEED_TITLE} (2024-05-08)")  # title and the document's date
    expect(page.locator("#source-section")).to_have_text(
        "붙임1 > (전략 1) 내수 넘어 수출로 > 1. 수출단계별 집중 육성 체계 구축")
    expect(page.locator("#source-pages")).to_have_text("3")
    expect(page.locator("#source-quote")).to_contain_text("지원한도를 2배로 확대")
    expect(page.locator("#source-passage mark")).to_contain_text("지원한도를 2배로 확대")
    shot(page, "chat-citation.png", full_page=False)
    page.click("#source-close")
    expect(panel).to_be_hidden()

    answer.locator(".copy-btn").click()
    expect(answer.locator(".feedback-note")).to_have_text("복사했습니다")
    assert "2배로 확대" in page.evaluate("navigator.clipboard.readText()")

    # A follow-up sends the conversation so far as history.
    with page.expect_request("**/api/ask/stream") as req:
        ask(page, "K-GLOBAL STAR 프로그램은 무엇인가요?")
    body = req.value.post_data_json
    assert [t["role"] for t in body["history"]] == ["user", "assistant"]
    assert body["history"][0]["content"] == "수출바우처 지원한도는 어떻게 바뀌나요?"
    second = page.locator(".msg.assistant").nth(1)
    expect(second.locator(".answer-text")).to_contain_text("K-GLOBAL STAR")
    second.locator(".cite-chip").first.click()
    expect(page.locator("#source-section")).to_contain_text("K-스타트업 해외진출 가속화")
    expect(page.locator("#source-pages")).to_have_text("5")
    page.click("#source-close")
    shot(page, "chat.png")


def test_english_ui_and_question(page: Page) -> None:
    open_chat(page)
    page.click("#lang-switch")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#send")).to_have_text("Send")
    expect(page.locator("#welcome h2")).to_have_text("Try asking")
    answer = ask(page, "What does the K-Global project support?")
    expect(answer).to_have_attribute("lang", "en")
    expect(answer.locator(".abstain")).to_have_count(0)
    assert answer.locator(".cite-chip").count() >= 1
    answer.locator(".cite-chip").first.click()
    expect(page.locator("#source-heading")).to_contain_text("Source")
    expect(page.locator("#source-section")).to_contain_text("(전략 2) 수출 넘어 해외로")
    page.click("#source-close")
    shot(page, "chat-english.png")
    page.reload()  # the choice sticks
    expect(page.locator("#send")).to_have_text("Send")


def test_unanswerable_question_abstains_with_contact(page: Page) -> None:
    open_chat(page)
    answer = ask(page, "점심 메뉴 추천해줘")
    expect(answer.locator(".abstain-banner")).to_have_text("문서에서 찾지 못했습니다")
    expect(answer.locator(".contact-dept")).to_have_text("글로벌성장정책관 글로벌성장정책과")
    expect(answer.locator(".contact-people li").first).to_contain_text("044-204-")
    expect(answer.locator(".cite-chip")).to_have_count(0)
    shot(page, "chat-abstain.png")
    page.click("#lang-switch")
    answer = ask(page, "Can you recommend a lunch menu?")
    expect(answer.locator(".abstain-banner")).to_have_text("Not found in the documents")
    expect(answer.locator(".contact-dept")).to_contain_text("글로벌성장정책과")


def test_thumbs_up_is_stored(page: Page, web_data_dir: Path) -> None:
    open_chat(page)
    question = "K-GLOBAL STAR 프로그램은 무엇인가요?"
    answer = ask(page, question)
    text = answer.locator(".answer-text").inner_text()
    before = {r["id"] for r in FeedbackStore(web_data_dir / "feedback.sqlite3").list(1000)}
    answer.locator(".fb-up").click()
    expect(answer.locator(".feedback-note")).to_have_text("의견 감사합니다")
    expect(answer.locator(".fb-up")).to_be_disabled()
    new = [r for r in FeedbackStore(web_data_dir / "feedback.sqlite3").list(1000) if r["id"] not in before]
    assert len(new) == 1
    row = new[0]
    assert (row["channel"], row["rating"], row["question"]) == ("web", "up", question)
    assert "K-GLOBAL STAR" in row["answer"] and row["answer"].replace("\n", "") == text.replace("\n", "")


def test_mobile_layout(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        open_chat(pg)
        answer = ask(pg, "수출바우처 지원한도는 어떻게 바뀌나요?")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        expect(pg.locator("#question")).to_be_in_viewport()
        answer.locator(".cite-chip").first.tap()
        expect(pg.locator("#source-panel")).to_be_in_viewport()
        shot(pg, "chat-mobile.png", full_page=False)
    finally:
        context.close()


def test_admin_upload_then_ask_and_no_script_injection(page: Page) -> None:
    suffix = uuid.uuid4().hex[:8]
    filename = f"drone-pilot-{suffix}.txt"
    hostile_title = "<img src=x onerror=window.__xss=2>드론"
    content = (
        "해양드론 실증사업 안내\n"
        "해양드론 실증사업은 중소기업의 해양드론 시험비행을 지원하며, 기업당 최대 4억 7천만원을 지원한다.\n"
        "보안점검 시범사업은 <script>window.__xss=1</script> 중소기업 보안 진단을 무료로 지원한다.\n"
    )
    page.goto("/admin")
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    expect(page.locator("#supported")).to_contain_text(".txt")
    page.fill("#admin-key", ADMIN_KEY)
    page.click("#key-form button[type=submit]")
    expect(page.locator("#key-status")).to_contain_text("저장했습니다")
    assert page.evaluate("sessionStorage.getItem('policybot.adminKey')") == ADMIN_KEY
    page.set_input_files("#upload-file", {"name": filename, "mimeType": "text/plain",
                                          "buffer": content.encode("utf-8")})
    page.fill("#upload-title", hostile_title)
    page.click("#upload-button")
    status = page.locator("#upload-status")
    expect(status).to_have_class("status ok result-added", timeout=TIMEOUT_MS)
    doc_id = doc_id_for(filename, content.encode("utf-8"), hostile_title)  # name, content and title
    expect(status).to_contain_text(f"추가했습니다: {filename} → {doc_id}")
    row = page.locator(f"tr[data-doc-id='{doc_id}']")
    expect(row.locator(".doc-title")).to_have_text(hostile_title)  # shown as text, not markup
    assert page.locator("#docs-body img").count() == 0
    shot(page, "admin.png")

    open_chat(page)
    answer = ask(page, "해양드론 실증사업은 기업당 얼마를 지원하나요?")
    expect(answer.locator(".answer-text")).to_contain_text("4억 7천만원")
    answer.locator(".cite-chip").first.click()
    expect(page.locator("#source-doc")).to_have_text(hostile_title)
    page.click("#source-close")

    answer = ask(page, "보안점검 시범사업은 무엇을 지원하나요?")
    expect(answer.locator(".answer-text")).to_contain_text("<script>window.__xss=1</script>")
    answer.locator(".cite-chip").first.click()
    expect(page.locator("#source-passage")).to_contain_text("<script>window.__xss=1</script>")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#messages script, #messages img, #source-panel script, #source-panel img").count() == 0
    shot(page, "chat-xss-as-text.png")

    # Remove it again from the admin page (two clicks: the first one asks for confirmation).
    page.goto("/admin")
    remove = page.locator(f"tr[data-doc-id='{doc_id}'] .remove-doc")
    remove.click()
    expect(remove).to_have_text("정말 삭제?")
    remove.click()
    expect(page.locator(f"tr[data-doc-id='{doc_id}']")).to_have_count(0)
    expect(page.locator("#docs-status")).to_have_text(f"삭제했습니다: {doc_id}")


def test_admin_key_is_checked_before_it_is_saved(page: Page, problems: list[str]) -> None:
    page.goto("/admin")
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    page.fill("#admin-key", "not-the-key")
    with page.expect_response("**/api/admin/key") as resp:
        page.click("#key-form button[type=submit]")
    assert resp.value.status == 401
    expect(page.locator("#key-status")).to_have_text("키가 맞지 않아 저장하지 않았습니다: Wrong admin key.")
    assert page.evaluate("sessionStorage.getItem('policybot.adminKey')") is None  # a wrong key is not kept
    page.set_input_files("#upload-file", {"name": "x.txt", "mimeType": "text/plain", "buffer": "내용".encode()})
    page.click("#upload-button")
    expect(page.locator("#upload-status")).to_have_text("관리자 키를 입력하세요.")  # nothing was sent
    page.fill("#admin-key", ADMIN_KEY)
    page.click("#key-form button[type=submit]")
    expect(page.locator("#key-status")).to_have_text("키를 확인하고 이 탭에 저장했습니다 (탭을 닫으면 지워집니다).")
    assert page.evaluate("sessionStorage.getItem('policybot.adminKey')") == ADMIN_KEY
    # Chromium logs the refused request itself ("Failed to load resource … 401"): provoked here, not a bug.
    problems[:] = [p for p in problems if "status of 401" not in p]


# ---- streaming, stop, conversations, Markdown, layout, accessibility (issue 15) ------------------------------

AXE = PROJECT_ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))}));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's axe.min.js, installed from the npm registry by `make axe` (into the git-ignored .cache/)."""
    if not AXE.exists():
        subprocess.run(["make", "axe"], cwd=PROJECT_ROOT, check=True)
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Page, axe_source: str, label: str) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the page as it is now (all are written to
    test-output/axe/<label>.json for review)."""
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN)
    out = PROJECT_ROOT / "test-output" / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{label}.json").write_text(json.dumps(violations, ensure_ascii=False, indent=2), encoding="utf-8")
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@contextmanager
def axe_page(browser: Browser, live_server: LiveServer, **options: Any) -> Iterator[Page]:
    """A page whose CSP lets axe's script tag in (the app's own pages allow no inline script)."""
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", bypass_csp=True,
                                  **({"viewport": {"width": 1200, "height": 900}} | options))
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        yield pg
    finally:
        context.close()


def test_keyboard_and_screen_reader_use_has_no_serious_axe_violations(
        browser: Browser, live_server: LiveServer, axe_source: str) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    for scheme, viewport in (("light", {"width": 1200, "height": 900}), ("dark", {"width": 390, "height": 844})):
        with axe_page(browser, live_server, color_scheme=scheme, viewport=viewport) as pg:
            open_chat(pg)
            found[f"chat-welcome-{scheme}"] = serious_violations(pg, axe_source, f"chat-welcome-{scheme}")
            # Keyboard only: Tab reaches the question box, Enter asks, Tab reaches a citation chip, Enter opens it.
            pg.locator("#question").focus()
            pg.keyboard.type("수출바우처 지원한도는 어떻게 바뀌나요?")
            pg.keyboard.press("Enter")
            answer = pg.locator(".msg.assistant").first
            expect(answer.locator(".actions")).to_be_visible()
            chip = answer.locator(".cite-chip").first
            chip.focus()
            pg.keyboard.press("Enter")
            expect(pg.locator("#source-panel")).to_be_visible()
            expect(pg.locator("#source-close")).to_be_focused()
            found[f"chat-source-{scheme}"] = serious_violations(pg, axe_source, f"chat-source-{scheme}")
            pg.keyboard.press("Escape")
            expect(chip).to_be_focused()  # focus goes back to the chip, not to <body>
            ask(pg, "우주여행 보조금은 얼마인가요?")
            pg.click("#programs-toggle")
            expect(pg.locator("#programs-list .program").first).to_be_attached()
            found[f"chat-programs-{scheme}"] = serious_violations(pg, axe_source, f"chat-programs-{scheme}")
            pg.keyboard.press("Escape")
            pg.click("#history-toggle")
            expect(pg.locator(".history-open")).to_have_count(1)
            found[f"chat-history-{scheme}"] = serious_violations(pg, axe_source, f"chat-history-{scheme}")
            pg.goto("/admin")
            expect(pg.locator("body")).to_have_attribute("data-ready", "1")
            found[f"admin-{scheme}"] = serious_violations(pg, axe_source, f"admin-{scheme}")
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_answer_streams_progress_then_sentences(page: Page) -> None:
    open_chat(page)
    page.evaluate(RECORDER)
    with page.expect_response("**/api/ask/stream") as resp:
        ask(page, "What does the K-Global project support?")
    stream = resp.value.text()
    stages = [json.loads(line[len("data: "):])["stage"] for block in stream.split("\n\n")
              if block.startswith("event: progress") for line in block.split("\n") if line.startswith("data: ")]
    assert stages[0] == "retrieving" and "retrieved" in stages and "composing" in stages
    assert stream.count("event: delta") >= 2  # the answer came sentence by sentence
    seen = page.evaluate("window.__seen")
    assert any(s.startswith("Found ") or s.startswith("관련 단락") for s in seen["status"]), seen["status"]


class SlowBot:
    """The shared bot, but every answer first spends ``seconds`` in small steps that report progress, so the stop
    button has time to act and the server's cancellation can be seen (``stopped``)."""

    def __init__(self, bot: PolicyBot, seconds: float = 20.0) -> None:
        self.bot = bot
        self.seconds = seconds
        self.stopped = threading.Event()

    def cached_answer(self, *args: Any, **kwargs: Any) -> None:
        return None

    def answer(self, question: str, history: Any = None, **kwargs: Any) -> Any:
        progress = kwargs.get("progress")
        deadline = time.monotonic() + self.seconds
        try:
            while time.monotonic() < deadline:
                if progress:
                    progress("checking", {})
                time.sleep(0.05)
        except Exception:
            self.stopped.set()
            raise
        return self.bot.answer(question, history, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.bot, name)


def test_stop_button_stops_the_answer_on_the_server_too(browser: Browser, web_bot: PolicyBot,
                                                        settings_for: Any) -> None:
    slow = SlowBot(web_bot)
    server = LiveServer(create_app(settings_for(), bot=slow)).start()  # type: ignore[arg-type]
    context = browser.new_context(base_url=server.url, locale="ko-KR")
    pg = context.new_page()
    try:
        open_chat(pg)
        pg.fill("#question", "수출바우처 지원한도는 어떻게 바뀌나요?")
        pg.press("#question", "Enter")
        expect(pg.locator("#stop")).to_be_visible()
        expect(pg.locator("#send")).to_be_hidden()
        expect(pg.locator(".msg.assistant .status")).to_have_text("근거를 확인하는 중…")
        pg.click("#stop")
        answer = pg.locator(".msg.assistant").first
        expect(answer).to_have_class(re.compile(r"\bstopped\b"))
        expect(answer.locator(".status")).to_have_text("오류가 발생했습니다: 답변을 중지했습니다.")
        expect(pg.locator("#send")).to_be_visible()
        assert slow.stopped.wait(10), "the server kept answering after the stop button"
    finally:
        context.close()
        server.stop()


def test_conversation_survives_reload_new_chat_and_recent_list(page: Page) -> None:
    open_chat(page)
    ask(page, "K-GLOBAL STAR 프로그램은 무엇인가요?")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    first = page.locator(".msg.assistant").first
    expect(first.locator(".answer-text")).to_contain_text("K-GLOBAL STAR")  # kept in localStorage
    expect(first.locator(".cite-chip").first).to_be_visible()
    expect(page.locator("#welcome")).to_be_hidden()
    with page.expect_request("**/api/ask/stream") as req:
        ask(page, "그 지원 대상은?")
    assert req.value.post_data_json["history"][0]["content"] == "K-GLOBAL STAR 프로그램은 무엇인가요?"
    page.click("#new-chat")
    expect(page.locator(".msg")).to_have_count(0)
    expect(page.locator("#welcome")).to_be_visible()
    with page.expect_request("**/api/ask/stream") as req:
        ask(page, "수출바우처 지원한도는 어떻게 바뀌나요?")
    assert req.value.post_data_json["history"] == []  # a new chat has no history
    page.click("#history-toggle")
    items = page.locator(".history-open")
    expect(items).to_have_count(2)
    expect(items.first.locator(".history-title")).to_have_text("수출바우처 지원한도는 어떻게 바뀌나요?")
    expect(items.nth(1).locator(".history-meta")).to_contain_text("질문 2개")
    # Dates are local (Asia/Seoul), e.g. "2026. 11. 26. 오후 11:05".
    meta = items.first.locator(".history-meta").inner_text()
    assert re.search(r"\d{4}\. \d{1,2}\. \d{1,2}\. (오전|오후) \d{1,2}:\d{2}", meta), meta
    shot(page, "chat-history.png", full_page=False)
    items.nth(1).click()
    expect(page.locator(".msg.assistant")).to_have_count(2)
    expect(page.locator(".msg.user").first).to_have_text(re.compile("K-GLOBAL STAR"))


def test_markdown_in_answers_is_rendered_without_html(page: Page) -> None:
    answer = {"question": "q", "language": "ko", "outcome": "answered", "abstained": False, "missing_terms": [],
              "text": "# 지원 내용\n- **수출바우처** 한도 2배 [1]\n- `K-GLOBAL` <img src=x onerror=window.__xss=1> [1]",
              "citations": [{"n": 1, "chunk_id": "c", "doc_id": "d", "doc_title": "문서", "doc_date": "2024-05-08",
                             "section": "1. 과제", "section_path": ["1. 과제"], "pages": [3], "quote": "인용",
                             "passage": "인용 단락", "score": 1.0}]}
    body = (f"event: progress\ndata: {json.dumps({'stage': 'retrieving'})}\n\n"
            f"event: answer\ndata: {json.dumps(answer, ensure_ascii=False)}\n\n"
            f"event: citations\ndata: {json.dumps(answer['citations'], ensure_ascii=False)}\n\n"
            "event: done\ndata: {}\n\n")
    page.route("**/api/ask/stream", lambda route: route.fulfill(
        status=200, headers={"Content-Type": "text/event-stream; charset=utf-8"}, body=body.encode("utf-8")))
    open_chat(page)
    msg = ask(page, "마크다운")
    text = msg.locator(".answer-text")
    expect(text.locator("h3")).to_have_text("지원 내용")  # a heading, not "# 지원 내용"
    expect(text.locator("li strong")).to_have_text("수출바우처")
    expect(text.locator("li code")).to_have_text("K-GLOBAL")
    expect(text.locator(".cite-chip")).to_have_count(2)
    assert "#" not in text.inner_text()
    expect(text.locator("li").nth(1)).to_contain_text("<img src=x onerror=window.__xss=1>")  # shown as text
    assert text.locator("img").count() == 0 and page.evaluate("typeof window.__xss") == "undefined"


def test_not_found_is_shown_once(page: Page) -> None:
    open_chat(page)
    answer = ask(page, "우주여행 보조금은 얼마인가요?")
    assert answer.inner_text().count("문서에서 찾지 못했습니다") == 1
    expect(answer.locator(".answer-text")).to_be_empty()


def test_too_long_question_stays_in_the_box_with_a_korean_error(page: Page, problems: list[str]) -> None:
    open_chat(page)
    question = "수출바우처 " * 400 + "한도는?"  # 2,404 characters: over the 2,000 limit
    page.fill("#question", question)
    with page.expect_response("**/api/ask/stream") as resp:
        page.press("#question", "Enter")
    assert resp.value.status == 413
    expect(page.locator("#composer-error")).to_have_text(re.compile(r"^오류가 발생했습니다: 질문이 너무 깁니다"))
    assert "too long" not in page.locator("#composer-error").inner_text()
    expect(page.locator("#question")).to_have_value(question)  # not cleared
    expect(page.locator("#question")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".msg")).to_have_count(0)
    problems[:] = [p for p in problems if "status of 413" not in p]


def test_programs_panel_opens_in_view_after_several_messages(page: Page) -> None:
    page.set_viewport_size({"width": 1200, "height": 700})
    open_chat(page)
    for question in ("수출바우처 지원한도는 어떻게 바뀌나요?", "K-GLOBAL STAR 프로그램은 무엇인가요?",
                     "What does the K-Global project support?", "점심 메뉴 추천해줘"):
        ask(page, question)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.click("#programs-toggle")
    expect(page.locator("#programs")).to_be_in_viewport()
    expect(page.locator("#programs-heading")).to_be_focused()
    expect(page.locator("#programs-list .program").first).to_be_in_viewport()


def test_layouts_at_desktop_phone_and_dark(browser: Browser, live_server: LiveServer) -> None:
    widths = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
    for scheme in ("light", "dark"):
        for name, viewport in widths.items():
            context = browser.new_context(base_url=live_server.url, locale="ko-KR", viewport=viewport,
                                          color_scheme=scheme, is_mobile=name == "phone", has_touch=name == "phone")
            pg = context.new_page()
            pg.set_default_timeout(TIMEOUT_MS)
            try:
                open_chat(pg)
                # The title never breaks inside a word ("도우/미"): each word's letters lie on one line.
                split_words = pg.evaluate("""() => {
                  const h1 = document.querySelector('.topbar h1'); const text = h1.firstChild;
                  const out = []; let at = 0;
                  for (const word of text.textContent.split(' ')) {
                    const r = document.createRange(); r.setStart(text, at); r.setEnd(text, at + word.length);
                    const tops = new Set([...r.getClientRects()].map((c) => Math.round(c.top)));
                    if (tops.size > 1) out.push(word);
                    at += word.length + 1;
                  }
                  return out;
                }""")
                assert split_words == [], (name, split_words)
                # The placeholder fits in the box.
                fits = pg.evaluate("""() => {
                  const box = document.getElementById('question'); const style = getComputedStyle(box);
                  const ctx = document.createElement('canvas').getContext('2d'); ctx.font = style.font;
                  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                  return ctx.measureText(box.placeholder).width <= room;
                }""")
                assert fits, name
                assert pg.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
                background = pg.evaluate("getComputedStyle(document.body).backgroundColor")
                assert (background == "rgb(17, 20, 24)") == (scheme == "dark"), background
                ask(pg, "수출바우처 지원한도는 어떻게 바뀌나요?")
                assert pg.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
                shot(pg, f"chat-{name}-{scheme}.png", full_page=False)
                pg.goto("/admin")
                expect(pg.locator("body")).to_have_attribute("data-ready", "1")
                shot(pg, f"admin-{name}-{scheme}.png", full_page=False)
            finally:
                context.close()


def test_admin_times_are_local(page: Page, web_bot: PolicyBot) -> None:
    page.goto("/admin")
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    stamp = page.locator("tr[data-doc-id] time").first
    iso = stamp.get_attribute("datetime") or ""
    when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(ZoneInfo("Asia/Seoul"))
    text = stamp.inner_text()
    assert text != iso and f"{when.year}. {when.month}. {when.day}." in text
    assert f"{'오전' if when.hour < 12 else '오후'} {when.hour % 12 or 12}:{when.minute:02d}" in text


def test_admin_page_asks_before_an_upload_replaces_a_document(page: Page, problems: list[str]) -> None:
    name = f"fair-{uuid.uuid4().hex[:8]}.txt"
    first = "박람회 지원 안내\n박람회 참가비를 기업당 200만원 지원한다.\n".encode()
    second = "박람회 지원 안내\n박람회 참가비를 기업당 800만원 지원한다.\n".encode()
    doc_id = doc_id_for(name, first, "")
    page.goto("/admin")
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    page.fill("#admin-key", ADMIN_KEY)
    page.click("#key-form button[type=submit]")
    expect(page.locator("#key-status")).to_contain_text("저장했습니다")
    status = page.locator("#upload-status")
    page.set_input_files("#upload-file", {"name": name, "mimeType": "text/plain", "buffer": first})
    page.click("#upload-button")
    expect(status).to_have_class("status ok result-added", timeout=TIMEOUT_MS)
    # The same name with other content: the page asks, and nothing changes until the admin says so.
    page.set_input_files("#upload-file", {"name": name, "mimeType": "text/plain", "buffer": second})
    with page.expect_response("**/api/documents") as resp:
        page.click("#upload-button")
    assert resp.value.status == 409
    expect(status).to_contain_text("같은 이름의 문서가 이미 색인되어 있습니다")
    expect(status).to_contain_text(doc_id)
    page.click("#replace-cancel")
    expect(status).to_have_text("올리지 않았습니다 (기존 문서 유지)")
    with page.expect_response("**/api/documents"):
        page.click("#upload-button")
    page.click("#replace-confirm")
    expect(status).to_have_class("status ok result-updated", timeout=TIMEOUT_MS)
    expect(status).to_contain_text(f"→ {doc_id}")
    assert page.request.delete(f"/api/documents/{doc_id}", headers={"X-Admin-Key": ADMIN_KEY}).status == 200
    # Chromium logs the refused request itself ("… status of 409"): provoked here, not a bug.
    problems[:] = [p for p in problems if "status of 409" not in p]
