"""HWP 5.x reader: the binary Hangul format (an OLE compound file) most older Korean government files use.

Why our own reader on ``olefile``: the established PyPI parser, ``pyhwp`` (0.1b15, 2020), is a beta
under AGPL-3.0 that pulls in ``cryptography`` and ``lxml`` and needs ``babel`` to build; the newer HWP
packages are young single-author projects. Text extraction needs only a small part of the spec, written
below from Hancom's published "HWP 5.0 file format" document.

What is read:
- ``FileHeader``: signature, version (5.x only) and flags. Password-protected, distribution-protected
  (배포용, body in ``ViewText``) and DRM / certificate-encrypted files are refused with an IngestError,
  since their body streams are encrypted;
- ``BodyText/Section0..N`` (raw deflate when the compressed flag is set, inflated with a size cap):
  every ``HWPTAG_PARA_TEXT`` record in order, with control characters decoded (tab, line break,
  non-breaking/fixed-width space, hyphen) and extended/inline controls (tables, fields, footnote
  anchors ...) dropped;
- tables: the cells (``HWPTAG_LIST_HEADER`` after ``HWPTAG_TABLE`` under a ``tbl `` control) are grouped
  by their row address into one line per row, cells joined by ``" | "``, the table set off by blank lines
  as one block; a nested table is flattened into its cell; the caption becomes a paragraph before it;
- headings: paragraphs whose style (``DocInfo`` ``HWPTAG_STYLE`` names) is 개요 N / 제목 / Heading /
  Outline / Title go to ``marked_headings``;
- ``HwpSummaryInformation`` title → ``title_hint``;
- one ``PageText`` per section with ``number=None`` (HWP stores no reliable page breaks; see hwpx.py).

Fallbacks: a section that cannot be inflated/parsed is skipped with a logged warning; if no section is
readable, the ``PrvText`` preview (the first ~1 KB of text only) is used, with a logged warning. A ZIP
file named ``.hwp`` (an HWPX saved with the old extension) is read by the HWPX reader.

Not handled: HWP 3.x (a different, pre-OLE format), equations, text inside drawing objects' shape
components beyond their paragraph lists, OLE-embedded objects, images/OCR, memo/track-change structure.
"""

from __future__ import annotations

import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import olefile

from ingestion.formats._common import join_blocks, one_line
from ingestion.formats.hwpx import load_hwpx
from ingestion.types import IngestError, LoadedDocument, PageText

log = logging.getLogger(__name__)

SIGNATURE = b"HWP Document File"
FLAG_COMPRESSED = 1 << 0
FLAG_PASSWORD = 1 << 1
FLAG_DISTRIBUTION = 1 << 2
FLAG_DRM = 1 << 4
FLAG_CERT_ENCRYPTED = 1 << 8
FLAG_CERT_DRM = 1 << 10

HWPTAG_BEGIN = 0x10
HWPTAG_STYLE = HWPTAG_BEGIN + 10
HWPTAG_PARA_HEADER = HWPTAG_BEGIN + 50
HWPTAG_PARA_TEXT = HWPTAG_BEGIN + 51
HWPTAG_CTRL_HEADER = HWPTAG_BEGIN + 55
HWPTAG_LIST_HEADER = HWPTAG_BEGIN + 56
HWPTAG_TABLE = HWPTAG_BEGIN + 61
CTRL_TABLE = b" lbt"  # MAKE_4CHID('t','b','l',' ') stored little-endian

# Control characters in PARA_TEXT: extended and inline controls occupy 8 UTF-16 units (the code, 6 units
# of payload, the code again); char controls occupy 1.
_EXTENDED = frozenset({1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23})
_INLINE = frozenset({4, 5, 6, 7, 8, 9, 19, 20})
_CHAR_MAP = {9: "\t", 10: "\n", 24: "-", 30: " ", 31: " "}

HEADING_STYLE_RE = re.compile(r"^\s*(개요|제목|heading|outline|title)\s*\d*\s*$", re.IGNORECASE)
CELL_SEP = " | "
MAX_STREAM_BYTES = 100 * 1024 * 1024  # a compressed stream on disk
MAX_INFLATED_BYTES = 100 * 1024 * 1024  # one inflated section
MAX_TOTAL_INFLATED = 200 * 1024 * 1024


