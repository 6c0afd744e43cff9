"""The shapes of a triage: the request, the result (matched programs, category, contact, draft reply, whether
a human must look) and its per-question detail."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from bot.models import Citation, Contact

Category = Literal[
    "export_voucher_finance", "overseas_expansion", "startups", "talent", "rnd", "regulation_certification",
    "one_team_network", "other",
]


class ProgramMatch(BaseModel):
    program_id: str
    number: int
    title: str
    strategy: str | None = Field(default=None, description="Strategy heading, e.g. '(전략 1) 내수 넘어 수출로'.")
    doc_id: str
    score: float = Field(description="Relative score: the best program of a question scores 1.0 in it.")
    pages: list[int] = Field(default_factory=list)
    section: str = ""


class TriageQuestion(BaseModel):
    """One question picked out of the inquiry, with its own best programs and whether it was answered."""

    text: str
    program_ids: list[str] = Field(default_factory=list)
    answered: bool | None = Field(default=None, description="None when it was not sent to the answer service.")
    abstain_reason: str | None = None


class Triage(BaseModel):
    inquiry: str = Field(description="The inquiry after cleaning (control characters removed).")
    language: Literal["ko", "en"]
    matches: list[ProgramMatch] = Field(default_factory=list, description="Best first.")
    category: Category = "other"
    contact: Contact | None = Field(default=None, description="Who to route the inquiry to.")
    draft_reply: str = ""
    citations: list[Citation] = Field(default_factory=list)
    questions: list[TriageQuestion] = Field(default_factory=list)
    needs_human: bool = False
    reason: str | None = Field(default=None, description="Why a human is needed (all reasons, '; '-joined).")
    reasons: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)

    @property
    def program_ids(self) -> list[str]:
        return [m.program_id for m in self.matches]

    @property
    def text(self) -> str:
        """A plain-text summary for chat channels (Slack support desk): the draft reply, then the routing."""
        lines = [self.draft_reply.strip()] if self.draft_reply.strip() else []
        lines.append("")
        if self.matches:
            top = self.matches[0]
            lines.append(f"사업 / Program: {top.number}. {top.title}" + (f" ({top.strategy})" if top.strategy else ""))
        lines.append(f"분류 / Category: {self.category}")
        if self.contact:
            lines.append(f"담당 / Route to: {self.contact.one_line()}")
        if self.needs_human:
            lines.append(f"⚠ 담당자 확인 필요 / Needs a human: {self.reason}")
        return "\n".join(lines).strip()


TRIAGE_MAX_CHARS = 10_000  # the web endpoint's limit; triage() itself takes any length


class TriageRequest(BaseModel):
    inquiry: str = Field(description="The inquiry (a chat message or a whole email), Korean or English.")


class TriageError(ValueError):
    """The inquiry cannot be triaged (it is empty)."""
