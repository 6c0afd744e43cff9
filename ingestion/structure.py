"""Heading paths of Korean government notices: 붙임N, (전략 N), N. 과제, QN, 담당 부서, and headings a format
marks itself. Every chunk carries its path so answers can say where a fact sits in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass

BODY_LABEL = "본문"
CONTACT_LABEL = "담당 부서"

_ATTACHMENT = re.compile(r"^붙임\s*(\d+)(\.)?\s*(.*)$")
_STRATEGY = re.compile(r"^\(\s*전략\s*(\d+)\s*\)\s*(.+)$")
_ROMAN = re.compile(r"^([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])\s*[.．]\s*(.+)$")
_TASK = re.compile(r"^(\d{1,2})\s*\.\s+(\S.*)$")
_QUESTION = re.compile(r"^Q\s*(\d{1,2})(?:[.:)]|\s)\s*(.+)$")
_CONTACT = re.compile(r"^담당\s*부서")
# A numbered line that ends like a sentence is body text ("1. 지원한다."), not a heading ("1. 사업개요").
_SENTENCE_END = re.compile(r"[.!?。]$|(니다|한다|된다|있다|없다|했다|이다|였다|세요|해요|어요|아요|예요|에요|까요)$")


@dataclass(frozen=True)
class Section:
    """A span of the document text ``[start, end)`` under one heading path; the heading line is inside it."""

    path: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class _Heading:
    level: int
    label: str


def _classify(line: str, next_line: str, marked: set[str]) -> _Heading | None:
    """The heading a line starts, if any. Long lines and lines that end like a sentence are body text."""
    if len(line) > 90:
        return None
    if m := _ATTACHMENT.match(line):
        # "붙임 1. 대책 주요 내용" followed by "2. Q&A" is the list of attachments on the cover page, not one.
        if m.group(2) and _TASK.match(next_line):
            return None
        return _Heading(0, f"붙임{m.group(1)}")
    if _CONTACT.match(line):
        return _Heading(0, CONTACT_LABEL)
    if m := _STRATEGY.match(line):
        return _Heading(1, f"(전략 {m.group(1)}) {_clean_title(m.group(2))}")
    if m := _ROMAN.match(line):
        return _Heading(1, f"{m.group(1)}. {_clean_title(m.group(2))}")
    if m := _QUESTION.match(line):
        return _Heading(1, f"Q{m.group(1)} {_clean_title(m.group(2))}")
    if (m := _TASK.match(line)) and len(line) <= 60 and not _SENTENCE_END.search(line):
        return _Heading(2, f"{int(m.group(1))}. {_clean_title(m.group(2))}")
    if line in marked:
        return _Heading(1, _clean_title(line))
    return None


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()


def detect_sections(text: str, marked_headings: list[str] | None = None) -> list[Section]:
    """Split ``text`` into sections with heading paths. Text before the first heading is the body (본문)."""
    marked = {h.strip() for h in (marked_headings or []) if h.strip()}
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
        if skip_list_item and _TASK.match(line):
            skip_list_item = False
            continue
        heading = _classify(line, next_line, marked)
        if heading is None:
            if _ATTACHMENT.match(line):
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
