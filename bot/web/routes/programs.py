"""The programme catalogue and support-desk triage."""

from __future__ import annotations

import anyio
from fastapi import APIRouter
from fastapi import Path as PathParam

from bot.catalogue import Catalogue, ProgramDetail, catalogue_on, program_detail
from bot.text import clean_question
from bot.triage import TRIAGE_MAX_CHARS, Triage, TriageRequest, cached_triage, triage
from bot.web.routes.ask import ANSWER_TIMEOUT_S
from bot.web.state import API, ApiError, Web

router = APIRouter(dependencies=[API])


@router.get("/api/programs", response_model=Catalogue, tags=["programs"])
def programs(web: Web) -> Catalogue:
    """The programme catalogue derived from the documents' headings: every numbered task under its strategy (a
    document without numbered tasks is one program), with a verbatim extract, pages, chunk ids, the responsible
    department, kind, issuer, application window, status today and editions."""
    return catalogue_on(web.bot.store, web.bot.today())


@router.get("/api/programs/{program_id}", response_model=ProgramDetail, tags=["programs"])
def program(web: Web, program_id: str = PathParam(max_length=300)) -> ProgramDetail:
    """One program with the full text of its passages."""
    found = program_detail(web.bot.store, program_id)
    if found is None:
        raise ApiError(404, f"No program with id {program_id!r}.")
    return found


@router.post("/api/triage", response_model=Triage, tags=["ask"])
async def triage_inquiry(body: TriageRequest, web: Web) -> Triage:
    """Support-desk triage of one inquiry: matching programs, category, contact, a drafted reply (cited) and
    whether a human must handle it (and why). An inquiry triaged before in this index generation is answered
    from the cache at once, without waiting for an answer slot."""
    inquiry = clean_question(body.inquiry, TRIAGE_MAX_CHARS, what="inquiry", single_line=False)
    hit = cached_triage(inquiry, web.bot)
    if hit is not None:
        return hit
    with anyio.fail_after(ANSWER_TIMEOUT_S):
        return await anyio.to_thread.run_sync(
            lambda: triage(inquiry, web.bot), limiter=web.answer_limiter, abandon_on_cancel=True
        )
