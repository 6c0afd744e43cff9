"""Stages 6–7, cite and render: numbered citations for the chosen sentences and the answer's wording in Korean
or English. The one place that words an answer, a list, an edition note or an abstention, so every channel
shows the same text and reads the outcome from the structured ``Answer``, never from the wording."""

from __future__ import annotations

import re

from bot.answering.decide import Decision
from bot.answering.evidence import Candidate
from bot.answering.select import HistoryNote, ListAnswer
from bot.models import Citation, Contact
from bot.wording import word
from ingestion.notice import TABLE_SEP, is_change_header


class CitationBuilder:
    """Numbers citations by chunk in the order sentences are added; sentences of one chunk share a number."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._by_chunk: dict[str, int] = {}

    def cite(self, c: Candidate) -> int:
        chunk = c.passage.chunk
        if chunk.chunk_id in self._by_chunk:
            n = self._by_chunk[chunk.chunk_id]
            cit = self.citations[n - 1]
            if c.text not in cit.quote:
                self.citations[n - 1] = cit.model_copy(update={"quote": f"{cit.quote} {c.text}"})
            return n
        n = len(self.citations) + 1
        self._by_chunk[chunk.chunk_id] = n
        self.citations.append(Citation(
            n=n, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, doc_title=chunk.title, doc_date=c.doc.date,
            section=chunk.section_label, section_path=list(chunk.section_path), pages=list(chunk.pages),
            quote=c.text, passage=chunk.text, score=round(c.score, 4),
        ))
        return n


# An edition note opens with one of these: it says what an older edition stated, labelled as such.
EDITION_NOTE_OPENINGS = ("Note: this is from the newest notice", "※ 최신 공고(")
# A change table's replaced value is told the same way, labelled: "※ 변경 전(당초): 기업당 최대 1,800만원".
CHANGE_NOTE_OPENINGS = ("Before the change: ", "※ 변경 전(당초): ")


def without_edition_notes(text: str) -> str:
    """The answer without its edition notes: what it states as the answer, not what it reports an older edition
    said (an evaluation's "must not contain" strings are often the older edition's figures)."""
    notes = EDITION_NOTE_OPENINGS + CHANGE_NOTE_OPENINGS
    return "\n".join(line for line in text.split("\n") if not line.lstrip("- ").startswith(notes))


def _date(value: str | None, language: str) -> str:
    if not value:
        return "날짜 미상" if language == "ko" else "undated"
    return value


def _is_change_row(c: Candidate) -> bool:
    return c.field is not None and bool(c.field.before) and TABLE_SEP in c.text


def _answer_lines(chosen: list[Candidate], cites: CitationBuilder, language: str) -> list[str]:
    """Each chosen sentence as quoted, except a change table's row: the field with its value in force, then the
    value it replaced, labelled ("바우처 한도: 기업당 최대 2,400만원" / "※ 변경 전(당초): 기업당 최대 1,800만원"),
    so the replaced figure is never read as the answer. The table's header row says nothing beside them."""
    rows = [c for c in chosen if _is_change_row(c)]
    lines: list[str] = []
    for c in chosen:
        if rows and TABLE_SEP in c.text and c.field is None and is_change_header(c.text):
            continue
        n = cites.cite(c)
        if c.field is not None and _is_change_row(c):
            opening = CHANGE_NOTE_OPENINGS[0 if language == "en" else 1]
            lines += [f"{c.field.label}: {c.field.value} [{n}]", f"{opening}{c.field.before} [{n}]"]
        else:
            lines.append(f"{c.text} [{n}]")
    return lines


def render_answer(language: str, chosen: list[Candidate], notes: list[HistoryNote], cites: CitationBuilder
                  ) -> str:
    lines = _answer_lines(chosen, cites, language)
    note_lines = []
    for note in notes:
        n = cites.cite(note.older)
        new, old = note.current.doc, note.older.doc
        if language == "en":
            note_lines.append(f"{EDITION_NOTE_OPENINGS[0]} ({_date(new.date, language)}); an older edition "
                              f"({_date(old.date, language)}, {old.title}) said: {note.older.text} [{n}]")
        else:
            note_lines.append(f"{EDITION_NOTE_OPENINGS[1]}{_date(new.date, language)}) 기준입니다. 이전 공고"
                              f"({_date(old.date, language)}, {old.title})에는 다음과 같이 되어 있었습니다: "
                              f"{note.older.text} [{n}]")
    if language == "en":
        # A page's English summary is quoted as written: only Korean lines are "quoted in Korean".
        opening = "quoted_in_korean" if any(re.search("[가-힣]", c.text) for c in chosen) else "quoted"
        body = word(opening, language) + "\n" + "\n".join(f"- {_unmarked(line)}" for line in lines)
    else:
        body = "\n".join(lines)
    return "\n".join([body, *note_lines])


_DASH_MARK = re.compile(r"^[-–•*]\s+")


def _unmarked(line: str) -> str:
    """A list item without its own dash: the answer puts one before every line ("- - Certificate …" otherwise)."""
    return _DASH_MARK.sub("", line)


def render_list(language: str, answer: ListAnswer, cites: CitationBuilder, count: bool) -> str:
    items = [f"- {_unmarked(c.text)} [{cites.cite(c)}]" for c in answer.items]
    n = len(answer.items)
    title = answer.items[0].doc.title if answer.items else ""
    if language == "en":
        head = f"The document lists {n} items under “{answer.heading}” ({title}):"
    else:
        head = f"「{title}」의 ‘{answer.heading}’ 항목은 {'모두 ' if count else ''}{n}개입니다:"
    return head + "\n" + "\n".join(items)


def render_abstention(language: str, decision: Decision, contact: Contact | None) -> str:
    if "injection" in decision.reasons:
        return word("refusal", language)
    parts = [word("not_found", language), word("no_guess", language)]
    if decision.missing:
        parts.append(f"{word('missing', language)}: {', '.join(decision.missing)}.")
    if contact:
        parts.append(f"{word('contact', language)}: {contact.one_line()}.")
    return " ".join(parts)