def load_hwp(path: Path) -> LoadedDocument:
    """Read an HWP 5.x file into one ``PageText`` per BodyText section; see the module docstring."""
    path = Path(path)
    _reject_non_ole(path)
    if zipfile.is_zipfile(path):  # an HWPX saved with the .hwp extension
        return load_hwpx(path)
    try:
        ole = olefile.OleFileIO(str(path))
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError ... on damaged files
        raise IngestError(path, f"not a valid HWP file (corrupt OLE compound file: {one_line(exc)})") from exc
    with ole:
        flags = _check_header(path, ole)
        compressed = bool(flags & FLAG_COMPRESSED)
        sections = _section_streams(ole)
        if not sections:
            if ole.exists("ViewText"):
                raise IngestError(path, "distribution-protected (배포용) HWP cannot be read")
            raise IngestError(path, "not a valid HWP file: no BodyText/Section streams")
        styles = _read_styles(path, ole, compressed)
        pages: list[PageText] = []
        headings: list[str] = []
        failed: list[str] = []
        budget = [MAX_TOTAL_INFLATED]
        for name in sections:
            try:
                data = _read_stream(path, ole, name, compressed, budget)
            except _StreamError as exc:
                log.warning("%s: skipping unreadable %s: %s", path.name, name, exc)
                failed.append(name)
                continue
            text, problem = _section_text(data, styles, headings)
            if problem:
                log.warning("%s: %s is damaged, kept the text before it: %s", path.name, name, problem)
            pages.append(PageText(number=None, text=text))
        if not pages:
            pages = [PageText(number=None, text=_preview_text(path, ole, failed))]
        elif failed:
            log.warning("%s: read %d of %d sections", path.name, len(pages), len(sections))
        title = _summary_title(ole)
    return LoadedDocument(source=path, format="hwp", pages=pages, title_hint=title, marked_headings=headings)


class _StreamError(Exception):
    """A stream that cannot be inflated or parsed: recoverable by skipping it or by the preview."""


def _reject_non_ole(path: Path) -> None:
    """Give HWP 3.x and non-HWP files a clear message instead of olefile's generic one."""
    try:
        with path.open("rb") as fh:
            head = fh.read(32)
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if head.startswith(SIGNATURE):
        raise IngestError(path, "HWP 3.x format is not supported (save it as HWP 5 or HWPX)")
    if not head.startswith(olefile.MAGIC) and not head.startswith(b"PK\x03\x04"):
        raise IngestError(path, "not a valid HWP file (not an OLE compound file)")


def _check_header(path: Path, ole: olefile.OleFileIO) -> int:
    """Validate ``FileHeader`` and refuse encrypted variants; returns the property flags."""
    if not ole.exists("FileHeader"):
        raise IngestError(path, "not a valid HWP file: no FileHeader stream")
    try:
        header = ole.openstream("FileHeader").read(256)
    except Exception as exc:  # damaged sector chains
        raise IngestError(path, f"not a valid HWP file: FileHeader unreadable ({one_line(exc)})") from exc
    if len(header) < 40 or not header.startswith(SIGNATURE):
        raise IngestError(path, "not a valid HWP file: bad FileHeader signature")
    version, flags = struct.unpack_from("<II", header, 32)
    major = version >> 24
    if major != 5:
        raise IngestError(path, f"unsupported HWP version {major}.{(version >> 16) & 0xFF} (need 5.x)")
    if flags & FLAG_PASSWORD:
        raise IngestError(path, "password-protected HWP cannot be read (remove the password and re-save)")
    if flags & FLAG_DISTRIBUTION:
        raise IngestError(path, "distribution-protected (배포용) HWP cannot be read")
    if flags & (FLAG_DRM | FLAG_CERT_ENCRYPTED | FLAG_CERT_DRM):
        raise IngestError(path, "DRM- or certificate-encrypted HWP cannot be read")
    return int(flags)


def _section_streams(ole: olefile.OleFileIO) -> list[str]:
    """``BodyText/SectionN`` stream paths in numeric order (Section10 after Section9)."""
    found: list[tuple[int, str]] = []
    for entry in ole.listdir(streams=True, storages=False):
        if len(entry) == 2 and entry[0] == "BodyText":
            m = re.fullmatch(r"Section(\d+)", entry[1])
            if m:
                found.append((int(m.group(1)), "/".join(entry)))
    return [name for _, name in sorted(found)]


