"""Build small HWP 5.0 files for tests: a minimal OLE compound-file (CFB v3) writer plus HWP records.

``olefile`` can only read (and overwrite same-size streams), and no small maintained PyPI package writes
CFB, so this ~150-line writer follows [MS-CFB] directly: 512-byte sectors, one FAT (no DIFAT sectors,
so files stay under ~7 MB), a mini stream for streams under 4096 bytes, and a sorted, balanced directory
tree. The HWP side follows Hancom's "HWP 5.0 file format" document: FileHeader, DocInfo (styles) and
BodyText/SectionN streams of raw-deflated records.
"""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- CFB (OLE) writer

_SECTOR = 512
_MINI = 64
_CUTOFF = 4096
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    start: int = _END
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())  # [MS-CFB] 2.6.4: shorter names first, then case-insensitive


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """Return the bytes of a compound file holding ``streams`` ("Storage/Stream" paths → data)."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        node = root
        *dirs, leaf = path.split("/")
        for d in dirs:
            node = node.children.setdefault(d, _Entry(d, 1))
        node.children[leaf] = _Entry(leaf, 2, data=data)

    entries: list[_Entry] = []
    queue = [root]
    while queue:  # breadth-first ids
        e = queue.pop(0)
        e.sid = len(entries)
        entries.append(e)
        queue.extend(sorted(e.children.values(), key=lambda c: _sort_key(c.name)))

    def link(nodes: list[_Entry]) -> int:  # balanced BST over sorted siblings
        if not nodes:
            return _NOSTREAM
        mid = len(nodes) // 2
        nodes[mid].left = link(nodes[:mid])
        nodes[mid].right = link(nodes[mid + 1 :])
        return nodes[mid].sid

    for e in entries:
        e.child = link(sorted(e.children.values(), key=lambda c: _sort_key(c.name)))

    # Mini stream for small streams.
    mini = bytearray()
    minifat: list[int] = []
    big: list[_Entry] = []
    for e in entries:
        if e.kind != 2:
            continue
        e.size = len(e.data)
        if e.size == 0:
            e.start = _END
        elif e.size < _CUTOFF:
            n = math.ceil(e.size / _MINI)
            e.start = len(minifat)
            minifat.extend(range(e.start + 1, e.start + n))
            minifat.append(_END)
            mini += e.data + b"\0" * (n * _MINI - e.size)
        else:
            big.append(e)

    n_dir = math.ceil(len(entries) * 128 / _SECTOR)
    n_minifat = math.ceil(len(minifat) * 4 / _SECTOR)
    n_mini = math.ceil(len(mini) / _SECTOR)
    n_big = [math.ceil(len(e.data) / _SECTOR) for e in big]
    content = n_dir + n_minifat + n_mini + sum(n_big)
    n_fat = 1
    while n_fat * (_SECTOR // 4) < n_fat + content:
        n_fat += 1
    assert n_fat <= 109, "fixture too large for a header-only DIFAT"

    fat: list[int] = [_FATSECT] * n_fat
    sectors: list[bytes] = []

    def alloc(data: bytes, count: int) -> int:
        if count == 0:
            return _END
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(_END)
        padded = data + b"\0" * (count * _SECTOR - len(data))
        sectors.extend(padded[i * _SECTOR : (i + 1) * _SECTOR] for i in range(count))
        return first

    # Directory sectors come right after the FAT; their content is written last, once starts are known.
    fat.extend(range(n_fat + 1, n_fat + n_dir))
    fat.append(_END)
    sectors.extend([b""] * n_dir)
    minifat_start = alloc(b"".join(struct.pack("<I", v) for v in minifat), n_minifat)
    root.start = alloc(bytes(mini), n_mini)
    root.size = len(mini)
    for e, count in zip(big, n_big, strict=True):
        e.start = alloc(e.data, count)

    directory = bytearray()
    for e in entries:
        name = e.name.encode("utf-16-le") + b"\0\0"
        assert len(name) <= 64
        directory += name + b"\0" * (64 - len(name))
        directory += struct.pack("<HBB", len(name), e.kind, 1)
        directory += struct.pack("<III", e.left, e.right, e.child)
        directory += b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        start = e.start if e.kind != 1 else 0
        directory += struct.pack("<IQ", start, e.size if e.kind != 1 else 0)
    directory += b"\0" * (n_dir * _SECTOR - len(directory))
    # Unused directory slots must be "empty" entries with NOSTREAM links.
    for i in range(len(entries), n_dir * _SECTOR // 128):
        off = i * 128
        directory[off + 68 : off + 80] = struct.pack("<III", _NOSTREAM, _NOSTREAM, _NOSTREAM)
    for i in range(n_dir):
        sectors[i] = bytes(directory[i * _SECTOR : (i + 1) * _SECTOR])

    fat.extend([_FREE] * (n_fat * (_SECTOR // 4) - len(fat)))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)

    header = bytearray(_SECTOR)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, n_fat)
    struct.pack_into("<I", header, 48, n_fat)  # first directory sector follows the FAT sectors
    struct.pack_into("<I", header, 56, _CUTOFF)
    struct.pack_into("<II", header, 60, minifat_start if minifat else _END, n_minifat)
    struct.pack_into("<II", header, 68, _END, 0)
    difat = list(range(n_fat)) + [_FREE] * (109 - n_fat)
    struct.pack_into("<109I", header, 76, *difat)
    return bytes(header) + fat_bytes + b"".join(sectors)


# --------------------------------------------------------------------------- HWP records

FLAG_COMPRESSED = 1
FLAG_PASSWORD = 2
FLAG_DISTRIBUTION = 4

TAG_DOCUMENT_PROPERTIES = 0x10
TAG_STYLE = 0x10 + 10
TAG_PARA_HEADER = 0x10 + 50
TAG_PARA_TEXT = 0x10 + 51
TAG_PARA_CHAR_SHAPE = 0x10 + 52
TAG_CTRL_HEADER = 0x10 + 55
TAG_LIST_HEADER = 0x10 + 56
TAG_TABLE = 0x10 + 61

DEFAULT_STYLES = (("바탕글", "Normal"), ("본문", "Body"), ("개요 1", "Outline 1"))


@dataclass
class Para:
    """A body paragraph; ``\\t`` becomes the 8-unit inline tab control, ``\\n`` a line break."""

    text: str
    style: int = 0


@dataclass
class Table:
    """A table anchored in its own paragraph; ``rows`` of cell texts, optional caption."""

    rows: list[list[str]]
    caption: str | None = None


def record(tag: int, level: int, payload: bytes) -> bytes:
    """One record: 32-bit header (tag 10 bits, level 10 bits, size 12 bits; 0xFFF → extended size)."""
    if len(payload) < 0xFFF:
        return struct.pack("<I", tag | (level << 10) | (len(payload) << 20)) + payload
    return struct.pack("<II", tag | (level << 10) | (0xFFF << 20), len(payload)) + payload


def _units(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        if ch == "\t":  # inline control: code, 6 units of data, code
            out += struct.pack("<H", 9) + b"\0" * 12 + struct.pack("<H", 9)
        elif ch == "\n":
            out += struct.pack("<H", 10)
        else:
            out += ch.encode("utf-16-le")
    return bytes(out)


_TABLE_ANCHOR = struct.pack("<H", 11) + b" lbt" + b"\0" * 8 + struct.pack("<H", 11)


def _paragraph(level: int, body: bytes, style: int = 0) -> bytes:
    """PARA_HEADER + PARA_TEXT (+ PARA_CHAR_SHAPE) for UTF-16 ``body`` (without the paragraph end)."""
    text = body + struct.pack("<H", 13)
    nchars = len(text) // 2
    header = struct.pack("<IIHBBHHHI", nchars, 0, 0, style, 0, 1, 0, 1, 0)
    out = record(TAG_PARA_HEADER, level, header)
    if nchars > 1:
        out += record(TAG_PARA_TEXT, level + 1, text)
    out += record(TAG_PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0))
    return out


def _cell_list_header(level: int, col: int, row: int) -> bytes:
    payload = struct.pack("<HHI", 1, 0, 0) + struct.pack(
        "<HHHHiiHHHHH", col, row, 1, 1, 1000, 500, 0, 0, 0, 0, 1
    )
    return record(TAG_LIST_HEADER, level, payload)


def _table(t: Table, level: int = 0) -> bytes:
    n_rows, n_cols = len(t.rows), max(len(r) for r in t.rows)
    out = _paragraph(level, _TABLE_ANCHOR)
    out += record(TAG_CTRL_HEADER, level + 1, b" lbt" + b"\0" * 40)
    if t.caption is not None:
        out += record(TAG_LIST_HEADER, level + 2, struct.pack("<HHI", 1, 0, 0) + b"\0" * 14)
        out += _paragraph(level + 2, _units(t.caption))
    props = (
        struct.pack("<IHHH", 0, n_rows, n_cols, 0)
        + b"\0" * 8
        + struct.pack(f"<{n_rows}H", *[n_cols] * n_rows)
    )
    out += record(TAG_TABLE, level + 2, props + struct.pack("<HH", 1, 0))
    for r, row in enumerate(t.rows):
        for c, cell in enumerate(row):
            out += _cell_list_header(level + 2, c, r)
            out += _paragraph(level + 2, _units(cell))
    return out


def section_stream(blocks: list[Para | Table]) -> bytes:
    """Uncompressed records of one BodyText section."""
    out = bytearray()
    for b in blocks:
        out += _table(b) if isinstance(b, Table) else _paragraph(0, _units(b.text), b.style)
    return bytes(out)


def docinfo_stream(styles: tuple[tuple[str, str], ...] = DEFAULT_STYLES) -> bytes:
    out = bytearray(record(TAG_DOCUMENT_PROPERTIES, 0, struct.pack("<H", 1) + b"\0" * 24))
    for local, english in styles:
        payload = struct.pack("<H", len(local)) + local.encode("utf-16-le")
        payload += struct.pack("<H", len(english)) + english.encode("utf-16-le")
        payload += struct.pack("<BBhHHH", 0, 0, 1042, 0, 0, 0)
        out += record(TAG_STYLE, 0, payload)
    return bytes(out)


def deflate(data: bytes) -> bytes:
    """Raw deflate (no zlib header), as HWP stores compressed streams."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def file_header(flags: int, version: int = 0x05000300) -> bytes:
    return b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", version, flags) + b"\0" * 216


def build_hwp(
    sections: list[list[Para | Table]],
    *,
    flags: int = FLAG_COMPRESSED,
    body_storage: str = "BodyText",
    styles: tuple[tuple[str, str], ...] = DEFAULT_STYLES,
    raw_sections: list[bytes] | None = None,
    prv_text: str | None = None,
    version: int = 0x05000300,
) -> bytes:
    """An HWP 5 file; ``raw_sections`` replaces the encoded section streams verbatim (for corruption)."""
    compress = deflate if flags & FLAG_COMPRESSED else (lambda b: b)
    streams: dict[str, bytes] = {
        "FileHeader": file_header(flags, version),
        "DocInfo": compress(docinfo_stream(styles)),
    }
    bodies = raw_sections if raw_sections is not None else [compress(section_stream(s)) for s in sections]
    for i, body in enumerate(bodies):
        streams[f"{body_storage}/Section{i}"] = body
    if prv_text is not None:
        streams["PrvText"] = prv_text.encode("utf-16-le")
    return write_cfb(streams)
