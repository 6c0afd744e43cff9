"""Regenerate the DOCX and CP949 fixtures of the "fresh6" eval corpus from their UTF-8 sources.

    .venv/bin/python -m evals.fresh6.build_fixtures

``src/<name>.txt`` (UTF-8, one paragraph a line) → ``docs/<name>.<ext>``:

- solbit-export-design-2033 → DOCX (python-docx): the title line (ending in 공고) is a level-1 heading, the numbered
  section lines (``1. 사업 개요``) level-2 headings, each run of lines starting with ``|`` a table (one row a line,
  cells split on ``|``), every other line a paragraph
- raon-overseas-ip-filing-2034 → CP949 TXT (same text, another encoding)

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

CP949_FIXTURES = {"raon-overseas-ip-filing-2034": "raon-overseas-ip-filing-2034.txt"}
DOCX_FIXTURES = {"solbit-export-design-2033": "solbit-export-design-2033.docx"}

_NUMBERED_HEADING = re.compile(r"^\d{1,2}\.\s+[가-힣]")


def main() -> None:
    build(SRC, DOCS, CP949_FIXTURES, DOCX_FIXTURES, _NUMBERED_HEADING, year=2033)


if __name__ == "__main__":
    main()
