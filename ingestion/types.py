"""Data passed between the ingestion steps (load → normalise → structure → chunk → index)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class IngestError(Exception):
    """A file that cannot be ingested. Its message is one line that names the file, for users."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True)
class PageText:
    """Text of one page as the loader extracted it; ``number`` is 1-based, None for unpaginated formats."""

    number: int | None
    text: str


@dataclass(frozen=True)
class LoadedDocument:
    """What a loader returns: raw text per page, before normalisation."""

    source: Path
    format: str  # "pdf", "txt", "md", "html", "hwpx", "hwp", "docx"
    pages: list[PageText]
    title_hint: str | None = None  # e.g. <title> of an HTML page or a DOCX core title
    # Headings a format marks explicitly (HTML <h1..h6>, DOCX Heading styles, Markdown #): exact line texts.
    marked_headings: list[str] = field(default_factory=list)
    # Their outline depth where the format gives one (<h2> → 2, "###" → 3), aligned with marked_headings.
    heading_depths: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)
