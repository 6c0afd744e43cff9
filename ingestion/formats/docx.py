"""DOCX reader on python-docx: body paragraphs and tables in document order, Word headings marked.

Why walk the body XML ourselves instead of ``Document.paragraphs``/``.tables``: those two lists lose the
order between paragraphs and tables, and a policy table ("지원대상 | 지원내용 | 한도") only makes sense
next to the paragraph that introduces it. python-docx still does the package handling (relationships,
styles, core properties) and parses with ``resolve_entities=False``; the ZIP is checked for bombs first.

Layout (shared with the HWPX/HWP readers): a single ``PageText`` with ``number=None`` (page breaks are
decided by Word at render time, not stored reliably); one line per paragraph; each table a block of lines
set off by blank lines, one line per row (``w:tr``) with cells joined by ``" | "`` (a cell's paragraphs and
nested tables flattened onto that line; horizontally merged cells appear once, vertically merged
continuation cells are empty); text boxes follow their anchoring paragraph; content controls (``w:sdt``)
are read through.  Headings: paragraphs whose style is named Heading N / 제목 N / Title / 제목 or carries
an outline level (on the paragraph or its style) go to ``marked_headings``; core title → ``title_hint``.

Not handled: headers/footers, footnotes/endnotes/comments (separate parts), deleted tracked changes
(skipped, as Word shows the accepted text), fields are read as their last computed result, images/OCR,
equations (OMML), embedded objects and altChunk imports, legacy .doc files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from ingestion.formats._common import join_blocks, one_line, open_checked_zip
from ingestion.types import IngestError, LoadedDocument, PageText

HEADING_STYLE_RE = re.compile(r"^\s*(heading|제목|title|개요)\s*\d*\s*$", re.IGNORECASE)
CELL_SEP = " | "

_W_P, _W_TBL, _W_SDT, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
_W_SDT_CONTENT, _W_CUSTOM_XML = qn("w:sdtContent"), qn("w:customXml")
_W_TXBX = qn("w:txbxContent")
_W_OUTLINE = qn("w:outlineLvl")
_W_VAL = qn("w:val")
_CHARS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_W_T = qn("w:t")
# Subtrees without body text: properties, and the VML fallback that duplicates a DrawingML choice.
_SKIP = {qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), qn("w:sdtPr"), qn("w:sdtEndPr")}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def load_docx(path: Path) -> LoadedDocument:
    """Read a DOCX file into one unpaginated ``PageText``; see the module docstring for the layout."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {one_line(exc)}") from exc
    if magic == bytes.fromhex("D0CF11E0A1B11AE1"):
        raise IngestError(path, "legacy Word 97-2003 (.doc) files are not supported; save as DOCX")
    open_checked_zip(path, "DOCX").close()  # refuse zip bombs before python-docx inflates anything
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # PackageNotFoundError, KeyError (missing part), ValueError, XMLSyntaxError
        raise IngestError(path, f"not a valid DOCX file ({type(exc).__name__}: {one_line(exc)})") from exc
    heading_ids = _heading_style_ids(document)
    blocks: list[tuple[str, bool]] = []
    headings: list[str] = []
    try:
        _body_blocks(document.element.body, heading_ids, blocks, headings)
    except Exception as exc:  # malformed but parseable XML in unexpected places
        raise IngestError(path, f"cannot read DOCX body ({type(exc).__name__}: {one_line(exc)})") from exc
    title = (document.core_properties.title or "").strip() or None
    return LoadedDocument(
        source=path,
        format="docx",
        pages=[PageText(number=None, text=join_blocks(blocks))],
        title_hint=title,
        marked_headings=headings,
    )


def _heading_style_ids(document: Any) -> set[str]:
    """Ids of paragraph styles that mark headings, by name (localised or built-in) or outline level."""
    ids: set[str] = set()
    for style in document.styles:
        element = style.element
        if element.get(qn("w:type")) not in (None, "paragraph"):
            continue
        name = style.name or ""
        outline = element.find(f"{qn('w:pPr')}/{_W_OUTLINE}")
        if HEADING_STYLE_RE.match(name) or (outline is not None and _outline_level(outline) < 9):
            if style.style_id:
                ids.add(style.style_id)
    return ids


