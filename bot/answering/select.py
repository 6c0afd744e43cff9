"""Stage 4, select: which document answers, which of its sentences, and what must come along with them — the
condition in the next sentence ("※ 단, …"), the items under a line that names a list, the newest edition of a
program and what an older edition said otherwise, or the items under a heading when the question asks for a list.
FAQ entries are ``faq.py``'s."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from bot.answering.config import AnswerConfig
from bot.answering.edition_words import editions_named_from_now, year_named_from_now
from bot.answering.evidence import Candidate, DocInfo, sentence_field, table_header
from bot.answering.fact_types import MONEY_TYPES, STRICT_TYPES
from bot.answering.fields import is_field_word, names_a_field
from bot.answering.prepare import Prepared, asks_change
from bot.answering.support import Haystack, holds, titled, unsupported
from bot.concepts import Concept, question_concepts, squash
from bot.noun_phrases import other_kinds
from bot.retrieval import Passage
from ingestion.index import StoredChunk
from ingestion.notice import TABLE_SEP, parse_field_line
from ingestion.structure import CONTACT_LABEL

# A sentence that limits the one before it: "※ 단, 창업 3년 미만 기업은 …", "다만 …", "(단, …)".
_QUALIFIER = re.compile(r"^\s*(?:[※*]|[-–·]\s*)?\s*(?:\(?\s*단\s*[,，]|단서|다만|다\s*만|예외|제외)")
_STARTS_WITH_CONDITION = re.compile(r"^\s*(?:[※*]\s*|[-–·]\s*)?(?:\(?\s*단\s*[,，]|다만)")


@dataclass(frozen=True)
class HistoryNote:
    """An older edition of the same program stated the same field otherwise."""

    current: Candidate
    older: Candidate


@dataclass(frozen=True)
class ListAnswer:
    heading: str  # what the items are (the matched heading or concept)
    items: list[Candidate]


def fresh_filter(chosen: Sequence[Candidate]) -> Callable[[Candidate], bool]:
    seen = [squash(c.text) for c in chosen]

    def fresh(c: Candidate) -> bool:
        key = squash(c.text)
        return not any(key in k or k in key for k in seen)

    return fresh


def same_program(a: DocInfo, b: DocInfo) -> bool:
    return bool(a.program) and len(a.program) >= 4 and a.program == b.program and a.doc_id != b.doc_id


def newest_first(docs: Iterable[DocInfo]) -> list[DocInfo]:
    """Editions by the notice's own date, newest first; a companion document's date does not count (it sorts as
    undated, after every dated notice, and documents alike keep their order)."""
    return sorted(docs, key=lambda d: "" if d.companion else d.date or "", reverse=True)


def older_edition(doc: DocInfo, target: DocInfo) -> bool:
    """``doc`` is an edition of ``target``'s program dated before it (a notice of a notice, a guide of a guide)."""
    return (same_program(target, doc) and doc.companion == target.companion
            and bool(doc.date and target.date and doc.date < target.date))


# A correction or change notice (정정 공고, 변경 공고) restates only what changed; the notice it corrects holds
# everything else ("정정 내용 외의 사항은 당초 공고와 같음").
_AMENDMENT = re.compile(r"(?:정정|변경|수정|연장)\s*공고|\bcorrigendum\b|\bcorrection\b|\bamendment\b", re.IGNORECASE)


def amends_only(doc: DocInfo, question: str) -> bool:
    """``doc`` is a correction of another notice and the question does not ask about the correction itself: it
    answers only the fields it states."""
    return bool(_AMENDMENT.search(doc.title) or _AMENDMENT.search(doc.kind)) and not asks_change(question)


def editions(target: DocInfo, prepared: Prepared, documents: Sequence[DocInfo],
             carriers: Sequence[DocInfo] = (), this_year: int = 0) -> list[DocInfo]:
    """The editions of the target's program the answer may come from, newest first by the notice's own date:
    those the question names by year ("2025년 공고에서는") or from now ("작년엔", counted from ``this_year``),
    else all of them. ``carriers`` are newer integrated notices that hold the program as a sub-program
    (``lineage``)."""
    group = program_editions(target, documents, carriers)
    for year in prepared.years:
        named = [d for d in group if year in d.title or (d.date or "").startswith(year)]
        if named:
            group = named
            break
    else:
        group = editions_named_from_now(group, prepared.edition_offset, this_year) or group
    return newest_first(group)


