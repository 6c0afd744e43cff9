"""The chat page and the admin page (their scripts and styles are under /static)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


@router.api_route("/", methods=["GET", "HEAD"])
async def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


@router.api_route("/admin", methods=["GET", "HEAD"])
async def admin_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "admin.html", headers={"Cache-Control": "no-cache"})
