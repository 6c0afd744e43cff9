"""Connectors: each reads one kind of source and returns a ``Listing`` of items. They only read (through the
polite client); downloading attachments, writing and ingesting is the sync's job.

- ``bizinfo``: 기업마당 지원사업정보 API (``bizinfoApi.do?crtfcKey=…&dataType=json``): ``{"jsonArray": [...]}`` (the
  specification's example nests it as ``{"jsonArray": {"item": [...]}}``; both are read). Fields used: pblancId,
  pblancNm, jrsdInsttNm, excInsttNm, reqstBeginEndDe ("20260203 ~ 20260227"), trgetNm, bsnsSumryCn (HTML),
  hashtags, pblancUrl, pldirSportRealmLclasCodeNm, reqstMthPapersCn, refrncNm, creatPnttm, and the attached files
  flpthNm/fileNm and printFlpthNm/printFileNm (several joined by "@").
- ``kstartup``: K-Startup 사업공고 on the public data portal (``getAnnouncementInformation01?serviceKey=…&page=…
  &perPage=…&returnType=json``): ``{"currentCount", "data": [...], "matchCount", "page", "perPage",
  "totalCount"}``; fields pbanc_sn, biz_pbanc_nm, pbanc_ntrp_nm, biz_prch_dprt_nm, supt_biz_clsfc, aply_trgt_ctnt,
  supt_regin, pbanc_ctnt, pbanc_rcpt_bgng_dt, pbanc_rcpt_end_dt (YYYYMMDD), prch_cnpl_no, detl_pg_url,
  rcrt_prgs_yn.
- ``feed``: RSS or Atom (feedparser): each entry, its enclosures and the attachment links of its summary (and of
  its page, with ``fetch_pages``).
- ``listing``: an HTML page whose links matching ``item_pattern`` are notices; each notice page's text and its
  attachment links."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from ingestion.notice import kind_code, parse_compact_date, parse_window
from ingestion.sources.config import ATTACHMENT_SUFFIXES, SourceConfig
from ingestion.sources.http import FetchError, PoliteClient
from ingestion.sources.items import AttachmentRef, SourceItem, dotted, html_text


@dataclass
class Listing:
    """What a source holds now. ``complete``: every page was read and nothing was cut off, so an item missing from
    it is gone from the source (only then does the sync remove or close anything)."""

    items: list[SourceItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failed: dict[str, tuple[str, str]] = field(default_factory=dict)  # item_id → (title, why): listed, unreadable
    complete: bool = True
    not_modified: bool = False
    notes: list[str] = field(default_factory=list)


Connector = Callable[[SourceConfig, PoliteClient], Listing]


def _s(row: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = row.get(key)
        if value not in (None, ""):
            return html_text(str(value))
    return ""


def _window_text(raw: str, start: date | None, end: date | None) -> str:
    if start and end:
        return f"{dotted(start.isoformat())} ~ {dotted(end.isoformat())}"
    return raw


def _base_meta(source: SourceConfig, issuer: str, department: str, start: date | None, end: date | None,
               published: date | None, url: str) -> dict[str, str]:
    meta = {"doc_kind": kind_code(source.kind) or "notice", "kind": source.kind,
            "issuer": source.issuer or issuer, "publisher": issuer, "department": department, "url": url}
    if start:
        meta["apply_start"] = start.isoformat()
    if end:
        meta["apply_end"] = end.isoformat()
    if published:
        meta["notice_date"] = meta["published"] = published.isoformat()
    return {k: v for k, v in meta.items() if v}


def _files(row: dict[str, Any], base: str, pairs: tuple[tuple[str, str], ...]) -> list[AttachmentRef]:
    out: list[AttachmentRef] = []
    for url_key, name_key in pairs:
        urls = [u.strip() for u in str(row.get(url_key) or "").split("@") if u.strip()]
        names = [n.strip() for n in str(row.get(name_key) or "").split("@")]
        for i, url in enumerate(urls):
            name = names[i] if i < len(names) and names[i] else PurePosixPath(unquote(urlsplit(url).path)).name
            absolute = urljoin(base, url)
            if all(a.url != absolute for a in out):
                out.append(AttachmentRef(absolute, name))
    return out


def bizinfo_item(source: SourceConfig, row: dict[str, Any]) -> SourceItem:
    item_id = _s(row, "pblancId", "seq")
    title = _s(row, "pblancNm", "title")
    if not item_id or not title:
        raise ValueError("an item without pblancId or pblancNm")
    raw_window = _s(row, "reqstBeginEndDe", "reqstDt")
    start, end = parse_window(raw_window)
    url = urljoin(source.endpoint, _s(row, "pblancUrl", "link")) if _s(row, "pblancUrl", "link") else ""
    issuer, executor = _s(row, "jrsdInsttNm", "author"), _s(row, "excInsttNm")
    fields = [("공고명", title), ("소관기관", issuer), ("수행기관", executor),
              ("신청기간", _window_text(raw_window, start, end)), ("지원대상", _s(row, "trgetNm")),
              ("지원분야", _s(row, "pldirSportRealmLclasCodeNm", "lcategory")),
              ("사업요약", _s(row, "bsnsSumryCn", "description")), ("신청방법", _s(row, "reqstMthPapersCn")),
              ("문의처", _s(row, "refrncNm")), ("해시태그", _s(row, "hashtags", "hashTags")), ("상세 URL", url)]
    meta = _base_meta(source, issuer, executor, start, end, parse_compact_date(_s(row, "creatPnttm", "pubDate")),
                      url)
    attachments = _files(row, source.endpoint, (("printFlpthNm", "printFileNm"), ("flpthNm", "fileNm")))
    return SourceItem(item_id, title, [(k, v) for k, v in fields if v], meta,
                      attachments=attachments if source.attachments else [])


def kstartup_item(source: SourceConfig, row: dict[str, Any]) -> SourceItem:
    item_id = _s(row, "pbanc_sn", "id")
    title = _s(row, "biz_pbanc_nm", "intg_pbanc_biz_nm")
    if not item_id or not title:
        raise ValueError("an item without pbanc_sn or biz_pbanc_nm")
    start = parse_compact_date(_s(row, "pbanc_rcpt_bgng_dt"))
    end = parse_compact_date(_s(row, "pbanc_rcpt_end_dt"))
    raw_window = " ~ ".join(v for v in (_s(row, "pbanc_rcpt_bgng_dt"), _s(row, "pbanc_rcpt_end_dt")) if v)
    issuer = _s(row, "pbanc_ntrp_nm", "sprv_inst")
    url = _s(row, "detl_pg_url", "biz_gdnc_url")
    fields = [("공고명", title), ("주관기관", issuer), ("담당부서", _s(row, "biz_prch_dprt_nm")),
              ("지원분야", _s(row, "supt_biz_clsfc")), ("신청기간", _window_text(raw_window, start, end)),
              ("지원대상", _s(row, "aply_trgt_ctnt", "aply_trgt")), ("지원지역", _s(row, "supt_regin")),
              ("사업요약", _s(row, "pbanc_ctnt")), ("문의처", _s(row, "prch_cnpl_no")),
              ("모집 진행", _s(row, "rcrt_prgs_yn")), ("상세 URL", url)]
    meta = _base_meta(source, issuer, _s(row, "biz_prch_dprt_nm"), start, end, start, url)
    return SourceItem(item_id, title, [(k, v) for k, v in fields if v], meta)


def _json(content: bytes) -> Any:
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"malformed JSON ({exc})") from exc


def _bizinfo_rows(data: Any) -> list[dict[str, Any]]:
    rows = data.get("jsonArray") if isinstance(data, dict) else None
    if isinstance(rows, dict):
        rows = rows.get("item", [])
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, list):
        raise ValueError("unexpected JSON (no jsonArray list)")
    return [r for r in rows if isinstance(r, dict)]


def _kstartup_rows(data: Any) -> tuple[list[dict[str, Any]], int | None]:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ValueError("unexpected JSON (no data list)")
    total = data.get("matchCount", data.get("totalCount"))
    return [r for r in data["data"] if isinstance(r, dict)], int(str(total)) if str(total).isdigit() else None


def _paged_api(source: SourceConfig, client: PoliteClient, params: Callable[[int, int], dict[str, str]],
               rows_of: Callable[[Any], tuple[list[dict[str, Any]], int | None]],
               item_of: Callable[[SourceConfig, dict[str, Any]], SourceItem]) -> Listing:
    listing = Listing()
    size = min(source.page_size, source.max_items)
    page = 1
    seen = 0
    while True:
        try:
            fetched = client.get(source.endpoint, params={**params(page, size), **source.params}, conditional=False)
            rows, total = rows_of(_json(fetched.content))
        except (FetchError, ValueError) as exc:
            listing.problems.append(f"page {page}: {exc}")
            listing.complete = False
            return listing
        for n, row in enumerate(rows):
            try:
                listing.items.append(item_of(source, row))
            except ValueError as exc:
                listing.problems.append(f"page {page}, row {n + 1}: {exc}")
                listing.complete = False
        seen += len(rows)
        if len(rows) < size or (total is not None and seen >= total):
            return listing
        if len(listing.items) >= source.max_items:
            listing.complete = False
            listing.notes.append(f"stopped at max_items={source.max_items}; items beyond it were not read (nothing "
                                 "is removed while the listing is cut off)")
            return listing
        page += 1


def _require_key(source: SourceConfig, what: str) -> str:
    key = source.api_key()
    if not key:
        raise FetchError(f"no API key: set the environment variable {source.api_key_env} ({what})")
    return key


def list_bizinfo(source: SourceConfig, client: PoliteClient) -> Listing:
    key = _require_key(source, "the 기업마당 API key from bizinfo.go.kr")
    return _paged_api(
        source, client,
        lambda page, size: {"crtfcKey": key, "dataType": "json", "searchCnt": str(size), "pageUnit": str(size),
                            "pageIndex": str(page)},
        lambda data: (_bizinfo_rows(data), None), bizinfo_item)


def list_kstartup(source: SourceConfig, client: PoliteClient) -> Listing:
    key = _require_key(source, "the data.go.kr service key of the K-Startup API")
    return _paged_api(
        source, client,
        lambda page, size: {"serviceKey": key, "page": str(page), "perPage": str(size), "returnType": "json"},
        _kstartup_rows, kstartup_item)


# ---- feeds and listing pages ------------------------------------------------------------------------------------


def is_attachment(url: str, text: str = "") -> bool:
    path = unquote(urlsplit(url).path).lower()
    return path.endswith(ATTACHMENT_SUFFIXES) or text.strip().lower().endswith(ATTACHMENT_SUFFIXES)


def _links(html: str, base: str) -> list[tuple[str, str]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    out = []
    for a in soup.find_all("a", href=True):
        href = str(a.get("href") or "").strip()
        if href and not href.startswith(("javascript:", "mailto:", "#")):
            out.append((urljoin(base, href), " ".join(a.get_text().split())))
    return out


def _attachments_in(html: str, base: str) -> list[AttachmentRef]:
    out: list[AttachmentRef] = []
    for url, text in _links(html, base):
        if is_attachment(url, text) and all(a.url != url for a in out):
            name = text if text.lower().endswith(ATTACHMENT_SUFFIXES) else PurePosixPath(
                unquote(urlsplit(url).path)).name
            out.append(AttachmentRef(url, name))
    return out


def _page_text(content: bytes, url: str) -> str:
    from pathlib import Path

    from ingestion.loaders import load_html

    try:
        return load_html(Path("page.html"), content).text
    except Exception:  # a page we cannot read adds nothing; its item still has its own fields
        return ""


def _read_page(client: PoliteClient, url: str, item: SourceItem) -> None:
    page = client.get(url, conditional=False)
    html = page.content.decode("utf-8", errors="replace")
    item.body = "\n".join(p for p in (item.body, _page_text(page.content, url)) if p)
    item.attachments += [a for a in _attachments_in(html, url) if all(a.url != b.url for b in item.attachments)]


def _feed_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def list_feed(source: SourceConfig, client: PoliteClient) -> Listing:
    import feedparser

    fetched = client.get(source.endpoint, params=source.params or None)
    if fetched.not_modified:
        return Listing(complete=False, not_modified=True)
    parsed = feedparser.parse(fetched.content)
    if parsed.get("bozo") and not parsed.entries:
        return Listing(problems=[f"malformed feed ({parsed.get('bozo_exception')})"], complete=False)
    listing = Listing()
    feed_title = html_text(str(parsed.feed.get("title", "")))
    for n, entry in enumerate(parsed.entries[: source.max_items]):
        link = str(entry.get("link") or "")
        item_id = str(entry.get("id") or link)
        title = html_text(str(entry.get("title") or ""))
        if not item_id or not title:
            listing.problems.append(f"entry {n + 1}: no id/link or no title")
            listing.complete = False
            continue
        published = _feed_date(entry)
        summary_html = str(entry.get("summary") or "")
        author = html_text(str(entry.get("author") or ""))
        item = SourceItem(item_id, title, [("제목", title), ("게시일", dotted(published.isoformat()) if published
                                                             else ""), ("출처", feed_title), ("링크", link)],
                          _base_meta(source, author or feed_title, "", None, None, published, link),
                          body=html_text(summary_html))
        item.fields = [(k, v) for k, v in item.fields if v]
        if source.attachments:
            for enclosure in entry.get("enclosures", []):
                url = urljoin(source.endpoint, str(enclosure.get("href") or ""))
                if url and (is_attachment(url) or "pdf" in str(enclosure.get("type", ""))):
                    item.attachments.append(AttachmentRef(url, PurePosixPath(unquote(urlsplit(url).path)).name))
            item.attachments += [a for a in _attachments_in(summary_html, link or source.endpoint)
                                 if all(a.url != b.url for b in item.attachments)]
        if source.fetch_pages and link:
            try:
                _read_page(client, link, item)
            except FetchError as exc:
                listing.failed[item_id] = (title, f"its page: {exc}")
                continue
        listing.items.append(item)
    if len(parsed.entries) > source.max_items:
        listing.complete = False
        listing.notes.append(f"stopped at max_items={source.max_items}")
    return listing


def list_listing(source: SourceConfig, client: PoliteClient) -> Listing:
    fetched = client.get(source.endpoint, params=source.params or None)
    if fetched.not_modified:
        return Listing(complete=False, not_modified=True)
    html = fetched.content.decode("utf-8", errors="replace")
    pattern = re.compile(source.item_pattern) if source.item_pattern else None
    host = urlsplit(source.endpoint).netloc
    listing = Listing()
    seen: set[str] = set()
    for url, text in _links(html, source.endpoint):
        if url in seen or is_attachment(url, text) or url.rstrip("/") == source.endpoint.rstrip("/"):
            continue
        if (pattern is not None and not pattern.search(url)) or (pattern is None and urlsplit(url).netloc != host):
            continue
        seen.add(url)
        if len(listing.items) >= source.max_items:
            listing.complete = False
            listing.notes.append(f"stopped at max_items={source.max_items}")
            break
        title = text or url
        item = SourceItem(url, title, [("제목", title), ("링크", url)],
                          _base_meta(source, source.issuer, "", None, None, None, url))
        try:
            _read_page(client, url, item)
        except FetchError as exc:
            listing.failed[url] = (title, str(exc))
            continue
        if not source.attachments:
            item.attachments = []
        listing.items.append(item)
    return listing


CONNECTORS: dict[str, Connector] = {"bizinfo": list_bizinfo, "kstartup": list_kstartup, "feed": list_feed,
                                    "listing": list_listing}