def program_editions(target: DocInfo, documents: Sequence[DocInfo], carriers: Sequence[DocInfo] = ()
                     ) -> list[DocInfo]:
    return [target, *(d for d in documents if same_program(target, d)), *carriers]


def year_asked_from_now(target: DocInfo, prepared: Prepared, documents: Sequence[DocInfo],
                        carriers: Sequence[DocInfo] = (), this_year: int = 0) -> tuple[str, ...]:
    """The edition year a question names from now ("작년에 몇 개사 뽑았었어요?"), to be checked like a year it
    writes when a figure or date is asked: the program having no such edition, the newest one's figure is another
    year's. A contact or a procedure asked of last year ("작년 … 담당 연락처가 뭐였죠?") is the newest notice's."""
    if prepared.years or not any(p in STRICT_TYPES for p in prepared.wanted):
        return ()
    year = year_named_from_now(program_editions(target, documents, carriers), prepared.edition_offset, this_year)
    return (str(year),) if year is not None else ()


def target_document(prepared: Prepared, scored: list[Candidate], passages: Sequence[Passage],
                    evidence_passages: int) -> DocInfo:
    """The document that answers: the one whose passages hold most of the question's concepts (a name or number
    counts double), then one that states the notice field asked for, then the one with the best sentence.
    Sentences of other documents are not mixed in."""
    best_by_doc: dict[str, Candidate] = {}
    for c in scored:
        best_by_doc.setdefault(c.doc_id, c)
    texts: dict[str, list[str]] = {}
    for p in passages[: max(evidence_passages, 1) * 2]:
        texts.setdefault(p.chunk.doc_id, [p.chunk.title, p.chunk.section_label]).append(p.chunk.text)

    states_field = {c.doc_id for c in scored if c.field_match}
    # The question's words that name a program, by the titles that hold them. A title holding all that any title
    # holds is the program the question names; when the names are spread over titles ("도약지원사업이랑 사후관리
    # 지원사업"), none is.
    named = {doc_id: titled(prepared.concepts, c.doc.title) for doc_id, c in best_by_doc.items()}
    every = set().union(*named.values())

    situation = [replace(c, background=False) for c in prepared.concepts if c.background]

    def rank(doc_id: str) -> tuple[float, int, bool, bool, float]:
        # Between documents that hold the question alike, the one that speaks to the asker's situation ("분납 중인데"
        # → the FAQ entry on 분납), then the one whose title the question names (플랫폼 입점 → "온라인 수출 플랫폼
        # 입점 지원사업"), then one that states the notice field asked for, answers it (a FAQ that mentions a
        # program is not where its rules or its contact line are).
        evidence = "\n".join(texts.get(doc_id, []))
        return (-missing_weight(prepared, evidence), -len(unsupported(situation, evidence)) if situation else 0,
                bool(every) and named[doc_id] == every, doc_id in states_field, best_by_doc[doc_id].score)

    best = max(best_by_doc, key=rank)
    if prepared.followup:
        # A follow-up naming a program ("도약사업은요?") moves the conversation to it: a document whose title names
        # none of it, that only mentions the program in its text ("도약지원사업으로 새로 획득한 인증의 …"), is the
        # one talked about before.
        own = [c for c in question_concepts(prepared.text) if not c.asked and not re.search(r"\d", c.label)]
        held = {d: titled(own, c.doc.title) for d, c in best_by_doc.items()}
        every = set().union(*held.values())
        if every and not held[best] and (moved := [d for d in best_by_doc if held[d] == every]):
            best = max(moved, key=rank)
    return best_by_doc[best].doc


def missing_weight(prepared: Prepared, evidence: str) -> float:
    """How much of the question ``evidence`` lacks: absent concepts, a name or number counting double."""
    return sum(2.0 if c.specific else 1.0 for c in unsupported(prepared.concepts, evidence))


def lack(prepared: Prepared, evidence: str, whole: Haystack) -> tuple[float, int]:
    """What a document's passages (``evidence``) lack of the question, then what its ``whole`` text lacks of the
    situation the asker tells ("임시저장만 해놨는데"): of two documents that hold the question alike, the one that
    speaks to the situation answers. The situation is looked for in the whole text: two editions of a notice both
    speak to it, wherever the first retrieval happened to read them."""
    # A number the asker tells ("만 35세인데") is theirs, not a word a document speaks to the situation with.
    situation = [replace(c, background=False) for c in prepared.concepts
                 if c.background and not re.fullmatch(r"[\d.,]+", c.label)]
    return missing_weight(prepared, evidence), len(unsupported(situation, whole)) if situation else 0


