"""Regenerate the binary / non-UTF-8 fixtures of the multi-document eval corpus from their UTF-8 sources.

    .venv/bin/python -m evals.multidoc.build_fixtures

``src/<name>.txt`` (UTF-8, one paragraph a line) → ``docs/<name>.<ext>``:

- cert-leap-2025      → CP949 TXT (same text, another encoding)
- cert-leap-2026      → HWPX (minimal OWPML package laid out like Hangul's, as in tests/test_formats.py)
- cert-aftercare-2026 → DOCX (python-docx)

In the sources, consecutive lines holding `` | `` are one table (first row: the header); the title line (the
one ending in 공고) and the numbered section lines (``1. 사업 개요``) get a heading style in HWPX and DOCX.
The other fixtures (UTF-8 TXT, HTML, Markdown) and ``docs/manifest.toml`` are written by hand. The output
is deterministic (fixed ZIP timestamps and core properties), so rebuilding leaves git clean.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import docx

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
DOCS = HERE / "docs"

CP949_FIXTURES = {"cert-leap-2025": "cert-leap-2025.txt"}
HWPX_FIXTURES = {"cert-leap-2026": "cert-leap-2026.hwpx"}
DOCX_FIXTURES = {"cert-aftercare-2026": "cert-aftercare-2026.docx"}

_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_SECTION_HEADING = re.compile(r"^\d{1,2}\.\s+\S")
_TABLE_SEP = " | "


def source_text(name: str, src: Path = SRC) -> str:
    return (src / f"{name}.txt").read_text(encoding="utf-8")


def _is_heading(line: str) -> bool:
    return bool(_SECTION_HEADING.match(line)) or line.endswith(" 공고")


def blocks(text: str) -> list[tuple[str, list[str] | list[list[str]]]]:
    """``("p", [line])``, ``("h", [line])`` and ``("table", rows)`` in order; blank lines are dropped."""
    out: list[tuple[str, list[str] | list[list[str]]]] = []
    rows: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if _TABLE_SEP in line:
            rows.append([c.strip() for c in line.split(_TABLE_SEP)])
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        if line:
            out.append(("h" if _is_heading(line) else "p", [line]))
    if rows:
        out.append(("table", rows))
    return out


# ---- CP949 TXT -----------------------------------------------------------------------------------------------


def write_cp949(name: str, target: Path, src: Path = SRC) -> None:
    target.write_bytes(source_text(name, src).encode("cp949"))


# ---- HWPX ------------------------------------------------------------------------------------------------------

_NS = (
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"'
)
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_HEADER_XML = (
    f'{_XML_DECL}<hh:head {_NS} version="1.4" secCnt="1"><hh:refList><hh:styles itemCnt="3">'
    '<hh:style id="0" type="PARA" name="바탕글" engName="Normal"/>'
    '<hh:style id="1" type="PARA" name="본문" engName="Body"/>'
    '<hh:style id="2" type="PARA" name="개요 1" engName="Outline 1"/>'
    "</hh:styles></hh:refList></hh:head>"
)


def _hp_p(text: str = "", style: int = 0, inner: str | None = None) -> str:
    if inner is None:
        inner = f"<hp:t>{escape(text)}</hp:t>" if text else ""
    return (
        f'<hp:p id="0" paraPrIDRef="0" styleIDRef="{style}" pageBreak="0" columnBreak="0" merged="0">'
        f'<hp:run charPrIDRef="0">{inner}</hp:run>'
        '<hp:linesegarray><hp:lineseg textpos="0" vertpos="0"/></hp:linesegarray></hp:p>'
    )


def _hp_tbl(rows: list[list[str]]) -> str:
    trs = []
    for r, row in enumerate(rows):
        tcs = "".join(
            f'<hp:tc name="" header="{int(r == 0)}"><hp:subList textDirection="HORIZONTAL">{_hp_p(cell)}'
            f'</hp:subList><hp:cellAddr colAddr="{c}" rowAddr="{r}"/><hp:cellSpan colSpan="1" rowSpan="1"/>'
            "</hp:tc>"
            for c, cell in enumerate(row)
        )
        trs.append(f"<hp:tr>{tcs}</hp:tr>")
    return (
        f'<hp:tbl id="1" rowCnt="{len(rows)}" colCnt="{len(rows[0])}"><hp:sz width="1" height="1"/>'
        f"{''.join(trs)}</hp:tbl>"
    )


def _content_hpf(title: str) -> str:
    return (
        f'{_XML_DECL}<opf:package xmlns:opf="http://www.idpf.org/2007/opf/" version="">'
        f"<opf:metadata><opf:title>{escape(title)}</opf:title></opf:metadata>"
        '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        '</opf:manifest><opf:spine><opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>'
    )


def _zip_member(zf: zipfile.ZipFile, name: str, data: str | bytes, stored: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def title_of(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip().endswith(" 공고"))


def write_hwpx(name: str, target: Path, src: Path = SRC) -> None:
    text = source_text(name, src)
    body = []
    for kind, content in blocks(text):
        if kind == "table":
            body.append(_hp_p(inner=_hp_tbl(content)))  # type: ignore[arg-type]
        else:
            body.append(_hp_p(str(content[0]), style=2 if kind == "h" else 0))
    section = f"{_XML_DECL}<hs:sec {_NS}>{''.join(body)}</hs:sec>"
    with zipfile.ZipFile(target, "w") as zf:
        _zip_member(zf, "mimetype", "application/hwp+zip", stored=True)
        _zip_member(zf, "version.xml", f'{_XML_DECL}<hv:HCFVersion xmlns:hv="urn:x" major="5" minor="1"/>')
        _zip_member(zf, "Contents/content.hpf", _content_hpf(title_of(text)))
        _zip_member(zf, "Contents/header.xml", _HEADER_XML)
        _zip_member(zf, "Contents/section0.xml", section)


# ---- DOCX ------------------------------------------------------------------------------------------------------


def write_docx(name: str, target: Path, src: Path = SRC) -> None:
    text = source_text(name, src)
    d = docx.Document()
    props = d.core_properties
    props.title = title_of(text)
    props.author = "policybot eval fixture"
    props.last_modified_by = "policybot eval fixture"
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1
    for kind, content in blocks(text):
        if kind == "table":
            rows: list[list[str]] = content  # type: ignore[assignment]
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        elif kind == "h":
            d.add_heading(str(content[0]), level=1 if str(content[0]).endswith(" 공고") else 2)
        else:
            d.add_paragraph(str(content[0]))
    buf = io.BytesIO()
    d.save(buf)
    # Re-pack with fixed timestamps so the bytes only change when the text does.
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as packed, zipfile.ZipFile(target, "w") as dst:
        for info in packed.infolist():
            _zip_member(dst, info.filename, packed.read(info.filename))


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, file in CP949_FIXTURES.items():
        write_cp949(name, DOCS / file)
    for name, file in HWPX_FIXTURES.items():
        write_hwpx(name, DOCS / file)
    for name, file in DOCX_FIXTURES.items():
        write_docx(name, DOCS / file)
    for file in (*CP949_FIXTURES.values(), *HWPX_FIXTURES.values(), *DOCX_FIXTURES.values()):
        print(f"{DOCS / file}: {(DOCS / file).stat().st_size} bytes")


if __name__ == "__main__":
    main()