def _read_stream(path: Path, ole: olefile.OleFileIO, name: str, compressed: bool, budget: list[int]) -> bytes:
    """Read (and inflate) a stream with size caps, so a crafted file cannot exhaust memory."""
    size = ole.get_size(name)
    if size > MAX_STREAM_BYTES:
        raise IngestError(path, f"refusing HWP: stream {name} is {size:,} bytes (too large)")
    try:
        raw = ole.openstream(name).read()
    except Exception as exc:  # damaged FAT chains surface as OSError/IndexError/struct.error
        raise _StreamError(f"cannot read stream: {one_line(exc)}") from exc
    if not compressed:
        return raw
    cap = min(MAX_INFLATED_BYTES, budget[0])
    try:
        out = zlib.decompressobj(-15).decompress(raw, cap + 1)
    except zlib.error as exc:
        raise _StreamError(f"cannot inflate: {one_line(exc)}") from exc
    if len(out) > cap:
        raise IngestError(path, f"refusing HWP: stream {name} inflates beyond {cap:,} bytes (zip bomb?)")
    budget[0] -= len(out)
    return out


def iter_records(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    """Yield (tag_id, level, payload) for each record; a truncated record raises ``_StreamError``."""
    pos, end = 0, len(data)
    while pos + 4 <= end:
        (header,) = struct.unpack_from("<I", data, pos)
        pos += 4
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, (header >> 20) & 0xFFF
        if size == 0xFFF:
            if pos + 4 > end:
                raise _StreamError("truncated record header")
            (size,) = struct.unpack_from("<I", data, pos)
            pos += 4
        if pos + size > end:
            raise _StreamError(f"truncated record (tag {tag}) at offset {pos - 4}")
        yield tag, level, data[pos : pos + size]
        pos += size


def decode_para_text(payload: bytes) -> str:
    """Decode a PARA_TEXT payload: UTF-16LE with 1- or 8-unit control codes below 32."""
    out: list[str] = []
    n = len(payload) // 2
    i = 0
    run_start = 0
    while i < n:
        code = payload[2 * i] | (payload[2 * i + 1] << 8)
        if code >= 32:
            i += 1
            continue
        if run_start < i:
            out.append(payload[2 * run_start : 2 * i].decode("utf-16-le", errors="replace"))
        if code in _EXTENDED or code in _INLINE:
            out.append(_CHAR_MAP.get(code, ""))  # only tab (9) maps to text
            i += 8
        elif code == 13:  # paragraph end
            i += 1
        else:
            out.append(_CHAR_MAP.get(code, ""))
            i += 1
        run_start = min(i, n)
    if run_start < n:
        out.append(payload[2 * run_start : 2 * n].decode("utf-16-le", errors="replace"))
    return "".join(out)


def _bstr(data: bytes, pos: int) -> tuple[str, int]:
    (length,) = struct.unpack_from("<H", data, pos)
    pos += 2
    return data[pos : pos + 2 * length].decode("utf-16-le", errors="replace"), pos + 2 * length


def _read_styles(path: Path, ole: olefile.OleFileIO, compressed: bool) -> list[str]:
    """Style names by style id (``local\\0english``) from DocInfo; an unreadable DocInfo → no headings."""
    if not ole.exists("DocInfo"):
        return []
    try:
        data = _read_stream(path, ole, "DocInfo", compressed, [MAX_TOTAL_INFLATED])
        styles: list[str] = []
        for tag, _level, payload in iter_records(data):
            if tag == HWPTAG_STYLE:
                local, pos = _bstr(payload, 0)
                english, _ = _bstr(payload, pos)
                styles.append(f"{local}\x00{english}")
        return styles
    except (_StreamError, struct.error) as exc:
        log.warning("%s: DocInfo unreadable, no heading styles: %s", path.name, exc)
        return []


@dataclass
class _Table:
    """A table being collected: records deeper than ``ctrl_level`` belong to it."""

    ctrl_level: int
    seen_body: bool = False
    caption: list[str] = field(default_factory=list)
    cells: list[tuple[int, list[str]]] = field(default_factory=list)  # (row address, paragraph texts)

    def add_text(self, text: str) -> None:
        if self.cells and self.seen_body:
            self.cells[-1][1].append(text)
        else:
            self.caption.append(text)

    def rows(self) -> list[str]:
        by_row: dict[int, list[str]] = {}
        for row, texts in self.cells:
            by_row.setdefault(row, []).append(" ".join(" ".join(texts).split()))
        return [CELL_SEP.join(cells) for cells in by_row.values() if any(cells)]


def _section_text(data: bytes, styles: list[str], headings: list[str]) -> tuple[str, str | None]:
    """Turn one section's records into text laid out like the HWPX reader's output.

    Returns the text and, for a damaged stream, what went wrong: the records before the damage are
    still good, and losing a whole section for one bad record would hide more than it protects.
    """
    problem: str | None = None
    blocks: list[tuple[str, bool]] = []
    stack: list[_Table] = []
    para_style: dict[int, int] = {}

    def close_table() -> None:
        table = stack.pop()
        rows = table.rows()
        caption = " ".join(" ".join(table.caption).split())
        if stack:  # nested table: flatten into the enclosing cell
            stack[-1].add_text(" ".join(filter(None, [caption, " / ".join(rows)])))
            return
        if caption:
            blocks.append((caption, False))
        if rows:
            blocks.append(("\n".join(rows), True))

    try:
        for tag, level, payload in iter_records(data):
            while stack and level <= stack[-1].ctrl_level:
                close_table()
            if tag == HWPTAG_CTRL_HEADER and payload[:4] == CTRL_TABLE:
                stack.append(_Table(ctrl_level=level))
            elif stack and level == stack[-1].ctrl_level + 1 and tag == HWPTAG_TABLE:
                stack[-1].seen_body = True
            elif stack and level == stack[-1].ctrl_level + 1 and tag == HWPTAG_LIST_HEADER:
                if stack[-1].seen_body:
                    prev = stack[-1].cells[-1][0] if stack[-1].cells else 0
                    row = struct.unpack_from("<H", payload, 10)[0] if len(payload) >= 12 else prev
                    stack[-1].cells.append((row, []))
            elif tag == HWPTAG_PARA_HEADER:
                para_style[level] = payload[10] if len(payload) > 10 else -1
                nchars = struct.unpack_from("<I", payload, 0)[0] & 0x7FFFFFFF if len(payload) >= 4 else 0
                if not stack and level == 0 and nchars <= 1:
                    blocks.append(("", False))  # an empty paragraph: keeps the author's blank line
            elif tag == HWPTAG_PARA_TEXT:
                text = decode_para_text(payload)
                if stack:
                    stack[-1].add_text(text)
                elif text.strip():
                    blocks.append((text, False))
                    style = para_style.get(level - 1, -1)
                    if 0 <= style < len(styles) and any(
                        HEADING_STYLE_RE.match(n) for n in styles[style].split("\x00") if n
                    ):
                        headings.extend(line.strip() for line in text.splitlines() if line.strip())
    except (_StreamError, struct.error) as exc:
        problem = str(exc)
    while stack:
        close_table()
    return join_blocks(blocks), problem


def _preview_text(path: Path, ole: olefile.OleFileIO, failed: list[str]) -> str:
    """Last resort when no BodyText section is readable: the short ``PrvText`` preview, with a warning."""
    if not ole.exists("PrvText"):
        raise IngestError(path, f"HWP body is unreadable ({', '.join(failed)} damaged) and has no preview")
    log.warning(
        "%s: BodyText unreadable (%s); using the PrvText preview, which holds only the first part "
        "of the document",
        path.name,
        ", ".join(failed),
    )
    try:
        raw = ole.openstream("PrvText").read(MAX_STREAM_BYTES)
    except Exception as exc:
        raise IngestError(path, f"HWP body and preview are unreadable: {one_line(exc)}") from exc
    return raw.decode("utf-16-le", errors="replace").replace("\x00", "").replace("\r\n", "\n")


def _summary_title(ole: olefile.OleFileIO) -> str | None:
    """Title from the ``\\x05HwpSummaryInformation`` property set (PID 2), if present and readable."""
    name = "\x05HwpSummaryInformation"
    if not ole.exists(name):
        return None
    try:
        props = ole.getproperties(name)
    except Exception:  # a damaged property set only costs us the title hint
        return None
    title = props.get(2)
    if isinstance(title, bytes):
        title = title.decode("utf-8", errors="replace")
    if not isinstance(title, str):
        return None
    return title.strip() or None
