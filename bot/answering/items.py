"""Lines that come as lists in a notice: a line that names its list ("○ 지원 제외 대상", "○ 제출 서류 (6종)") brings
the item lines under it, and sibling items that state one field per case ("- 소기업: …", "- 중기업: …") keep the
case the question names."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.answering.evidence import Candidate
from bot.answering.fact_types import heading_states
from bot.answering.fields import NoticeField, is_field_word
from bot.answering.headed_lists import LIST_LINE, noun_forms
from bot.answering.select import ListAnswer, candidate_from_chunk, fresh_filter
from bot.answering.support import Haystack, holds
from bot.concepts import Concept, squash
from ingestion.index import StoredChunk
from ingestion.notice import parse_field_line, parse_label_line, points_below

# A line that names what follows and states nothing itself: "○ 지원 제외 대상", "○ 제출 서류:", "필수 표시 사항".
_LABEL_LINE = re.compile(r"^\s*(?:[○◦●□■▪•∙◎◇◆▶▷►]\s*)?[가-힣A-Za-z][가-힣A-Za-z0-9 ·/()]{1,28}?\s*[:：]?\s*$")
_TOP_BULLET = re.compile(r"^\s*[□■]")
_SUB_BULLET = re.compile(r"^\s*[○◦●]\s*\S")
# An item under it: "- …", "· …", "① …", "1) …", "가. …".
ITEM_LINE = re.compile(r"^\s*(?:[-–·∙•▪*]|[①-⑳]|\d{1,2}\)|[가-하][.)])\s*\S")
# A note under the items: "※ …".
_NOTE_LINE = re.compile(r"^\s*※\s*\S")


def with_items(chosen: list[Candidate], scored: list[Candidate], chunks: list[StoredChunk], max_items: int
               ) -> list[Candidate]:
    """A chosen line that only names a list ("○ 지원 제외 대상") brings the item lines under it, read on into the
    next chunk of the document when the list crosses one: the items are what it states."""
    by_pos = {(c.chunk_id, c.index): c for c in scored}
    out = list(chosen)

    def quote(line: Candidate) -> None:
        found = by_pos.get((line.chunk_id, line.index), line)
        if fresh_filter(out)(found):
            out.append(found)

    for c in chosen:
        if c.field is not None and c.field.value:
            if not points_below(c.field.value):
                continue
        elif not (_LABEL_LINE.match(c.text) or parse_label_line(c.text)):
            continue
        # Under a "□" heading the items are "○" lines (the next level of a notice's bullets), unless they are
        # field lines of their own ("○ 접수 기간 : …").
        top_level = bool(_TOP_BULLET.match(c.text))
        listed = 0
        for item in _lines_after(c, chunks):
            sub_item = top_level and _SUB_BULLET.match(item.text) and parse_field_line(item.text) is None
            if not (ITEM_LINE.match(item.text) or sub_item):
                # A note right under the items ("※ 시설자금 신청 시 설비 견적서를 추가로 제출") adds to the list
                # or qualifies it: quoting the items without it would state the list for every case.
                if listed and _NOTE_LINE.match(item.text):
                    quote(item)
                break
            listed += 1
            quote(item)
            if len(out) - len(chosen) >= max_items:
                break
    return out


def whole_lists(chosen: list[Candidate], scored: list[Candidate], chunks: list[StoredChunk], max_items: int
                ) -> list[Candidate]:
    """Two or more chosen lines that are items of one list ("나. 사업자등록증 사본 1부", "다. 수출실적증명서 1부")
    bring the rest of that list: a quote of some of a list's items reads as if they were all. Items that state a
    field of their own ("- 소기업: …") are cases, kept or dropped by ``named_items``."""
    by_pos = {(c.chunk_id, c.index): c for c in scored}
    out = list(chosen)
    items = [c for c in chosen if _plain_item(c.text)]
    for path in {c.passage.chunk.section_path for c in items}:
        mine = {squash(c.text) for c in items if c.passage.chunk.section_path == path}
        if len(mine) < 2:
            continue
        run = next((r for r in _item_runs(path, chunks) if mine <= {squash(c.text) for c in r}), [])
        for line in run[:max_items]:
            found = by_pos.get((line.chunk_id, line.index), line)
            if fresh_filter(out)(found):
                out.append(found)
    return out


def _plain_item(text: str) -> bool:
    return bool(ITEM_LINE.match(text)) and parse_field_line(text) is None


def _item_runs(path: tuple[str, ...], chunks: list[StoredChunk]) -> list[list[Candidate]]:
    """The runs of consecutive plain item lines of the section at ``path``, in reading order."""
    runs: list[list[Candidate]] = [[]]
    for line in _reading_lines([ch for ch in chunks if ch.section_path == path]):
        if _plain_item(line.text):
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def is_section_heading(c: Candidate) -> bool:
    """The line is its section's heading ("## 5. 진출 절차 (5단계)", "5. 선정 평가 배점 (…)")."""
    path = c.passage.chunk.section_path
    return bool(path) and squash(path[-1]).lstrip("#") in squash(c.text).lstrip("#") and len(path[-1]) >= 2


