"""Regenerate the DOCX and CP949 fixtures of the "fresh2" eval corpus from their UTF-8 sources.

    .venv/bin/python -m evals.fresh2.build_fixtures

``src/<name>.txt`` (UTF-8, one paragraph a line) → ``docs/<name>.<ext>``:

- dodam-smart-factory-2029 → DOCX (python-docx): the title line (ending in 공고) is a level-1 heading, the numbered
  section lines (``1. 사업 개요``) level-2 headings, each run of lines starting with ``|`` a table (one row a line,
  cells split on ``|``), every other line a paragraph
- dodam-smart-factory-2029-change → CP949 TXT (same text, another encoding)

The other fixtures (UTF-8 TXT, HTML, Markdown) are written by hand; the suite has no manifest. The output is
deterministic (fixed ZIP timestamps and core properties), so rebuilding leaves git clean.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
DOCS = HERE / "docs"

CP949_FIXTURES = {"dodam-smart-factory-2029-change": "dodam-smart-factory-2029-change.txt"}
DOCX_FIXTURES = {"dodam-smart-factory-2029": "dodam-smart-factory-2029.docx"}

_ZIP_TIME = (2029, 1, 1, 0, 0, 0)
_NUMBERED_HEADING = re.compile(r"^\d{1,2}\.\s+[가-힣]")


def source_text(name: str) -> str:
    return (SRC / f"{name}.txt").read_text(encoding="utf-8")


def write_cp949(name: str, target: Path) -> None:
    target.write_bytes(source_text(name).encode("cp949"))


def _add_table(d: docx.document.Document, rows: list[str]) -> None:
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    width = max(len(r) for r in cells)
    table = d.add_table(rows=len(cells), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def write_docx(name: str, target: Path) -> None:
    lines = [line.strip() for line in source_text(name).splitlines() if line.strip()]
    title = next(line for line in lines if line.endswith(" 공고"))
    d = docx.Document()
    props = d.core_properties
    props.title = title
    props.author = props.last_modified_by = "policybot eval fixture"
    props.created = props.modified = datetime(2029, 1, 1)
    props.revision = 1
    table_rows: list[str] = []
    for line in lines:
        if line.startswith("|"):
            table_rows.append(line)
            continue
        if table_rows:
            _add_table(d, table_rows)
            table_rows = []
        if line == title:
            d.add_heading(line, level=1)
        elif _NUMBERED_HEADING.match(line):
            d.add_heading(line, level=2)
        else:
            d.add_paragraph(line)
    if table_rows:
        _add_table(d, table_rows)
    buf = io.BytesIO()
    d.save(buf)
    # Re-pack with fixed timestamps so the bytes only change when the text does.
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as packed, zipfile.ZipFile(target, "w") as dst:
        for info in packed.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, packed.read(info.filename))


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, file in CP949_FIXTURES.items():
        write_cp949(name, DOCS / file)
    for name, file in DOCX_FIXTURES.items():
        write_docx(name, DOCS / file)
    for file in (*CP949_FIXTURES.values(), *DOCX_FIXTURES.values()):
        print(f"{DOCS / file}: {(DOCS / file).stat().st_size} bytes")


if __name__ == "__main__":
    main()
