"""Regenerate the DOCX and CP949 fixtures of the "fresh5" eval corpus from their UTF-8 sources.

    .venv/bin/python -m evals.fresh5.build_fixtures

``src/<name>.txt`` (UTF-8, one paragraph a line) → ``docs/<name>.<ext>``:

- hanul-export-logistics-2031 → DOCX (python-docx): the title line (ending in 공고) is a level-1 heading, the numbered
  section lines (``1. 사업 개요``) level-2 headings, each run of lines starting with ``|`` a table (one row a line,
  cells split on ``|``), every other line a paragraph
- mirae-overseas-certification-2032 → CP949 TXT (same text, another encoding)

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

CP949_FIXTURES = {"mirae-overseas-certification-2032": "mirae-overseas-certification-2032.txt"}
DOCX_FIXTURES = {"hanul-export-logistics-2031": "hanul-export-logistics-2031.docx"}

_NUMBERED_HEADING = re.compile(r"^\d{1,2}\.\s+[가-힣]")


def main() -> None:
    build(SRC, DOCS, CP949_FIXTURES, DOCX_FIXTURES, _NUMBERED_HEADING, year=2031)


if __name__ == "__main__":
    main()
