"""Lines that come as lists in a notice: a line that names its list ("○ 지원 제외 대상", "○ 제출 서류 (6종)") brings
the item lines under it, and sibling items that state one field per case ("- 소기업: …", "- 중기업: …") keep the
case the question names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.answering.evidence import Candidate
from bot.answering.select import candidate_from_chunk, fresh_filter
from bot.answering.support import Haystack, holds
from bot.concepts import Concept, squash
from ingestion.index import StoredChunk
from ingestion.notice import TABLE_SEP, parse_field_line, parse_label_line, points_below

# A line that names what follows and states nothing itself: "○ 지원 제외 대상", "○ 제출 서류:", "필수 표시 사항".
_LABEL_LINE = re.compile(r"^\s*(?:[○◦●□■▪•∙◎◇◆▶▷►]\s*)?[가-힣A-Za-z][가-힣A-Za-z0-9 ·/()]{1,28}?\s*[:：]?\s*$")
_TOP_BULLET = re.compile(r"^\s*[□■]")
_SUB_BULLET = re.compile(r"^\s*[○◦●]\s*\S")
# An item under it: "- …", "· …", "① …", "1) …", "가. …".
ITEM_LINE = re.compile(r"^\s*(?:[-–·∙•▪*]|[①-⑳]|\d{1,2}\)|[가-하][.)])\s*\S")


def with_items(chosen: list[Candidate], scored: list[Candidate], chunks: list[StoredChunk], max_items: int
               ) -> list[Candidate]:
    """A chosen line that only names a list ("○ 지원 제외 대상") brings the item lines under it, read on into the
    next chunk of the document when the list crosses one: the items are what it states."""
    by_pos = {(c.chunk_id, c.index): c for c in scored}
    out = list(chosen)
    for c in chosen:
        if c.field is not None and c.field.value:
            if not points_below(c.field.value):
                continue
        elif not (_LABEL_LINE.match(c.text) or parse_label_line(c.text)):
            continue
        # Under a "□" heading the items are "○" lines (the next level of a notice's bullets), unless they are
        # field lines of their own ("○ 접수 기간 : …").
        top_level = bool(_TOP_BULLET.match(c.text))
        for item in _lines_after(c, chunks):
            sub_item = top_level and _SUB_BULLET.match(item.text) and parse_field_line(item.text) is None
            if not (ITEM_LINE.match(item.text) or sub_item):
                break
            found = by_pos.get((item.chunk_id, item.index), item)
            if fresh_filter(out)(found):
                out.append(found)
            if len(out) - len(chosen) >= max_items:
                break
    return out


def case_items(chosen: list[Candidate]) -> list[Candidate]:
    """Sibling item lines that state one field per case: "- 소기업: 기업당 최대 8,000만원", "- 중기업: …"."""
    items = [c for c in chosen if c.field is not None and ITEM_LINE.match(c.text)]
    return items if len(items) >= 2 else []


def names_case(question: str, label: str) -> bool:
    """The question writes the case as a word of its own ("저희는 중기업인데"), not inside a longer word
    ("중소기업" holds 소기업 but names no one case)."""
    written = r"\s*".join(re.escape(ch) for ch in squash(label))
    return bool(written) and re.search(rf"(?<![가-힣A-Za-z]){written}", question.lower()) is not None


def named_items(chosen: list[Candidate], question: str) -> list[Candidate]:
    """When the question names the case of some of the sibling item lines, the others answer another asker and
    go."""
    items = case_items(chosen)
    named = [c for c in items if c.field is not None and names_case(question, c.field.label)]
    if not named or len(named) == len(items):
        return chosen
    return [c for c in chosen if c not in items or c in named]


def _lines_after(c: Candidate, chunks: list[StoredChunk]) -> Iterator[Candidate]:
    """The document's lines after ``c``, in reading order, each once (chunks overlap)."""
    ordered = sorted(chunks, key=lambda ch: ch.chunk_index)
    ids = [ch.chunk_id for ch in ordered]
    if c.chunk_id not in ids:
        ordered, ids = [c.passage.chunk], [c.chunk_id]
    seen = {squash(c.text)}
    start = ids.index(c.chunk_id)
    for n, ch in enumerate(ordered[start:]):
        for i, (s, e) in enumerate(ch.sentence_spans):
            if n == 0 and i <= c.index:
                continue
            text = ch.text[s:e].strip()
            if not text or squash(text) in seen:
                continue
            seen.add(squash(text))
            yield candidate_from_chunk(ch, i)


def named_rows(chosen: list[Candidate], concepts: list[Concept]) -> list[Candidate]:
    """Rows of one quoted table, when the question names what some of them hold and the others do not ("a
    probiotic supplement" is in the Class B row only): those rows answer, with the table's header; the other rows
    state the field for other cases."""
    rows = [c for c in chosen if TABLE_SEP in c.text and c.read_text != c.text]
    if len(rows) < 2:
        return chosen
    # The question's own words (a name the glossary lacks, "probiotic", too), not those of the document's title.
    words = [k for k in concepts if not k.asked and not k.background and k.label not in rows[0].subject]
    held = {id(c): {k.label for k in words if holds(k, Haystack(c.text))} for c in rows}
    sets = list(held.values())
    telling = set().union(*sets) - sets[0].intersection(*sets[1:])
    if not telling:
        return chosen
    best = max(len(held[id(c)] & telling) for c in rows)
    return [c for c in chosen if c not in rows or len(held[id(c)] & telling) == best]
