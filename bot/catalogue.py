"""Program catalogue derived from the indexed documents' own structure: no hand-written entries.

A *program* is a numbered task heading ("N. …") of a document; its *strategy* is the level-1 heading above it
("(전략 N) …", "Ⅰ. …" or a heading the format marked). A document without numbered tasks (a notice, a synced
item) is one program itself. Headings come from ``ingestion.structure`` and travel with every chunk as its
section path, read back here with the same grammar (``ingestion.headings``), so the catalogue is rebuilt from the
index alone and follows every re-ingest (it is cached per index generation). Extracts are sentences copied
verbatim from the task's chunks. Every program carries its document's kind, issuer, application window and
editions; its status (upcoming / open / closed) is derived for the day asked (``catalogue_on``), never cached.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from bot.contacts import ContactBook
from bot.models import Contact
from ingestion.headings import CONTACT_LABEL, is_container, is_question, parse_strategy, parse_task
from ingestion.index import DocumentInfo, Store, StoredChunk
from ingestion.notice import COMPANION_KINDS, status_on

# A sentence with a figure: amounts, counts, shares, years, multiples.
_FIGURE = re.compile(r"\d")
# Background sentences (past tense: "… 한계가 있었다", "… 운영해왔다"; or "현재, …") say what was, not what is
# supported.
_BACKGROUND = re.compile(r"(었다|였다|왔다|았다)\s*\.?$|^(현재|최근|그동안|지금까지)\s*,")
_FOOTNOTE = re.compile(r"^[*※]")
EXTRACT_SENTENCES = 4
EXTRACT_CHARS = 600


class Strategy(BaseModel):
    """The level-1 heading a task sits under."""

    number: int = Field(description="(전략 N) → N, Ⅲ → 3; otherwise its order in the document.")
    title: str = Field(description="Heading text without its number, e.g. '내수 넘어 수출로'.")
    label: str = Field(description="The heading as it appears in section paths, e.g. '(전략 1) 내수 넘어 수출로'.")


class Program(BaseModel):
    """One numbered task of a document, with where it sits and what it says (verbatim)."""

    id: str = Field(description="'{doc_id}:task-{N}' ('{doc_id}:task-{S}.{N}' where numbering restarts).")
    number: int
    title: str = Field(description="Task heading without its number.")
    label: str = Field(description="Task heading as in the section path, e.g. '1. 수출단계별 집중 육성 체계 구축'.")
    strategy: Strategy | None = None
    doc_id: str
    doc_title: str
    extract: list[str] = Field(
        default_factory=list,
        description="Sentences copied from the task: what is supported (first), then those with figures.",
    )
    pages: list[int] = Field(default_factory=list)
    section_path: list[str]
    section: str = Field(description="Section path joined with ' > '.")
    chunk_ids: list[str] = Field(default_factory=list, description="Chunks of the task, in document order.")
    contact: Contact | None = Field(default=None, description="The document's responsible department/people.")
    kind: str = Field(default="", description="The document's kind: notice, press_release, regulation, guide.")
    issuer: str = Field(default="", description="The body that issues the document.")
    doc_date: str = Field(default="", description="The document's own date (notice date, else published).")
    apply_start: str = Field(default="", description="Application window start, YYYY-MM-DD ('' when none).")
    apply_end: str = Field(default="", description="Application window end (the deadline), YYYY-MM-DD.")
    url: str = Field(default="", description="The notice's page at its source, when it came from one.")
    status: Literal["upcoming", "open", "closed"] | None = Field(
        default=None, description="Status on the day asked, from the window (None: no window).")
    current: bool = Field(default=True, description="False for an older edition of a program with a newer one.")
    editions: list[str] = Field(default_factory=list, description="doc_ids of the other editions of the same "
                                "program (same name, another year or notice number), newest first.")
    withdrawn: str = Field(default="", description="The day its source withdrew it (it is then closed).")


class SectionInfo(BaseModel):
    """Any heading section of a document (tasks, Q&A, body…), for browsing."""

    path: list[str]
    label: str
    pages: list[int]
    chunks: int


class CatalogueStrategy(BaseModel):
    strategy: Strategy | None = Field(description="None for tasks that sit under no level-1 heading.")
    program_ids: list[str]


class CatalogueDocument(BaseModel):
    doc_id: str
    title: str
    contact: Contact | None = None
    strategies: list[CatalogueStrategy] = Field(default_factory=list)
    sections: list[SectionInfo] = Field(default_factory=list)


class Catalogue(BaseModel):
    """Every program of every indexed document, plus each document's strategy outline and sections."""

    programs: list[Program] = Field(default_factory=list)
    documents: list[CatalogueDocument] = Field(default_factory=list)


