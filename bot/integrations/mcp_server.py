"""policybot as a Model Context Protocol server (the ``mcp`` SDK's ``MCPServer``, formerly FastMCP), so assistants
that call tools over MCP can use its grounded answers, search, catalogue and triage:

- ``ask_policy(question, history?)``: the answer, every fact cited, or an abstention naming the contact;
- ``search_policy(query, k?, filters?)``: the best passages with their citation metadata;
- ``list_programs(status?)``: the program catalogue with each program's status today, from its document's
  application window (``unknown`` where the document states none, as for every program of the seed corpus);
- ``triage_inquiry(text)``: programs, category, contact, a drafted reply and whether a human must look.

``policybot mcp`` serves them over stdio (the default: an MCP client starts it as a subprocess) or over streamable
HTTP on a loopback address (``--transport http``, endpoint ``/mcp``). Bad arguments and inputs the service cannot
take come back as tool errors (``isError``), never as a crash of the server."""

from __future__ import annotations

import ipaddress
import threading
from typing import Annotated, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from bot.catalogue import catalogue_on
from bot.integrations.common import (
    MAX_K,
    AnswerPayload,
    ProgramStatus,
    SearchFilters,
    answer_payload,
    answer_text,
    bot_for,
    passage_metadata,
    search,
)
from bot.limits import AnswerBudget, BudgetExceeded, bound_history, check_input_budget
from bot.models import Contact, Turn
from bot.service import PolicyBot
from bot.text import QuestionError, clean_question
from bot.triage import TRIAGE_MAX_CHARS, Triage, triage

INSTRUCTIONS = (
    "policybot answers questions about Korean SME policy programs and export-regulation notices from the documents "
    "it holds, citing every fact as [n]. When the documents do not hold the answer it says so and names the "
    "responsible department: relay that; do not fill the gap from elsewhere."
)
STATUS_NOTE = (
    "status is read from the application window (접수 기간) a document states: upcoming, open or closed today; "
    "'unknown' where the document states none."
)


class HistoryTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=8000)


class PolicyAnswer(AnswerPayload):
    text: str = Field(description="The answer (facts cited [n]) with its numbered source list, or the abstention.")


class FoundPassage(BaseModel):
    text: str
    chunk_id: str
    doc_id: str
    doc_title: str
    doc_date: str | None
    kind: str
    issuer: str
    section: str
    section_path: list[str]
    pages: list[int]
    score: float
    source: str


class SearchResult(BaseModel):
    passages: list[FoundPassage]


class ProgramSummary(BaseModel):
    id: str
    number: int
    title: str
    strategy: str | None
    doc_id: str
    doc_title: str
    section: str
    pages: list[int]
    extract: list[str] = Field(description="Sentences copied from the program's section.")
    kind: str = Field(description="The document's kind: notice, press_release, regulation, guide.")
    issuer: str
    apply_start: str = Field(description="Application window start, YYYY-MM-DD ('' when none).")
    apply_end: str = Field(description="Application window end (the deadline), YYYY-MM-DD ('' when none).")
    status: ProgramStatus
    contact: Contact | None = None


class ProgramList(BaseModel):
    programs: list[ProgramSummary]
    status_filter: ProgramStatus | None = None
    note: str = STATUS_NOTE


def _tool_error(exc: Exception) -> ToolError:
    return ToolError(str(exc))


def build_server(bot: PolicyBot | None = None) -> MCPServer:
    """The MCP server with policybot's four tools, on ``bot`` (default: the configured data directory)."""
    server = MCPServer("policybot", instructions=INSTRUCTIONS, version="0.1.0", log_level="WARNING")
    policy_bot = bot or bot_for()

    @server.tool()
    def ask_policy(question: str, history: list[HistoryTurn] | None = None) -> PolicyAnswer:
        """Answer a question about Korean SME policy programs or notices (Korean or English) from the indexed
        documents, every fact cited [n]. outcome is 'answered', 'abstained' (the documents do not hold it: the
        text says so and names the contact) or 'refused'. history: earlier turns, oldest first, for follow-ups."""
        turns = bound_history([Turn(role=t.role, content=t.content) for t in history or []])
        budget = AnswerBudget(policy_bot.settings.answer_budget_s)
        try:
            cleaned = clean_question(question, policy_bot.settings.max_question_chars)
            check_input_budget(cleaned, turns, policy_bot.settings.max_input_chars)
            answer = policy_bot.answer(cleaned, turns, progress=lambda stage, info: budget.check())
        except (QuestionError, BudgetExceeded) as exc:
            raise _tool_error(exc) from exc
        return PolicyAnswer(**answer_payload(answer).model_dump(), text=answer_text(answer))

    @server.tool()
    def search_policy(query: str, k: Annotated[int, Field(ge=1, le=MAX_K)] = 5,
                      filters: SearchFilters | None = None) -> SearchResult:
        """The k best passages of the policy documents for a query (hybrid keyword and semantic search), with
        their document, date, section path, pages and score. filters: doc_id, kind (notice, press_release,
        regulation, guide), issuer, status (open, upcoming, closed: of the application window today), since and
        until (the document's date, YYYY-MM-DD), section (part of the heading path)."""
        try:
            passages = search(policy_bot, query, k, filters)
        except ValueError as exc:  # QuestionError and FilterError are
            raise _tool_error(exc) from exc
        return SearchResult(passages=[FoundPassage(text=p.chunk.text, **passage_metadata(p)) for p in passages])

    @server.tool()
    def list_programs(status: ProgramStatus | None = None) -> ProgramList:
        """The programs (numbered tasks) of the indexed documents with their strategy, pages, a verbatim extract,
        contact and application status. status filters on it: open, upcoming, closed or unknown (see note)."""
        programs = [
            ProgramSummary(
                id=p.id, number=p.number, title=p.title, strategy=p.strategy.label if p.strategy else None,
                doc_id=p.doc_id, doc_title=p.doc_title, section=p.section, pages=p.pages, extract=p.extract,
                kind=p.kind, issuer=p.issuer, apply_start=p.apply_start, apply_end=p.apply_end,
                status=p.status or "unknown", contact=p.contact,
            )
            for p in catalogue_on(policy_bot.store, policy_bot.today()).programs
        ]
        return ProgramList(programs=[p for p in programs if status is None or p.status == status],
                           status_filter=status)

    @server.tool()
    def triage_inquiry(text: str) -> Triage:
        """Support-desk triage of one inquiry (a chat message or a whole email, Korean or English): matching
        programs, category, who to route it to, a drafted reply with citations, and whether a human must handle
        it (and why)."""
        try:
            inquiry = clean_question(text, TRIAGE_MAX_CHARS, what="inquiry", single_line=False)
            return triage(inquiry, policy_bot)
        except ValueError as exc:  # QuestionError, TriageError
            raise _tool_error(exc) from exc

    return server


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(transport: Literal["stdio", "http"] = "stdio", host: str = "127.0.0.1", port: int = 8765,
          bot: PolicyBot | None = None) -> None:
    """Serve the tools over stdio, or streamable HTTP at ``http://host:port/mcp`` (loopback only: the MCP
    endpoint has no key of its own)."""
    if transport == "http" and not is_loopback(host):
        raise ValueError(f"--host {host!r} is not a loopback address; the MCP HTTP endpoint serves this machine only")
    policy_bot = bot or bot_for()
    # Load the models while the client connects, not on its first call.
    threading.Thread(target=policy_bot.warm_up, name="policybot-mcp-warmup", daemon=True).start()
    server = build_server(policy_bot)
    if transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host=host, port=port)


__all__ = ["build_server", "is_loopback", "serve"]
