"""Heading paths of Korean government notices: 붙임N, (전략 N), N. 과제, QN, 담당 부서, and headings a format
marks itself (the grammar is ``ingestion.headings``). Every chunk carries its path so answers can say where a
fact sits in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.headings import (
    ATTACHMENT,
    BODY_LABEL,
    CONTACT,
    CONTACT_LABEL,
    MAX_HEADING_CHARS,
    MAX_TASK_CHARS,
    QUESTION,
    ROMAN,
    SENTENCE_END,
    STRATEGY,
    TASK,
    attachment_label,
    clean_title,
    question_label,
    roman_label,
    strategy_label,
    task_label,
)
from ingestion.notice import TABLE_SEP

__all__ = ["BODY_LABEL", "CONTACT_LABEL", "Section", "detect_sections"]

@dataclass(frozen=True)
class Section:
    """A span of the document text ``[start, end)`` under one heading path; the heading line is inside it."""

    path: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class _Heading:
    level: float  # 0 attachment/contact, 1 strategy/Q/marked (1.1 for a marked <h2> under an <h1>), 2 tasks
    label: str


# A Markdown ATX heading as the text holds it ("## Contact"); the loader marks its words ("Contact").
_ATX = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?\s*$")


def _classify(line: str, next_line: str, marked: dict[str, int]) -> _Heading | None:
    """The heading a line starts, if any (``ingestion.headings``). Long lines and lines that end like a sentence
    are body text."""
    if (m := _ATX.match(line)) and m.group(1) in marked:
        line = m.group(1)
        if len(line) <= MAX_HEADING_CHARS and TASK.match(line):
            # A format's own heading keeps its outline depth when numbered like a task ("## 5. 진출 절차"): the
            # numbered list under it ("1. 바이어 발굴") is its content, not its sibling.
            return _marked_heading(line, marked)
    if len(line) > MAX_HEADING_CHARS or TABLE_SEP in line:
        return None  # a table row that locates a field as "Ⅲ. 지원 내용 ○ 지원 한도 | … | …" is a row
    if m := ATTACHMENT.match(line):
        # "붙임 1. 대책 주요 내용" followed by "2. Q&A" is the list of attachments on the cover page, not one.
        if m.group(2) and TASK.match(next_line):
            return None
        return _Heading(0, attachment_label(m.group(1)))
    if CONTACT.match(line):
        return _Heading(0, CONTACT_LABEL)
    if m := STRATEGY.match(line):
        return _Heading(1, strategy_label(m.group(1), m.group(2)))
    if m := ROMAN.match(line):
        return _Heading(1, roman_label(m.group(1), m.group(2)))
    if m := QUESTION.match(line):
        return _Heading(1, question_label(m.group(1), m.group(2)))
    if (m := TASK.match(line)) and len(line) <= MAX_TASK_CHARS and not SENTENCE_END.search(line):
        return _Heading(2, task_label(m.group(1), m.group(2)))
    if line in marked:
        return _marked_heading(line, marked)
    return None


def _marked_heading(line: str, marked: dict[str, int]) -> _Heading:
    """A format's outline depth nests its headings (<h2> under <h1>, "##" under "#"), all above numbered tasks."""
    return _Heading(1 + (min(marked[line], 9) - 1) / 10, clean_title(line))


def detect_sections(text: str, marked_headings: list[str] | None = None,
                    heading_depths: list[int] | None = None) -> list[Section]:
    """Split ``text`` into sections with heading paths. Text before the first heading is the body (본문)."""
    depths = heading_depths if heading_depths and len(heading_depths) == len(marked_headings or []) else None
    marked: dict[str, int] = {}
    for i, h in enumerate(marked_headings or []):
        if h.strip():
            marked.setdefault(h.strip(), depths[i] if depths else 1)
    lines = text.split("\n")
    offsets: list[int] = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    stripped = [line.strip() for line in lines]

    skip_list_item = False
    stack: list[_Heading] = []
    starts: list[tuple[int, tuple[str, ...]]] = [(0, (BODY_LABEL,))]
    for i, line in enumerate(stripped):
        if not line:
            continue
        next_line = next((s for s in stripped[i + 1 :] if s), "")
        if skip_list_item and TASK.match(line):
            skip_list_item = False
            continue
        heading = _classify(line, next_line, marked)
        if heading is None:
            if ATTACHMENT.match(line):
                skip_list_item = True
            continue
        stack = [h for h in stack if h.level < heading.level]
        stack.append(heading)
        starts.append((offsets[i] + (len(lines[i]) - len(lines[i].lstrip())), tuple(h.label for h in stack)))

    sections: list[Section] = []
    for (start, path), nxt in zip(starts, starts[1:] + [(len(text), ())], strict=True):
        end = nxt[0]
        if text[start:end].strip():
            sections.append(Section(path=path, start=start, end=end))
    return sections