class Passage(BaseModel):
    chunk_id: str
    section: str
    pages: list[int]
    text: str


class ProgramDetail(Program):
    """A program with the full text of its chunks (for 'show passages')."""

    passages: list[Passage] = Field(default_factory=list)


# ---- building ----------------------------------------------------------------------------------------------


def _strategy_of(label: str, ordinal: int) -> Strategy:
    parsed = parse_strategy(label)
    if parsed is not None:
        return Strategy(number=parsed[0], title=parsed[1], label=label)
    return Strategy(number=ordinal, title=label, label=label)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _sentences(chunks: list[StoredChunk]) -> list[str]:
    """The task's sentences in document order, each once (chunks overlap), verbatim from the chunk text."""
    seen_pos: set[int] = set()
    seen_text: set[str] = set()
    out: list[str] = []
    for chunk in chunks:
        base = chunk.char_start
        spans = chunk.sentence_spans or ((0, len(chunk.text)),)
        for start, end in spans:
            sentence = chunk.text[start:end].strip()
            key = _squash(sentence)
            if not sentence or key in seen_text or (base >= 0 and base + start in seen_pos):
                continue
            if base >= 0:
                seen_pos.add(base + start)
            seen_text.add(key)
            out.append(sentence)
    return out


def make_extract(sentences: list[str], heading: str) -> list[str]:
    """What is supported (the first non-background sentence), then the sentences holding figures, in document
    order, at most EXTRACT_SENTENCES / EXTRACT_CHARS. Sentences are copied, never rewritten."""
    body = [s for s in sentences if _squash(s) != _squash(heading)]
    if not body:
        return []
    main = [s for s in body if not _FOOTNOTE.match(s)] or body
    lead = next((s for s in main if not _BACKGROUND.search(s)), main[0])
    picked = {lead}
    for s in main:
        if len(picked) >= EXTRACT_SENTENCES:
            break
        if _FIGURE.search(s) and sum(len(p) for p in picked) + len(s) <= EXTRACT_CHARS:
            picked.add(s)
    if len(picked) == 1:  # no figures: the next sentence says more about what is supported
        for s in main[main.index(lead) + 1 :]:
            if not _BACKGROUND.search(s):
                picked.add(s)
                break
    return [s for s in body if s in picked]


@dataclass
class _Section:
    path: tuple[str, ...]
    chunks: list[StoredChunk]


def _sections(chunks: Iterable[StoredChunk]) -> list[_Section]:
    by_path: dict[tuple[str, ...], _Section] = {}
    for chunk in sorted(chunks, key=lambda c: c.chunk_index):
        by_path.setdefault(chunk.section_path, _Section(chunk.section_path, [])).chunks.append(chunk)
    return list(by_path.values())


def _pages(chunks: Iterable[StoredChunk]) -> list[int]:
    return sorted({p for c in chunks for p in c.pages})