def passages_text(passages: Sequence[Passage]) -> str:
    """The text the concept check reads of passages: each with its document title and section."""
    return "\n".join(f"{p.chunk.title}\n{p.chunk.section_label}\n{p.chunk.text}" for p in passages)


def doc_evidence(passages: Sequence[Passage], doc_id: str) -> str:
    return passages_text([p for p in passages if p.chunk.doc_id == doc_id])


def _heads_fields(c: Candidate) -> bool:
    """A label-only line followed by field lines (a heading of fields), not by the items of its own value."""
    if c.field is None or c.field.value.strip():
        return False
    spans = c.passage.chunk.sentence_spans
    if c.index + 1 >= len(spans):
        return False
    start, end = spans[c.index + 1]
    return parse_field_line(c.passage.chunk.text[start:end].strip()) is not None


def pick(scored: list[Candidate], prepared: Prepared, concepts: list[Concept], config: AnswerConfig
         ) -> list[Candidate]:
    """The best sentence, near-ties, then sentences that bring what the chosen ones still lack (a concept of the
    question, or the kind of fact asked for), preferring the neighbours of the best sentence."""
    if not scored:
        return []
    wanted = prepared.wanted
    best = scored[0]
    # Chunks overlap: the same heading may end one chunk (no line after it there) and open the next.
    label_only = best.field is not None and not best.field.value.strip()
    if label_only and any(_heads_fields(c) for c in scored if squash(c.text) == squash(best.text)):
        # "□ 신청 방법 및 기간" over "○ 접수 기간 : …", "○ 접수 방법 : …": a heading of field lines states none
        # of them; the field line asked for does.
        best = next((c for c in scored if c.field_match and c.field is not None and c.field.value.strip()
                     and c.score >= best.score - config.completion_margin), best)
    # A sentence that states the figure or date asked for, and holds as many of the question's words, answers
    # before a close one that states none ("What is the fee for an individual licence?": the fee table's row, not
    # the page's overview sentence that names the licence).
    strict = [pat for pat in wanted if pat in STRICT_TYPES]
    if strict and not any(pat.search(best.read_text) for pat in strict):
        best = next((c for c in scored if c.score >= best.score - config.completion_margin
                     and any(pat.search(c.read_text) for pat in strict) and len(c.covers) >= len(best.covers)), best)
    # A line that states the amount for another kind of the noun asked ("registration fee" when a permit's fee is
    # asked) gives way to a close one that states a figure and names no other kind (the permit's row).
    money = [pat for pat in strict if pat in MONEY_TYPES]
    if money and other_kinds(best.text, concepts):
        best = next((c for c in scored if c.score >= best.score - config.completion_margin
                     and any(pat.search(c.read_text) for pat in money) and len(c.covers) >= len(best.covers)
                     and not other_kinds(c.read_text, concepts)), best)
    # The asker's case named ("제품 디자인으로 신청하면 최대 얼마?"): a close sentence or table row that states the rule
    # for that case answers before one that states the general rule ("기업당 총 지원 한도는 4,000만원").
    case = {c.label for c in concepts if c.background and c.checkable and not c.predicate}
    if case and not case <= best.covers:
        best = next((c for c in scored if c.score >= best.score - config.completion_margin and case <= c.covers
                     and all(pat.search(c.read_text) for pat in strict)), best)
    chosen = [best]
    # Near-ties of the best sentence, leaving a place for a sentence that states the kind of fact asked when none
    # of them does ("대상: …", "제외: …", "효과: …" near-tied, "시행일: 2027. 1. 1." just below).
    untyped = bool(wanted) and not any(pat.search(best.text) for pat in wanted)
    for c in scored[1:]:
        if len(chosen) >= config.max_sentences - (1 if untyped else 0) or c.score < best.score - config.sentence_margin:
            break
        if fresh_filter(chosen)(c):
            chosen.append(c)
            untyped = untyped and not any(pat.search(c.text) for pat in wanted)
    for _ in range(config.max_sentences - len(chosen)):
        lacking = {c.label for c in concepts} - set().union(*(c.covers for c in chosen))
        lacking_types = [pat for pat in wanted if not any(pat.search(c.text) for c in chosen)]
        if not lacking and not lacking_types:
            break

        def gain(c: Candidate, lacking: set[str] = lacking, lacking_types: list[re.Pattern[str]] = lacking_types
                 ) -> float:
            g = len(c.covers & lacking) + sum(1 for pat in lacking_types if pat.search(c.text))
            # The next sentence of a paragraph often carries its figure; a line labelled with another field
            # ("○ 사업설명회: 2. 22.(목) 14:00" beside a note on the deadline) states that field's, not the asked one's.
            near = (c.chunk_id == best.chunk_id and abs(c.index - best.index) == 1
                    and not _other_field(c, prepared))
            return g + (0.5 if near and g else 0.0)

        def reachable(c: Candidate) -> bool:
            # The best sentence's own passage may complete it from further down (the figure is often in the
            # next sentence of the same paragraph); elsewhere only close runners-up may.
            margin = config.same_passage_margin if c.chunk_id == best.chunk_id else config.completion_margin
            return c.score >= best.score - margin

        fresh = fresh_filter(chosen)
        options = [c for c in scored if reachable(c) and fresh(c) and gain(c) > 0]
        if not options:
            break
        chosen.append(max(options, key=lambda c: (gain(c), c.score)))
    # The contact block is a few short lines (department, people, phones): quote it whole.
    for c in list(chosen):
        if c.passage.chunk.section_path[:1] == (CONTACT_LABEL,):
            for other in scored:
                if other.chunk_id == c.chunk_id and fresh_filter(chosen)(other):
                    chosen.append(other)
    return chosen


