"""The indexed documents: list them (anyone), upload and delete (admin)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from bot.filters import filters_from
from bot.web import uploads
from bot.web.schemas import DOC_ID_PATTERN, AdminKeyCheck, DeleteResult, DocumentList, DocumentOut, UploadResult
from bot.web.state import ADMIN, API, ApiError, Web, WebState
from ingestion.index import DocumentInfo
from ingestion.loaders import supported_suffixes
from ingestion.notice import status_on
from ingestion.pipeline import IngestLockedError

router = APIRouter(tags=["documents"])


def document_out(info: DocumentInfo, today: date | None = None) -> DocumentOut:
    meta = info.meta
    fields: dict[str, Any] = {k: str(meta.get(k, "") or "") for k in (
        "publisher", "department", "published", "kind", "source", "format", "ingested_at", "doc_kind", "issuer",
        "apply_start", "apply_end", "url", "origin")}
    return DocumentOut(
        doc_id=info.doc_id,
        title=str(meta.get("title") or info.doc_id),
        chunk_count=info.chunk_count,
        status=status_on(meta.get("apply_start") or None, meta.get("apply_end") or None, today or date.today(),
                         meta.get("withdrawn") or None),
        **fields,
    )


@router.get("/api/documents", response_model=DocumentList, dependencies=[API])
def list_documents(
    web: Web,
    kind: Annotated[Literal["notice", "press_release", "regulation", "guide"] | None, Query(
        description="Only documents of this kind.")] = None,
    issuer: Annotated[str | None, Query(max_length=100, description="Part of the issuing body's name.")] = None,
    status: Annotated[Literal["upcoming", "open", "closed"] | None, Query(
        description="Only documents with this application status today.")] = None,
    since: Annotated[date | None, Query(description="Dated on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Dated on or before (YYYY-MM-DD).")] = None,
) -> DocumentList:
    """The indexed documents, each with its kind, issuer, window and status today; optionally filtered."""
    today = web.bot.today()
    found = filters_from(kind=kind, issuer=issuer, status=status, since=since, until=until)
    docs = [d for d in web.bot.store.documents() if found is None or found.matches(d.meta, today)]
    return DocumentList(documents=[document_out(d, today) for d in docs], supported_suffixes=list(supported_suffixes()))


@router.get("/api/admin/key", response_model=AdminKeyCheck, dependencies=[ADMIN])
def check_admin_key() -> AdminKeyCheck:
    """200 when the X-Admin-Key header holds the admin key (401 when wrong, 403 when admin is disabled): the admin
    page checks a key here before it keeps it. Wrong keys count toward the failed-attempt limit."""
    return AdminKeyCheck(ok=True)


async def _read_upload(request: Request, limit: int) -> tuple[UploadFile, bytes, str, str]:
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
    replace = form.get("replace") or request.query_params.get("replace") or ""
    return file, data, title if isinstance(title, str) else "", replace if isinstance(replace, str) else ""


def _ingest_saved(web: WebState, saved: uploads.SavedUpload) -> UploadResult:
    # Loading, chunking and embedding run in the low-priority worker process, so answers stay fast.
    report = web.bot.ingest([saved.path], builder=web.bot.ingest_worker())
    results = [r for r in report.results if r.doc_id == saved.doc_id] or report.results
    if not results:
        return UploadResult(doc_id=saved.doc_id, status="failed", filename=saved.display_name,
                            error=f"{saved.display_name}: nothing to ingest")
    r = results[0]
    # The pipeline names the (generated) file in its messages; users know their own file name.
    error = r.error.replace(saved.path.name, saved.display_name)
    return UploadResult(doc_id=r.doc_id, status=r.status, filename=saved.display_name,  # type: ignore[arg-type]
                        chunks=r.chunks, seconds=round(r.seconds, 2), error=error)


def _drop_older_uploads(web: WebState, saved: uploads.SavedUpload) -> None:
    """A re-upload replaced the document: keep only the newest upload folder of that doc_id."""
    uploads.remove_uploads_of(web.data_dir, saved.doc_id, keep=saved.folder)


def _upload_body() -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": f"One document ({', '.join(supported_suffixes())})."},
            "title": {"type": "string", "description": "Display title (default: the file name)."},
            "replace": {"type": "string", "description": "An indexed document has this file name: 'true' (or its "
                        "doc_id) replaces it; without it the upload is refused with 409."},
        },
    }}}}}


@router.post("/api/documents", response_model=UploadResult, status_code=201, dependencies=[ADMIN],
             openapi_extra=_upload_body(), responses={200: {"model": UploadResult, "description": "Unchanged."}})
async def upload_document(request: Request, web: Web) -> Any:
    """Upload one document and index it (admin). The body is read by hand, not by a File() parameter, so the
    admin key and size are checked before anything is parsed or spooled to disk. The doc_id comes from the name,
    content and title; an upload named like an indexed document is refused (409, naming it) unless ``replace``
    says to replace it; the shipped corpus and synced documents are never replaced (403). Pages and chunks per
    file are limited (422 naming the limit); ingestion runs in a lower-priority worker process."""
    file, data, title, replace = await _read_upload(request, web.settings.max_upload_bytes)
    suffix = uploads.safe_suffix(file.filename)
    allowed = supported_suffixes()
    if suffix not in allowed:
        shown = uploads.display_name(file.filename)
        raise ApiError(415, f"Unsupported file type for {shown!r}: upload one of {', '.join(allowed)}.")
    if not data:
        raise ApiError(422, f"{uploads.display_name(file.filename)}: the file is empty.")
    try:
        target = await anyio.to_thread.run_sync(_replace_target, web, file.filename, data, title, replace)
    except ConflictError as exc:
        existing = [document_out(d, web.bot.today()).model_dump() for d in exc.existing]
        return JSONResponse({"error": exc.detail, "existing": existing}, status_code=409)
    saved = uploads.save_upload(web.data_dir, data, file.filename, suffix, title, doc_id=target)
    try:
        result = await anyio.to_thread.run_sync(_ingest_saved, web, saved)
    except IngestLockedError as exc:
        uploads.discard(saved)
        raise ApiError(409, f"Another ingestion is running; try again when it finishes ({exc}).") from exc
    except BaseException:
        uploads.discard(saved)
        raise
    if result.status in ("added", "updated"):
        uploads.done(saved)
        await anyio.to_thread.run_sync(_drop_older_uploads, web, saved)
        return JSONResponse(result.model_dump(), status_code=201)
    uploads.discard(saved)
    if result.status == "failed":
        return JSONResponse({"error": result.error or "The document could not be ingested.",
                             "result": result.model_dump()}, status_code=422)
    return JSONResponse(result.model_dump(), status_code=200)


_YES = ("true", "1", "yes", "on")


class ConflictError(ApiError):
    """409 whose body also lists the documents the upload would replace."""

    def __init__(self, message: str, existing: list[DocumentInfo]) -> None:
        super().__init__(409, message)
        self.existing = existing


def _replace_target(web: WebState, filename: str | None, data: bytes, title: str, replace: str) -> str | None:
    """The doc_id the upload replaces (None: a new document). Raises 403 for a protected document, 409 when the
    name is taken and ``replace`` does not say to replace it. Also clears folders of failed ingests."""
    from bot.text import clean_text

    documents = web.bot.store.documents()
    uploads.remove_orphans(web.data_dir, {d.doc_id for d in documents})
    new_id = uploads.doc_id_for(filename, data, clean_text(title or "", single_line=True)[:200])
    clashing = uploads.conflicts(documents, filename, new_id)
    if not clashing:
        return None
    name = uploads.display_name(filename)
    shipped = uploads.shipped_doc_ids()
    for doc in clashing:
        why = uploads.protected(doc, shipped)
        if why:
            raise ApiError(403, f"{name} would replace {doc.doc_id} ({doc.meta.get('title') or doc.doc_id}), which "
                                f"cannot be replaced through the web: {why}.")
    chosen = [d for d in clashing if replace == d.doc_id] or (clashing if replace.lower() in _YES else [])
    if len(chosen) == 1:
        return chosen[0].doc_id
    shown = ", ".join(f"{d.doc_id} ({d.meta.get('title') or d.doc_id})" for d in clashing)
    if not replace:
        raise ConflictError(f"{name}: a document of this name is already indexed: {shown}. To replace it, upload "
                            "again with replace=true.", clashing)
    raise ConflictError(f"{name}: say which document to replace with replace=<doc_id>: {shown}.", clashing)


@router.delete("/api/documents/{doc_id}", response_model=DeleteResult, dependencies=[ADMIN])
def delete_document(web: Web, doc_id: str = PathParam(pattern=DOC_ID_PATTERN)) -> DeleteResult:
    """Remove a document from the index (admin), and its uploaded file if it came from an upload."""
    store = web.bot.store
    if store.document(doc_id) is None:
        raise ApiError(404, f"No document with doc_id {doc_id!r}.")
    removed = store.remove_document(doc_id)
    uploads.remove_uploads_of(web.data_dir, doc_id)
    return DeleteResult(doc_id=doc_id, removed_chunks=removed)
