"""Clean extracted Korean text so that the same document reads the same whether it came from PDF or TXT.

PDF text layers and text exports of Korean government documents break lines wherever the layout wrapped,
often inside a word (``글\\n로벌``), pad middle dots and corner brackets with spaces (``｢ 중소 ‧ 벤처 ｣ 을``)
and carry page footers (``- 7 -``). Retrieval and citations need whole sentences and stable spellings, but
they also need the numbers and names untouched: every rule here only moves whitespace, drops page-marker
lines or unifies middle-dot code points. It never edits a digit, letter or word.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from ingestion.notice import TABLE_SEP
from ingestion.types import LoadedDocument, PageText

MIDDLE_DOT = "·"
_MIDDLE_DOTS = re.compile("[\u2027\u00b7\u318d\u2024]")  # ‧ · ㆍ ․ : same role, four code points
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
_PAGE_MARKER = re.compile(r"^\s*[-–—]\s*\d{1,4}\s*[-–—]\s*$")

_JAMO_BULLET = re.compile(r"^([ \t]*)([ㅇㅁ])(?=[ \t])", re.MULTILINE)
_JAMO_BULLETS = {"ㅇ": "○", "ㅁ": "□"}
# Lines that start a new unit even without a blank line before them: bullets and headings.
_BULLET = re.compile(
    r"^(?:[□■◦○●◎◇◆▪▫•∙※▶▷►☞➢✓✔]|[\u2460-\u2487\u2776-\u2793\u3260-\u327f]|[-–*+]+(?=\s|$)|\*+)"
)
_HEADING = re.compile(
    r"""^(?:
        \(\s*[가-힣A-Za-z]{0,6}\s*\d{1,2}\s*\)      # (전략 2), (1)
      | \d{1,2}\s*[.)](?=\s)                       # 4. 과제명, 1) 항목  (not 5.8일)
      | 붙임\s*\d* | 별첨\s*\d* | 참고\s*\d+
      | [ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\s*[.．]
      | Q\s*\d{1,2}(?![\d,.])
      | 제\s*\d+\s*[장절조관]
      | 담당\s*부서
      | [<〈《【]
    )""",
    re.VERBOSE,
)
# Items lettered in Korean order (가. 나. 다. …), the sub-items of a numbered section.
_LETTERS = "가나다라마바사아자차카타파하"
_LETTER_ITEM = re.compile(rf"^([{_LETTERS}])\s*[.)](?=\s)")
# Lines of a notice's header that stand alone: a date ("2026. 1. 20.", "2026년 1월 20일"), the same date after a
# short label ("공고일: 2031. 2. 3.") and a notice number ("중소벤처기업부 공고 제2026-41호"). Joined to the title
# line they would glue two facts into one word, and the title would read as a sentence and the date as no date.
_NOTICE_NUMBER_LINE = r"[^\n]{0,30}공고\s*제?\s*\d{2,4}\s*[-–]\s*\d+\s*호"
_NOTICE_NUMBER = re.compile(rf"^{_NOTICE_NUMBER_LINE}")
_STANDALONE = re.compile(
    r"^(?:(?:[가-힣][가-힣 ]{0,8}\s*[:：]\s*)?\d{4}\s*[.년]\s*\d{1,2}\s*[.월]\s*\d{1,2}\s*[.일]?\s*(?:\([^)]*\))?$"
    rf"|{_NOTICE_NUMBER_LINE})"
)
# A line ends a sentence: final punctuation, possibly followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?。…][\"'”’)\]」｣』]*$")

_OPEN_BRACKETS = "｢「『"
_CLOSE_BRACKETS = "｣」』"
# Particles that attach to a bracketed title (``｢대책｣을``). "이" alone is left out: after a bracket it is as
# often the demonstrative "this" (``｢대책｣ 이 사업``), and a kept space is harmless while a lost one is not.
_PARTICLES = (
    "을|를|은|는|의|가|에|에서|에게|에는|에도|으로|으로서|으로써|로|로서|와|과|와의|과의|도|만|까지|부터"
    "|이다|이며|이고|이나|이란|이라는|라는|란|처럼|보다"
)
_BRACKET_OPEN_PAD = re.compile(f"([{_OPEN_BRACKETS}])[ ]+")
_BRACKET_CLOSE_PAD = re.compile(f"[ ]+([{_CLOSE_BRACKETS}])")
_BRACKET_PARTICLE = re.compile(f"([{_CLOSE_BRACKETS}])[ ]+({_PARTICLES})(?=[\\s,.;:!?)\\]]|$)")
_DOT_PAD = re.compile(r"(?<=[^\W\d_])[ ]*·[ ]*(?=[^\W\d_])")  # only between letters: "1 · 2" stays

# A line this much shorter than the page's usual line ended early on purpose (title, table cell, signature).
_SHORT_LINE_RATIO = 0.6
_MIN_LINES_FOR_WIDTH = 8
# A line at least this wide was wrapped by the layout, so a blank line after it may be an export artefact.
_FULL_LINE_RATIO = 0.8
# How much wider than a wrapped line the next line of its paragraph can be: justified or proportional layouts vary
# a little, and a word that did not fit may be long (display columns; a Hangul syllable is two).
_WIDER_RATIO = 1.25
_WORD_WIDTH = 12
_SOFT_END = re.compile(r"(?:다|요|음|함|임)[\"'”’)\]」｣』]*$")


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _width(text: str) -> int:
    """Display width: Hangul and CJK take two columns, which is what line wrapping in a layout counts."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_structural(content: str) -> bool:
    return bool(_BULLET.match(content) or _HEADING.match(content) or _STANDALONE.match(content))


