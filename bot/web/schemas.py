"""Request/response models of the HTTP API. The answer itself is ``bot.models.Answer`` unchanged, so the web
channel serialises exactly what the CLI and Slack see."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# doc_ids come from pipeline.slugify: word characters, dots and dashes.
DOC_ID_PATTERN = r"^[\w.\-]{1,200}$"
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 8000


class ErrorResponse(BaseModel):
    """Every error of the API has this shape, whatever raised it."""

    error: str = Field(description="What went wrong and, where possible, what to do about it.")


class HistoryTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_TURN_CHARS)


class DocFilters(BaseModel):
    """Limit answers to some documents: kind, issuing body, status today (from the application window), date."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["notice", "press_release", "regulation", "guide"] | None = Field(
        default=None, description="notice (공고), press_release (보도자료), regulation (규제·인증 정보) or guide.")
    issuer: str | None = Field(default=None, max_length=100, description="Part of the issuing body's name.")
    status: Literal["upcoming", "open", "closed"] | None = Field(
        default=None, description="Application status today: upcoming, open or closed.")
    since: date | None = Field(default=None, description="Documents dated on or after (YYYY-MM-DD).")
    until: date | None = Field(default=None, description="Documents dated on or before (YYYY-MM-DD).")


class AskRequest(BaseModel):
    question: str = Field(description="The question, Korean or English. Control characters are removed.")
    history: list[HistoryTurn] = Field(
        default_factory=list,
        max_length=MAX_HISTORY_TURNS,
        description="Previous turns of this conversation, oldest first, for follow-up questions.",
    )
    doc_id: str | None = Field(
        default=None, pattern=DOC_ID_PATTERN, description="Answer from this document only."
    )
    filters: DocFilters | None = Field(default=None, description="Answer only from documents that match.")


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    chunk_count: int
    publisher: str = ""
    department: str = ""
    published: str = ""
    kind: str = ""
    source: str = ""
    format: str = ""
    ingested_at: str = ""
    doc_kind: str = Field(default="", description="notice, press_release, regulation or guide.")
    issuer: str = ""
    status: Literal["upcoming", "open", "closed"] | None = Field(
        default=None, description="Application status today (None: the document states no window).")
    apply_start: str = ""
    apply_end: str = ""
    url: str = Field(default="", description="The notice's page at its source.")
    origin: str = Field(default="", description="'source:<name>' for a document a source sync wrote.")


class DocumentList(BaseModel):
    documents: list[DocumentOut]
    supported_suffixes: list[str] = Field(description="File types POST /api/documents accepts.")


class UploadResult(BaseModel):
    doc_id: str
    status: Literal["added", "updated", "unchanged", "failed"]
    filename: str = Field(description="The client's file name, for display only (never used as a path).")
    chunks: int = 0
    seconds: float = 0.0
    error: str = ""


class AdminKeyCheck(BaseModel):
    ok: bool = Field(description="The key is the admin key.")


class DeleteResult(BaseModel):
    doc_id: str
    removed_chunks: int


class SectionOut(BaseModel):
    path: list[str]
    label: str
    pages: list[int]
    chunks: int


class ProgramDoc(BaseModel):
    doc_id: str
    title: str
    sections: list[SectionOut]


class ProgramList(BaseModel):
    """Placeholder catalogue: the documents' section headings until a real programme catalogue exists."""

    documents: list[ProgramDoc]


class FeedbackRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_TURN_CHARS)
    answer: str = Field(min_length=1, max_length=20_000)
    rating: Literal["up", "down"]
    comment: str = Field(default="", max_length=2000)


class FeedbackResult(BaseModel):
    id: int


class Health(BaseModel):
    status: str
    slack: dict[str, Any] | None = Field(default=None, description="Slack's connection, when Slack is configured.")


class Readiness(BaseModel):
    ready: bool
    documents: int = 0
    chunks: int = 0
    slack: dict[str, Any] | None = Field(default=None, description="Slack's connection, when Slack is configured.")
