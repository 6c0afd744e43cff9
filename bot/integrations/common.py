"""What the integrations share: one bot per data directory, search with filters and citation metadata, and an
answer as text with a compact numbered source list (the form chat front-ends and tool-calling models read)."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.catalogue import Program
from bot.config import Settings, get_settings
from bot.models import Answer, Citation, Contact
from bot.retrieval import Passage
from bot.service import PolicyBot, get_bot
from bot.text import clean_question
from bot.wording import word

# Filters over several documents pick from this many best passages of the whole index (retrieval fuses at most
# 2 × 30 candidates per view, so asking for more finds nothing new).
FILTER_POOL = 60
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
    """Narrow a search to some documents or sections."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str | None = Field(default=None, description="Only this document (its doc_id).")
    kind: str | None = Field(
        default=None, description="Only documents whose kind contains this (case, spaces, '_' and '-' ignored), "
        "e.g. '보도자료', 'press release', 'notice', '공고'.")
    section: str | None = Field(default=None, description="Only sections whose heading path contains this.")


def _doc_date(meta: dict[str, Any]) -> str | None:
    date = meta.get("notice_date") or meta.get("published")
    return str(date) if date else None


def _folded(text: str) -> str:
    """Case, spaces, '_' and '-' folded away: "press release" finds "보도자료 (press release)" and "press_release"."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


def _allowed_docs(bot: PolicyBot, filters: SearchFilters) -> set[str] | None:
    """Doc ids the filters allow, or None when they do not restrict documents."""
    if not filters.kind:
        return {filters.doc_id} if filters.doc_id else None
    kind = _folded(filters.kind)
    ids = {d.doc_id for d in bot.store.documents() if kind in _folded(str(d.meta.get("kind", "")))}
    return ids & {filters.doc_id} if filters.doc_id else ids


def search(bot: PolicyBot, query: str, k: int, filters: SearchFilters | None = None) -> list[Passage]:
    """The ``k`` best passages for ``query`` (hybrid retrieval), within ``filters``. Raises ``QuestionError`` when
    the query is empty or too long, ``ValueError`` when ``k`` is out of range."""
    if not 1 <= k <= MAX_K:
        raise ValueError(f"k must be between 1 and {MAX_K}")
    query = clean_question(query, bot.settings.max_question_chars)
    filters = filters or SearchFilters()
    allowed = _allowed_docs(bot, filters)
    if allowed is not None and not allowed:
        return []
    if allowed is not None and len(allowed) == 1:
        return bot.retrieve(query, k, doc_id=next(iter(allowed)), section=filters.section).passages
    pool = k if allowed is None else max(k, FILTER_POOL)
    passages = bot.retrieve(query, pool, section=filters.section).passages
    return [p for p in passages if allowed is None or p.chunk.doc_id in allowed][:k]


def passage_metadata(passage: Passage) -> dict[str, Any]:
    """The citation metadata of a retrieved passage: document, date, section path, pages, score."""
    chunk = passage.chunk
    return {
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "doc_title": chunk.title,
        "doc_date": _doc_date(chunk.meta),
        "kind": str(chunk.meta.get("kind", "")),
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


def program_status(program: Program, doc_meta: dict[str, Any], today: date | None = None) -> ProgramStatus:
    """A program's application status. The catalogue carries none yet: until it does (a ``status`` attribute on
    ``Program`` is used as soon as it exists), it is read from the application period its notice states
    (``apply_start``/``apply_end``, ISO dates); without one it is ``unknown``."""
    own = getattr(program, "status", None)
    if own in ("open", "upcoming", "closed", "unknown"):
        return own  # type: ignore[no-any-return]
    today = today or date.today()
    start, end = _iso(doc_meta.get("apply_start")), _iso(doc_meta.get("apply_end"))
    if start is None and end is None:
        return "unknown"
    if start is not None and today < start:
        return "upcoming"
    if end is not None and today > end:
        return "closed"
    return "open"


def _iso(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
