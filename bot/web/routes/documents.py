"""The indexed documents: list them (anyone), upload and delete (admin)."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from bot.web import uploads
from bot.web.schemas import DOC_ID_PATTERN, AdminKeyCheck, DeleteResult, DocumentList, DocumentOut, UploadResult
from bot.web.state import ADMIN, API, ApiError, Web, WebState
from ingestion.index import DocumentInfo
from ingestion.loaders import supported_suffixes
from ingestion.pipeline import IngestLockedError

router = APIRouter(tags=["documents"])


def document_out(info: DocumentInfo) -> DocumentOut:
    meta = info.meta
    return DocumentOut(
        doc_id=info.doc_id,
        title=str(meta.get("title") or info.doc_id),
        chunk_count=info.chunk_count,
        **{k: str(meta.get(k, "") or "")
           for k in ("publisher", "department", "published", "kind", "source", "format", "ingested_at")},
    )


@router.get("/api/documents", response_model=DocumentList, dependencies=[API])
def list_documents(web: Web) -> DocumentList:
    """The indexed documents."""
    return DocumentList(documents=[document_out(d) for d in web.bot.store.documents()],
                        supported_suffixes=list(supported_suffixes()))


@router.get("/api/admin/key", response_model=AdminKeyCheck, dependencies=[ADMIN])
def check_admin_key() -> AdminKeyCheck:
    """200 when the X-Admin-Key header holds the admin key (401 when wrong, 403 when admin is disabled): the admin
    page checks a key here before it keeps it. Wrong keys count toward the failed-attempt limit."""
    return AdminKeyCheck(ok=True)


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
        },
    }}}}}


@router.post("/api/documents", response_model=UploadResult, status_code=201, dependencies=[ADMIN],
             openapi_extra=_upload_body(), responses={200: {"model": UploadResult, "description": "Unchanged."}})
async def upload_document(request: Request, web: Web) -> Any:
    """Upload one document and index it (admin). The body is read by hand, not by a File() parameter, so the
    admin key and size are checked before anything is parsed or spooled to disk."""
    file, data, title = await _read_upload(request, web.settings.max_upload_bytes)
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
        return JSONResponse({"error": result.error or "The document could not be ingested.",
                             "result": result.model_dump()}, status_code=422)
    return JSONResponse(result.model_dump(), status_code=200)


@router.delete("/api/documents/{doc_id}", response_model=DeleteResult, dependencies=[ADMIN])
def delete_document(web: Web, doc_id: str = PathParam(pattern=DOC_ID_PATTERN)) -> DeleteResult:
    """Remove a document from the index (admin), and its uploaded file if it came from an upload."""
    store = web.bot.store
    if store.document(doc_id) is None:
        raise ApiError(404, f"No document with doc_id {doc_id!r}.")
    removed = store.remove_document(doc_id)
    store.sync_bm25()
    uploads.remove_uploads_of(web.data_dir, doc_id)
    return DeleteResult(doc_id=doc_id, removed_chunks=removed)
