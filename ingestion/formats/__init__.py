"""Readers for the office formats Korean government documents ship in: HWPX, HWP 5.x and DOCX.

Each reader is a plain ``load_*(path) -> LoadedDocument`` function that raises ``IngestError`` with a
one-line message naming the file; ``ingestion.loaders`` registers them by file suffix.
"""

from ingestion.formats.docx import load_docx
from ingestion.formats.hwp import load_hwp
from ingestion.formats.hwpx import load_hwpx

__all__ = ["load_docx", "load_hwp", "load_hwpx"]
