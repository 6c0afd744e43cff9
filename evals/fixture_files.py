"""Binary and non-UTF-8 eval fixtures built from UTF-8 sources, byte for byte the same on every run: a DOCX
(python-docx) re-packed with fixed ZIP timestamps and core properties, and a CP949 text file. The suites' own
``build_fixtures`` modules say which source becomes which file and which lines are headings."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx


def write_cp949(text: str, target: Path) -> None:
    target.write_bytes(text.encode("cp949"))


def write_docx(text: str, target: Path, section_heading: re.Pattern[str], year: int) -> None:
    """The title line (ending in 공고) a level-1 heading, lines ``section_heading`` matches level-2 headings, each
    run of lines starting with ``|`` a table (cells split on ``|``), every other line a paragraph."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = next(line for line in lines if line.endswith(" 공고"))
    d = docx.Document()
    props = d.core_properties
    props.title = title
    props.author = props.last_modified_by = "policybot eval fixture"
    props.created = props.modified = datetime(year, 1, 1)
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
        elif section_heading.match(line):
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
            member = zipfile.ZipInfo(info.filename, date_time=(year, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, packed.read(info.filename))


def _add_table(d: docx.document.Document, rows: list[str]) -> None:
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    width = max(len(r) for r in cells)
    table = d.add_table(rows=len(cells), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def build(src: Path, docs: Path, cp949: dict[str, str], docx_files: dict[str, str],
          section_heading: re.Pattern[str], year: int) -> None:
    """``src/<name>.txt`` → ``docs/<file>`` for every (name, file) of ``cp949`` and ``docx_files``."""
    docs.mkdir(parents=True, exist_ok=True)
    for name, file in cp949.items():
        write_cp949((src / f"{name}.txt").read_text(encoding="utf-8"), docs / file)
    for name, file in docx_files.items():
        write_docx((src / f"{name}.txt").read_text(encoding="utf-8"), docs / file, section_heading, year)
    for file in (*cp949.values(), *docx_files.values()):
        print(f"{docs / file}: {(docs / file).stat().st_size} bytes")
