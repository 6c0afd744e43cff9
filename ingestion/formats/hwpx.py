"""HWPX (OWPML, KS X 6101) reader: Hancom's ZIP-of-XML format, the default for new Korean government files.

Why our own reader: the format is plain XML, and the only parts a retrieval index needs are paragraph
text, table cells and heading styles; the PyPI HWPX packages are young single-author projects with
heavier dependency trees than the ~200 lines here.

Layout of the output (shared with the HWP and DOCX readers):
- one ``PageText`` per ``Contents/sectionN.xml``, with ``number=None``: HWPX stores no page breaks that a
  reader can trust (layout happens in the word processor), and a section index is not a page number, so
  citing it as one would mislead users;
- one line per paragraph (``hp:p``); ``hp:lineBreak`` becomes a newline, ``hp:tab`` a tab;
- each table (``hp:tbl``) becomes a block of lines set off by blank lines, one line per row
  (``hp:tr``), cells (``hp:tc``) in document order joined by ``" | "``; a cell's paragraphs and nested
  tables are flattened onto that one line. Merged cells appear once (OWPML stores them once);
- paragraphs inside footnotes, text boxes and other sub-lists follow their anchoring paragraph as their
  own lines;
- paragraphs whose style (``styleIDRef`` → ``Contents/header.xml``) is named like 개요 N / 제목 / Heading /
  Outline / Title are listed in ``marked_headings``.

Not handled: images/OCR, equations (their script text is skipped), tracked-change state (deleted text
that is still stored is read as ordinary text), encrypted HWPX (refused as corrupt members); page
header/footer text appears once, where the section defines it, not on every page.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from ingestion.formats._common import (
    join_blocks,
    local_name,
    open_checked_zip,
    parse_xml,
    read_member,
)
from ingestion.types import IngestError, LoadedDocument, PageText

_SECTION_RE = re.compile(r"^Contents/section(\d+)\.xml$", re.IGNORECASE)
# Korean Hangul ships outline styles as "개요 1".."개요 10"; templates and converters also use these.
HEADING_STYLE_RE = re.compile(r"^\s*(개요|제목|heading|outline|title)\s*\d*\s*$", re.IGNORECASE)
CELL_SEP = " | "

# Inline OWPML elements inside <hp:t> that stand for characters.
_INLINE_CHARS = {
    "tab": "\t",
    "lineBreak": "\n",
    "fwSpace": " ",
    "nbSpace": " ",
    "hyphen": "-",
}
# Elements whose subtrees hold no document text (or text we must not read, like equation scripts).
_SKIP = {"linesegarray", "secPr", "script", "pic", "ole", "equation", "fieldBegin", "fieldEnd", "parameters"}


def load_hwpx(path: Path) -> LoadedDocument:
    """Read an HWPX file into one ``PageText`` per section; see the module docstring for the layout."""
    path = Path(path)
    with open_checked_zip(path, "HWPX") as zf:
        names = zf.namelist()
        sections = sorted(
            ((int(m.group(1)), n) for n in names if (m := _SECTION_RE.match(n))), key=lambda t: t[0]
        )
        if not sections:
            hint = " (is it a DOCX or other ZIP?)" if "Contents/content.hpf" not in names else ""
            raise IngestError(path, f"not a valid HWPX file: no Contents/section*.xml{hint}")
        styles = _read_styles(path, zf, names)
        title = _read_title(path, zf, names)
        pages: list[PageText] = []
        headings: list[str] = []
        for _, name in sections:
            root = parse_xml(path, read_member(path, zf, name), name)
            blocks: list[tuple[str, bool]] = []
            for p in _top_paragraphs(root):
                _paragraph_blocks(p, styles, blocks, headings)
            pages.append(PageText(number=None, text=join_blocks(blocks)))
    return LoadedDocument(source=path, format="hwpx", pages=pages, title_hint=title, marked_headings=headings)


def _read_styles(path: Path, zf: zipfile.ZipFile, names: list[str]) -> dict[str, str]:
    """Map style id → style names (local and English) from header.xml; missing header → no headings."""
    header = next((n for n in names if n.lower() == "contents/header.xml"), None)
    if header is None:
        return {}
    root = parse_xml(path, read_member(path, zf, header), header)
    styles: dict[str, str] = {}
    for el in root.iter():
        if local_name(el.tag) == "style" and el.get("id") is not None:
            styles[el.get("id", "")] = f"{el.get('name', '')}\x00{el.get('engName', '')}"
    return styles


def _read_title(path: Path, zf: zipfile.ZipFile, names: list[str]) -> str | None:
    """The document title from the OPF package metadata, if the author set one."""
    hpf = next((n for n in names if n.lower() == "contents/content.hpf"), None)
    if hpf is None:
        return None
    root = parse_xml(path, read_member(path, zf, hpf), hpf)
    for el in root.iter():
        if local_name(el.tag) == "title" and el.text and el.text.strip():
            return el.text.strip()
    return None


def _top_paragraphs(root: Element) -> list[Element]:
    """Body paragraphs of a section: the ``hp:p`` children of ``hs:sec`` (tolerating a wrapper element)."""
    if local_name(root.tag) == "p":
        return [root]
    for el in root.iter():  # pre-order: the first element with paragraph children is the body
        paras = [c for c in el if local_name(c.tag) == "p"]
        if paras:
            return paras
    return []


def _is_heading_style(styles: dict[str, str], style_id: str | None) -> bool:
    if style_id is None or style_id not in styles:
        return False
    return any(HEADING_STYLE_RE.match(n) for n in styles[style_id].split("\x00") if n)


def _paragraph_blocks(
    p: Element, styles: dict[str, str], blocks: list[tuple[str, bool]], headings: list[str]
) -> None:
    """Append a paragraph's text line, its tables and its sub-list paragraphs to ``blocks`` in order."""
    is_heading = _is_heading_style(styles, p.get("styleIDRef"))
    buf: list[str] = []
    start = len(blocks)

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        if text.strip():
            blocks.append((text, False))
            if is_heading:
                headings.extend(line.strip() for line in text.splitlines() if line.strip())

    def visit(el: Element) -> None:
        tag = local_name(el.tag)
        if tag in _SKIP:
            return
        if tag == "t":
            buf.append(_t_text(el))
        elif tag == "tbl":
            flush()  # text before the table stays before it
            for child in el:
                if local_name(child.tag) == "caption":
                    caption = _flat_text(child)
                    if caption:
                        blocks.append((caption, False))
            rows = _row_texts(el)
            if rows:
                blocks.append(("\n".join(rows), True))
        elif tag == "switch":
            branch = _switch_branch(el)
            if branch is not None:
                visit(branch)
        elif tag == "subList":  # footnote, text box, header/footer ... : its own paragraphs
            flush()
            for child in el:
                if local_name(child.tag) == "p":
                    _paragraph_blocks(child, styles, blocks, headings)
        else:
            for child in el:
                visit(child)

    for child in p:
        visit(child)
    flush()
    if len(blocks) == start:
        blocks.append(("", False))  # an empty paragraph: keeps the author's blank line


