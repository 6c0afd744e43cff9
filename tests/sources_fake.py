"""A loopback fake of the sources policybot syncs: the 기업마당 (bizinfo) and K-Startup APIs, an RSS feed, a listing
page with notice pages, and their attachments, served by ``http.server`` on 127.0.0.1 from fixtures the tests
change between syncs. Bad responses on demand: timeouts (a slow route), 500s (always, or the first N times),
malformed JSON, an attachment that lies about its type and a huge one (with and without Content-Length).
Conditional requests: routes carry an ETag and answer If-None-Match with 304. Every request is recorded.

The JSON follows the public API descriptions: bizinfo ``{"jsonArray": [{pblancId, pblancNm, jrsdInsttNm,
excInsttNm, reqstBeginEndDe, trgetNm, bsnsSumryCn, hashtags, pblancUrl, flpthNm, fileNm, creatPnttm, …}]}`` and
K-Startup ``{"currentCount", "data": [{pbanc_sn, biz_pbanc_nm, pbanc_ntrp_nm, pbanc_rcpt_bgng_dt,
pbanc_rcpt_end_dt, aply_trgt_ctnt, pbanc_ctnt, detl_pg_url, …}], "matchCount", "page", "perPage",
"totalCount"}``. All programs, agencies and figures are invented."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURE_NOTE = "※ 이 문서는 테스트용 가상 공고입니다 (test fixture)."


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/octet-stream"
    etag: bool = True
    delay_s: float = 0.0
    fail_first: int = 0  # answer 500 this many times, then normally
    no_length: bool = False  # stream without Content-Length
    hits: int = 0


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    at: float
    status: int = 0


@dataclass
class FakeSources:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def set(self, path: str, body: bytes | str | Any, **kw: Any) -> None:
        if isinstance(body, str):
            kw.setdefault("content_type", "text/html; charset=utf-8")
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            kw.setdefault("content_type", "application/json;charset=UTF-8")
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.routes[path] = Route(body, **kw)

    def hits(self, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def start(self) -> FakeSources:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                req = Request(parts.path, parse_qs(parts.query), dict(self.headers), time.monotonic())
                with fake.lock:
                    fake.requests.append(req)
                    route = fake.routes.get(parts.path)
                    if route is not None:
                        route.hits += 1
                if route is None:
                    req.status = 404
                    self.send_error(404)
                    return
                if route.delay_s:
                    time.sleep(route.delay_s)
                if route.hits <= route.fail_first or route.status >= 500:
                    req.status = 500
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                if route.etag and self.headers.get("If-None-Match") == etag:
                    req.status = 304
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                req.status = route.status
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", etag)
                if route.no_length:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for i in range(0, len(route.body), 65536):
                        self.wfile.write(route.body[i : i + 65536])
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, name="fake-sources", daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


# ---- fixture documents ----------------------------------------------------------------------------------------


def docx_bytes(lines: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def voucher_notice(year: int, limit: str, window: str, number: int) -> bytes:
    """The attached notice file of one edition of a fictional program (DOCX)."""
    return docx_bytes([
        FIXTURE_NOTE, f"{year}년 바다수출 바우처 지원사업 공고", f"해양수출부 공고 제{year}-{number}호", "",
        "1. 지원 내용", f"○ 지원 한도: 기업당 최대 {limit}", "○ 지원 비율: 총 사업비의 70%",
        "2. 신청", f"○ 신청 기간: {window}", "○ 문의처: 해양수출부 수출지원과 (044-555-0100)",
    ])


def bizinfo_row(pid: str, title: str, window: str, *, issuer: str = "해양수출부", executor: str = "바다수출진흥원",
                summary: str = "", files: list[tuple[str, str]] | None = None, created: str = "2026-01-20 09:00:00",
                hashtags: str = "수출,바우처") -> dict[str, Any]:
    row = {"pblancId": pid, "pblancNm": title, "jrsdInsttNm": issuer, "excInsttNm": executor,
           "reqstBeginEndDe": window, "trgetNm": "중소기업", "bsnsSumryCn": summary or f"<p>{title} 요약</p>",
           "hashtags": hashtags, "pblancUrl": f"/sii/siia/selectSIIA200Detail.do?pblancId={pid}",
           "pldirSportRealmLclasCodeNm": "수출", "creatPnttm": created, "refrncNm": "044-555-0100"}
    if files:
        row["flpthNm"] = "@".join(url for url, _ in files)
        row["fileNm"] = "@".join(name for _, name in files)
    return row


def kstartup_row(sn: int, title: str, start: str, end: str, *, org: str = "창업진흥원 (가상)",
                 content: str = "") -> dict[str, Any]:
    return {"pbanc_sn": sn, "biz_pbanc_nm": title, "pbanc_ntrp_nm": org, "biz_prch_dprt_nm": "창업지원팀",
            "supt_biz_clsfc": "사업화", "aply_trgt_ctnt": "업력 3년 이내 창업기업", "supt_regin": "전국",
            "pbanc_ctnt": content or f"{title}: 사업화 자금을 지원합니다.", "pbanc_rcpt_bgng_dt": start,
            "pbanc_rcpt_end_dt": end, "prch_cnpl_no": "1357", "rcrt_prgs_yn": "Y",
            "detl_pg_url": f"https://www.k-startup.go.kr/web/contents/bizpbanc-ongoing.do?schM=view&pbancSn={sn}"}


def kstartup_page(rows: list[dict[str, Any]], page: int = 1, per_page: int = 100,
                  total: int | None = None) -> dict[str, Any]:
    return {"currentCount": len(rows), "data": rows, "matchCount": total if total is not None else len(rows),
            "page": page, "perPage": per_page, "totalCount": total if total is not None else len(rows)}


def rss(items: list[dict[str, str]], title: str = "가상 기관 새소식") -> str:
    entries = []
    for it in items:
        enclosure = (f'<enclosure url="{it["enclosure"]}" type="application/pdf" length="1"/>'
                     if it.get("enclosure") else "")
        entries.append(f"<item><title>{it['title']}</title><link>{it['link']}</link><guid>{it['guid']}</guid>"
                       f"<pubDate>{it['date']}</pubDate><description><![CDATA[{it['summary']}]]></description>"
                       f"{enclosure}</item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link><description>fixture</description>{''.join(entries)}"
            "</channel></rss>")
