"""Shared pieces of the format readers: zip-bomb-aware ZIP access, entity-safe XML, text block layout.

HWPX and DOCX are ZIP containers that users upload, so a loader must never trust the archive: a few KB
on disk can declare gigabytes of XML. We check every entry's *declared* size and compression ratio
before inflating anything, and read each member with a hard byte cap as a second line of defence
(``zipfile`` already stops at the declared size, the cap also covers a declared size that is itself huge).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _safe_fromstring

from ingestion.types import IngestError

# Limits are generous for real documents (a 300-page HWPX is a few MB of XML) and small enough that a
# malicious upload cannot exhaust memory on a 24 GB machine running several workers.
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ENTRY_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
# Tiny members (mimetype, small XML) legitimately reach silly ratios; only judge the ratio above this.
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_ENTRIES = 10_000


def open_checked_zip(path: Path, kind: str) -> zipfile.ZipFile:
    """Open ``path`` as a ZIP and refuse it before any inflation if it looks like a zip bomb.

    ``kind`` ("HWPX", "DOCX") only flavours the error message, so users know what we expected.
    The caller owns the returned archive and must close it.
    """
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise IngestError(path, "file not found") from exc
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(
            path, f"not a valid {kind} file (corrupt or not a ZIP archive: {one_line(exc)})"
        ) from exc
    try:
        check_zip_limits(path, zf)
    except BaseException:
        zf.close()
        raise
    return zf


def check_zip_limits(path: Path, zf: zipfile.ZipFile) -> None:
    """Raise IngestError when the declared sizes or ratios of ``zf`` are beyond what a document needs."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise IngestError(path, f"refusing archive with {len(infos)} entries (zip bomb?)")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_ENTRY_UNCOMPRESSED:
            raise IngestError(
                path, f"refusing archive: entry {info.filename!r} declares {size:,} bytes (zip bomb?)"
            )
        if size > RATIO_FLOOR_BYTES:
            ratio = size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise IngestError(
                    path,
                    f"refusing archive: entry {info.filename!r} has compression ratio {ratio:,.0f}:1 "
                    "(zip bomb?)",
                )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise IngestError(path, f"refusing archive: {total:,} bytes uncompressed in total (zip bomb?)")


def read_member(path: Path, zf: zipfile.ZipFile, name: str, limit: int = MAX_ENTRY_UNCOMPRESSED) -> bytes:
    """Read one member with a hard cap; corrupt data (bad CRC, truncated stream) becomes IngestError."""
    try:
        with zf.open(name) as fh:
            data = fh.read(limit + 1)
    except KeyError as exc:
        raise IngestError(path, f"archive has no {name!r}") from exc
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        # Bad CRC, truncated deflate stream, unsupported compression method, encrypted member (RuntimeError).
        raise IngestError(path, f"corrupt archive member {name!r}: {one_line(exc)}") from exc
    if len(data) > limit:
        raise IngestError(path, f"refusing archive: member {name!r} exceeds {limit:,} bytes (zip bomb?)")
    return data


def parse_xml(path: Path, data: bytes, what: str) -> Element:
    """Parse untrusted XML with defusedxml: DTD entity declarations and external references are refused.

    Billion-laughs and XXE payloads must not expand on our machine; real OWPML/OOXML never declares
    entities, so refusing them costs nothing.
    """
    try:
        return _safe_fromstring(data)
    except DefusedXmlException as exc:
        raise IngestError(path, f"refusing {what}: XML declares entities or external references") from exc
    except ParseError as exc:
        raise IngestError(path, f"malformed XML in {what}: {one_line(exc)}") from exc


def one_line(exc: BaseException) -> str:
    """An exception's text squeezed onto one line: IngestError messages are shown to users as one line."""
    text = " ".join(str(exc).split())
    return text[:200] + "…" if len(text) > 200 else text or type(exc).__name__


def local_name(tag: object) -> str:
    """``{namespace}name`` → ``name``: OWPML has shipped under several namespace URIs, so match names only."""
    if not isinstance(tag, str):  # comments / processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def join_blocks(blocks: list[tuple[str, bool]]) -> str:
    """Lay out (text, is_table) blocks: paragraphs one per line, each table set off by blank lines.

    The blank lines let a later structuring/chunking step keep a table's rows together as one block,
    instead of gluing its first row to the preceding paragraph.
    """
    out: list[str] = []
    for text, is_table in blocks:
        if is_table:
            if out and out[-1] != "":
                out.append("")
            out.append(text)
            out.append("")
        else:
            out.append(text)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
