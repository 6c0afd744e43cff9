"""Where uploaded files go. The client's file name is hostile input: it is never used as a path. Each upload
gets its own generated folder ``uploads/<random>/`` holding ``<content-hash><suffix>`` and a ``manifest.toml`` that
gives the ingestion pipeline the doc_id and title derived (sanitised) from the client's name.

Uploads cannot destroy: the doc_id is derived from the name *and* a hash of the content and title, so an upload
never lands on another document by accident; an upload whose name matches an indexed document is a conflict
(``conflicts``) the admin must confirm with ``replace``; the shipped corpus and synced documents are never
replaced through the web (``protected``); folders of failed or abandoned ingests are removed."""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import threading
import time
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from bot.text import clean_text
from ingestion.index import DocumentInfo
from ingestion.pipeline import MANIFEST_NAME, plan_sources, slugify
from ingestion.settings import home_dir
from ingestion.sources.config import toml_value

_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")
_FOLDER = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class SavedUpload:
    folder: Path
    path: Path
    doc_id: str
    display_name: str


def display_name(filename: str | None) -> str:
    """The last path component of a client file name, without control characters, for messages and titles."""
    name = PurePosixPath(clean_text(filename or "", single_line=True).replace("\\", "/")).name
    return name[:200] or "upload"


def safe_suffix(filename: str | None) -> str:
    """Lower-case suffix of the client's name if it is a plain ``.ext``; '' otherwise."""
    suffix = PurePosixPath(display_name(filename)).suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ""


def name_key(filename: str | None) -> str:
    """The part of a doc_id a file name gives: its stem, slugified."""
    return slugify(PurePosixPath(display_name(filename)).stem)[:80]


def doc_id_for(filename: str | None, data: bytes = b"", title: str = "") -> str:
    """``<name>-<hash>``: the name says what it is, the hash of content and title keeps two different uploads of
    one name apart (and the same upload on the same id)."""
    digest = hashlib.sha256(data + b"\x00" + (title or "").encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{name_key(filename)}-{digest}"


_HASHED = re.compile(r"-[0-9a-f]{10}$")


def _names_of(info: DocumentInfo) -> set[str]:
    names = {info.doc_id, _HASHED.sub("", info.doc_id)}
    for key in ("original_filename", "source"):
        if info.meta.get(key):
            names.add(name_key(str(info.meta[key])))
    return {n.lower() for n in names if n}


def conflicts(documents: list[DocumentInfo], filename: str | None, new_doc_id: str) -> list[DocumentInfo]:
    """Indexed documents an upload named ``filename`` would stand beside under the same name (the same file name,
    or a doc_id made from it), other than the upload's own doc_id."""
    key = name_key(filename).lower()
    return [d for d in documents if d.doc_id != new_doc_id and key in _names_of(d)]


@lru_cache(maxsize=4)
def shipped_doc_ids(corpora: Path | None = None) -> frozenset[str]:
    """doc_ids of the corpus shipped with policybot (``corpora/`` beside the code, or in the working directory)."""
    folder = corpora or home_dir() / "corpora"
    if not folder.is_dir():
        return frozenset()
    try:
        return frozenset(g.doc_id for g in plan_sources([folder]))
    except Exception:  # an unreadable manifest protects nothing rather than breaking uploads
        return frozenset()


def protected(info: DocumentInfo, shipped: frozenset[str]) -> str | None:
    """Why the web may not replace this document (None: it may, with ``replace``)."""
    if info.doc_id in shipped:
        return ("it is part of the corpus shipped in corpora/; change the files there and run `policybot ingest "
                "corpora/`")
    origin = str(info.meta.get("origin") or "")
    if origin.startswith("source:"):
        return f"it comes from the source {origin[7:]!r}; `policybot sources sync` keeps it current"
    return None


def _toml_string(value: str) -> str:
    """A TOML basic string (see ``toml_value``: JSON's ASCII escapes would write surrogate pairs TOML refuses)."""
    return toml_value(value)


def uploads_root(data_dir: Path) -> Path:
    return Path(data_dir) / "uploads"


def save_upload(
    data_dir: Path, data: bytes, filename: str | None, suffix: str, title: str | None = None,
    doc_id: str | None = None,
) -> SavedUpload:
    """Write ``data`` under a generated name; return where. ``suffix`` must come from :func:`safe_suffix`.
    ``doc_id``: the document it replaces (else one is derived from the name, content and title)."""
    if not _SUFFIX.match(suffix):
        raise ValueError(f"unsafe suffix {suffix!r}")
    root = uploads_root(data_dir).resolve()
    folder = root / secrets.token_hex(16)
    # The file is named by its content hash: the pipeline records the file name in the document's metadata,
    # so a random name would make re-uploading identical content look like a change.
    path = folder / f"{hashlib.sha256(data).hexdigest()[:32]}{suffix}"
    if folder.parent != root or path.parent != folder:  # cannot happen with a hex token; belt and braces
        raise ValueError("upload path escaped the uploads folder")
    folder.mkdir(parents=True, exist_ok=False)
    path.write_bytes(data)
    name = display_name(filename)
    doc_id = doc_id or doc_id_for(filename, data, clean_text(title or "", single_line=True)[:200])
    doc_title = clean_text(title or "", single_line=True)[:200] or PurePosixPath(name).stem or doc_id
    manifest = (
        "[[documents]]\n"
        f"doc_id = {_toml_string(doc_id)}\n"
        f"files = [{_toml_string(path.name)}]\n"
        f"title = {_toml_string(doc_title)}\n"
        f"original_filename = {_toml_string(name)}\n"
    )
    (folder / MANIFEST_NAME).write_text(manifest, encoding="utf-8")
    with _busy_lock:
        _busy.add(folder)
    return SavedUpload(folder, path, doc_id, name)


# Upload folders whose ingestion is under way in this process: never cleaned up from under it.
_busy: set[Path] = set()
_busy_lock = threading.Lock()
ORPHAN_AGE_S = 600.0


def done(saved: SavedUpload) -> None:
    """The upload's ingestion is over (its folder stays if it was indexed)."""
    with _busy_lock:
        _busy.discard(saved.folder)


def discard(saved: SavedUpload) -> None:
    done(saved)
    shutil.rmtree(saved.folder, ignore_errors=True)


def remove_orphans(data_dir: Path, indexed: set[str], min_age_s: float = ORPHAN_AGE_S) -> int:
    """Remove upload folders left by ingests that failed or were killed: their document is not indexed, no upload
    of this process is using them, and they are older than ``min_age_s`` (another process may be ingesting)."""
    root = uploads_root(data_dir)
    if not root.is_dir():
        return 0
    removed = 0
    now = time.time()
    with _busy_lock:
        busy = set(_busy)
    for folder in root.iterdir():
        if not (folder.is_dir() and _FOLDER.match(folder.name)) or folder in busy:
            continue
        try:
            if now - folder.stat().st_mtime < min_age_s:
                continue
            entries = tomllib.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")).get("documents", [])
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            entries = []
        if not any(str(e.get("doc_id")) in indexed for e in entries):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def remove_uploads_of(data_dir: Path, doc_id: str, keep: Path | None = None) -> int:
    """Delete the stored upload folders of ``doc_id`` (after the document was removed or replaced), except
    ``keep``."""
    root = uploads_root(data_dir)
    if not root.is_dir():
        return 0
    removed = 0
    for folder in root.iterdir():
        if not (folder.is_dir() and _FOLDER.match(folder.name)) or (keep is not None and folder == keep):
            continue
        try:
            entries = tomllib.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")).get("documents", [])
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        if any(str(e.get("doc_id")) == doc_id for e in entries):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