@dataclasses.dataclass
class _Line:
    content: str  # stripped
    indented: bool
    trailing_space: bool
    last_width: int = 0  # display width of the last physical line (content may be a joined paragraph)
    title: bool = False  # the line after a notice number: a title, joined with nothing


def _separator(prev: _Line, nxt: _Line) -> str:
    """What replaces a wrapped line break: nothing inside a Korean word, one space between words.

    A Korean layout wraps mid-word and keeps a real word gap as a trailing space, so a Hangul-Hangul break
    without that space is a split word. Digits never touch: a break always separates numbers.
    """
    a, b = prev.content[-1], nxt.content[0]
    if a == MIDDLE_DOT or b == MIDDLE_DOT:
        return ""
    if prev.trailing_space:
        return " "
    if _is_hangul(a) and b == "(":
        return ""
    if _is_hangul(a) and _is_hangul(b):
        return _korean_junction(prev.content.rsplit(" ", 1)[-1], nxt.content.split(" ", 1)[0])
    if a == "-" and len(prev.content) > 1 and prev.content[-2].isalpha() and not b.isdigit():
        return ""  # K-\n수출전사, well-\nknown
    return " "


def _korean_junction(left: str, right: str) -> str:
    """"" when the break splits a word (대응|하고, 글|로벌화), " " when it falls between words (지원하며|선정):
    Kiwi's spacing model decides on the two words around the break."""
    from ingestion.korean import _kiwi, _kiwi_lock

    with _kiwi_lock:
        spaced = _kiwi().space(left + right, reset_whitespace=False)
    seen = 0
    for ch in spaced:
        if seen == len(left):
            return " " if ch == " " else ""
        if ch != " ":
            seen += 1
    return ""


def _reference_width(lines: list[_Line]) -> int | None:
    widths = sorted(line.last_width for line in lines if line.content)
    if len(widths) < _MIN_LINES_FOR_WIDTH:
        return None
    return widths[int(len(widths) * 0.8)]


# Cells of a table a text export aligns with spaces ("협약 체결      2028. 5. 22.(월)"): two spaces or more.
_CELL_GAP = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


def _aligned_tables(text: str) -> str:
    """A table a text export lays out in space-aligned columns becomes one " | " row a line, as the other loaders
    write tables: two or more consecutive lines whose cells (split at gaps of two spaces or more) start at the same
    display columns. Lines that only happen to hold wide gaps ("붙임 1. 「…」  주요 내용") do not line up."""
    lines = text.split("\n")
    starts = [_cell_starts(line) for line in lines]
    i = 0
    while i < len(lines):
        first = starts[i]
        j = i
        while first and j + 1 < len(lines) and _lined_up(first, starts[j + 1]):
            j += 1
        if j > i:
            for k in range(i, j + 1):
                lines[k] = TABLE_SEP.join(_CELL_GAP.split(lines[k].strip()))
        i = j + 1
    return "\n".join(lines)


