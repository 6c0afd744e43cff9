"""The answer contract shared by every channel (CLI, web, Slack): pydantic so it serialises the same way."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """Where one quoted sentence of an answer comes from."""

    n: int = Field(description="Citation number as it appears in the answer text, e.g. [1].")
    chunk_id: str
    doc_id: str
    doc_title: str
    doc_date: str | None = Field(default=None, description="The notice's own date, else its publication date.")
    doc_status: Literal["upcoming", "open", "closed"] | None = Field(
        default=None, description="The notice's status on the day of the answer (from its application window; "
        "None when the document has none).")
    doc_window: str | None = Field(default=None, description="The application window, 'YYYY-MM-DD ~ YYYY-MM-DD'.")
    section: str = Field(description="Heading path, e.g. '붙임1 > (전략 1) 내수 넘어 수출로 > 1. …'.")
    section_path: list[str]
    pages: list[int]
    quote: str = Field(description="The exact sentence(s) quoted from the chunk.")
    passage: str = Field(description="The whole chunk the quote sits in, for 'show source'.")
    score: float


class Contact(BaseModel):
    """The responsible department/person of a document, read from the document itself."""

    doc_id: str
    department: str
    people: list[str] = Field(default_factory=list, description="e.g. '서기관 성항용 (044-204-7501)'.")
    phone: str | None = None
    source: str = Field(default="", description="Section the contact was read from.")

    def one_line(self) -> str:
        lead = f"{self.department}"
        if self.people:
            lead += " — " + ", ".join(self.people[:2])
        elif self.phone:
            lead += f" ({self.phone})"
        return lead


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class Answer(BaseModel):
    question: str
    language: Literal["ko", "en"]
    text: str = Field(description="The answer; facts carry citation markers [n].")
    citations: list[Citation] = Field(default_factory=list)
    outcome: Literal["answered", "abstained", "refused"] = Field(
        default="answered", description="What happened; channels branch on this, never on the wording.")
    reasons: list[str] = Field(default_factory=list, description="Typed reasons of an abstention or refusal, e.g. "
                               "missing_name, missing_subject, missing_concepts, weak_evidence, missing_fact_type, "
                               "no_documents, injection.")
    abstained: bool = False
    abstain_reason: str | None = Field(default=None, description="Why no answer was given (missing concepts…).")
    missing_terms: list[str] = Field(default_factory=list, description="Question concepts the documents lack.")
    related_section: str | None = None
    related_doc_id: str | None = None
    contact: Contact | None = None
    confidence: float = Field(default=0.0, description="Similarity of the best evidence sentence (0–1).")
    mode: Literal["extractive", "llm", "refusal"] = "extractive"
    resolved_question: str | None = Field(default=None, description="The question after follow-up resolution.")
    intent: Literal["fact", "list", "count", "compare"] = "fact"
    editions_note: bool = Field(default=False, description="An older edition of the program said otherwise "
                                "(the answer names it, with both dates).")
    timings_ms: dict[str, float] = Field(default_factory=dict)
