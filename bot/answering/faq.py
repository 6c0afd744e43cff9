"""FAQ pages, where the question is written in the document: an entry as close to the asked question as any
sentence is answered by the lines under it, up to the next entry; a chosen entry line is replaced by those lines,
since the question line itself states nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.answering.config import AnswerConfig
from bot.answering.evidence import Candidate
from bot.answering.prepare import Prepared
from bot.answering.select import candidate_from_chunk, fresh_filter
from bot.answering.stated import unmet_fields, unmet_types
from bot.concepts import squash
from bot.noun_phrases import other_counts_named, other_kinds_named
from bot.retrieval import Passage
from ingestion.index import StoredChunk

# A line that is itself a question: a FAQ entry ("## Q2. 두 사업을 같은 해에 모두 신청할 수 있나요?", "Q. …?").
_QUESTION_LINE = re.compile(r"[?？]\s*[*_]*\s*$")  # "**Q2. …?**": Markdown emphasis around it
# A line that opens with yes or no: it answers the question of its entry.
# After the answer's mark only as the whole line ("**A.** 아니요.") or with a bare verdict of at most three words and
# no figure ("**A.** 아니요, 지원 대상이 아닙니다."): "A. 네, 두 사업 모두 신청할 수 있습니다." says what it answers.
# An answer's mark ("**A.**", "답변:") before the line's first clause.
_MARK = r"^\s*\**\s*(?:A|답변?)\s*[.:)]\s*\**\s*"
_ANSWER_MARK = re.compile(_MARK, re.IGNORECASE)
_YES_OR_NO = re.compile(r"^\s*(?:네|예|아니요|아니오|아뇨|아닙니다|yes|no)(?:[,.!]|\s*$)"
                        rf"|{_MARK}(?:네|예|아니요|아니오|아뇨|아닙니다|yes|no)"
                        r"(?:[.!]?|,(?:\s+[^\s\d]+){1,3}[.!]?)\s*$",
                        re.IGNORECASE)
_ENTRY_START = re.compile(r"^\s*(?:#+\s*|Q\s*\d*\s*[.:)]|질문\s*\d*\s*[.:)])", re.IGNORECASE)


def is_question_line(text: str) -> bool:
    return bool(_QUESTION_LINE.search(text)) and len(text) <= 200


def faq_answer(scored: list[Candidate], chunks: list[StoredChunk], prepared: Prepared, config: AnswerConfig
               ) -> list[Candidate] | None:
    """The answer under a FAQ entry (``_entry_answer``) when it states the kind of fact and the notice field asked
    for (a heading "…의 추진 배경은?" is close to every question about its document, but gives no date, no
    limit)."""
    found = _entry_answer(scored, chunks, config)
    if found is None:
        return None
    entry, answer = found
    if (all(any(pat.search(c.text) for c in answer) for pat in prepared.wanted)
            and not unmet_types(prepared, answer) and not unmet_fields(prepared, answer)
            and not _passes_over(entry, answer, scored, chunks)):
        return answer
    return None


def _passes_over(entry: Candidate, answer: list[Candidate], scored: list[Candidate], chunks: list[StoredChunk]
                 ) -> set[str]:
    """Words of the question another entry of the FAQ holds but neither this entry nor its answer does: "선급금 받을
    수 있나요? 최대 얼마나요?" is close to the entry "기업당 최대 얼마까지 지원되나요?", whose answer never names
    선급금 that the entry "지원금은 언제 받나요?" explains. (Words of the page's preamble do not count: an entry may
    say "두 사업" of the programs the preamble names.)"""
    entries = _entries_of(chunks)
    home = squash(entry.text)

    def under_another(c: Candidate) -> bool:
        owner = c if is_question_line(c.text) else entries.get((c.chunk_id, c.index))
        return owner is not None and squash(owner.text) != home

    same = [c for c in scored if c.doc_id == entry.doc_id]
    held = {label for c in same if under_another(c) for label in c.covers}
    # What the page is about (its preamble, under no entry) every entry may speak of without naming it.
    preamble = {label for c in same if not is_question_line(c.text) and (c.chunk_id, c.index) not in entries
                for label in c.covers}
    own = set(entry.covers).union(*(c.covers for c in answer))
    return held - own - preamble


def answers_for_entries(chosen: list[Candidate], scored: list[Candidate], chunks: list[StoredChunk],
                        config: AnswerConfig, matched: bool = False) -> list[Candidate]:
    """A chosen FAQ entry (a question line) is replaced by the lines that answer it; the answer keeps to the entry
    of its best sentence (``one_entry``). Unless the entry was ``matched`` as the question asked (``faq_answer``)
    or its question line is the best sentence chosen, its yes or no ("아니요.", "네, 신청할 수 있습니다.") answered
    its own question, not this one: those lines go unless chosen for what they say; the facts after them stay."""
    matched = matched or bool(chosen and is_question_line(max(chosen, key=lambda c: c.score).text))
    out: list[Candidate] = []
    for c in one_entry(chosen, chunks):
        lines = entry_lines(c, scored, chunks, config) if is_question_line(c.text) else None
        for line in lines or [c]:
            if fresh_filter(out)(line):
                out.append(line)
    if matched:
        return out
    picked = {squash(c.text) for c in chosen}  # a line chosen for what it says stays
    return [c for c in out if squash(c.text) in picked or not (_YES_OR_NO.match(c.text) or _verdict_alone(c.text))
            ] or out


def one_entry(chosen: list[Candidate], chunks: list[StoredChunk]) -> list[Candidate]:
    """Sentences of a FAQ answer come from one entry: the entry of the best chosen sentence, its question line
    first so that all its lines are read. Another entry answers another question: its "아니요." said nothing of
    this one. Sentences under no entry stay."""
    if not chosen:
        return chosen
    entries = _entries_of(chunks)
    top = max(chosen, key=lambda c: c.score)
    home = _entry_of(top, entries)
    if home is None:
        return chosen
    def entry_key(c: Candidate) -> str | None:
        entry = _entry_of(c, entries)
        return squash(entry.text) if entry is not None else None
    kept = [c for c in chosen if entry_key(c) in (None, squash(home.text))]
    return kept if any(squash(c.text) == squash(home.text) for c in kept) else [home, *kept]


def _entries_of(chunks: list[StoredChunk]) -> dict[tuple[str, int], Candidate]:
    """For each sentence under a FAQ entry, the entry's question line, reading the document in order."""
    out: dict[tuple[str, int], Candidate] = {}
    current: Candidate | None = None
    for ch in sorted(chunks, key=lambda ch: ch.chunk_index):
        for i, (s, e) in enumerate(ch.sentence_spans):
            text = ch.text[s:e].strip()
            if is_question_line(text):
                current = candidate_from_chunk(ch, i)
            elif _ENTRY_START.match(text) and not text.lstrip().startswith("-"):
                current = None  # a heading that asks nothing ends the entry
            elif current is not None and text:
                out[(ch.chunk_id, i)] = current
    return out


