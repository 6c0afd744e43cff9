"""Where uploaded files go. The client's file name is hostile input: it is never used as a path. Each upload
gets its own generated folder ``uploads/<random>/`` holding ``<content-hash><suffix>`` and a ``manifest.toml`` that
gives the ingestion pipeline the doc_id and title derived (sanitised) from the client's name."""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bot.text import clean_text
from ingestion.pipeline import MANIFEST_NAME, slugify

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


def doc_id_for(filename: str | None) -> str:
    stem = PurePosixPath(display_name(filename)).stem
    return slugify(stem)


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, everything else as itself (the
    manifest is UTF-8). JSON's ASCII escapes would not do: TOML refuses the surrogate pair JSON writes for a
    character outside the BMP (an emoji in a title), and a lone surrogate cannot be stored at all."""
    out = []
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif not 0xD800 <= code <= 0xDFFF:
            out.append(ch)
    return '"' + "".join(out) + '"'


def uploads_root(data_dir: Path) -> Path:
    return Path(data_dir) / "uploads"


def save_upload(
    data_dir: Path, data: bytes, filename: str | None, suffix: str, title: str | None = None
) -> SavedUpload:
    """Write ``data`` under a generated name; return where. ``suffix`` must come from :func:`safe_suffix`."""
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
    doc_id = doc_id_for(filename)
    doc_title = clean_text(title or "", single_line=True)[:200] or PurePosixPath(name).stem or doc_id
    manifest = (
        "[[documents]]\n"
        f"doc_id = {_toml_string(doc_id)}\n"
        f"files = [{_toml_string(path.name)}]\n"
        f"title = {_toml_string(doc_title)}\n"
        f"original_filename = {_toml_string(name)}\n"
    )
    (folder / MANIFEST_NAME).write_text(manifest, encoding="utf-8")
    return SavedUpload(folder, path, doc_id, name)


def discard(saved: SavedUpload) -> None:
    shutil.rmtree(saved.folder, ignore_errors=True)


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