def section_lines(heading: Candidate, scored: list[Candidate], chunks: list[StoredChunk], max_items: int
                  ) -> list[Candidate]:
    """A section heading and the lines under it, up to the next heading: a chosen heading states nothing itself,
    and a question whose asked noun only the heading holds ("서면 평가 배점 어떻게 돼요?" under "5. 선정 평가 배점
    (서면 평가 4개 항목, 100점 만점)") is answered by the section."""
    by_pos = {(c.chunk_id, c.index): c for c in scored}
    path = heading.passage.chunk.section_path
    out = [heading]
    for line in _lines_after(heading, chunks):
        if line.passage.chunk.section_path[:len(path)] != path:  # a numbered item may head a subsection
            break
        out.append(by_pos.get((line.chunk_id, line.index), line))
        if len(out) > max_items:
            break
    return out


def by_section(chosen: list[Candidate], head: Concept | None, scored: list[Candidate], chunks: list[StoredChunk],
               max_items: int) -> list[Candidate]:
    """The section answers when the one chosen line is its heading, or when the asked noun is in the heading of
    the best line's section and in none of the chosen lines."""
    if not chosen:
        return chosen
    best = max(chosen, key=lambda c: c.score)
    if len(chosen) == 1 and is_section_heading(best):
        return section_lines(best, scored, chunks, max_items)
    path = best.passage.chunk.section_path
    # A field word ("대상", "eligible") in a heading names a part of the notice, not the thing asked.
    if (head is None or not path or is_field_word(head.label) or any(holds(head, Haystack(c.text)) for c in chosen)
            or not holds(head, Haystack(path[-1]))):
        return chosen
    heading = _heading_line(path, chunks)
    return section_lines(heading, scored, chunks, max_items) if heading is not None else chosen


def field_section(chosen: list[Candidate], fields: tuple[NoticeField, ...], scored: list[Candidate],
                  chunks: list[StoredChunk], max_items: int) -> list[Candidate]:
    """A field answered in words, asked by name ("제외 대상 알려주세요"), whose section the best chosen line is
    under ("4. 제외 대상") is answered by that section: its lines together are the field's value, and some of them
    read as if they were all. A section longer than an answer's list keeps the lines chosen."""
    under = [c for c in chosen if c.field_match and (c.field is None or not c.field.value.strip())
             and c.passage.chunk.section_path]
    if not under:
        return chosen
    path = max(under, key=lambda c: c.score).passage.chunk.section_path
    if not any(f.labels_line(path[-1]) for f in fields):  # a field line of its own under another heading
        return chosen
    heading = _heading_line(path, chunks)
    section = section_lines(heading, scored, chunks, max_items) if heading is not None else []
    if not section or len(section) > max_items:
        return chosen
    keep = fresh_filter(section)
    return section + [c for c in chosen if keep(c)]


def with_stating_headings(chosen: list[Candidate], concepts: list[Concept], wanted: list[re.Pattern[str]],
                          chunks: list[StoredChunk]) -> list[Candidate]:
    """Lines that hold a word of the question only through their section's heading ("최대" of "2. 가점 항목 (최대
    4점)" for the rows under it) are quoted with that heading when it states the kind of fact asked: it says what
    they do not."""
    out = list(chosen)
    for path in dict.fromkeys(c.passage.chunk.section_path for c in chosen if c.passage.chunk.section_path):
        heading = _heading_line(path, chunks)
        if heading is None or not heading_states(heading.text, wanted) or not fresh_filter(out)(heading):
            continue
        mine = [c for c in chosen if c.passage.chunk.section_path == path]
        own = Haystack(heading.text)
        if any(holds(c, own) and not any(holds(c, Haystack(line.text)) for line in mine) for c in concepts):
            out.insert(out.index(mine[0]), heading)
    return out