def _switch_branch(switch: Element) -> Element | None:
    """``hp:switch`` holds alternative renderings of the same content: read one (first case, else default)."""
    cases = [c for c in switch if local_name(c.tag) == "case"]
    if cases:
        return cases[0]
    return next((c for c in switch if local_name(c.tag) == "default"), None)


def _t_text(t: Element) -> str:
    """Text of one ``hp:t`` run, including inline tab/line-break/space elements and their tails."""
    parts = [t.text or ""]
    for child in t:
        parts.append(_INLINE_CHARS.get(local_name(child.tag), ""))
        # Some writers nest text in markup (e.g. markpen ranges); keep it.
        if local_name(child.tag) not in _INLINE_CHARS:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _flat_text(el: Element) -> str:
    """All readable text under ``el`` on one line: used for table cells (nested tables included)."""
    pieces: list[str] = []

    def visit(node: Element) -> None:
        tag = local_name(node.tag)
        if tag in _SKIP:
            return
        if tag == "t":
            pieces.append(_t_text(node))
            return
        if tag == "p":
            pieces.append(" ")
        if tag == "switch":
            branch = _switch_branch(node)
            if branch is not None:
                visit(branch)
            return
        if tag == "tbl":
            pieces.append(" " + " / ".join(_row_texts(node)) + " ")
            return
        for child in node:
            visit(child)

    visit(el)
    return " ".join("".join(pieces).split())


def _row_texts(tbl: Element) -> list[str]:
    """One string per ``hp:tr`` with any text, cells in document order joined by ``" | "``."""
    rows: list[str] = []
    for tr in tbl:
        if local_name(tr.tag) != "tr":
            continue
        cells = [_flat_text(tc) for tc in tr if local_name(tc.tag) == "tc"]
        if any(cells):
            rows.append(CELL_SEP.join(cells))
    return rows
