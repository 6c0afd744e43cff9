"""Regenerate the CP949 and DOCX fixtures of the "fresh" eval corpus from their UTF-8 sources.

    .venv/bin/python -m evals.fresh.build_fixtures

``src/<name>.txt`` (UTF-8, one paragraph a line) → ``docs/<name>.<ext>``:

- green-shift-2027 → CP949 TXT (same text, another encoding)
- green-shift-2028 → DOCX (python-docx): the title line (ending in 공고) is a level-1 heading, the Roman-numeral
  section lines (``Ⅰ. 사업 개요``) level-2 headings, every other line a paragraph

The other fixtures (UTF-8 TXT, HTML, Markdown) are written by hand; the suite has no manifest. The output is
deterministic (fixed ZIP timestamps and core properties), so rebuilding leaves git clean.
"""

from __future__ import annotations

import re
from pathlib import Path

from evals.fixture_files import build

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
DOCS = HERE / "docs"

CP949_FIXTURES = {"green-shift-2027": "green-shift-2027.txt"}
DOCX_FIXTURES = {"green-shift-2028": "green-shift-2028.docx"}

_ROMAN_HEADING = re.compile(r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\.\s+\S")


def main() -> None:
    build(SRC, DOCS, CP949_FIXTURES, DOCX_FIXTURES, _ROMAN_HEADING, year=2028)


if __name__ == "__main__":
    main()