# A table typed with pipes ("| 융자 한도 | 12억원 | 3억원 |", Markdown's rows): its outer pipes are no cells.
_PIPE_ROW = re.compile(r"^[ \t]*\|(?P<inner>[^\n]*\|[^\n]*)\|[ \t]*$")
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")


def _pipe_rows(text: str) -> str:
    """A row written between pipes becomes one " | " row as the loaders write tables, its first cell the row's
    label; a Markdown rule row ("|---|---|") goes."""
    out = []
    for line in text.split("\n"):
        m = _PIPE_ROW.match(line)
        if m:
            cells = [c.strip() for c in m.group("inner").split("|")]
            if all(_RULE_CELL.match(c) for c in cells):
                continue
            line = TABLE_SEP.join(cells)
        out.append(line)
    return "\n".join(out)


def _cell_starts(line: str) -> list[int]:
    """Display columns where the line's second and later cells start; empty when it has one cell."""
    return [_width(line[: m.end()]) for m in _CELL_GAP.finditer(line.rstrip())]


def _lined_up(first: list[int], other: list[int], slack: int = 2) -> bool:
    return len(other) == len(first) and all(abs(a - b) <= slack for a, b in zip(first, other, strict=True))


def _reflow(text: str) -> str:
    """Join wrapped lines into paragraphs; keep breaks before bullets, headings, indents and blank lines."""
    lines = [
        _Line(
            content=raw.strip(),
            indented=raw[:1].isspace(),
            trailing_space=raw[-1:] in (" ", "\t"),
            last_width=_width(raw.strip()),
        )
        for raw in text.split("\n")
        if not _PAGE_MARKER.match(raw)
    ]
    ref = _reference_width(lines)
    out: list[str] = []
    prev: _Line | None = None
    after_number = False  # the last line kept was a notice's number
    # The lettered item ("가. 시제품 제작 지원") whose bullet lines ("○ 지원 한도: …") the lines kept since belong to:
    # the next letter ("나. …") after them opens the next item.
    item: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        # The line after a notice's number ("… 공고 제2028-9호") is its title: nothing joins it.
        join = prev is not None and not prev.title and _joinable(prev, line, ref, item)
        if (
            not join
            and prev is not None
            and not prev.title
            and not line.content
            and i + 1 < len(lines)
            and _soft_blank(prev, lines[i + 1], ref)
        ):
            line = lines[i + 1]  # skip the stray blank line: the sentence goes on after it
            i += 1
            join = True
        if join and prev is not None:
            out[-1] += _separator(prev, line) + line.content
            # the joined line inherits the next line's end, which decides the following break
            prev = dataclasses.replace(line, content=out[-1], indented=prev.indented)
        else:
            out.append(line.content)
            prev = dataclasses.replace(line, title=after_number and bool(line.content))
            if _LETTER_ITEM.match(line.content):
                item = line.content
            elif line.content and not _BULLET.match(line.content):
                item = None
            if line.content:
                after_number = bool(_NOTICE_NUMBER.match(line.content))
        i += 1
    return "\n".join(out)


def _joinable(prev: _Line, nxt: _Line, ref: int | None, item: str | None = None) -> bool:
    if not prev.content or not nxt.content:
        return False  # blank line: paragraph break
    if nxt.indented or _is_structural(nxt.content) or _STANDALONE.match(prev.content):
        return False  # a date or notice-number line is a line of its own, before a title as after one
    if TABLE_SEP in prev.content or TABLE_SEP in nxt.content:
        return False  # a table row (the loaders write one " | " line a row) is a unit of its own
    if _HEADING.match(prev.content) or _SENTENCE_END.search(prev.content):
        return False
    if _next_letter_item(prev.content, nxt.content) or (item is not None and _next_letter_item(item, nxt.content)):
        return False  # "가. 사업신청서 1부" and "나. 사업자등록증 사본 1부" are two items
    if ref is not None and prev.last_width < _SHORT_LINE_RATIO * ref:
        return False
    # A layout breaks a line where the next word no longer fits, so the line after a wrap is never much wider than
    # the wrapped one: a wider line shows the break was meant (a title above a paragraph typed on one line).
    if ref is not None and nxt.last_width > _WIDER_RATIO * prev.last_width + _WORD_WIDTH:
        return False
    return True


