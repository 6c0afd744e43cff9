"""Markdown as policybot reads it: its outline (ATX headings with their depth) and its paragraphs, which a source
may hard-wrap. Pure text functions; ``ingestion.loaders`` loads the file."""

from __future__ import annotations

import re

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def markdown_outline(text: str) -> list[tuple[str, int]]:
    """ATX (``#``) headings with their depth (the number of ``#``), skipping fenced code blocks where ``#`` is a
    comment, not a heading."""
    headings: list[tuple[str, int]] = []
    fence: str | None = None
    for line in text.splitlines():
        if m := _MD_FENCE.match(line):
            marker = m.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is None and (m := _MD_HEADING.match(line)) and (title := (m.group(2) or "").strip()):
            headings.append((title, len(m.group(1))))
    return headings


# A line that opens a block of its own: a heading, list item or bullet, quote, table row, fence, lettered item or a
# "label: value" line ("○ 지원 한도: …", "담당자: …"), which Korean notices write one to a line.
_MD_BLOCK_START = re.compile(
    r"^\s*(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>|\||`{3}|~{3}|[○◦●□■▪•※◎◇◆▶▷►☞➢]|[가-하][.)]\s|\*\*)"
    r"|^\s*[^:：\s][^:：]{0,19}[:：]\s")
# A line that ends a sentence or a clause of its own (English or Korean), or a hard break (two spaces, "\").
_MD_LINE_END = re.compile(r"(?:[.!?。:：;]|다|요|음|함|임)[\"'”’)\]]*\s*$|\s{2}$|\\$")


def soft_breaks(text: str) -> str:
    """A Markdown paragraph hard-wrapped in its source ("… register each toy" / "model with the APSO …") read as
    one line, as a renderer shows it: a line that stops mid-sentence is joined with the next when that next line
    opens no block of its own. Fenced code, headings, lists, quotes and tables keep their lines."""
    out: list[str] = []
    fence = False
    for line in text.split("\n"):
        if _MD_FENCE.match(line):
            fence = not fence
            out.append(line)
            continue
        prev = out[-1] if out else ""
        if (not fence and prev.strip() and line.strip() and not _MD_HEADING.match(prev)
                and not prev.lstrip().startswith(("|", ">")) and not _MD_FENCE.match(prev)
                and not _MD_LINE_END.search(prev) and not _MD_BLOCK_START.match(line)):
            out[-1] = prev.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)
