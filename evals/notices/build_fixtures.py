"""Regenerate the binary / non-UTF-8 fixtures of the "notices" eval corpus from their UTF-8 sources.

    .venv/bin/python -m evals.notices.build_fixtures

``src/<name>.txt`` (UTF-8, one paragraph a line) → ``docs/<name>.<ext>``, with the multidoc suite's writers
(evals/multidoc/build_fixtures.py: tables as consecutive `` | `` lines, the title line and numbered sections as
headings, deterministic bytes):

- logistics-2025       → CP949 TXT
- logistics-2026       → DOCX
- online-platform-2026 → HWPX

The writers take this suite's ``src/`` as their source folder. The other fixtures (UTF-8 TXT, HTML, Markdown)
and ``docs/manifest.toml`` are written by hand.
"""

from __future__ import annotations

from pathlib import Path

from evals.multidoc import build_fixtures as writers

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
DOCS = HERE / "docs"

CP949_FIXTURES = {"logistics-2025": "logistics-2025.txt"}
DOCX_FIXTURES = {"logistics-2026": "logistics-2026.docx"}
HWPX_FIXTURES = {"online-platform-2026": "online-platform-2026.hwpx"}


def source_text(name: str) -> str:
    return writers.source_text(name, SRC)


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, file in CP949_FIXTURES.items():
        writers.write_cp949(name, DOCS / file, SRC)
    for name, file in DOCX_FIXTURES.items():
        writers.write_docx(name, DOCS / file, SRC)
    for name, file in HWPX_FIXTURES.items():
        writers.write_hwpx(name, DOCS / file, SRC)
    for file in (*CP949_FIXTURES.values(), *DOCX_FIXTURES.values(), *HWPX_FIXTURES.values()):
        print(f"{DOCS / file}: {(DOCS / file).stat().st_size} bytes")


if __name__ == "__main__":
    main()
