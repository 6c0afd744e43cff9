"""The chat and admin pages in a real browser (Debian chromium via Playwright) against a real uvicorn server
on 127.0.0.1, on the seed index. Screenshots go to test-output/screenshots/ for review."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, expect, sync_playwright
from web_helpers import ADMIN_KEY, LiveServer

from bot.config import PROJECT_ROOT
from bot.feedback import FeedbackStore

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
    assert page.evaluate("sessionStorage.getItem('policybot.adminKey')") == ADMIN_KEY
    page.set_input_files("#upload-file", {"name": filename, "mimeType": "text/plain",
                                          "buffer": content.encode("utf-8")})
    page.fill("#upload-title", hostile_title)
    page.click("#upload-button")
    status = page.locator("#upload-status")
    expect(status).to_have_class("status ok result-added", timeout=TIMEOUT_MS)
    doc_id = f"drone-pilot-{suffix}"
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


def test_admin_wrong_key_is_reported(page: Page, problems: list[str]) -> None:
    page.goto("/admin")
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    page.fill("#admin-key", "not-the-key")
    page.click("#key-form button[type=submit]")
    page.set_input_files("#upload-file", {"name": "x.txt", "mimeType": "text/plain", "buffer": "내용".encode()})
    with page.expect_response("**/api/documents") as resp:
        page.click("#upload-button")
    assert resp.value.status == 401
    expect(page.locator("#upload-status")).to_have_text("실패 (401): Wrong admin key.")
    # Chromium logs the refused request itself ("Failed to load resource … 401"): provoked here, not a bug.
    problems[:] = [p for p in problems if "status of 401" not in p]
