"""LangChain: ``PolicybotRetriever`` (a ``BaseRetriever`` over policybot's hybrid retrieval, ``Document``s with
citation metadata) and ``PolicybotAnswerTool`` / ``policybot_answer`` (a tool that returns the grounded answer
with its numbered sources and outcome, and the structured answer as the tool message's artifact).

Both run in-process on a data directory (the configured one by default); pass ``bot=`` to share an open one.

    from bot.integrations.langchain import PolicybotRetriever, policybot_answer
    docs = PolicybotRetriever(k=3).invoke("수출바우처 지원한도")
    policybot_answer().invoke({"question": "What financing is offered for overseas subsidiaries?"})
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun, CallbackManagerForToolRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.tools import BaseTool
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.config import Settings
from bot.integrations.common import MAX_K, SearchFilters, answer_payload, answer_text, bot_for, passage_metadata, search
from bot.models import Turn
from bot.service import PolicyBot


class PolicybotRetriever(BaseRetriever):
    """Passages of the indexed policy documents, best first, as ``Document``s whose metadata cite them: doc_id,
    doc_title, doc_date, kind, issuer, section, section_path, pages, score, chunk_id, source.

    ``k`` results; ``doc_id``, ``kind``, ``issuer``, ``status`` (of the application window today) and ``section``
    (part of the heading path) narrow the search. Each can also be given per call: ``invoke(query, k=3)``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    k: int = Field(default=4, ge=1, le=MAX_K, description="Number of passages returned.")
    doc_id: str | None = Field(default=None, description="Only this document.")
    kind: str | None = Field(default=None, description="Only documents of this kind (notice, press_release, "
                             "regulation, guide, or a word naming one: '공고', '보도자료').")
    issuer: str | None = Field(default=None, description="Only documents whose issuing body's name contains this.")
    status: Literal["open", "upcoming", "closed"] | None = Field(
        default=None, description="Only documents whose application window is in this state today.")
    section: str | None = Field(default=None, description="Only sections whose heading path contains this.")
    data_dir: Path | None = Field(default=None, description="Index to read; default POLICYBOT_DATA_DIR's.")
    bot: PolicyBot | None = Field(default=None, exclude=True, description="An open PolicyBot to use instead.")

    @model_validator(mode="after")
    def _configured_index(self) -> Any:
        if self.bot is None and self.data_dir is None:
            self.data_dir = Settings().data_dir  # the environment (POLICYBOT_DATA_DIR, .env) as it is now
        return self

    def _policybot(self) -> PolicyBot:
        return self.bot if self.bot is not None else bot_for(self.data_dir)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        k = int(kwargs.get("k", self.k))
        filters = SearchFilters(**{name: kwargs.get(name, getattr(self, name))
                                   for name in ("doc_id", "kind", "issuer", "status", "section")})
        passages = search(self._policybot(), query, k, filters)
        return [Document(id=p.chunk.chunk_id, page_content=p.chunk.text, metadata=passage_metadata(p))
                for p in passages]


class HistoryMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class PolicybotAnswerInput(BaseModel):
    question: str = Field(description="The question about Korean SME policy programs or notices, Korean or English.")
    history: list[HistoryMessage] = Field(
        default_factory=list, description="Earlier turns of the conversation, oldest first, for follow-ups.")


class PolicybotAnswerTool(BaseTool):
    """The grounded answer: every fact cited from the documents, or a plain statement that they do not hold it
    (outcome ``abstained``, with the responsible contact). Content is the answer with a numbered source list and
    its outcome; the artifact is the structured answer (outcome, reasons, citations, contact)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str = "policybot_answer"
    description: str = (
        "Answer a question about Korean SME policy programs and export-regulation notices from the indexed "
        "documents, citing every fact as [n] with a numbered source list. If the documents do not hold the answer "
        "it says so (outcome: abstained) and names the responsible department; do not guess beyond it."
    )
    args_schema: type[BaseModel] = PolicybotAnswerInput
    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    data_dir: Path | None = Field(default=None, description="Index to read; default POLICYBOT_DATA_DIR's.")
    bot: PolicyBot | None = Field(default=None, exclude=True, description="An open PolicyBot to use instead.")

    @model_validator(mode="after")
    def _configured_index(self) -> Any:
        if self.bot is None and self.data_dir is None:
            self.data_dir = Settings().data_dir  # the environment (POLICYBOT_DATA_DIR, .env) as it is now
        return self

    def _run(
        self, question: str, history: list[HistoryMessage] | list[dict[str, str]] | None = None,
        run_manager: CallbackManagerForToolRun | None = None,
    ) -> tuple[str, dict[str, Any]]:
        policy_bot = self.bot if self.bot is not None else bot_for(self.data_dir)
        turns = [Turn.model_validate(t.model_dump() if isinstance(t, BaseModel) else t) for t in history or []]
        answer = policy_bot.answer(question, turns)
        content = f"outcome: {answer.outcome}\n\n{answer_text(answer)}"
        return content, answer_payload(answer).model_dump(mode="json")


def policybot_answer(bot: PolicyBot | None = None, data_dir: Path | None = None) -> PolicybotAnswerTool:
    """The ``policybot_answer`` tool on ``bot`` (or the index at ``data_dir``, or the configured one)."""
    return PolicybotAnswerTool(bot=bot, data_dir=data_dir)


__all__ = ["PolicybotAnswerInput", "PolicybotAnswerTool", "PolicybotRetriever", "policybot_answer"]
