"""Stage 3, evidence: every sentence of the retrieved passages as a candidate, scored against the question, with
what later stages need to judge it — its document (title, date, program, edition), its section, the notice
field it states, and its neighbours in the paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.answering.config import AnswerConfig
from bot.answering.fields import NoticeField, is_field_word, names_a_field
from bot.answering.prepare import Prepared, asks_change
from bot.answering.support import Haystack, holds, longer_words, outside_longer
from bot.concepts import Concept, squash
from bot.retrieval import Passage
from ingestion.notice import (
    COMPANION_KINDS,
    TABLE_SEP,
    FieldLine,
    is_change_header,
    parse_field_line,
    parse_label_line,
    table_field,
)

# Lines about the document rather than its program: the notice number, its date line, and when and by whom the
# page was posted ("게시일: 2026. 10. 5.", "Published: …") — a date there is not when anything in it happens.
_HEADER_LINE = re.compile(
    r"공고\s*제?\s*\d{2,4}\s*[-–]\s*\d+\s*호|^\s*(?:19|20)\d\d\s*[.년]\s*\d{1,2}\s*[.월]\s*\d{1,2}\s*[.일]?\s*$"
    r"|^\s*(?:[-•·]\s*)?(?:게시일|작성일|등록일|수정일|게시|작성|published|posted|updated|last updated)\s*[:：]",
    re.IGNORECASE,
)

_QUESTION_HEADING = re.compile(r"^Q\d|[?？]\s*$")


@dataclass(frozen=True)
class DocInfo:
    """A document as answers name it: title, date (the notice's own, else the publication date), program key."""

    doc_id: str
    title: str
    date: str | None
    program: str
    kind: str
    issuer: str = ""  # the body named before the notice number ("비솔창업경제진흥원 공고 제2029-014호")
    doc_kind: str = ""  # notice, press_release, regulation or guide (``ingestion.notice.KINDS``), as ingestion read it

    @property
    def companion(self) -> bool:
        """A FAQ, guide or press release: it speaks for a program's notice and may share its program key, but it is
        no edition of the notice whatever its date ("2032. 1. 28. 게시" is a week after the notice it explains),
        and no integrated notice that carries a program."""
        return self.doc_kind in COMPANION_KINDS

    @classmethod
    def of(cls, meta: dict[str, object], doc_id: str) -> DocInfo:
        date = meta.get("notice_date") or meta.get("published")
        return cls(doc_id, str(meta.get("title", "")), str(date) if date else None,
                   str(meta.get("program") or ""), str(meta.get("kind") or ""), str(meta.get("issuer") or ""),
                   str(meta.get("doc_kind") or ""))


@dataclass(frozen=True)
class Candidate:
    """One sentence of a retrieved passage."""

    passage_rank: int
    passage: Passage
    index: int  # sentence index inside the chunk
    text: str
    score: float
    similarity: float
    covers: frozenset[str]  # labels of the question's concepts the sentence (or its title/heading) holds
    field: FieldLine | None
    field_match: bool  # the sentence is the notice field the question asks for
    subject: frozenset[str] = frozenset()  # concepts its document's title holds: they say which program, not what

    @property
    def doc_id(self) -> str:
        return self.passage.chunk.doc_id

    @property
    def chunk_id(self) -> str:
        return self.passage.chunk.chunk_id

    @cached_property
    def doc(self) -> DocInfo:
        return DocInfo.of(self.passage.chunk.meta, self.doc_id)

    @cached_property
    def read_text(self) -> str:
        """The sentence as a reader reads it: a table row with its header's column names ("Fee per product: MVS
        1,200"), so a figure a column header names as a fee or a date is one."""
        if TABLE_SEP not in self.text:
            return self.text
        return with_header(self.text, table_header(self.passage.chunk.text, self.passage.chunk.sentence_spans,
                                                   self.index))

    @property
    def is_row(self) -> bool:
        """A table row under a header (its column names make it read otherwise), not the header itself."""
        return TABLE_SEP in self.text and self.read_text != self.text

    @property
    def first_cell(self) -> str:
        """A row's first cell, which names its case ("브랜드 개발", "Class B"); the whole text of any other line."""
        return self.text.split(TABLE_SEP)[0].strip()

    def neighbour_text(self, offset: int) -> str | None:
        spans = self.passage.chunk.sentence_spans
        j = self.index + offset
        if 0 <= j < len(spans):
            s, e = spans[j]
            return self.passage.chunk.text[s:e].strip()
        return None


def sentence_field(text: str, header: str | None) -> FieldLine | None:
    """The notice field a sentence states: a "○ 항목: 값" line, a "○ 항목" line whose items follow it, or a table
    row (read with its table's ``header``)."""
    field = parse_field_line(text) or parse_label_line(text)
    if field is not None or TABLE_SEP not in text:
        return field
    return table_field(text, header)


def with_header(row: str, header: str | None) -> str:
    """A table row with each cell after its column's name; the row as it is when the columns do not match."""
    if header is None or row.strip() == header.strip():
        return row
    columns = [c.strip() for c in header.split("|")]
    cells = [c.strip() for c in row.split("|")]
    if len(columns) != len(cells):
        return row
    return " | ".join(f"{name}: {cell}" if name else cell for name, cell in zip(columns, cells, strict=True))


def table_header(chunk_text: str, spans: Sequence[tuple[int, int]], index: int) -> str | None:
    """The header of the table sentence ``index`` is a row of: the first of the " | " lines it stands among."""
    first = index
    while first > 0 and TABLE_SEP in chunk_text[spans[first - 1][0]:spans[first - 1][1]]:
        first -= 1
    return chunk_text[spans[first][0]:spans[first][1]].strip() if first < index else None


def names_column(header: str | None, fields: Sequence[NoticeField]) -> bool:
    """A column of the table after its first names an asked field ("구분 | 정부 지원 비율 | 기업당 한도"): each
    row states that field for its own case (기초 단계, 고도화 단계)."""
    if header is None:
        return False
    return any(f.labels_line(column) for column in header.split("|")[1:] for f in fields)


def covered_concepts(concepts: list[Concept], text: str) -> set[str]:
    hay = Haystack(text)
    return {c.label for c in concepts if holds(c, hay)}


def score_candidates(prepared: Prepared, passages: list[Passage], sentence_vecs: dict[str, np.ndarray],
                     qvec: np.ndarray, config: AnswerConfig) -> list[Candidate]:
    """Score = similarity to the question + share of its concepts held (in the sentence, or at ``title_weight``
    in its document title or heading) + a bonus for the kind of fact asked for and for the asked notice field;
    headings and title lines answer nothing by themselves."""
    concepts = prepared.concepts
    longer = longer_words(concepts)  # 위원회 beside 위원: the shorter is held only outside the longer
    weights = [2.0 if c.specific else 1.0 for c in concepts]
    change_asked = not prepared.fields and asks_change(prepared.resolved)
    # A year the question names from today ("작년에 지원받았는데" → 2025) counts as a concept a sentence may hold.
    dated = re.compile(rf"(?<!\d)(?:{'|'.join(prepared.deixis_years)})(?!\d)") if prepared.deixis_years else None
    total = (sum(weights) + (1.0 if dated else 0.0)) or 1.0
    out: list[Candidate] = []
    for rank, p in enumerate(passages):
        vecs = sentence_vecs.get(p.chunk.chunk_id)
        spans = p.chunk.sentence_spans
        if vecs is None or len(vecs) != len(spans):
            continue
        sims = vecs @ qvec
        context = Haystack(p.chunk.section_label)
        in_context = frozenset(c.label for c in concepts if holds(c, context))
        title = squash(p.chunk.title)
        title_text = Haystack(p.chunk.title)
        subject = frozenset(c.label for c in concepts if holds(c, title_text))
        headings = {squash(h) for h in p.chunk.section_path} | {title}
        # Lines under a heading that names the asked field ("6. 문의처" → its lines) state that field; a FAQ
        # entry's question ("Q8. 신청 마감이 연장될 수도 있나요?") names what it answers, not a field.
        heading_field = (bool(p.chunk.section_path) and not _QUESTION_HEADING.search(p.chunk.section_path[-1])
                         and any(f.labels_line(p.chunk.section_path[-1]) for f in prepared.fields))
        for i, (s, e) in enumerate(spans):
            text = p.chunk.text[s:e].strip()
            if not text:  # a line set aside (``faq.other_cases_set_aside``)
                continue
            flat = squash(text)
            header = table_header(p.chunk.text, spans, i) if TABLE_SEP in text else None
            read = with_header(text, header) if header is not None else text
            hay = Haystack(read)  # a table row holds what its column names say ("Fee per product: …")
            covered = 0.0
            covers = set()
            for c, w in zip(concepts, weights, strict=True):
                if c.label in subject:  # the program's name: every sentence of the notice is about it alike
                    covered += config.title_weight * w
                    covers.add(c.label)
                elif holds(c, outside_longer(hay, longer.get(c.label, ()))):
                    covered += w
                    covers.add(c.label)
                elif c.label in in_context:
                    covered += config.title_weight * w
                    covers.add(c.label)
            if dated is not None and dated.search(text):
                covered += 1.0
            field = sentence_field(text, header)
            is_heading = flat in headings or (len(title) >= 6 and title in flat and len(flat) < len(title) + 40)
            # Under a heading that names the field, a line states it unless it is another field's line
            # ("○ 신청 방법: …" under "4. 신청 기간 및 방법"); "○ ○○팀: 031-…" under "6. 문의처" states the contact.
            field_match = not is_heading and (bool(field and any(f.labels_line(field.key) for f in prepared.fields))
                                              or (heading_field and (field is None or not names_a_field(field.key)))
                                              or (field is not None and names_column(header, prepared.fields))
                                              # "뭐가 바뀌었어요?" of a 정정 공고: its change table's rows state it.
                                              or (change_asked and field is not None and is_change_header(header)))
            if field_match and field is not None and _inquiry_of_another_case(field.label, prepared):
                field_match = False
            # A sentence that states the field in words ("… 보관료는 지원하지 않음") without its label line.
            worded = not field_match and not is_heading and any(f.answer_type == "text" and f.stated_in(flat)
                                                                for f in prepared.fields)
            score = float(sims[i]) + config.lexical_weight * covered / total + 0.02 / (1 + rank)
            score += config.answer_type_bonus * sum(1 for pat in prepared.wanted if pat.search(read))
            if field_match:
                score += config.field_bonus
            elif worded:
                score += config.worded_field_bonus
            if is_heading or _HEADER_LINE.search(text):
                score -= config.heading_penalty  # the citation already names the heading and the document
            elif len(flat) < 15 and not field:
                score -= config.fragment_penalty  # fragments rarely answer anything on their own
            out.append(Candidate(rank, p, i, text, score, float(sims[i]), frozenset(covers), field, field_match,
                                 subject))
    return sorted(out, key=lambda c: -c.score)


def _inquiry_of_another_case(label: str, prepared: Prepared) -> bool:
    """A contact line for one kind of inquiry ("○ 공급기업 풀 등록 문의: 기업성장팀 …") none of whose words the
    question uses answers those who ask about that, not a question for the program's contact ("문의 전화번호는?");
    "포털 접속 장애 문의" answers "포털 login이 안돼요"."""
    if not any(f.answer_type == "person" for f in prepared.fields) or not squash(label).endswith("문의"):
        return False  # a team's name as the label ("○ 물류지원팀: 02-…") is the contact itself
    asked = squash(prepared.resolved)
    words = [squash(w) for w in re.findall(r"[가-힣]{2,}", label) if not is_field_word(w)]
    return bool(words) and not any(w in asked for w in words)
