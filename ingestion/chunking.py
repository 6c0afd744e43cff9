"""Sentence-aligned chunks under a token budget. A chunk never crosses a section boundary, so its heading path
is exact, and it records the page(s) and character offsets its text came from."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass

from ingestion.korean import count_tokens, split_sentences
from ingestion.structure import Section


@dataclass(frozen=True)
class PageMap:
    """Start offset of each page in the document text; pages are numbered as the loader numbered them."""

    starts: tuple[int, ...]
    numbers: tuple[int | None, ...]

    def pages_between(self, start: int, end: int) -> tuple[int, ...]:
        if not self.starts:
            return ()
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_right(self.starts, max(end - 1, start)) - 1, 0)
        return tuple(n for n in self.numbers[first : last + 1] if n is not None)


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    index: int
    text: str
    section_path: tuple[str, ...]
    pages: tuple[int, ...]
    char_start: int
    char_end: int
    sentence_spans: tuple[tuple[int, int], ...]  # relative to ``text``

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def section_label(self) -> str:
        return " > ".join(self.section_path)


def chunk_sections(
    doc_id: str,
    text: str,
    sections: list[Section],
    page_map: PageMap,
    budget_tokens: int = 256,
    overlap_tokens: int = 48,
) -> list[Chunk]:
    """Group each section's sentences into chunks of at most ``budget_tokens`` (a longer sentence stands alone),
    repeating trailing sentences up to ``overlap_tokens`` at the start of the next chunk of the same section."""
    chunks: list[Chunk] = []
    for section in sections:
        body = text[section.start : section.end]
        spans = [(section.start + s, section.start + e) for s, e in split_sentences(body)]
        if not spans:
            continue
        costs = [count_tokens(text[s:e]) for s, e in spans]
        i = 0
        while i < len(spans):
            j, used = i, 0
            while j < len(spans) and (j == i or used + costs[j] <= budget_tokens):
                used += costs[j]
                j += 1
            chunks.append(_make_chunk(doc_id, len(chunks), text, spans[i:j], section.path, page_map))
            if j >= len(spans):
                break
            # Step back over trailing sentences that fit the overlap, but always move forward.
            k, back = j, 0
            while k - 1 > i and back + costs[k - 1] <= overlap_tokens:
                k -= 1
                back += costs[k]
            i = k
    return chunks


def _make_chunk(
    doc_id: str,
    index: int,
    text: str,
    spans: list[tuple[int, int]],
    path: tuple[str, ...],
    page_map: PageMap,
) -> Chunk:
    start, end = spans[0][0], spans[-1][1]
    return Chunk(
        doc_id=doc_id,
        index=index,
        text=text[start:end],
        section_path=path,
        pages=page_map.pages_between(start, end),
        char_start=start,
        char_end=end,
        sentence_spans=tuple((s - start, e - start) for s, e in spans),
    )
