"""Regenerate the DOCX and CP949 fixtures of the "fresh7" eval corpus from their UTF-8 sources.

    .venv/bin/python -m evals.fresh7.build_fixtures

``src/<name>.txt`` (UTF-8, one paragraph a line) → ``docs/<name>.<ext>``:

- mirnae-online-export-2035 → DOCX (python-docx): the title line (ending in 공고) is a level-1 heading, the numbered
  section lines (``1. 사업 개요``) level-2 headings, each run of lines starting with ``|`` a table (one row a line,
  cells split on ``|``), every other line a paragraph
- hanui-overseas-cert-2036 → CP949 TXT (same text, another encoding)

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

CP949_FIXTURES = {"hanui-overseas-cert-2036": "hanui-overseas-cert-2036.txt"}
DOCX_FIXTURES = {"mirnae-online-export-2035": "mirnae-online-export-2035.docx"}

# "1. 사업 개요" … "7. 문의처"; not the dates ("2035. 2. 26.(월)") nor the numbered 제출 서류 ("1) 참여 신청서").
_NUMBERED_HEADING = re.compile(r"^\d{1,2}\.\s+[가-힣]")


def main() -> None:
    build(SRC, DOCS, CP949_FIXTURES, DOCX_FIXTURES, _NUMBERED_HEADING, year=2035)


if __name__ == "__main__":
    main()
