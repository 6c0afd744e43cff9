"""The HTTP API and chat page. ``create_app`` builds everything it needs (bot, feedback store, limiters) so
tests and embedders get independent apps; nothing lives in module globals.

Blocking work (answering, Chroma reads, ingestion) runs in worker threads so the event loop keeps serving
health checks, static files and other clients while a question is being answered.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.catalogue import Catalogue, ProgramDetail, load_catalogue, program_detail
from bot.config import Settings, get_settings
from bot.feedback import FeedbackStore
from bot.models import Answer, Turn
from bot.service import PolicyBot
from bot.triage import TRIAGE_MAX_CHARS, Triage, TriageRequest, triage
from bot.web import uploads
from bot.web.guards import (
    BodyLimitMiddleware,
    Scope,
    SecurityHeadersMiddleware,
    SlidingWindowLimiter,
    clean_text,
)
from bot.web.schemas import (
    DOC_ID_PATTERN,
    AskRequest,
    DeleteResult,
    DocumentList,
    DocumentOut,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResult,
    Health,
    Readiness,
    UploadResult,
)
from ingestion.loaders import supported_suffixes
from ingestion.pipeline import IngestLockedError

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
ADMIN_HEADER = "X-Admin-Key"
ADMIN_FAILURES_PER_MINUTE = 5
JSON_BODY_LIMIT = 512 * 1024
MULTIPART_OVERHEAD = 64 * 1024
# answer() is CPU-bound (Kiwi, the embedding model, numpy) and the embedding model is behind a process lock;
# running more answers at once than there are cores only makes every one of them slower.
DEFAULT_ANSWER_CONCURRENCY = max(2, os.cpu_count() or 2)
ANSWER_TIMEOUT_S = 120.0

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503)
}


class ApiError(HTTPException):
    """An HTTPException whose detail is the user-facing message of the ``{"error": ...}`` body."""


class WebState:
    """Everything one app instance owns, reachable from handlers as ``request.app.state.web``."""

    def __init__(self, settings: Settings, bot: PolicyBot, answer_concurrency: int) -> None:
        self.settings = settings
        self.bot = bot
        self.data_dir = Path(settings.data_dir)
        self.feedback = FeedbackStore(self.data_dir / "feedback.sqlite3")
        self.rate = SlidingWindowLimiter(max(1, settings.rate_limit_per_minute), 60.0)
        self.admin_failures = SlidingWindowLimiter(ADMIN_FAILURES_PER_MINUTE, 60.0)
        self.answer_limiter = anyio.CapacityLimiter(max(1, answer_concurrency))
        self.warm_error: str | None = None
        self.warm_thread: threading.Thread | None = None


def _web(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]


def client_key(request: Request) -> str:
    """The peer address. X-Forwarded-For is deliberately ignored: any client can forge it to dodge limits;
    run uvicorn with --proxy-headers behind a trusted proxy to make ``request.client`` the real client."""
    return request.client.host if request.client else "unknown"


async def rate_limited(request: Request) -> None:
    """Per-client sliding-window limit on every API call (settings.rate_limit_per_minute)."""
    wait = _web(request).rate.hit(client_key(request))
    if wait:
        raise ApiError(
            429,
            f"Too many requests; try again in {int(wait) + 1} s.",
            headers={"Retry-After": str(int(wait) + 1)},
        )


async def require_admin(request: Request) -> None:
    """Write endpoints need the admin key. Failed attempts are limited per client (no key guessing)."""
    web = _web(request)
    expected = web.settings.admin_key
    if not expected:
        raise ApiError(
            403, "Admin endpoints are disabled: set POLICYBOT_ADMIN_KEY on the server to enable them."
        )
    key = client_key(request)
    wait = web.admin_failures.retry_after(key)
    if wait:
        raise ApiError(
            429,
            f"Too many failed admin key attempts; try again in {int(wait) + 1} s.",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    given = request.headers.get(ADMIN_HEADER)
    if not given:
        web.admin_failures.hit(key)
        raise ApiError(401, f"Missing admin key: send it in the {ADMIN_HEADER} header.")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        web.admin_failures.hit(key)
        raise ApiError(401, "Wrong admin key.")


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, str]]]:
    details = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        details.append({"field": ".".join(loc) or "body", "message": str(err.get("msg", "invalid"))})
    text = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
    return f"Invalid request — {text}", details


def _clean_question(web: WebState, raw: str) -> str:
    question = clean_text(raw)
    if not question:
        raise ApiError(422, "The question is empty.")
    limit = web.settings.max_question_chars
    if len(question) > limit:
        raise ApiError(
            413, f"The question is too long ({len(question):,} characters; the limit is {limit:,})."
        )
    return question


def _history(body: AskRequest) -> list[Turn]:
    return [Turn(role=t.role, content=clean_text(t.content)) for t in body.history if clean_text(t.content)]


async def _answer(web: WebState, question: str, history: list[Turn], doc_id: str | None) -> Answer:
    """Run the blocking ``PolicyBot.answer`` in a worker thread, at most ``answer_concurrency`` at a time."""
    if web.settings.max_question_chars <= 0:  # pragma: no cover - misconfiguration guard
        raise ApiError(500, "max_question_chars must be positive")
    with anyio.fail_after(ANSWER_TIMEOUT_S):
        return await anyio.to_thread.run_sync(
            lambda: web.bot.answer(question, history, doc_id=doc_id),
            limiter=web.answer_limiter,
            abandon_on_cancel=True,
        )


def _sse(event: str, data: Any) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {event}\ndata: {payload}\n\n".encode()


def _text_pieces(text: str, size: int = 24) -> list[str]:
    """Split the answer text into short pieces for ``delta`` events, never inside a citation marker."""
    pieces: list[str] = []
    buf = ""
    for ch in text:
        buf += ch
        if len(buf) >= size and ch in " \n.。)]" and buf.count("[") == buf.count("]"):
            pieces.append(buf)
            buf = ""
    if buf:
        pieces.append(buf)
    return pieces


def _document_out(info: Any) -> DocumentOut:
    meta = info.meta
    return DocumentOut(
        doc_id=info.doc_id,
        title=str(meta.get("title") or info.doc_id),
        chunk_count=info.chunk_count,
        **{
            k: str(meta.get(k, "") or "")
            for k in ("publisher", "department", "published", "kind", "source", "format", "ingested_at")
        },
    )


def _triage(web: WebState, inquiry: str) -> Triage:
    return triage(inquiry, web.bot)


async def _read_upload(request: Request, limit: int) -> tuple[UploadFile, bytes, str]:
    try:
        form = await request.form(max_files=1, max_fields=4)
    except Exception as exc:  # multipart parser errors (malformed body, too many parts)
        raise ApiError(400, f"Send the document as multipart/form-data with a 'file' field ({exc}).") from exc
    file = form.get("file")
    if not isinstance(file, UploadFile):
        raise ApiError(422, "Invalid request — file: a multipart 'file' field with the document is required.")
    title = form.get("title")
    data = b""
    while chunk := await file.read(256 * 1024):
        data += chunk
        if len(data) > limit:
            raise ApiError(413, f"The file is too large (limit {limit:,} bytes).")
    return file, data, title if isinstance(title, str) else ""


def _ingest_saved(web: WebState, saved: uploads.SavedUpload) -> UploadResult:
    report = web.bot.ingest([saved.path])
    results = [r for r in report.results if r.doc_id == saved.doc_id] or report.results
    if not results:
        return UploadResult(
            doc_id=saved.doc_id,
            status="failed",
            filename=saved.display_name,
            error=f"{saved.display_name}: nothing to ingest",
        )
    r = results[0]
    # The pipeline names the (generated) file in its messages; users know their own file name.
    error = r.error.replace(saved.path.name, saved.display_name)
    return UploadResult(
        doc_id=r.doc_id,
        status=r.status,
        filename=saved.display_name,
        chunks=r.chunks,  # type: ignore[arg-type]
        seconds=round(r.seconds, 2),
        error=error,
    )


def create_app(
    settings: Settings | None = None,
    bot: PolicyBot | None = None,
    *,
    answer_concurrency: int = DEFAULT_ANSWER_CONCURRENCY,
    warm_up: bool = True,
    with_slack: bool = True,
) -> FastAPI:
    """Build the web app. ``bot`` defaults to a PolicyBot on ``settings`` (its data dir); pass one to share
    an already-open store. ``warm_up=False`` skips model loading at startup (readyz then reports ready as
    soon as the store is open) — for tests of the HTTP layer only."""
    settings = settings or (bot.settings if bot is not None else get_settings())
    bot = bot or PolicyBot(settings)
    web = WebState(settings, bot, answer_concurrency)
    upload_limit = settings.max_upload_bytes

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        def warm() -> None:
            try:
                if warm_up:
                    bot.warm_up()
                else:
                    bot.store.count()
            except Exception as exc:  # readyz reports it; the process stays up for /healthz
                log.exception("warm-up failed")
                web.warm_error = f"warm-up failed: {exc}"

        if warm_up and bot.ready:
            web.warm_thread = None
        else:
            web.warm_thread = threading.Thread(target=warm, name="policybot-warmup", daemon=True)
            web.warm_thread.start()
        yield

    app = FastAPI(
        title="policybot",
        description="Answers about Korean SME policy documents, with citations. Korean first, English too.",
        version="0.1.0",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    app.state.web = web

    def body_limit(scope: Scope) -> int:
        if scope.get("method") == "POST" and scope.get("path") == "/api/documents":
            return upload_limit + MULTIPART_OVERHEAD
        return JSON_BODY_LIMIT + settings.max_question_chars * 4

    app.add_middleware(BodyLimitMiddleware, limit_for=body_limit)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", ADMIN_HEADER],
            allow_credentials=False,
        )
    app.add_middleware(SecurityHeadersMiddleware)

    # ---- errors: always {"error": "..."} ---------------------------------------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail, ensure_ascii=False)
        if exc.status_code == 404 and not isinstance(exc, ApiError):
            detail = f"Not found: {request.url.path}"
        elif exc.status_code == 405:
            detail = f"Method {request.method} is not allowed on {request.url.path}"
        return JSONResponse({"error": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = _validation_message(exc)
        return JSONResponse({"error": message, "details": details}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse({"error": "Internal error; the server log has details."}, status_code=500)

    # ---- health ----------------------------------------------------------------------------------------

    @app.get("/healthz", response_model=Health, tags=["health"])
    async def healthz() -> Health:
        """The process is up and serving (no dependency checked)."""
        return Health(status="ok")

    @app.get("/readyz", response_model=Readiness, tags=["health"], responses={503: {"model": ErrorResponse}})
    async def readyz() -> Any:
        """Ready once the store is open and the models are loaded (503 until then, or if warm-up failed)."""
        if web.warm_error:
            return JSONResponse({"error": web.warm_error, "ready": False}, status_code=503)
        thread = web.warm_thread
        if thread is not None and thread.is_alive() or (warm_up and not bot.ready):
            return JSONResponse(
                {"error": "warming up: loading the index and models", "ready": False}, status_code=503
            )
        docs = await anyio.to_thread.run_sync(bot.store.documents)
        return Readiness(ready=True, documents=len(docs), chunks=sum(d.chunk_count for d in docs))

    # ---- asking ----------------------------------------------------------------------------------------

    api = [Depends(rate_limited)]
    admin = [Depends(rate_limited), Depends(require_admin)]

    @app.post("/api/ask", response_model=Answer, dependencies=api, tags=["ask"])
    async def ask(body: AskRequest) -> Answer:
        """Answer a question from the documents, every fact cited; or abstain and name who to contact."""
        question = _clean_question(web, body.question)
        return await _answer(web, question, _history(body), body.doc_id)

    @app.post(
        "/api/ask/stream",
        dependencies=api,
        tags=["ask"],
        responses={
            200: {
                "content": {"text/event-stream": {}},
                "description": "Server-sent events: progress*, delta*, answer, citations, done "
                "(or error, done).",
            }
        },
    )
    async def ask_stream(body: AskRequest) -> StreamingResponse:
        """Same as /api/ask as server-sent events, so the page can show progress and the answer as it comes.

        Events: ``progress`` {stage}, ``delta`` {text} pieces of the answer text, ``answer`` (the Answer
        JSON), ``citations`` (its citation list), ``done``; on failure ``error`` {error} then ``done``."""
        question = _clean_question(web, body.question)  # validation errors stay plain HTTP errors
        history = _history(body)

        async def events() -> AsyncIterator[bytes]:
            yield _sse("progress", {"stage": "retrieving"})
            task = asyncio.ensure_future(_answer(web, question, history, body.doc_id))
            try:
                # answer() is one blocking call; tell the page it is still working so it can show a stage.
                done, _ = await asyncio.wait({task}, timeout=0.4)
                if not done:
                    yield _sse("progress", {"stage": "composing"})
                result = await task
            except Exception as exc:
                log.exception("answer failed")
                message = (
                    exc.detail if isinstance(exc, HTTPException) else "Answering failed; please try again."
                )
                yield _sse("error", {"error": str(message)})
                yield _sse("done", {})
                return
            finally:
                if not task.done():
                    task.cancel()
            for piece in _text_pieces(result.text):
                yield _sse("delta", {"text": piece})
            yield _sse("answer", result.model_dump(mode="json"))
            yield _sse("citations", [c.model_dump(mode="json") for c in result.citations])
            yield _sse("done", {})

        return StreamingResponse(
            events(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    # ---- documents -------------------------------------------------------------------------------------

    @app.get("/api/documents", response_model=DocumentList, dependencies=api, tags=["documents"])
    def list_documents() -> DocumentList:
        """The indexed documents."""
        return DocumentList(
            documents=[_document_out(d) for d in bot.store.documents()],
            supported_suffixes=list(supported_suffixes()),
        )

    upload_body = {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": f"One document ({', '.join(supported_suffixes())}).",
                            },
                            "title": {
                                "type": "string",
                                "description": "Display title (default: the file name).",
                            },
                        },
                    }
                }
            },
        }
    }

    @app.post(
        "/api/documents",
        response_model=UploadResult,
        status_code=201,
        dependencies=admin,
        tags=["documents"],
        openapi_extra=upload_body,
        responses={200: {"model": UploadResult, "description": "Unchanged."}},
    )
    async def upload_document(request: Request) -> Any:
        """Upload one document and index it (admin). The body is read by hand, not by a File() parameter,
        so the admin key and size are checked before anything is parsed or spooled to disk."""
        file, data, title = await _read_upload(request, upload_limit)
        suffix = uploads.safe_suffix(file.filename)
        allowed = supported_suffixes()
        if suffix not in allowed:
            shown = uploads.display_name(file.filename)
            raise ApiError(415, f"Unsupported file type for {shown!r}: upload one of {', '.join(allowed)}.")
        if not data:
            raise ApiError(422, f"{uploads.display_name(file.filename)}: the file is empty.")
        saved = uploads.save_upload(web.data_dir, data, file.filename, suffix, title)
        try:
            result = await anyio.to_thread.run_sync(_ingest_saved, web, saved)
        except IngestLockedError as exc:
            uploads.discard(saved)
            raise ApiError(409, f"Another ingestion is running; try again when it finishes ({exc}).") from exc
        except BaseException:
            uploads.discard(saved)
            raise
        if result.status in ("added", "updated"):
            await anyio.to_thread.run_sync(_drop_older_uploads, web, saved)
            return JSONResponse(result.model_dump(), status_code=201)
        uploads.discard(saved)
        if result.status == "failed":
            return JSONResponse(
                {
                    "error": result.error or "The document could not be ingested.",
                    "result": result.model_dump(),
                },
                status_code=422,
            )
        return JSONResponse(result.model_dump(), status_code=200)

    @app.delete(
        "/api/documents/{doc_id}", response_model=DeleteResult, dependencies=admin, tags=["documents"]
    )
    def delete_document(doc_id: str = PathParam(pattern=DOC_ID_PATTERN)) -> DeleteResult:
        """Remove a document from the index (admin), and its uploaded file if it came from an upload."""
        if bot.store.document(doc_id) is None:
            raise ApiError(404, f"No document with doc_id {doc_id!r}.")
        removed = bot.store.remove_document(doc_id)
        bot.store.sync_bm25()
        uploads.remove_uploads_of(web.data_dir, doc_id)
        return DeleteResult(doc_id=doc_id, removed_chunks=removed)

    @app.get("/api/programs", response_model=Catalogue, dependencies=api, tags=["programs"])
    def programs() -> Catalogue:
        """The programme catalogue derived from the documents' headings: every numbered task under its
        strategy, with a verbatim extract, pages, chunk ids and the responsible department."""
        return load_catalogue(bot.store)

    @app.get("/api/programs/{program_id}", response_model=ProgramDetail, dependencies=api, tags=["programs"])
    def program(program_id: str = PathParam(max_length=300)) -> ProgramDetail:
        """One program with the full text of its passages."""
        found = program_detail(bot.store, program_id)
        if found is None:
            raise ApiError(404, f"No program with id {program_id!r}.")
        return found

    @app.post("/api/triage", response_model=Triage, dependencies=api, tags=["ask"])
    async def triage_inquiry(body: TriageRequest) -> Triage:
        """Support-desk triage of one inquiry: matching programs, category, contact, a drafted reply (cited)
        and whether a human must handle it (and why)."""
        inquiry = clean_text(body.inquiry)
        if not inquiry:
            raise ApiError(422, "The inquiry is empty.")
        if len(inquiry) > TRIAGE_MAX_CHARS:
            raise ApiError(
                413, f"The inquiry is too long ({len(inquiry):,} characters; the limit is {TRIAGE_MAX_CHARS:,})."
            )
        with anyio.fail_after(ANSWER_TIMEOUT_S):
            return await anyio.to_thread.run_sync(
                _triage, web, inquiry, limiter=web.answer_limiter, abandon_on_cancel=True
            )

    # ---- feedback --------------------------------------------------------------------------------------

    @app.post(
        "/api/feedback", response_model=FeedbackResult, status_code=201, dependencies=api, tags=["feedback"]
    )
    def feedback(body: FeedbackRequest, request: Request) -> FeedbackResult:
        """Store a 👍/👎 on an answer (channel "web") for the answer-quality review."""
        question, answer_text = clean_text(body.question), clean_text(body.answer)
        if not question or not answer_text:
            raise ApiError(422, "Invalid request — question and answer must not be empty.")
        fid = web.feedback.add(
            "web",
            body.rating,
            question,
            answer_text,
            clean_text(body.comment),
            meta={"ua": clean_text(request.headers.get("user-agent", ""), single_line=True)[:200]},
        )
        return FeedbackResult(id=fid)

    # ---- pages -----------------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/admin", include_in_schema=False)
    async def admin_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "admin.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if with_slack:
        from bot.slack.http import mount_slack

        mount_slack(app, settings, bot)  # logs "Slack disabled: …" without SLACK_BOT_TOKEN/SLACK_SIGNING_SECRET
    return app


def _drop_older_uploads(web: WebState, saved: uploads.SavedUpload) -> None:
    """A re-upload replaced the document: keep only the newest upload folder of that doc_id."""
    uploads.remove_uploads_of(web.data_dir, saved.doc_id, keep=saved.folder)


def serve(host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Run the web app with uvicorn (one process: the rate limiter and answer concurrency are per process)."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=False)


__all__ = ["create_app", "serve"]
