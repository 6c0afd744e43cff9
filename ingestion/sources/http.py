"""A polite HTTP client for sources: timeouts, retries with exponential backoff (timeouts, connection errors,
5xx, 429 with its Retry-After), a per-host request rate, conditional requests (If-None-Match / If-Modified-Since
from the validators of the previous sync) and a size limit enforced while the body streams in. Error messages
never show an API key: query parameters named like keys are masked."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

USER_AGENT = "policybot-sync/0.1 (+https://github.com/; notices for a support desk)"
_SECRET = re.compile(r"key|token|secret|crtfc|service_?key|password", re.I)
MAX_RETRY_AFTER_S = 30.0


class FetchError(Exception):
    """A request that failed for good (after retries); the message is one line, without secrets."""


def redact(url: str) -> str:
    """``url`` with the values of key-like query parameters replaced by ***."""
    parts = urlsplit(url)
    query = [(k, "***" if _SECRET.search(k) else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class Fetched:
    url: str
    status: int  # 200, or 304 (not modified: ``content`` is empty)
    content: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";")[0].strip().lower()


class PoliteClient:
    """One client per sync run. ``validators`` (url → {etag, last_modified}) come from the previous run's state
    and are updated in place by every 200 that carries them."""

    def __init__(self, *, timeout_s: float = 20.0, retries: int = 3, backoff_s: float = 1.0,
                 rate_per_second: float = 1.0, validators: dict[str, dict[str, str]] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0))
        self.retries = retries
        self.backoff_s = backoff_s
        self.interval = 1.0 / rate_per_second
        self.validators = validators if validators is not None else {}
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests = 0
        self._client = httpx.Client(timeout=self.timeout, follow_redirects=True, trust_env=False,
                                    headers={"User-Agent": USER_AGENT})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, url: str) -> None:
        """At most ``rate_per_second`` request starts per host, and never sooner than one interval after the
        previous request to that host finished (slow servers get slower traffic)."""
        host = urlsplit(url).netloc
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(host, now))
            self._next[host] = at + self.interval
        if at > now:
            self._sleep(at - now)

    def _finished(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + self.interval)

    def get(self, url: str, *, params: Mapping[str, str] | None = None, conditional: bool = True,
            max_bytes: int | None = None, cache_key: str | None = None) -> Fetched:
        """GET ``url`` (with ``params``). ``conditional``: send the validators stored under ``cache_key`` (default:
        the URL without key-like parameters) and return status 304 when the server says nothing changed.
        ``max_bytes``: refuse a body larger than that (Content-Length or counted while streaming)."""
        full = str(httpx.URL(url, params=dict(params or {})))
        shown = redact(full)
        key = cache_key or shown
        headers: dict[str, str] = {}
        known = self.validators.get(key, {}) if conditional else {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self._backoff(attempt, last))
            self._wait_turn(full)
            self.requests += 1
            try:
                with self._client.stream("GET", full, headers=headers) as response:
                    if response.status_code == 304 and known:
                        return Fetched(shown, 304, headers=dict(response.headers))
                    if response.status_code == 429 or response.status_code >= 500:
                        last = f"HTTP {response.status_code}|{response.headers.get('retry-after', '')}"
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"{shown}: HTTP {response.status_code}")
                    body = self._read(response, shown, max_bytes)
                    validators = {k: v for k, v in (("etag", response.headers.get("etag")),
                                                    ("last_modified", response.headers.get("last-modified"))) if v}
                    if validators:
                        self.validators[key] = validators
                    return Fetched(str(response.url) if response.url else shown, 200, body, dict(response.headers))
            except httpx.TimeoutException:
                last = f"timed out (limit {self.timeout.read:g} s)"
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__})"
            finally:
                self._finished(full)
        reason = last.split("|")[0]
        raise FetchError(f"{shown}: {reason} after {self.retries + 1} attempts")

    def _backoff(self, attempt: int, last: str) -> float:
        wait = self.backoff_s * (2 ** (attempt - 1))
        retry_after = last.split("|")[1] if "|" in last else ""
        if retry_after:
            try:
                wait = max(wait, float(retry_after))
            except ValueError:
                try:
                    wait = max(wait, parsedate_to_datetime(retry_after).timestamp() - time.time())
                except (TypeError, ValueError):
                    pass
        return min(max(wait, 0.0), MAX_RETRY_AFTER_S)

    @staticmethod
    def _read(response: httpx.Response, shown: str, max_bytes: int | None) -> bytes:
        if max_bytes is not None:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{shown}: too large ({int(declared):,} bytes; the limit is {max_bytes:,})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:
                raise FetchError(f"{shown}: too large (more than {max_bytes:,} bytes; the limit is {max_bytes:,})")
            chunks.append(chunk)
        return b"".join(chunks)


# ---- what a downloaded file really is -------------------------------------------------------------------------

_NAMES = {".pdf": "PDF", ".hwp": "HWP", ".hwpx": "HWPX", ".docx": "DOCX", ".html": "HTML", ".txt": "text"}


def sniff_suffix(data: bytes) -> str | None:
    """The file type the bytes are (by their signature), as a suffix; None when unknown."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return ".pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".hwp"  # OLE compound file: HWP 5 (the loader refuses other OLE files clearly)
    if head.startswith(b"PK\x03\x04"):
        if b"hwp+zip" in data[:4096] or b"Contents/" in data[:65536]:
            return ".hwpx"
        if b"word/" in data[:65536]:
            return ".docx"
        return ".zip"
    text = head.lower()
    if b"<html" in text or b"<!doctype html" in text or b"<body" in text:
        return ".html"
    return None


def check_type(data: bytes, name: str, content_type: str) -> str:
    """The suffix to store a downloaded attachment under. Raises FetchError when the file is not what its name or
    Content-Type claims (an error page served as ``notice.pdf``), or not a type policybot reads."""
    claimed = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if claimed not in _NAMES and "pdf" in content_type:
        claimed = ".pdf"
    actual = sniff_suffix(data)
    if actual in (".pdf", ".hwp", ".hwpx", ".docx"):
        if claimed in (".pdf", ".hwp", ".hwpx", ".docx") and claimed != actual:
            raise FetchError(f"{name}: claims to be {_NAMES[claimed]} but its content is {_NAMES[actual]}")
        return actual
    what = _NAMES.get(actual or "", "unrecognised data")
    if claimed in (".pdf", ".hwp", ".hwpx", ".docx"):
        raise FetchError(f"{name}: claims to be {_NAMES[claimed]} (Content-Type {content_type or 'none'}) but its "
                         f"content is {what}")
    raise FetchError(f"{name}: not a PDF, HWP, HWPX or DOCX file (content is {what})")