def _next_letter_item(prev: str, nxt: str) -> bool:
    """``nxt`` opens a lettered item: the first (가.) or the one after the item ``prev`` (a line, or the lines
    joined so far) opens. Any other "다. …" at the start of a line may be the end of a word a layout wrapped
    (있습니 / 다.), and a wrapped item's next line is its own continuation: both are joined as before."""
    m = _LETTER_ITEM.match(nxt)
    if m is None:
        return False
    index = _LETTERS.index(m.group(1))
    before = _LETTER_ITEM.match(prev)
    return index == 0 or (before is not None and _LETTERS.index(before.group(1)) == index - 1)


def _soft_blank(prev: _Line, nxt: _Line, ref: int | None) -> bool:
    """A single blank line inside a sentence, as some text exports insert at random wraps
    (``해외 수출\n\n규제 대응``). Only trusted when the line before it was filled to the layout width and
    does not end even like a Korean note-style sentence (…다, …함, …임), so real paragraphs stay apart."""
    return (
        ref is not None
        and prev.last_width >= _FULL_LINE_RATIO * ref
        and not _SOFT_END.search(prev.content)
        and _joinable(prev, nxt, ref)
    )


def _clean_line(line: str, keep_indent: bool) -> str:
    indent = line[: len(line) - len(line.lstrip(" \t"))] if keep_indent else ""
    line = re.sub(r"[ \t]+", " ", line.strip(" \t"))
    line = _DOT_PAD.sub(MIDDLE_DOT, line)
    line = _BRACKET_OPEN_PAD.sub(r"\1", line)
    line = _BRACKET_CLOSE_PAD.sub(r"\1", line)
    line = _BRACKET_PARTICLE.sub(r"\1\2", line)
    return indent + line if line else ""


def normalize_text(text: str, *, reflow: bool = True) -> str:
    """Normalise extracted text (see module doc). ``reflow=False`` keeps every line break and indentation,
    for formats whose line breaks are structure (HTML blocks, Markdown) rather than layout wrapping."""
    text = unicodedata.normalize("NFC", text)  # not NFKC: it would turn ①, ➊, 社 into other characters
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    text = _MIDDLE_DOTS.sub(MIDDLE_DOT, text)
    # Notices typed without bullet glyphs use the jamo that look like them ("ㅇ 접수 기간 : …", "ㅁ 사업 개요"):
    # they are the ○ and □ bullets every later stage reads.
    text = _JAMO_BULLET.sub(lambda m: m.group(1) + _JAMO_BULLETS[m.group(2)], text)
    # Halfwidth corner brackets ｢｣ (common in HWP exports) are the same marks as 「」, which every Korean font has.
    text = text.replace("\uff62", "「").replace("\uff63", "」")
    text = _pipe_rows(text)
    if reflow:
        text = _reflow(_aligned_tables(text))
    lines = [_clean_line(line, keep_indent=not reflow) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n")


def _reflows(fmt: str) -> bool:
    """Only layout formats wrap lines inside sentences; in HTML/Markdown/office formats a break is meant."""
    return fmt in ("pdf", "txt")


def normalize_document(doc: LoadedDocument) -> LoadedDocument:
    """Normalise every page (page count and numbers kept, so citations still point at the right page).

    Marked headings and the title get the same inline rules, so they still equal their lines in the text.
    """
    reflow = _reflows(doc.format)
    pages = [PageText(number=p.number, text=normalize_text(p.text, reflow=reflow)) for p in doc.pages]
    normalized = [normalize_text(h, reflow=False).strip() for h in doc.marked_headings]
    headings = [h for h in normalized if h]
    aligned = len(doc.heading_depths) == len(doc.marked_headings)
    depths = [d for h, d in zip(normalized, doc.heading_depths, strict=True) if h] if aligned else []
    title = normalize_text(doc.title_hint, reflow=False).strip() if doc.title_hint else None
    return dataclasses.replace(doc, pages=pages, marked_headings=headings, heading_depths=depths,
                               title_hint=title or None)