def document_programs(doc_id: str, doc_title: str, chunks: list[StoredChunk], contact: Contact | None
                      ) -> tuple[list[Program], CatalogueDocument]:
    """The programs of one document from its chunks' section paths, and the document's outline."""
    sections = _sections(chunks)
    strategies: dict[str, Strategy] = {}
    found: list[tuple[Strategy | None, int, str, _Section]] = []
    for sec in sections:
        path = sec.path
        if not path or any(is_question(p) for p in path) or CONTACT_LABEL in path:
            continue
        task = parse_task(path[-1])
        if task is None:
            continue
        parent = path[-2] if len(path) >= 2 and not is_container(path[-2]) else None
        strategy = None
        if parent is not None:
            if parent not in strategies:
                strategies[parent] = _strategy_of(parent, len(strategies) + 1)
            strategy = strategies[parent]
        found.append((strategy, task[0], task[1], sec))

    numbers = [n for _, n, _, _ in found]
    restarts = len(numbers) != len(set(numbers))
    programs: list[Program] = []
    used: set[str] = set()
    for strategy, number, title, sec in found:
        pid = f"{doc_id}:task-{strategy.number}.{number}" if restarts and strategy else f"{doc_id}:task-{number}"
        base, k = pid, 2
        while pid in used:  # the same number twice under one heading: keep ids unique and stable
            pid, k = f"{base}-{k}", k + 1
        used.add(pid)
        programs.append(Program(
            id=pid, number=number, title=title, label=sec.path[-1], strategy=strategy, doc_id=doc_id,
            doc_title=doc_title, extract=make_extract(_sentences(sec.chunks), sec.path[-1]),
            pages=_pages(sec.chunks), section_path=list(sec.path), section=" > ".join(sec.path),
            chunk_ids=[c.chunk_id for c in sec.chunks], contact=contact,
        ))

    outline: list[CatalogueStrategy] = []
    for program in programs:
        if outline and outline[-1].strategy == program.strategy:
            outline[-1].program_ids.append(program.id)
        else:
            outline.append(CatalogueStrategy(strategy=program.strategy, program_ids=[program.id]))
    document = CatalogueDocument(
        doc_id=doc_id, title=doc_title, contact=contact, strategies=outline,
        sections=[SectionInfo(path=list(s.path), label=" > ".join(s.path), pages=_pages(s.chunks),
                              chunks=len(s.chunks)) for s in sections if s.path],
    )
    return programs, document


# ---- cache and public API ----------------------------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[tuple[str, int], Catalogue]] = {}


def load_catalogue(store: Store) -> Catalogue:
    """The catalogue of the index as it is now; rebuilt only when the index generation changes."""
    generation = store.generation()
    key = store.cache_key
    with _cache_lock:
        cached = _cache.get(key)
        if cached and cached[0] == generation:
            return cached[1]
    book = ContactBook(store)
    programs: list[Program] = []
    documents: list[CatalogueDocument] = []
    infos = store.documents()
    attached = attachment_ids(infos)
    editions = _editions([i for i in infos if i.doc_id not in attached])
    for info in infos:
        if info.doc_id in attached:
            continue  # a synced item's attached file: the item's own document stands for the notice
        chunks = store.doc_chunks(info.doc_id, doc_hash=info.doc_hash)
        contact = book.for_doc(info.doc_id, info.doc_hash, info.meta)
        title = str(info.meta.get("title") or info.doc_id)
        doc_programs, document = document_programs(info.doc_id, title, chunks, contact)
        if not doc_programs:  # a notice, a guide, a synced item: the document is the program
            doc_programs = [whole_document(info.doc_id, title, chunks, contact)]
            document.strategies = [CatalogueStrategy(strategy=None, program_ids=[doc_programs[0].id])]
        for program in doc_programs:
            _describe(program, info.meta, editions.get(info.doc_id, (True, [])))
        programs.extend(doc_programs)
        documents.append(document)
    catalogue = Catalogue(programs=programs, documents=documents)
    with _cache_lock:
        _cache[key] = (generation, catalogue)
    return catalogue


def catalogue_on(store: Store, today: date) -> Catalogue:
    """The catalogue with every program's status on ``today`` (a copy: the cached catalogue has none)."""
    catalogue = load_catalogue(store)
    programs = [p.model_copy(update={"status": status_on(p.apply_start or None, p.apply_end or None, today,
                                                           p.withdrawn or None)})
                for p in catalogue.programs]
    return Catalogue(programs=programs, documents=catalogue.documents)


def build_catalogue(store: Store, today: date | None = None) -> list[Program]:
    """Every program of every indexed document, documents by doc_id, tasks in document order; with ``today``,
    each with its status on that day."""
    return list((catalogue_on(store, today) if today else load_catalogue(store)).programs)