def _other_field(c: Candidate, prepared: Prepared) -> bool:
    """``c`` is a "label: value" line whose label is not a field the question asks for."""
    return (c.field is not None and bool(c.field.value.strip())
            and not any(f.labels_line(c.field.key) for f in prepared.fields))


def _table_rows(c: Candidate, max_rows: int) -> list[Candidate]:
    """The other rows of the table a chosen row belongs to (rows are " | "-separated lines, header first); only
    the header when a row below it is the notice field asked for ("신청 마감 | 3. 20. | 4. 3." under "구분 |
    변경 전 | 변경 후"): the other rows state other fields."""
    if " | " not in c.text:
        return []
    spans = c.passage.chunk.sentence_spans
    text = c.passage.chunk.text
    rows = [i for i in range(len(spans)) if " | " in text[spans[i][0]:spans[i][1]]]
    start = end = c.index
    while start - 1 in rows:
        start -= 1
    # A row that is itself a field ("신청 마감 | …" of a change table), not an item under the header's field
    # ("인증 갱신비 | … | 1,200만원" under "지원 항목 | …"); and the header itself names what its rows state.
    one_row = c.field_match and c.index != start and c.field is not None and names_a_field(c.field.key)
    while end + 1 in rows and end - start + 1 < max_rows and not one_row:
        end += 1
    wanted = [start] if one_row else range(start, end + 1)
    return [_neighbour(c, i - c.index, text[spans[i][0]:spans[i][1]].strip()) for i in wanted if i != c.index]


def with_conditions(chosen: list[Candidate], scored: list[Candidate], max_rows: int = 10) -> list[Candidate]:
    """Add the sentence that qualifies a chosen one — the next one when it opens with ※/단/다만, the previous
    one when the chosen sentence itself starts with 단 — so a quote never loses the condition it holds under;
    and the whole table (header and rows) when a chosen sentence is one of its rows."""
    by_pos = {(c.chunk_id, c.index): c for c in scored}
    out = list(chosen)
    for c in chosen:
        for row in _table_rows(c, max_rows):
            if fresh_filter(out)(row):
                out.append(row)
        for offset, pattern in ((1, _QUALIFIER), (-1, None)):
            if offset == -1 and not _STARTS_WITH_CONDITION.search(c.text):
                continue
            text = c.neighbour_text(offset)
            if text is None or (pattern is not None and not pattern.search(text)):
                continue
            other = by_pos.get((c.chunk_id, c.index + offset)) or _neighbour(c, offset, text)
            if fresh_filter(out)(other):
                out.append(other)
    return out


def _neighbour(c: Candidate, offset: int, text: str) -> Candidate:
    return Candidate(c.passage_rank, c.passage, c.index + offset, text, c.score - 1.0, c.similarity, frozenset(),
                     parse_field_line(text), False)