def _entry_of(c: Candidate, entries: dict[tuple[str, int], Candidate]) -> Candidate | None:
    """The question line of the FAQ entry ``c`` belongs to (``entries`` from `_entries_of`): itself when it is one."""
    return c if is_question_line(c.text) else entries.get((c.chunk_id, c.index))


def entry_words(candidates: list[Candidate], chunks: list[StoredChunk]) -> dict[tuple[str, int], frozenset[str]]:
    """For each of ``candidates`` in a FAQ entry, the question's words its entry holds, question and answer lines
    together: "현지 인플루언서 출연료도 지원되나요? — … 50%까지만 인정합니다" holds 현지 and 인정 though neither line
    holds both."""
    entries = _entries_of(chunks)
    keyed = [(c, entry) for c in candidates if (entry := _entry_of(c, entries)) is not None]
    held: dict[tuple[str, int], set[str]] = {}
    for c, entry in keyed:
        held.setdefault((entry.chunk_id, entry.index), set()).update(c.covers)
    return {(c.chunk_id, c.index): frozenset(held[(entry.chunk_id, entry.index)]) for c, entry in keyed}


def _entry_answer(scored: list[Candidate], chunks: list[StoredChunk], config: AnswerConfig
                  ) -> tuple[Candidate, list[Candidate]] | None:
    """When a question written in the document (a FAQ entry) is as close to the asked question as any sentence,
    its answer is the lines that follow it, up to the next entry: "네, … 신청할 수 있습니다. 다만, …". The
    question line itself states nothing."""
    if not scored:
        return None
    best = max(c.similarity for c in scored)
    entries = [c for c in scored if is_question_line(c.text) and c.similarity >= best - config.faq_margin
               and c.covers]
    if not entries:
        return None
    entry = max(entries, key=lambda c: c.similarity)
    lines = entry_lines(entry, scored, chunks, config)
    return (entry, lines) if lines else None


