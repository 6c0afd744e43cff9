"""Document filters as people give them: API fields and CLI options (``filters_from``), and Slack ``/policy``
options written before the question (``split_options``: ``/policy status:open kind:notice issuer:중소벤처기업부
since:2026-01-01 지금 신청 가능한 사업은?``; Korean keys and values work too: ``상태:접수중 종류:공고 기관:…``)."""

from __future__ import annotations

import re
from datetime import date

from ingestion.index import DocFilter

_STATUS_WORDS = {"open": "open", "접수중": "open", "신청가능": "open", "모집중": "open", "진행중": "open",
                 "upcoming": "upcoming", "접수예정": "upcoming", "예정": "upcoming", "closed": "closed",
                 "마감": "closed", "종료": "closed"}
_KEYS = {"status": "status", "상태": "status", "kind": "kind", "종류": "kind", "유형": "kind", "issuer": "issuer",
         "기관": "issuer", "발행": "issuer", "since": "since", "from": "since", "부터": "since", "until": "until",
         "to": "until", "까지": "until"}
_OPTION = re.compile(r"^(?:--)?(?P<key>[A-Za-z가-힣]+)[:=](?P<value>\S+)$")


class FilterError(ValueError):
    """A filter value that means nothing; the message names the field and what it accepts."""


def _day(name: str, value: str | date | None) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise FilterError(f"{name}: write a date as YYYY-MM-DD, not {value!r}") from exc


def filters_from(kind: str | None = None, issuer: str | None = None, status: str | None = None,
                 since: str | date | None = None, until: str | date | None = None) -> DocFilter | None:
    """A DocFilter from user-given fields (None when none is set). Raises FilterError naming a bad field."""
    if status:
        status = _STATUS_WORDS.get(status.strip().lower().replace(" ", ""), status.strip().lower())
    try:
        found = DocFilter(kind=(kind or "").strip() or None, issuer=(issuer or "").strip() or None,
                          status=status or None, since=_day("since", since), until=_day("until", until))
    except ValueError as exc:
        raise FilterError(str(exc)) from exc
    return found if found.active else None


def split_options(text: str) -> tuple[str, DocFilter | None]:
    """Leading ``key:value`` options of a Slack command and the question after them."""
    values: dict[str, str] = {}
    words = text.split()
    while words:
        m = _OPTION.match(words[0])
        if m is None or m.group("key").lower() not in _KEYS:
            break
        values[_KEYS[m.group("key").lower()]] = m.group("value")
        words.pop(0)
    return " ".join(words), filters_from(**values)
