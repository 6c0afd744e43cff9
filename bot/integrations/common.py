"""What the integrations share: one bot per data directory, search with filters and citation metadata, and an
answer as text with a compact numbered source list (the form chat front-ends and tool-calling models read)."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.config import Settings, get_settings
from bot.filters import filters_from
from bot.models import Answer, Citation, Contact
from bot.retrieval import Passage
from bot.service import PolicyBot, get_bot
from bot.text import clean_question
from bot.wording import word

MAX_K = 50

_bots: dict[Path, PolicyBot] = {}
_bots_lock = threading.Lock()


def bot_for(data_dir: Path | str | None = None) -> PolicyBot:
    """The process-wide bot (``get_bot``) or one bot per other data directory, opened once and shared."""
    if data_dir is None or Path(data_dir).resolve() == Path(get_settings().data_dir).resolve():
        return get_bot()
    path = Path(data_dir).resolve()
    with _bots_lock:
        if path not in _bots:
            _bots[path] = PolicyBot(Settings(data_dir=path))
        return _bots[path]


class SearchFilters(BaseModel):
    """Narrow a search to some documents or sections (``bot.filters``: the API's and the CLI's document filters)."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str | None = Field(default=None, description="Only this document (its doc_id).")
    kind: str | None = Field(
        default=None, description="Only documents of this kind: notice, press_release, regulation, guide, or a word "
        "naming one ('공고', '보도자료', 'press release').")
    issuer: str | None = Field(default=None, description="Only documents whose issuing body's name contains this.")
    status: Literal["open", "upcoming", "closed"] | None = Field(
        default=None, description="Only documents whose application window is in this state today.")
    since: date | None = Field(default=None, description="Only documents dated on or after this day.")
    until: date | None = Field(default=None, description="Only documents dated on or before this day.")
    section: str | None = Field(default=None, description="Only sections whose heading path contains this.")


def _doc_date(meta: dict[str, Any]) -> str | None:
    date_ = meta.get("notice_date") or meta.get("published")
    return str(date_) if date_ else None


def search(bot: PolicyBot, query: str, k: int, filters: SearchFilters | None = None) -> list[Passage]:
    """The ``k`` best passages for ``query`` (hybrid retrieval), within ``filters``. Raises ``QuestionError`` when
    the query is empty or too long, ``ValueError`` (``FilterError``) when ``k`` or a filter means nothing."""
    if not 1 <= k <= MAX_K:
        raise ValueError(f"k must be between 1 and {MAX_K}")
    query = clean_question(query, bot.settings.max_question_chars)
    f = filters or SearchFilters()
    documents = filters_from(kind=f.kind, issuer=f.issuer, status=f.status, since=f.since, until=f.until)
    return bot.retrieve(query, k, doc_id=f.doc_id, section=f.section, filters=documents).passages


def passage_metadata(passage: Passage) -> dict[str, Any]:
    """The citation metadata of a retrieved passage: document, date, section path, pages, score."""
    chunk = passage.chunk
    return {
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "doc_title": chunk.title,
        "doc_date": _doc_date(chunk.meta),
        "kind": str(chunk.meta.get("doc_kind") or chunk.meta.get("kind") or ""),
        "issuer": str(chunk.meta.get("issuer") or chunk.meta.get("publisher") or ""),
        "section": chunk.section_label,
        "section_path": list(chunk.section_path),
        "pages": list(chunk.pages),
        "score": round(float(passage.score), 4),
        "source": str(chunk.meta.get("source", "")),
    }


def source_line(citation: Citation) -> str:
    """``[n] title (date) — section, p. 3, 4`` (one line)."""
    dated = f"{citation.doc_title} ({citation.doc_date})" if citation.doc_date else citation.doc_title
    where = f" — {citation.section}" if citation.section else ""
    pages = f", p. {', '.join(str(p) for p in citation.pages)}" if citation.pages else ""
    return f"[{citation.n}] {dated}{where}{pages}"


def sources_block(answer: Answer) -> str:
    """The numbered source list that follows an answer's text (Markdown; empty without citations)."""
    if not answer.citations:
        return ""
    lines = "\n".join(f"- {source_line(c)}" for c in answer.citations)
    return f"**{word('sources', answer.language)}**\n{lines}"


def answer_text(answer: Answer) -> str:
    """The answer's text (its facts carry [n]) followed by its source list."""
    block = sources_block(answer)
    return f"{answer.text.rstrip()}\n\n{block}" if block else answer.text


_SOURCES_TAIL = re.compile(r"\n\n\*\*(?:출처|Sources)\*\*\n(?:- \[\d+\][^\n]*(?:\n|$))+\s*$")


def strip_sources(text: str) -> str:
    """An earlier reply without the source list ``answer_text`` appended (for conversation history)."""
    return _SOURCES_TAIL.sub("", text)


class AnswerPayload(BaseModel):
    """The structured side of an answer for integrations: what happened, why, the citations and the contact."""

    outcome: str = Field(description="answered, abstained (the documents do not hold it) or refused.")
    reasons: list[str] = Field(default_factory=list, description="Typed reasons of an abstention or refusal.")
    language: str
    citations: list[Citation] = Field(default_factory=list)
    contact: Contact | None = Field(default=None, description="Who to ask when the documents do not say.")
    missing_terms: list[str] = Field(default_factory=list)
    mode: str = "extractive"


def answer_payload(answer: Answer) -> AnswerPayload:
    return AnswerPayload(
        outcome=answer.outcome, reasons=list(answer.reasons), language=answer.language,
        citations=list(answer.citations), contact=answer.contact,
        missing_terms=list(answer.missing_terms), mode=answer.mode,
    )



ProgramStatus = Literal["open", "upcoming", "closed", "unknown"]
"""A program's application status today; ``unknown`` where its document states no application window."""
