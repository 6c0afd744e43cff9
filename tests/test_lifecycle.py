"""The life of a notice: kind, issuer, date and window at ingestion; status derived on the day asked; editions
linked (the newest answers, the older is history); filters by kind, issuer, status and date; "지금 신청 가능한 …"
lists exactly the open notices; programs span every document with status and deadline. The index is synced from
the loopback fake sources (tests/sources_fake.py) with "today" fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sources_fake import FakeSources, bizinfo_row, kstartup_page, kstartup_row, rss, voucher_notice

from bot.catalogue import catalogue_on
from bot.config import Settings
from bot.filters import FilterError, filters_from, split_options
from bot.open_notices import asked_status, topic_terms
from bot.service import PolicyBot
from ingestion.index import DocFilter
from ingestion.notice import classify_kind, kind_code, parse_issuer, parse_window, status_on
from ingestion.sources import SourceConfig, sync_sources

TODAY = date(2026, 2, 10)
FAST = {"rate_per_second": 200.0, "timeout_s": 5.0, "retries": 1, "backoff_s": 0.05}
OPEN = {"2026년 바다수출 바우처 지원사업 공고", "2026년 청년창업 도약 패키지 모집", "2026년 전시회 참가 지원 공고"}
UPCOMING = {"2026년 하늘물류 컨설팅 지원사업 공고"}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PolicyBot]:
    fake = FakeSources().start()
    u = fake.url
    fake.set("/bizinfo", {"jsonArray": [
        bizinfo_row("PBLN_26", "2026년 바다수출 바우처 지원사업 공고", "20260201 ~ 20260228",
                    files=[(f"{u}/files/v2026.docx", "2026년 공고문.docx")]),
        bizinfo_row("PBLN_25", "2025년 바다수출 바우처 지원사업 공고", "20250203 ~ 20250228",
                    created="2025-01-22 09:00:00", files=[(f"{u}/files/v2025.docx", "2025년 공고문.docx")]),
        bizinfo_row("PBLN_77", "2026년 하늘물류 컨설팅 지원사업 공고", "20260301 ~ 20260320", issuer="하늘교통부",
                    summary="<p>물류 컨설팅 비용 지원</p>", hashtags="물류"),
    ]})
    fake.set("/files/v2026.docx", voucher_notice(2026, "1억 5천만원", "2026. 2. 1.(일) ~ 2. 28.(토)", 41))
    fake.set("/files/v2025.docx", voucher_notice(2025, "1억원", "2025. 2. 3.(월) ~ 2. 28.(금)", 17))
    fake.set("/kstartup", kstartup_page([
        kstartup_row(501, "2026년 청년창업 도약 패키지 모집", "20260205", "20260225"),
        kstartup_row(502, "2026년 창업 인큐베이팅 입주기업 모집", "20260105", "20260120"),
    ]))
    fake.set("/feed.xml", rss([{"title": "2026년 전시회 참가 지원 공고", "link": f"{u}/news/2", "guid": "news-2",
                                "date": "Mon, 09 Feb 2026 09:00:00 +0900",
                                "summary": "○ 신청기간: 2026. 2. 9. ~ 2. 20.<br>○ 지원 한도: 기업당 최대 1,500만원"}]),
             content_type="application/rss+xml")
    folder = tmp_path_factory.mktemp("folder")
    (folder / "guide.md").write_text("# 해외 인증 취득 안내서\n\n인증 취득 절차를 안내합니다.\n", "utf-8")
    (folder / "press.txt").write_text("수출 지원 확대 발표\n중소기업 수출 지원을 확대한다고 밝혔다.\n", "utf-8")
    (folder / "manifest.toml").write_text(
        '[[documents]]\ndoc_id = "press"\nfiles = ["press.txt"]\ntitle = "수출 지원 확대 발표"\n'
        'kind = "보도자료 (press release)"\npublisher = "산업통상부"\npublished = "2026-01-05"\n', "utf-8")
    settings = Settings(data_dir=tmp_path_factory.mktemp("lifecycle") / "data", answer_cache_size=0,
                        llm_base_url=None, llm_model=None, today=TODAY)
    policy_bot = PolicyBot(settings)
    sources = [SourceConfig(name="biz", type="bizinfo", url=f"{u}/bizinfo", **FAST),  # type: ignore[arg-type]
               SourceConfig(name="ks", type="kstartup", url=f"{u}/kstartup", **FAST),  # type: ignore[arg-type]
               SourceConfig(name="news", type="feed", url=f"{u}/feed.xml", **FAST),  # type: ignore[arg-type]
               SourceConfig(name="local", type="folder", path=str(folder))]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BIZINFO_API_KEY", "test-key")
        mp.setenv("KSTARTUP_API_KEY", "test-key")
        reports = sync_sources(policy_bot.store, settings, sources, base=folder, today=TODAY)
    assert not any(r.failed for r in reports), [r.failed for r in reports]
    fake.stop()
    yield policy_bot


def _listed(text: str) -> set[str]:
    return {line[2:].split(" · ")[0] for line in text.splitlines() if line.startswith("- ")}


def test_every_document_has_kind_issuer_date_and_window(bot: PolicyBot) -> None:
    docs = {str(d.meta["title"]): d.meta for d in bot.store.documents()}
    assert {k: docs[k]["doc_kind"] for k in ("해외 인증 취득 안내서", "수출 지원 확대 발표")} == {
        "해외 인증 취득 안내서": "guide", "수출 지원 확대 발표": "press_release"}
    assert docs["수출 지원 확대 발표"]["issuer"] == "산업통상부"
    voucher = docs["2025년 바다수출 바우처 지원사업 공고"]
    assert (voucher["doc_kind"], voucher["issuer"], voucher["notice_date"]) == ("notice", "해양수출부", "2025-01-22")
    assert (voucher["apply_start"], voucher["apply_end"]) == ("2025-02-03", "2025-02-28")


def test_open_now_lists_exactly_the_open_notices(bot: PolicyBot) -> None:
    answer = bot.answer("지금 신청 가능한 지원사업")
    assert answer.outcome == "answered" and answer.intent == "list"
    assert _listed(answer.text) == OPEN, answer.text
    assert "2026-02-10" in answer.text and "신청 기간 2026-02-01 ~ 2026-02-28" in answer.text
    assert "마감까지 18일" in answer.text and "pblancId=PBLN_26" in answer.text  # deadline and link
    assert len(answer.citations) == 3 and {c.doc_status for c in answer.citations} == {"open"}
    english = bot.answer("Which programs are open for applications now?")
    assert english.language == "en" and _listed(english.text) == OPEN, english.text
    topic = bot.answer("지금 신청할 수 있는 수출 지원사업이 뭐가 있나요?")
    assert _listed(topic.text) == {"2026년 바다수출 바우처 지원사업 공고"}, topic.text
    assert _listed(bot.answer("곧 접수가 시작되는 공고는?").text) == UPCOMING


def test_status_is_derived_on_the_day_asked_not_stored(bot: PolicyBot) -> None:
    clock = bot.clock
    try:
        bot.clock = lambda: date(2026, 3, 5)
        assert _listed(bot.answer("지금 신청 가능한 지원사업").text) == UPCOMING
        bot.clock = lambda: date(2026, 4, 1)
        later = bot.answer("지금 신청 가능한 지원사업")
        assert not _listed(later.text) and "찾지 못했습니다" in later.text
    finally:
        bot.clock = clock


def test_the_newest_edition_answers_and_the_older_is_history(bot: PolicyBot) -> None:
    answer = bot.answer("바다수출 바우처 기업당 지원 한도는 얼마인가요?")
    assert answer.outcome == "answered", answer.text
    assert "1억 5천만원" in answer.text and answer.editions_note, answer.text
    assert "1억원" in answer.text and "2025-01-22" in answer.text and "2026-01-20" in answer.text
    by_date = {c.doc_date: c.doc_status for c in answer.citations}
    assert by_date == {"2026-01-20": "open", "2025-01-22": "closed"}  # each citation's date and status
    closed_only = bot.answer("바다수출 바우처 기업당 지원 한도는 얼마인가요?", filters=DocFilter(status="closed"))
    assert "1억원" in closed_only.text and "1억 5천만원" not in closed_only.text, closed_only.text


def test_retrieval_filters_by_kind_issuer_status_and_date(bot: PolicyBot) -> None:
    def docs(question: str, **kw: object) -> set[str]:
        found = bot.retrieve(question, top_k=20, filters=filters_from(**kw))  # type: ignore[arg-type]
        return {str(p.chunk.meta["title"]).split(" — ")[0] for p in found.passages}

    assert docs("지원", kind="guide") == {"해외 인증 취득 안내서"}
    assert docs("수출 지원", kind="보도자료") == {"수출 지원 확대 발표"}
    assert docs("지원사업", issuer="하늘 교통부") == {"2026년 하늘물류 컨설팅 지원사업 공고"}
    assert docs("바우처", status="closed") == {"2025년 바다수출 바우처 지원사업 공고",
                                               "2026년 창업 인큐베이팅 입주기업 모집"}
    assert docs("모집", status="upcoming") == UPCOMING
    assert docs("지원", since="2026-02-01", until="2026-02-09") == {"2026년 청년창업 도약 패키지 모집",
                                                                   "2026년 전시회 참가 지원 공고"}
    assert docs("지원", status="open", issuer="없는 기관") == set()


def test_programs_span_every_document_with_status_and_deadline(bot: PolicyBot) -> None:
    catalogue = catalogue_on(bot.store, TODAY)
    by_title = {p.title: p for p in catalogue.programs}
    assert set(by_title) >= OPEN | UPCOMING | {"해외 인증 취득 안내서", "수출 지원 확대 발표"}
    assert not any("공고문.docx" in p.title for p in catalogue.programs)  # attachments are part of their notice
    voucher = by_title["2026년 바다수출 바우처 지원사업 공고"]
    assert (voucher.status, voucher.apply_end, voucher.kind, voucher.current) == ("open", "2026-02-28", "notice", True)
    older = by_title["2025년 바다수출 바우처 지원사업 공고"]
    assert older.status == "closed" and not older.current and voucher.doc_id in older.editions
    assert older.doc_id in voucher.editions
    assert by_title["2026년 하늘물류 컨설팅 지원사업 공고"].status == "upcoming"
    assert by_title["해외 인증 취득 안내서"].status is None


# ---- pure parts ----------------------------------------------------------------------------------------------


def test_kind_issuer_window_and_status_rules() -> None:
    assert [kind_code(k) for k in ("보도자료 (press release)", "공고 (notice)", "regulation", "FAQ", "기타")] == [
        "press_release", "notice", "regulation", "guide", None]
    assert classify_kind("아르벤 공화국 전기제품 표시 규정", "") == "regulation"
    assert classify_kind("제목 없음", "해양물류부 공고 제2026-41호\n○ 신청 기간: 2026. 2. 3. ~ 2. 27.") == "notice"
    # "notice" in an English gloss does not outweigh the Korean label it glosses; 공고 in a title does.
    assert kind_code("해외 수출규제 정보 (export-regulation notice)") == "regulation"
    assert kind_code("2026년 규제자유특구 실증사업 공고") == "notice"
    assert kind_code("Call for applications: trade show support") == "notice"
    # An export-control page names itself by what it regulates, not by the word "regulation".
    assert classify_kind("Veltria: Export Licensing for Dual-Use Items", "Information for exporters.") == "regulation"
    assert parse_issuer("※ 안내\n중소벤처기업부 공고 제2026-38호\n") == "중소벤처기업부"
    assert parse_window("20260203 ~ 20260227") == (date(2026, 2, 3), date(2026, 2, 27))
    assert parse_window("상시 접수") == (None, None)
    window = ("2026-02-03", "2026-02-27")
    assert [status_on(*window, day) for day in (date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 27),
                                                date(2026, 2, 28))] == ["upcoming", "open", "open", "closed"]
    assert status_on(*window, date(2026, 2, 10), withdrawn="2026-02-09") == "closed"
    assert status_on(None, None, TODAY) is None


def test_filters_from_people() -> None:
    assert filters_from() is None
    assert filters_from(status="접수중", kind="공고") == DocFilter(kind="공고", status="open")
    with pytest.raises(FilterError, match="status must be one of upcoming, open, closed"):
        filters_from(status="soon")
    with pytest.raises(FilterError, match="since: write a date as YYYY-MM-DD"):
        filters_from(since="last week")
    question, found = split_options("status:open kind:notice 기관:해양수출부 지금 신청 가능한 사업은?")
    assert question == "지금 신청 가능한 사업은?"
    assert found == DocFilter(kind="notice", issuer="해양수출부", status="open")
    assert split_options("수출 바우처 status:open") == ("수출 바우처 status:open", None)


def test_open_question_detection() -> None:
    assert asked_status("지금 신청할 수 있는 수출 지원사업이 뭐가 있나요?") == "open"
    assert asked_status("현재 모집중인 공고 목록") == "open"
    assert asked_status("접수 예정인 공고 알려줘") == "upcoming"
    assert asked_status("신청 가능한 거 뭐 있어요?") == asked_status("신청할 수 있는 게 있나요?") == "open"
    for other in ("수출바우처 신청 가능한 기업은?", "바다물류 바우처 신청 마감일은?", "신청 기간은 언제인가요?",
                  "What is the support limit?", "그럼 저희도 신청 가능한 거죠?", "두 분야 모두 신청할 수 있는 거예요?",
                  "작년에 선정됐어도 신청 가능한 게 맞나요?"):
        assert asked_status(other) is None, other
    assert topic_terms("지금 신청할 수 있는 수출 지원사업이 뭐가 있나요?") == ["수출"]
    assert topic_terms("지금 신청 가능한 지원사업") == []


def test_settings_today_fixes_the_clock(tmp_path: Path) -> None:
    bot = PolicyBot(Settings(data_dir=tmp_path / "data", today=TODAY))
    assert bot.today() == TODAY


def test_cli_ask_filters_and_programs_status(bot: PolicyBot) -> None:
    import json
    import os
    import subprocess
    import sys

    from bot.config import PROJECT_ROOT

    env = {**os.environ, "POLICYBOT_DATA_DIR": str(bot.settings.data_dir), "POLICYBOT_TODAY": TODAY.isoformat(),
           "POLICYBOT_ANSWER_CACHE_SIZE": "0"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    listed = cli("ask", "지금 신청 가능한 지원사업", "--json")
    assert listed.returncode == 0, listed.stderr[-1000:]
    assert _listed(json.loads(listed.stdout)["text"]) == OPEN
    closed = cli("ask", "바다수출 바우처 기업당 지원 한도는 얼마인가요?", "--status", "closed", "--json")
    body = json.loads(closed.stdout)
    assert "1억원" in body["text"] and {c["doc_status"] for c in body["citations"]} == {"closed"}
    bad = cli("ask", "질문", "--status", "soon")
    assert bad.returncode == 2 and "status must be one of upcoming, open, closed" in bad.stderr
    programs = {p["title"]: p for p in json.loads(cli("programs", "--json").stdout)}
    assert programs["2026년 바다수출 바우처 지원사업 공고"]["status"] == "open"
    assert programs["2026년 바다수출 바우처 지원사업 공고"]["apply_end"] == "2026-02-28"