def in_reading_order(chosen: list[Candidate]) -> list[Candidate]:
    return sorted(chosen, key=lambda c: (c.doc_id, c.passage.chunk.char_start, c.index))


def candidate_from_chunk(chunk: StoredChunk, index: int) -> Candidate:
    s, e = chunk.sentence_spans[index]
    text = chunk.text[s:e].strip()
    return Candidate(99, Passage(chunk, 0.0, None, None), index, text, 0.0, 0.0, frozenset(),
                     parse_field_line(text), False)


def edition_lines(prepared: Prepared, docs: Sequence[DocInfo], chunks_of: Callable[[str], list[StoredChunk]],
                  years: Sequence[str] = ()) -> list[Candidate]:
    """A comparison of editions by year ("2027년이랑 2028년 지원 한도 차이"): the asked field's line in each edition
    the question names, from the newest document of that year that states it (a correction before the notice it
    corrects). Empty unless at least two years are answered."""
    years = years or prepared.years
    if len(years) < 2 or not prepared.fields:
        return []
    out: list[Candidate] = []
    for year in years:
        of_year = [d for d in docs if year in d.title or (d.date or "").startswith(year)]
        for doc in newest_first(of_year):
            line = _stated_field(chunks_of(doc.doc_id), prepared)
            if line is not None:
                out.append(line)
                break
    return out if len(out) >= 2 else []


# A numbered heading inside a section: "다. 해외 인증 획득 지원", "2) 온라인 판로", short and no sentence.
_SUBHEADING = re.compile(r"^\s*(?:[가-하]|\d{1,2}|[IVX]{1,4})\s*[.)]\s*[^\s:：][^:：]{0,38}$")


def _stated_field(chunks: list[StoredChunk], prepared: Prepared) -> Candidate | None:
    """The document's line that states an asked field with its value: a "○ 항목: 값" line, else a table row (a
    change table gives its value in force); the first such, unless the question names a part of the document
    beyond its title (a sub-program of an integrated notice: "해외 인증 … 지원 비율") — then the first under a
    heading, or in a row, that names the most of it."""
    title = Haystack(chunks[0].title) if chunks else Haystack("")
    naming = [c for c in prepared.concepts if c.checkable and not (c.asked or c.predicate or c.background)
              and not is_field_word(c.label) and not holds(c, title)]
    found: list[tuple[int, bool, Candidate]] = []
    # "다. 해외 인증 획득 지원" above the field lines of that sub-program, carried into the next chunk of the section.
    subheading, section = "", ""
    for chunk in sorted(chunks, key=lambda ch: ch.chunk_index):
        spans = chunk.sentence_spans
        if chunk.section_label != section:
            subheading, section = "", chunk.section_label
        for i, (s, e) in enumerate(spans):
            text = chunk.text[s:e].strip()
            header = table_header(chunk.text, spans, i) if TABLE_SEP in text else None
            field = sentence_field(text, header)
            if field is None and _SUBHEADING.match(text):
                subheading = text
            if field is None or not field.value or not any(f.labels_line(field.key) for f in prepared.fields):
                continue
            where = Haystack(f"{chunk.section_label}\n{subheading}\n{text}")
            named = sum(1 for c in naming if holds(c, where))
            found.append((named, header is None, replace(candidate_from_chunk(chunk, i), field_match=True)))
    if not found:
        return None
    best = max(named for named, _line, _c in found)
    return next((c for named, line, c in found if named == best and line),
                next(c for named, _line, c in found if named == best))


def history_notes(chosen: list[Candidate], older_chunks: dict[str, list[StoredChunk]]) -> list[HistoryNote]:
    """For each chosen field line ("○ 지원 한도: …"), the same field in an older edition when its value differs."""
    notes: list[HistoryNote] = []
    for c in chosen:
        if c.field is None:
            continue
        for chunks in older_chunks.values():
            older = _field_in(chunks, c.field.key)
            if older is not None and older.field is not None and squash(older.field.value) != squash(c.field.value):
                notes.append(HistoryNote(c, older))
                break
    return notes


def _field_in(chunks: list[StoredChunk], key: str) -> Candidate | None:
    for chunk in sorted(chunks, key=lambda ch: ch.chunk_index):
        for i, (s, e) in enumerate(chunk.sentence_spans):
            field = parse_field_line(chunk.text[s:e].strip())
            if field is not None and field.key == key:
                return candidate_from_chunk(chunk, i)
    return None

