"""Sources and their sync against a loopback fake of each connector (tests/sources_fake.py): what changed is
ingested, updated and removed exactly; a second run does nothing; bad responses are reported by item while the
rest completes; a killed sync converges when rerun; withdrawn and expired items follow the configuration."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sources_fake import (
    FakeSources,
    bizinfo_row,
    docx_bytes,
    kstartup_page,
    kstartup_row,
    rss,
    voucher_notice,
)
from test_loaders import make_pdf

from bot.config import PROJECT_ROOT
from ingestion.index import DocFilter, Store
from ingestion.settings import IndexSettings
from ingestion.sources import SourceConfig, SyncReport, load_sources, save_sources, sync_sources
from ingestion.sources.config import SourceConfigError
from ingestion.sources.http import FetchError, PoliteClient, check_type, redact

TODAY = date(2026, 2, 10)
FAST = {"rate_per_second": 200.0, "timeout_s": 2.0, "retries": 2, "backoff_s": 0.05}


@pytest.fixture()
def fake() -> Iterator[FakeSources]:
    server = FakeSources().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def api_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIZINFO_API_KEY", "bizinfo-test-key")
    monkeypatch.setenv("KSTARTUP_API_KEY", "kstartup-test-key")


def clean_fixtures(fake: FakeSources, folder: Path) -> list[SourceConfig]:
    """Every connector with good data: 2 bizinfo items (one with an attached notice), 2 K-Startup items, a feed
    of 2 entries (one with a PDF enclosure), a listing page of 1 notice page (with a DOCX) and a folder of 2."""
    u = fake.url
    fake.set("/bizinfo", {"jsonArray": [
        bizinfo_row("PBLN_26", "2026년 바다수출 바우처 지원사업 공고", "20260201 ~ 20260228",
                    files=[(f"{u}/files/v2026.docx", "2026년 공고문.docx")]),
        bizinfo_row("PBLN_77", "2026년 하늘물류 컨설팅 지원사업 공고", "20260301 ~ 20260320",
                    summary="<p>물류 컨설팅 비용 지원</p>", hashtags="물류"),
    ]})
    fake.set("/files/v2026.docx", voucher_notice(2026, "1억 5천만원", "2026. 2. 1.(일) ~ 2. 28.(토)", 41))
    fake.set("/kstartup", kstartup_page([
        kstartup_row(501, "2026년 청년창업 도약 패키지 모집", "20260205", "20260225"),
        kstartup_row(502, "2026년 창업 인큐베이팅 입주기업 모집", "20260105", "20260120"),
    ]))
    fake.set("/feed.xml", rss([
        {"title": "수출 인증 안내서 개정 알림", "link": f"{u}/news/1", "guid": "news-1",
         "date": "Mon, 02 Feb 2026 09:00:00 +0900", "summary": "해외 인증 안내서를 개정했습니다.",
         "enclosure": f"{u}/files/guide.pdf"},
        {"title": "2026년 전시회 참가 지원 공고", "link": f"{u}/news/2", "guid": "news-2",
         "date": "Mon, 09 Feb 2026 09:00:00 +0900",
         "summary": "○ 신청기간: 2026. 2. 9. ~ 2. 20.<br>○ 지원 한도: 기업당 최대 1,500만원"},
    ]), content_type="application/rss+xml")
    fake.set("/files/guide.pdf", make_pdf(["Export certification guide, revised edition."]),
             content_type="application/pdf")
    fake.set("/notices", f'<html><body><a href="{u}/notices/9">2026년 해양 수출 컨설팅 공고</a>'
                         '<a href="/about">기관 소개</a></body></html>')
    fake.set("/notices/9", f'<html><body><h1>2026년 해양 수출 컨설팅 공고</h1><p>○ 신청기간: 2026. 2. 2. ~ 2. 13.</p>'
                           f'<a href="{u}/files/consult.docx">공고문.docx</a></body></html>')
    fake.set("/files/consult.docx", docx_bytes(["2026년 해양 수출 컨설팅 공고", "○ 지원 한도: 기업당 2천만원"]))
    folder.mkdir(exist_ok=True)
    (folder / "local-a.txt").write_text("2026년 지역 수출 지원 안내\n○ 지원 한도: 기업당 500만원\n", "utf-8")
    (folder / "local-b.txt").write_text("2026년 지역 판로 지원 안내\n○ 지원 한도: 기업당 300만원\n", "utf-8")
    return [SourceConfig(name="biz", type="bizinfo", url=f"{u}/bizinfo", **FAST),  # type: ignore[arg-type]
            SourceConfig(name="ks", type="kstartup", url=f"{u}/kstartup", **FAST),  # type: ignore[arg-type]
            SourceConfig(name="news", type="feed", url=f"{u}/feed.xml", **FAST),  # type: ignore[arg-type]
            SourceConfig(name="board", type="listing", url=f"{u}/notices", item_pattern=r"/notices/\d+$",
                         **FAST),  # type: ignore[arg-type]
            SourceConfig(name="local", type="folder", path=str(folder))]


def run(store: Store, settings: IndexSettings, sources: list[SourceConfig], base: Path) -> dict[str, SyncReport]:
    return {r.source: r for r in sync_sources(store, settings, sources, base=base, today=TODAY, lock_wait_s=5)}


def statuses(reports: dict[str, SyncReport]) -> dict[tuple[str, str], str]:
    return {(r.source, r.item_id): r.status for rep in reports.values() for r in rep.results}


def test_sync_writes_exactly_what_changed_and_a_second_run_does_nothing(fake: FakeSources, tmp_path: Path) -> None:
    sources = clean_fixtures(fake, tmp_path / "folder")
    settings = IndexSettings(data_dir=tmp_path / "data")
    store = Store(settings)
    first = run(store, settings, sources, tmp_path)
    assert all(not rep.failed for rep in first.values()), [r.failed for r in first.values()]
    assert set(statuses(first).values()) == {"added"}
    assert {k: rep.counts()["added"] for k, rep in first.items()} == {"biz": 2, "ks": 2, "news": 2, "board": 1,
                                                                       "local": 2}
    docs = {d.doc_id: d.meta for d in store.documents()}
    assert len(docs) == 2 + 1 + 2 + 2 + 1 + 1 + 1 + 2  # items, their attachments, folder files
    voucher = next(m for m in docs.values() if m["title"] == "2026년 바다수출 바우처 지원사업 공고")
    assert (voucher["doc_kind"], voucher["issuer"], voucher["apply_start"], voucher["apply_end"]) == (
        "notice", "해양수출부", "2026-02-01", "2026-02-28")
    assert voucher["url"].endswith("pblancId=PBLN_26") and voucher["origin"] == "source:biz"
    feed_notice = next(m for m in docs.values() if m["title"] == "2026년 전시회 참가 지원 공고")
    assert (feed_notice["apply_start"], feed_notice["apply_end"]) == ("2026-02-09", "2026-02-20")  # from the text

    generation = store.generation()
    fake.requests.clear()
    second = run(store, settings, sources, tmp_path)
    assert set(statuses(second).values()) == {"unchanged"}, statuses(second)
    assert store.generation() == generation  # nothing was written
    conditional = [r for r in fake.requests if r.path.startswith(("/files/", "/feed.xml", "/notices"))
                   and r.path != "/notices/9"]
    assert conditional and all(r.status == 304 for r in conditional), [(r.path, r.status) for r in conditional]
    assert all("If-None-Match" in r.headers for r in conditional)

    # One of each change: an item's text and one attachment, an item gone, a new entry, a file changed and gone.
    fake.set("/files/v2026.docx", voucher_notice(2026, "2억원", "2026. 2. 1.(일) ~ 2. 28.(토)", 41))
    fake.set("/kstartup", kstartup_page([kstartup_row(501, "2026년 청년창업 도약 패키지 모집", "20260205",
                                                      "20260225")]))
    feed = fake.routes["/feed.xml"].body.decode().replace(
        "</channel>", f"<item><title>2026년 물류비 지원 공고</title><link>{fake.url}/news/3</link><guid>news-3</guid>"
        "<pubDate>Tue, 10 Feb 2026 09:00:00 +0900</pubDate><description>물류비 지원</description></item></channel>")
    fake.set("/feed.xml", feed, content_type="application/rss+xml")
    changed = "2026년 지역 수출 지원 안내\n○ 지원 한도: 기업당 700만원\n"
    (tmp_path / "folder" / "local-a.txt").write_text(changed, "utf-8")
    (tmp_path / "folder" / "local-b.txt").unlink()
    third = statuses(run(store, settings, sources, tmp_path))
    changed = {k: v for k, v in third.items() if v != "unchanged"}
    assert changed == {("biz", "PBLN_26"): "updated", ("ks", "502"): "removed", ("news", "news-3"): "added",
                       ("local", "local-a"): "updated", ("local", "local-b"): "removed"}, changed
    docs = {d.doc_id: d.meta for d in store.documents()}
    # Doc ids carry the fake server's port and content hashes, so "502" is looked for as the removed item's id.
    assert not any(d.startswith("ks-502-") for d in docs) and "local-b" not in docs
    fourth = run(store, settings, sources, tmp_path)
    assert set(statuses(fourth).values()) == {"unchanged"}, statuses(fourth)


def test_bad_responses_are_reported_by_item_and_the_rest_completes(fake: FakeSources, tmp_path: Path) -> None:
    u = fake.url
    good = docx_bytes(["2026년 정상 첨부 공고", "○ 지원 한도: 기업당 1천만원"])
    files = {"flaky": good, "broken": good, "slow": good, "lying": b"<!DOCTYPE html><html><body>error</body></html>",
             "huge": b"%PDF-1.4\n" + b"0" * 400_000, "stream": b"%PDF-1.4\n" + b"0" * 400_000, "ok": good}
    rows = []
    for n, name in enumerate(files):
        suffix = ".pdf" if name in ("lying", "huge", "stream") else ".docx"
        rows.append(bizinfo_row(f"PBLN_{n}", f"2026년 {name} 첨부 공고", "20260201 ~ 20260228",
                                files=[(f"{u}/att/{name}{suffix}", f"{name}{suffix}")]))
        fake.set(f"/att/{name}{suffix}", files[name], content_type="application/pdf" if suffix == ".pdf" else
                 "application/octet-stream")
    fake.routes["/att/flaky.docx"].fail_first = 2  # two 500s, then fine: retried
    fake.routes["/att/broken.docx"].status = 500  # always 500
    fake.routes["/att/slow.docx"].delay_s = 3.0  # over the 1 s timeout
    fake.routes["/att/stream.pdf"].no_length = True
    fake.set("/bizinfo", {"jsonArray": rows})
    fake.set("/kstartup", kstartup_page([kstartup_row(601, "2026년 창업 모집", "20260201", "20260228")],
                                        per_page=1, total=2))
    fake.set("/kstartup-page2", b"{not json", content_type="application/json")
    fake.set("/down.xml", b"", status=500)
    options = {**FAST, "timeout_s": 1.0, "max_attachment_bytes": 100_000}
    sources = [SourceConfig(name="biz", type="bizinfo", url=f"{u}/bizinfo", **options),  # type: ignore[arg-type]
               SourceConfig(name="ks", type="kstartup", url=f"{u}/kstartup", page_size=1, **FAST),  # type: ignore[arg-type]
               SourceConfig(name="down", type="feed", url=f"{u}/down.xml", **FAST)]  # type: ignore[arg-type]
    # page 2 of K-Startup is served from another path by rewriting the query: the fake routes by path, so point
    # the K-Startup source at a path whose second page is malformed.
    settings = IndexSettings(data_dir=tmp_path / "data")
    store = Store(settings)
    original_get = PoliteClient.get

    def get(self: PoliteClient, url: str, **kw):  # type: ignore[no-untyped-def]
        params = dict(kw.get("params") or {})
        if url.endswith("/kstartup") and params.get("page") == "2":
            url = url + "-page2"
        return original_get(self, url, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(PoliteClient, "get", get)
        reports = run(store, settings, sources, tmp_path)
    by_item = {r.item_id: r for rep in reports.values() for r in rep.results}
    detail = {r.title.split()[1]: (r.status, r.detail) for r in reports["biz"].results}
    assert detail["flaky"][0] == "added" and detail["ok"][0] == "added"
    assert detail["broken"][0] == "failed" and "HTTP 500 after 3 attempts" in detail["broken"][1]
    assert detail["slow"][0] == "failed" and "timed out" in detail["slow"][1]
    assert detail["lying"][0] == "failed" and "claims to be PDF" in detail["lying"][1] and "HTML" in detail["lying"][1]
    assert detail["huge"][0] == "failed" and "too large (400,009 bytes; the limit is 100,000)" in detail["huge"][1]
    assert detail["stream"][0] == "failed" and "more than 100,000 bytes" in detail["stream"][1]
    assert "bizinfo-test-key" not in json.dumps([r.detail for r in reports["biz"].results])
    # the items whose attachment failed are still indexed from their own fields, and retried next time
    assert all(store.document(d) is not None for d in by_item["PBLN_1"].doc_ids)
    assert reports["ks"].complete is False and by_item["601"].status == "added"
    assert any(r.item_id == "(listing)" and "malformed JSON" in r.detail for r in reports["ks"].results)
    assert [(r.status, "HTTP 500" in r.detail) for r in reports["down"].results] == [("failed", True)]
    # a later run with the API fixed removes nothing it could not see, and retries only the failed items
    fake.routes["/att/broken.docx"].status = 200
    again = {r.item_id: r.status for r in run(store, settings, sources[:1], tmp_path)["biz"].results}
    assert again["PBLN_1"] == "updated" and again["PBLN_6"] == "unchanged" and again["PBLN_0"] == "unchanged"


def test_withdrawn_and_expired_items_follow_the_configuration(fake: FakeSources, tmp_path: Path) -> None:
    rows = [kstartup_row(701, "2026년 계속 모집", "20260201", "20260228"),
            kstartup_row(702, "2026년 철회될 모집", "20260201", "20260228"),
            kstartup_row(703, "2026년 지난 모집", "20260101", "20260120")]
    fake.set("/kstartup", kstartup_page(rows))
    keep = SourceConfig(name="ks", type="kstartup", url=f"{fake.url}/kstartup", on_withdrawn="keep",
                        on_expired="remove", **FAST)  # type: ignore[arg-type]
    settings = IndexSettings(data_dir=tmp_path / "data")
    store = Store(settings)
    first = statuses(run(store, settings, [keep], tmp_path))
    assert first == {("ks", "701"): "added", ("ks", "702"): "added", ("ks", "703"): "skipped"}
    fake.set("/kstartup", kstartup_page(rows[:1]))
    second = statuses(run(store, settings, [keep], tmp_path))
    assert second == {("ks", "701"): "unchanged", ("ks", "702"): "kept"}
    kept = next(d for d in store.documents() if "702" in d.doc_id)
    assert kept.meta["withdrawn"] == TODAY.isoformat()
    assert store.matching_documents(DocFilter(status="closed"), TODAY) == {kept.doc_id}
    assert store.matching_documents(DocFilter(status="open"), TODAY) == {d.doc_id for d in store.documents()
                                                                         if "701" in d.doc_id}
    assert set(statuses(run(store, settings, [keep], tmp_path)).values()) == {"unchanged"}


def test_a_killed_sync_converges_when_rerun(fake: FakeSources, tmp_path: Path) -> None:
    u = fake.url
    rows = [bizinfo_row(f"PBLN_K{n}", f"2026년 중단 시험 {n}호 공고", "20260201 ~ 20260228",
                        files=[(f"{u}/slow/{n}.docx", f"{n}.docx")]) for n in range(6)]
    fake.set("/bizinfo", {"jsonArray": rows})
    for n in range(6):
        fake.set(f"/slow/{n}.docx", docx_bytes([f"2026년 중단 시험 {n}호 공고", f"○ 지원 한도: {n + 1}천만원"]),
                 delay_s=0.4)
    sources_file = tmp_path / "sources.toml"
    save_sources(sources_file, [SourceConfig(name="biz", type="bizinfo", url=f"{u}/bizinfo", **FAST)])  # type: ignore[arg-type]
    env = {**os.environ, "POLICYBOT_DATA_DIR": str(tmp_path / "data"), "POLICYBOT_SOURCES_FILE": str(sources_file),
           "POLICYBOT_TODAY": TODAY.isoformat()}
    cmd = [sys.executable, "-m", "bot.cli", "sources", "sync", "--json"]
    state = tmp_path / "data" / "sources" / "biz" / "state.json"
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:  # kill it once some, not all, items are recorded
        try:
            done = len(json.loads(state.read_text("utf-8"))["items"])
        except (OSError, ValueError, KeyError):
            done = 0
        if done >= 2 or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the sync ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert 2 <= len(json.loads(state.read_text("utf-8"))["items"]) < 6

    rerun = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    result = {r["item_id"]: r["status"] for r in json.loads(rerun.stdout)[0]["results"]}
    assert sorted(result) == [f"PBLN_K{n}" for n in range(6)]
    assert set(result.values()) <= {"unchanged", "added"} and "added" in result.values()
    settings = IndexSettings(data_dir=tmp_path / "data")
    store = Store(settings)
    assert len(store.documents()) == 12  # 6 items and their 6 attachments, each once
    report = store.recover(full=True, dry_run=True)
    assert not report.repaired and not report.versions_deleted, report
    final = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0 and {r["status"] for r in json.loads(final.stdout)[0]["results"]} == {"unchanged"}


# ---- the polite client and the configuration ---------------------------------------------------------------------


def test_polite_client_rate_retries_and_conditional_requests(fake: FakeSources) -> None:
    fake.set("/a", b"alpha")
    fake.set("/b", b"beta", fail_first=2)
    sleeps: list[float] = []
    with PoliteClient(rate_per_second=5, retries=2, backoff_s=0.01, timeout_s=2) as client:
        for _ in range(3):
            client.get(f"{fake.url}/a", conditional=False)
        times = [r.at for r in fake.hits("/a")]
        assert all(b - a >= 0.17 for a, b in zip(times, times[1:], strict=False)), times  # 5/s per host
    with PoliteClient(rate_per_second=100, retries=2, backoff_s=0.01, sleep=sleeps.append) as client:
        assert client.get(f"{fake.url}/b").content == b"beta" and len(fake.hits("/b")) == 3
        assert 0.01 in sleeps and 0.02 in sleeps  # exponential backoff between the retries
        assert client.get(f"{fake.url}/b").not_modified  # the ETag of the first answer is sent back
        with pytest.raises(FetchError, match="HTTP 404"):
            client.get(f"{fake.url}/missing?crtfcKey=secret")
    assert "secret" not in redact("http://x/api?crtfcKey=secret&page=2") and "page=2" in redact("http://x/a?page=2")


def test_attachment_type_is_checked_against_its_bytes() -> None:
    assert check_type(make_pdf(["x"]), "a.pdf", "application/pdf") == ".pdf"
    assert check_type(docx_bytes(["x"]), "공고문.docx", "") == ".docx"
    with pytest.raises(FetchError, match="claims to be PDF .* but its content is HTML"):
        check_type(b"<html><body>login</body></html>", "notice.pdf", "application/pdf")
    with pytest.raises(FetchError, match="claims to be HWP but its content is PDF"):
        check_type(make_pdf(["x"]), "notice.hwp", "")


def test_sources_file_round_trip_and_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    sources = [SourceConfig(name="biz", type="bizinfo", params={"hashtags": "수출"}),
               SourceConfig(name="local", type="folder", path="my-notices", on_withdrawn="keep")]
    save_sources(path, sources)
    assert load_sources(path) == sources
    assert "crtfcKey" not in path.read_text("utf-8") and "BIZINFO_API_KEY" not in path.read_text("utf-8")
    path.write_text('[[sources]]\nname = "x"\ntype = "ftp"\n', "utf-8")
    with pytest.raises(SourceConfigError, match="type must be one of folder, feed, listing, bizinfo, kstartup"):
        load_sources(path)
    path.write_text('[[sources]]\nname = "x"\ntype = "feed"\nurl = "https://a"\nrate = 3\n', "utf-8")
    with pytest.raises(SourceConfigError, match="unknown keys \\['rate'\\]"):
        load_sources(path)


def test_cli_sources_add_list_remove(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYBOT_DATA_DIR": str(tmp_path / "data"),
           "POLICYBOT_SOURCES_FILE": str(tmp_path / "sources.toml")}
    env.pop("BIZINFO_API_KEY", None)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot.cli", "sources", *args], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    assert cli("add", "biz", "bizinfo", "--param", "hashtags=수출").returncode == 0
    assert cli("add", "news", "feed", "https://example.invalid/rss.xml").returncode == 0
    bad = cli("add", "bad", "feed")
    assert bad.returncode == 2 and "needs url" in bad.stderr
    listed = json.loads(cli("list", "--json").stdout)
    assert [(s["name"], s["type"], s["key_set"]) for s in listed] == [("biz", "bizinfo", False),
                                                                     ("news", "feed", None)]
    assert listed[0]["where"].startswith("https://www.bizinfo.go.kr/")
    no_key = cli("sync", "biz", "--json")
    assert no_key.returncode == 1 and "set the environment variable BIZINFO_API_KEY" in no_key.stdout
    assert cli("remove", "biz").returncode == 0
    assert [s.name for s in load_sources(tmp_path / "sources.toml")] == ["news"]