# ---- documents as programs, editions ----------------------------------------------------------------------------


def whole_document(doc_id: str, title: str, chunks: list[StoredChunk], contact: Contact | None) -> Program:
    """A document without numbered tasks as one program: its title, its lead sentences and figures."""
    ordered = sorted(chunks, key=lambda c: c.chunk_index)
    return Program(
        id=f"{doc_id}:doc", number=0, title=title, label=title, doc_id=doc_id, doc_title=title,
        extract=make_extract(_sentences(ordered), title), pages=_pages(ordered), section_path=[], section="",
        chunk_ids=[c.chunk_id for c in ordered], contact=contact,
    )


def attachment_ids(infos: list[DocumentInfo]) -> set[str]:
    """The documents that are attached files of a synced item whose own document is indexed ("<item>--att-…")."""
    items = {info.doc_id for info in infos if info.meta.get("item_id")}
    return {info.doc_id for info in infos
            if info.meta.get("item_id") and "--" in info.doc_id and info.doc_id.rsplit("--", 1)[0] in items}


def _date_of(meta: dict[str, Any]) -> str:
    return str(meta.get("notice_date") or meta.get("published") or "")


def _editions(infos: list[DocumentInfo]) -> dict[str, tuple[bool, list[str]]]:
    """doc_id → (is the newest edition of its program, the other editions newest first). Editions share a
    program key (the title without year, round or 정정) and count once per synced item; a FAQ or release of the
    program is no edition of its notice (a FAQ posted a week later is not the program's current notice)."""
    groups: dict[tuple[str, bool], list[DocumentInfo]] = {}
    for info in infos:
        key = str(info.meta.get("program") or "")
        if len(key) >= 4:
            groups.setdefault((key, info.meta.get("doc_kind") in COMPANION_KINDS), []).append(info)
    out: dict[str, tuple[bool, list[str]]] = {}
    for docs in groups.values():
        docs.sort(key=lambda d: (_date_of(d.meta), d.doc_id), reverse=True)
        newest = _date_of(docs[0].meta)
        for d in docs:
            out[d.doc_id] = (_date_of(d.meta) == newest, [o.doc_id for o in docs if o.doc_id != d.doc_id])
    return out


def _describe(program: Program, meta: dict[str, Any], edition: tuple[bool, list[str]]) -> None:
    program.kind = str(meta.get("doc_kind") or "")
    program.issuer = str(meta.get("issuer") or "")
    program.doc_date = _date_of(meta)
    program.apply_start = str(meta.get("apply_start") or "")
    program.apply_end = str(meta.get("apply_end") or "")
    program.url = str(meta.get("url") or "")
    program.withdrawn = str(meta.get("withdrawn") or "")
    program.current, program.editions = edition[0], list(edition[1])


def get_program(store: Store, program_id: str) -> Program | None:
    return next((p for p in load_catalogue(store).programs if p.id == program_id), None)


def program_detail(store: Store, program_id: str) -> ProgramDetail | None:
    """The program with the text of its chunks, or None when no program has that id."""
    program = get_program(store, program_id)
    if program is None:
        return None
    chunks = store.get_chunks(program.chunk_ids)
    passages = [Passage(chunk_id=cid, section=chunks[cid].section_label, pages=list(chunks[cid].pages),
                        text=chunks[cid].text) for cid in program.chunk_ids if cid in chunks]
    return ProgramDetail(**program.model_dump(), passages=passages)


def program_of_chunk(store: Store) -> dict[str, Program]:
    """chunk_id → program, for mapping retrieved passages onto programs."""
    return {cid: p for p in load_catalogue(store).programs for cid in p.chunk_ids}


__all__ = [
    "Catalogue", "CatalogueDocument", "CatalogueStrategy", "Passage", "Program", "ProgramDetail", "SectionInfo",
    "Strategy", "build_catalogue", "catalogue_on", "get_program", "load_catalogue", "make_extract", "program_detail",
    "program_of_chunk",
]
