"""👍/👎 on answers, stored for the answer-quality review."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bot.text import clean_text
from bot.web.schemas import FeedbackRequest, FeedbackResult
from bot.web.state import API, ApiError, Web

router = APIRouter(tags=["feedback"], dependencies=[API])


@router.post("/api/feedback", response_model=FeedbackResult, status_code=201)
def feedback(body: FeedbackRequest, request: Request, web: Web) -> FeedbackResult:
    """Store a 👍/👎 on an answer (channel "web") for the answer-quality review."""
    question, answer_text = clean_text(body.question), clean_text(body.answer)
    if not question or not answer_text:
        raise ApiError(422, "Invalid request — question and answer must not be empty.")
    fid = web.feedback.add(
        "web", body.rating, question, answer_text, clean_text(body.comment),
        meta={"ua": clean_text(request.headers.get("user-agent", ""), single_line=True)[:200]},
    )
    return FeedbackResult(id=fid)