def _outline_level(el: Any) -> int:
    try:
        return int(el.get(_W_VAL, "9"))
    except ValueError:
        return 9


def _body_blocks(
    container: Any, heading_ids: set[str], blocks: list[tuple[str, bool]], headings: list[str]
) -> None:
    """Append the blocks of a body-like container (body, sdtContent, text box) in document order."""
    for child in container:
        tag = child.tag
        if tag == _W_P:
            _paragraph_blocks(child, heading_ids, blocks, headings)
        elif tag == _W_TBL:
            rows = _row_texts(child)
            if rows:
                blocks.append(("\n".join(rows), True))
        elif tag in (_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML):
            _body_blocks(child, heading_ids, blocks, headings)  # w:sdtPr inside is skipped


def _paragraph_blocks(
    p: Any, heading_ids: set[str], blocks: list[tuple[str, bool]], headings: list[str]
) -> None:
    text, boxes = _paragraph_text(p)
    if text.strip():
        blocks.append((text, False))
        if _is_heading(p, heading_ids):
            headings.extend(line.strip() for line in text.splitlines() if line.strip())
    elif not boxes:
        blocks.append(("", False))  # an empty paragraph: keeps the author's blank line
    for box in boxes:
        _body_blocks(box, heading_ids, blocks, headings)


def _is_heading(p: Any, heading_ids: set[str]) -> bool:
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        outline = ppr.find(_W_OUTLINE)
        if outline is not None and _outline_level(outline) < 9:
            return True
    style_id = p.style  # CT_P.style: the pStyle id or None
    return style_id is not None and style_id in heading_ids


def _paragraph_text(p: Any) -> tuple[str, list[Any]]:
    """A paragraph's visible text, plus the text boxes anchored in it (read as separate blocks)."""
    parts: list[str] = []
    boxes: list[Any] = []

    def visit(el: Any) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag == _MC_FALLBACK:
                continue
            if tag == _W_T:
                parts.append(child.text or "")
            elif tag in _CHARS:
                parts.append(_CHARS[tag])
            elif tag == _W_TXBX:
                boxes.append(child)
            else:
                visit(child)

    visit(p)
    return "".join(parts), boxes


def _flat_text(el: Any) -> str:
    """All text of a table cell on one line (paragraphs, text boxes and nested tables included)."""
    pieces: list[str] = []
    for child in el:
        tag = child.tag
        if tag == _W_P:
            text, boxes = _paragraph_text(child)
            pieces.append(text)
            pieces.extend(_flat_text(box) for box in boxes)
        elif tag == _W_TBL:
            pieces.append(" / ".join(_row_texts(child)))
        elif tag in (_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML):
            pieces.append(_flat_text(child))
    return " ".join(" ".join(pieces).split())


def _cells(tr: Any) -> list[Any]:
    """The ``w:tc`` elements of a row, looking through content controls that wrap cells."""
    cells: list[Any] = []
    for child in tr:
        if child.tag == _W_TC:
            cells.append(child)
        elif child.tag in (_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML):
            cells.extend(_cells(child))
    return cells


def _rows(tbl: Any) -> list[Any]:
    rows: list[Any] = []
    for child in tbl:
        if child.tag == _W_TR:
            rows.append(child)
        elif child.tag in (_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML):
            rows.extend(_rows(child))
    return rows


def _row_texts(tbl: Any) -> list[str]:
    """One string per row with any text, cells joined by ``" | "``."""
    out: list[str] = []
    for tr in _rows(tbl):
        cells = [_flat_text(tc) for tc in _cells(tr)]
        if any(cells):
            out.append(CELL_SEP.join(cells))
    return out