def entry_lines(entry: Candidate, scored: list[Candidate], chunks: list[StoredChunk], config: AnswerConfig
                ) -> list[Candidate] | None:
    """The lines under a FAQ entry, up to the next entry (reading on into the next chunk)."""
    by_pos = {(c.chunk_id, c.index): c for c in scored}
    ordered = sorted(chunks, key=lambda ch: ch.chunk_index) or [entry.passage.chunk]
    ids = [ch.chunk_id for ch in ordered]
    start = ids.index(entry.chunk_id) if entry.chunk_id in ids else 0
    answer: list[Candidate] = []
    first = True
    for ch in ordered[start:] if entry.chunk_id in ids else [entry.passage.chunk]:
        for i, (s, e) in enumerate(ch.sentence_spans):
            if first and i <= entry.index:
                continue
            text = ch.text[s:e].strip()
            # Chunks overlap: the entry or an answer line read already may open the next chunk again.
            if not text or squash(text) in {squash(entry.text), *(squash(c.text) for c in answer)}:
                continue
            if is_question_line(text) or (_ENTRY_START.match(text) and not text.lstrip().startswith("-")):
                return answer or None
            found = by_pos.get((ch.chunk_id, i))
            answer.append(found or candidate_from_chunk(ch, i))
            if len(answer) >= config.max_sentences:
                return answer
        first = False
    return answer or None


def _opens_with_verdict(line: str) -> bool:
    """An answer line whose first clause is a bare verdict of at most three words and no figure ("**A.** 아니요,
    …", "**A.** 신청할 수 있습니다. …"): the yes or no of its own entry's case."""
    mark = _ANSWER_MARK.match(line)
    if mark is None:
        return False
    clause = re.split(r"[.,!?]", line[mark.end():], maxsplit=1)[0]
    return 0 < len(clause.split()) <= 3 and not any(ch.isdigit() for ch in clause)


def other_cases_set_aside(passages: list[Passage], question: str, chunks_of: Callable[[str], list[StoredChunk]],
                          titles: str = "") -> list[Passage]:
    """The passages with the question line and the verdict of each FAQ entry that asks of another kind of a thing
    the question names blanked out ("올해 마케팅 분야로 신청할 수 있나요? — 신청할 수 있습니다." for "올해 디자인
    분야로 또 신청돼요?"): the verdict is its own case's, and the entry's words (디자인, 분야) would make its page seem
    to hold the question while the notice states the rule for the asker's. The facts after the verdict stay ("지정한
    창고 3곳(…)" answers how many, whichever case the entry asked). Blanks keep the chunk's offsets; a passage left
    with no line is dropped. A kind that is a word of a document's title (``titles``, squashed) names a program the
    question may call otherwise ("입점 지원사업"), not a case."""
    out: list[Passage] = []
    entries_by_doc: dict[str, dict[tuple[str, int], Candidate]] = {}
    other: dict[str, bool] = {}
    for p in passages:
        ch = p.chunk
        lines = [ch.text[s:e].strip() for s, e in ch.sentence_spans]
        if ch.doc_id not in entries_by_doc:
            entries_by_doc[ch.doc_id] = _entries_of(chunks_of(ch.doc_id))
        entries = entries_by_doc[ch.doc_id]
        text = ch.text
        blanked = 0
        for i, ((s, e), line) in enumerate(zip(ch.sentence_spans, lines, strict=True)):
            entry = entries.get((ch.chunk_id, i))
            if is_question_line(line):
                entry_text = line
            elif entry is not None and _opens_with_verdict(line):
                entry_text = entry.text
            else:
                continue
            key = squash(entry_text)
            if key not in other:
                other[key] = (any(kind not in titles for kind in other_kinds_named(entry_text, question))
                              or bool(other_counts_named(entry_text, question)))
            if other[key]:
                text = text[:s] + " " * (e - s) + text[e:]
                blanked += 1
        if not blanked:
            out.append(p)
        elif blanked < len(lines) and text.strip():
            out.append(replace(p, chunk=replace(ch, text=text)))
    return out


# A line that is a verdict alone, in at most three words and no figure: "신청할 수 있습니다.", "아니요.".
_VERDICT_ALONE = re.compile(r"^[^\s\d]+(?:\s+[^\s\d]+){0,2}?(?:다|요|\b(?:yes|no))\s*[.!]?$", re.IGNORECASE)


def without_added_verdicts(chosen: list[Candidate], kept: list[Candidate], chunks: list[StoredChunk]
                           ) -> list[Candidate]:
    """``chosen`` without the verdicts alone of FAQ entries that were not among the ``kept`` lines: one brought back
    as the antecedent of a chosen "단, 이 경우 …" is its entry's yes or no, and that entry was not this question's."""
    entries = _entries_of(chunks)
    kept_keys = {(c.chunk_id, c.index) for c in kept}
    return [c for c in chosen if (c.chunk_id, c.index) in kept_keys or (c.chunk_id, c.index) not in entries
            or not _verdict_alone(c.text)]


def _verdict_alone(line: str) -> bool:
    return bool(_VERDICT_ALONE.match(_ANSWER_MARK.sub("", line, count=1).strip()))
