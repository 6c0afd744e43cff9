"""List answers from a document's structure: the items under the heading a list question names — its
sub-headings, its item lines or its table's rows."""

from __future__ import annotations

import re

from bot.answering.evidence import Candidate, table_header
from bot.answering.select import ListAnswer, candidate_from_chunk
from bot.concepts import Concept, squash
from ingestion.index import StoredChunk
from ingestion.notice import TABLE_SEP

# A line of a list: a bullet, a number ("1." "2)") or a Korean letter ("가.").
LIST_LINE = re.compile(r"^\s*(?:[○◦●□■▪•∙·\-–*]|\d{1,2}[.)]|[가-하]\.)")


def noun_forms(noun: Concept) -> list[str]:
    """How a list's heading or opening line may write the asked noun: its forms squashed, and an English noun as
    written ("Documents for the Product Information File")."""
    return [squash(f) for f in noun.forms] + ([noun.label.lower()] if re.fullmatch(r"[a-z]{3,}", noun.label) else [])


def list_answer(head: Concept | None, chunks: list[StoredChunk], max_items: int) -> ListAnswer | None:
    """Items under the heading the question names: several headings that contain the asked noun ("(전략 1) …",
    "(전략 2) …") are the items themselves; one such heading gives its sub-headings, else its item lines."""
    if head is None or not chunks:
        return None
    ordered = sorted(chunks, key=lambda ch: ch.chunk_index)
    forms = noun_forms(head)
    first_chunk: dict[tuple[str, ...], StoredChunk] = {}
    for ch in ordered:
        for depth in range(1, len(ch.section_path) + 1):
            first_chunk.setdefault(ch.section_path[:depth], ch)
    matching = [path for path in first_chunk if _heading_names(path[-1], forms)]
    by_depth: dict[int, list[tuple[str, ...]]] = {}
    for path in matching:
        by_depth.setdefault(len(path), []).append(path)
    siblings = max(by_depth.values(), key=len, default=[])
    if len(siblings) >= 2:
        return ListAnswer(head.label, [_heading_item(first_chunk[p], p) for p in siblings[:max_items]])
    if len(matching) != 1:
        return None
    parent = matching[0]
    children = [p for p in first_chunk if len(p) == len(parent) + 1 and p[: len(parent)] == parent]
    if len(children) >= 2:
        return ListAnswer(parent[-1], [_heading_item(first_chunk[p], p) for p in children[:max_items]])
    items: list[Candidate] = []
    for ch in ordered:
        if ch.section_path != parent:
            continue
        for i, (s, e) in enumerate(ch.sentence_spans):
            text = ch.text[s:e].strip()
            if squash(text) == squash(parent[-1]) or not (LIST_LINE.match(text) or _table_row(ch, i)):
                continue
            if all(squash(text) != squash(c.text) for c in items):
                items.append(candidate_from_chunk(ch, i))
    if len(items) >= 2:
        return ListAnswer(parent[-1], items[:max_items])
    return None


def _table_row(chunk: StoredChunk, index: int) -> bool:
    """Sentence ``index`` is a row of a table below its header row: under a heading, a table's rows are its items
    as much as bullet lines are ("Trade shows in 2029" above one row per show)."""
    s, e = chunk.sentence_spans[index]
    return TABLE_SEP in chunk.text[s:e] and table_header(chunk.text, chunk.sentence_spans, index) is not None


_NUMBERING = re.compile(
    r"^\s*(?:\(\s*([가-힣A-Za-z]{0,6})\s*\d{1,2}\s*\)|\d{1,2}\s*[.)]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\s*[.．]|Q\s*\d{1,2}|붙임\s*\d*)"
)


def _heading_names(label: str, forms: list[str]) -> bool:
    """A heading is about the asked noun when its numbering names it ("(전략 2) …") or its text starts with it
    ("2. 지원 대상" for 대상); a noun inside a long title ("11. 민관협업 지원체계") is not the heading's kind."""
    m = _NUMBERING.match(label)
    kind = squash(m.group(1) or "") if m else ""
    rest = squash(label[m.end():] if m else label)
    return any(f and (f == kind or f in rest[: len(f) + 2]) for f in forms)


def _heading_item(chunk: StoredChunk, path: tuple[str, ...]) -> Candidate:
    """The heading line itself, as it stands in the chunk's text (its first sentence, usually)."""
    label = squash(path[-1])
    for i, (s, e) in enumerate(chunk.sentence_spans):
        if label[:12] in squash(chunk.text[s:e]):
            return candidate_from_chunk(chunk, i)
    return candidate_from_chunk(chunk, 0)