def _heading_line(path: tuple[str, ...], chunks: list[StoredChunk]) -> Candidate | None:
    """The line of the document that is the heading of the section at ``path``."""
    return next((candidate_from_chunk(ch, i) for ch in sorted(chunks, key=lambda ch: ch.chunk_index)
                 if ch.section_path == path for i, (s, e) in enumerate(ch.sentence_spans)
                 if squash(path[-1]) in squash(ch.text[s:e])), None)


def case_items(chosen: list[Candidate]) -> list[Candidate]:
    """Sibling item lines that state one field per case: "- 소기업: 기업당 최대 8,000만원", "- 중기업: …"."""
    items = [c for c in chosen if c.field is not None and ITEM_LINE.match(c.text)]
    return items if len(items) >= 2 else []


def names_case(question: str, label: str) -> bool:
    """The question writes the case as a word of its own ("저희는 중기업인데"), not inside a longer word
    ("중소기업" holds 소기업 but names no one case)."""
    written = r"\s*".join(re.escape(ch) for ch in squash(label))
    return bool(written) and re.search(rf"(?<![가-힣A-Za-z]){written}", question.lower()) is not None


def named_items(chosen: list[Candidate], question: str, concepts: Sequence[Concept] = ()) -> list[Candidate]:
    """When the question names the case of some of the sibling item lines, the others answer another asker and
    go. An English question names a case by a word whose Korean is the case's label ("a small enterprise" →
    소기업)."""
    items = case_items(chosen)
    english = {squash(f) for c in concepts if c.label.isascii() for f in c.forms}
    named = [c for c in items if c.field is not None
             and (names_case(question, c.field.label) or squash(c.field.label) in english)]
    if not named or len(named) == len(items):
        return chosen
    return [c for c in chosen if c not in items or c in named]


def _lines_after(c: Candidate, chunks: list[StoredChunk]) -> Iterator[Candidate]:
    """The document's lines after ``c``, in reading order, each once (chunks overlap)."""
    ordered = sorted(chunks, key=lambda ch: ch.chunk_index)
    ids = [ch.chunk_id for ch in ordered]
    if c.chunk_id not in ids:
        ordered, ids = [c.passage.chunk], [c.chunk_id]
    yield from _reading_lines(ordered[ids.index(c.chunk_id):], seen={squash(c.text)}, after=(c.chunk_id, c.index))


def _reading_lines(chunks: list[StoredChunk], seen: set[str] | None = None,
                   after: tuple[str, int] | None = None) -> Iterator[Candidate]:
    """The lines of ``chunks`` in reading order, each text once (chunks overlap), none already ``seen``; with
    ``after``, only the lines after that one of its chunk."""
    seen = set() if seen is None else seen
    for ch in sorted(chunks, key=lambda ch: ch.chunk_index):
        for i, (s, e) in enumerate(ch.sentence_spans):
            if after is not None and ch.chunk_id == after[0] and i <= after[1]:
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
    rows = [c for c in chosen if c.is_row]
    if len(rows) < 2:
        return chosen
    # The question's own words (a name the glossary lacks, "probiotic", too), not those of the document's title;
    # the asker's situation too ("We export vitamin tablets …"): it says which row is theirs.
    words = [k for k in concepts if not k.asked and k.label not in rows[0].subject]
    held = {id(c): {k.label for k in words if holds(k, Haystack(c.text))} for c in rows}
    sets = list(held.values())
    telling = set().union(*sets) - sets[0].intersection(*sets[1:])
    if not telling:
        return chosen
    best = max(len(held[id(c)] & telling) for c in rows)
    return [c for c in chosen if c not in rows or len(held[id(c)] & telling) == best]


def introduced_list(noun: Concept | None, chunks: list[StoredChunk], max_items: int) -> ListAnswer | None:
    """The items after a line that names the asked noun and ends in a colon, when no heading names it: a page lists
    its categories under "3. Items covered", introduced by "The ECL has four categories …:"."""
    if noun is None:
        return None
    forms = [f for f in noun_forms(noun) if len(f) >= 2]
    for ch in sorted(chunks, key=lambda ch: ch.chunk_index):
        lines = [ch.text[s:e].strip() for s, e in ch.sentence_spans]
        for i, line in enumerate(lines):
            if not line.endswith((":", "：")) or not any(f in squash(line) or f in line.lower() for f in forms):
                continue
            items = []
            for j in range(i + 1, len(lines)):
                if not LIST_LINE.match(lines[j]):
                    break
                items.append(candidate_from_chunk(ch, j))
            if len(items) >= 2:
                return ListAnswer(line.rstrip(":：").strip(), items[:max_items])
    return None
