"""Files → chunks → index. Content hashes decide what happens: unchanged documents are skipped, changed ones
replace their chunks, and a file that fails leaves the index as it was."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
import tomllib
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingestion.chunking import Chunk, PageMap, chunk_sections
from ingestion.index.embeddings import EMBEDDING_DIM, embed_passages_parallel
from ingestion.index.records import chunk_records
from ingestion.index.store import Store
from ingestion.loaders import load_document, supported_suffixes
from ingestion.normalize import normalize_text
from ingestion.notice import classify_kind, guess_title, parse_header, parse_issuer, program_key
from ingestion.own_date import own_date
from ingestion.settings import IndexSettings
from ingestion.structure import detect_sections
from ingestion.types import IngestError, LoadedDocument

MANIFEST_NAME = "manifest.toml"
CHUNKER_VERSION = "12"  # bump when chunking changes so every document is re-indexed
# "0" ingests without a vector per sentence, for measurements only: retrieval loses its sentence view and the
# extractive answerer, which reads the stored sentence vectors, finds no sentence to answer with. A document's
# content hash records it, so switching back re-indexes. See docs/reliability.md, "Ingestion throughput".
SENTENCE_VECTORS_ENV = "POLICYBOT_SENTENCE_VECTORS"
LOOKAHEAD = 2  # documents built at once by ingest(): the next one loads and chunks while this one embeds


def sentence_vectors_enabled() -> bool:
    return os.environ.get(SENTENCE_VECTORS_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


log = logging.getLogger(__name__)


class IngestLockedError(RuntimeError):
    """Another ingestion holds the data directory."""


@dataclass
class SourceGroup:
    """One document: its files (alternatives of the same text, tried in order) and its metadata."""

    doc_id: str
    files: list[Path]
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class DocResult:
    doc_id: str
    status: str  # added | updated | unchanged | failed
    chunks: int = 0
    source: str = ""
    error: str = ""
    seconds: float = 0.0


@dataclass
class IngestReport:
    results: list[DocResult]
    seconds: float

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.status in ("added", "updated"))

    @property
    def failed(self) -> list[DocResult]:
        return [r for r in self.results if r.status == "failed"]


@dataclass(frozen=True)
class PreparedDocument:
    doc_id: str
    doc_hash: str
    loaded: LoadedDocument
    text: str
    chunks: list[Chunk]
    meta: dict[str, str]


def slugify(stem: str) -> str:
    slug = re.sub(r"[^\w.\-]+", "-", stem.strip(), flags=re.UNICODE).strip("-.")
    return slug[:120] or "document"


def _read_manifest(folder: Path) -> list[dict[str, Any]]:
    path = folder / MANIFEST_NAME
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(path, f"invalid manifest: {exc}") from exc
    return list(data.get("documents", []))


def plan_sources(paths: Iterable[Path]) -> list[SourceGroup]:
    """Expand folders, group files that a manifest declares to be one document, and give every other file a
    doc_id from its name."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in supported_suffixes()))
        else:
            files.append(p)
    groups: dict[str, SourceGroup] = {}
    claimed: set[Path] = set()
    for folder in sorted({f.parent for f in files}):
        for entry in _read_manifest(folder):
            members = [folder / name for name in entry.get("files", [])]
            present = [m for m in members if m in files]
            if not present:
                continue
            meta = {k: str(v) for k, v in entry.items() if k not in ("files", "doc_id")}
            groups[str(entry["doc_id"])] = SourceGroup(str(entry["doc_id"]), present, meta)
            claimed.update(present)
    for f in files:
        if f in claimed:
            continue
        doc_id = slugify(f.stem)
        if doc_id in groups:  # same stem, another format, no manifest: keep both apart
            doc_id = slugify(f.name)
        groups[doc_id] = SourceGroup(doc_id, [f], {})
    return list(groups.values())


REFLOW_FORMATS = ("pdf", "txt")  # formats whose line breaks are layout, not meaning


# Invisible format characters: bidi overrides/isolates (which can make a quoted passage display in another order
# than it reads, "Trojan Source"), zero-width characters and stray BOMs. Questions are cleaned of the same set.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _normalize(loaded: LoadedDocument, text: str) -> str:
    return normalize_text(_INVISIBLE.sub("", text), reflow=loaded.format in REFLOW_FORMATS)


def _page_map(loaded: LoadedDocument, text: str) -> PageMap:
    """Page starts in the normalised text. Normalisation only changes whitespace and drops page markers, so
    counting non-space characters page by page finds each page's start."""
    counts = [sum(1 for c in _normalize(loaded, p.text) if not c.isspace()) for p in loaded.pages]
    starts: list[int] = []
    seen, page, pos = 0, 0, 0
    targets = [sum(counts[:i]) for i in range(len(counts))]
    for pos, ch in enumerate(text):
        while page < len(targets) and seen >= targets[page]:
            starts.append(pos)
            page += 1
        if not ch.isspace():
            seen += 1
    while page < len(targets):
        starts.append(max(pos, 0))
        page += 1
    return PageMap(tuple(starts), tuple(p.number for p in loaded.pages))


def prepare(group: SourceGroup, settings: IndexSettings, *, sentences: bool = True) -> PreparedDocument:
    """Load (first file of the group that loads), normalise, find sections and chunk. Raises IngestError.
    ``sentences=False`` (no sentence vectors) gives another content hash."""
    errors: list[IngestError] = []
    loaded: LoadedDocument | None = None
    for path in group.files:
        try:
            loaded = load_document(path, max_bytes=settings.max_file_bytes, max_pages=settings.max_pages_per_file)
            break
        except IngestError as exc:
            errors.append(exc)
    if loaded is None:
        raise errors[0]
    text = _normalize(loaded, loaded.text)
    if not text.strip():
        raise IngestError(loaded.source, "empty document (no text after normalisation)")
    sections = detect_sections(text, [_normalize(loaded, h) for h in loaded.marked_headings], loaded.heading_depths)
    chunks = chunk_sections(
        group.doc_id, text, sections, _page_map(loaded, text), settings.chunk_tokens, settings.chunk_overlap_tokens
    )
    if not chunks:
        raise IngestError(loaded.source, "no text to index")
    if len(chunks) > settings.max_chunks_per_file:
        raise IngestError(loaded.source, f"too much text ({len(chunks):,} chunks; the limit is "
                                         f"{settings.max_chunks_per_file:,} chunks per file, "
                                         "POLICYBOT_MAX_CHUNKS_PER_FILE)")
    meta = dict(group.meta)
    meta.setdefault("title", loaded.title_hint or guess_title(text) or loaded.source.stem)
    meta["source"] = loaded.source.name
    meta["format"] = loaded.format
    header = parse_header(text)
    for key, value in header.as_meta().items():
        meta.setdefault(key, value)
    if "notice_date" in meta:
        meta.setdefault("published", meta["notice_date"])
    elif (dated := own_date(text)) is not None:
        meta.setdefault("published", dated.isoformat())
    # The life of a notice: its kind (notice, press release, regulation, guide), who issues it, and the program
    # its editions share (a source may name the program itself; otherwise the title without year or round).
    meta["doc_kind"] = classify_kind(str(meta["title"]), text, meta.get("doc_kind") or meta.get("kind"), header)
    issuer = meta.get("issuer") or parse_issuer(text) or meta.get("publisher")
    if issuer:
        meta["issuer"] = str(issuer)
    meta["program"] = meta.get("program") or program_key(str(meta["title"]))
    digest = hashlib.sha256()
    for part in (CHUNKER_VERSION, str(settings.chunk_tokens), str(settings.chunk_overlap_tokens),
                 json.dumps(meta, sort_keys=True, ensure_ascii=False), text) + (() if sentences else ("no-sents",)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return PreparedDocument(group.doc_id, digest.hexdigest(), loaded, text, chunks, meta)


def embedding_text(chunk: Chunk, title: str) -> str:
    """What the dense model sees: the heading path gives a chunk the context its sentences leave implicit."""
    return f"{title} | {chunk.section_label}\n{chunk.text}"


def _sentences(doc: PreparedDocument) -> tuple[list[str], list[list[int]]]:
    """The distinct sentence texts of a document (overlapping chunks share sentences) and, per chunk, the index
    of each of its sentences among them."""
    unique: dict[str, int] = {}
    per_chunk: list[list[int]] = []
    for c in doc.chunks:
        per_chunk.append([unique.setdefault(c.text[s:e], len(unique)) for s, e in c.sentence_spans])
    return list(unique), per_chunk


def _per_chunk(vecs: np.ndarray, per_chunk: list[list[int]]) -> list[np.ndarray]:
    return [vecs[idx] if idx else np.zeros((0, EMBEDDING_DIM), dtype=np.float32) for idx in per_chunk]


def passage_texts(doc: PreparedDocument, sentences: bool = True) -> tuple[list[str], list[list[int]]]:
    """Everything ``build_version`` embeds for ``doc``, in one list: its chunks' embedding texts, then (with
    ``sentences``) its distinct sentences; and per chunk the indexes of its sentences among the latter."""
    chunk_texts = [embedding_text(c, doc.meta["title"]) for c in doc.chunks]
    sents, per_chunk = _sentences(doc) if sentences else ([], [[] for _ in doc.chunks])
    return chunk_texts + sents, per_chunk


def sentence_vectors(doc: PreparedDocument) -> list[np.ndarray]:
    """One vector per sentence of each chunk (overlapping sentences are embedded once)."""
    texts, per_chunk = _sentences(doc)
    return _per_chunk(embed_passages_parallel(texts), per_chunk)


@dataclass
class BuiltVersion:
    """What the CPU-heavy part of ingesting one document produced: an error, "unchanged" (its content hash is
    the indexed one), or the records and vectors of the new version, ready for ``Store.replace_document``."""

    doc_id: str
    doc_hash: str = ""
    source: str = ""
    chunks: int = 0
    error: str = ""
    unchanged: bool = False
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metas: list[dict[str, Any]] = field(default_factory=list)
    vectors: np.ndarray | None = None
    sentence_vectors: list[np.ndarray] = field(default_factory=list)


Builder = Callable[[SourceGroup, IndexSettings, str | None], BuiltVersion]
"""``build(group, settings, indexed_hash)``: :func:`build_version` here, or in a worker process
(``ingestion.worker.WorkerBuilder``) so a large file never competes with answers for this process's CPU and
embedding lock. ``ingest`` calls it from up to ``LOOKAHEAD`` threads at once, one document each."""


def build_version(group: SourceGroup, settings: IndexSettings, indexed_hash: str | None = None, *,
                  sentences: bool | None = None) -> BuiltVersion:
    """Load, normalise and chunk one document and, when its content hash differs from ``indexed_hash``, embed
    its chunks and (unless ``sentences`` is False; None: ``POLICYBOT_SENTENCE_VECTORS``) its sentences, in one
    call on every core. Touches no index, so it can run in another thread or process."""
    with_sentences = sentence_vectors_enabled() if sentences is None else sentences
    try:
        doc = prepare(group, settings, sentences=with_sentences)
    except IngestError as exc:
        return BuiltVersion(group.doc_id, error=str(exc))
    source = doc.loaded.source.name
    if indexed_hash == doc.doc_hash:
        return BuiltVersion(doc.doc_id, doc.doc_hash, source, len(doc.chunks), unchanged=True)
    ids, texts, metas = chunk_records(doc.doc_id, doc.doc_hash, doc.meta, doc.chunks)
    passages, per_chunk = passage_texts(doc, with_sentences)
    vecs = embed_passages_parallel(passages)  # chunks and sentences in one call: no pause between the two
    n = len(doc.chunks)
    return BuiltVersion(doc.doc_id, doc.doc_hash, source, n, ids=ids, texts=texts, metas=metas,
                        vectors=vecs[:n], sentence_vectors=_per_chunk(vecs[n:], per_chunk))


def ingest(
    store: Store,
    paths: Iterable[Path],
    settings: IndexSettings,
    on_progress: Callable[[str, int, int], None] | None = None,
    *,
    builder: Builder | None = None,
    on_result: Callable[[DocResult], None] | None = None,
) -> IngestReport:
    """Ingest every document under ``paths``. Each failure is reported and skipped; nothing partial is written.
    ``builder`` does the loading, chunking and embedding (default: in this process); only the write to the index
    happens here. ``on_result`` hears each document's result as soon as it is written (a sync records it).

    ``LOOKAHEAD`` documents are built at once (threads calling ``builder``), so the next document loads and
    chunks while this one embeds and is written; the writes stay here, one document at a time, in order."""
    from filelock import FileLock, Timeout

    started = time.perf_counter()
    build = builder or build_version
    lock = FileLock(str(Path(settings.data_dir) / "ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise IngestLockedError(
            f"another ingestion is running on {settings.data_dir} (lock {lock.lock_file}); wait for it to finish"
        ) from exc
    pool = ThreadPoolExecutor(max_workers=LOOKAHEAD, thread_name_prefix="ingest-build")
    try:
        # A writer killed earlier (SIGKILL, power loss) may have left a half-written version: repair it first.
        store.recover()
        groups = plan_sources(paths)
        if not sentence_vectors_enabled():
            log.warning("%s=0: ingesting without sentence vectors; answers will find no sentences to cite",
                        SENTENCE_VECTORS_ENV)
        results: list[DocResult] = []
        # (existed, submitted at, build) of the documents being built, in order
        building: deque[tuple[bool, float, Future[BuiltVersion]]] = deque()
        done_at = time.perf_counter()
        for n, group in enumerate(groups):
            if on_progress:
                on_progress(group.doc_id, n, len(groups))
            for ahead in groups[n + len(building) : n + LOOKAHEAD]:
                existing = store.document(ahead.doc_id)  # the writes below never touch another doc_id
                building.append((existing is not None, time.perf_counter(),
                                 pool.submit(build, ahead, settings, existing.doc_hash if existing else None)))
            existed, submitted, future = building.popleft()
            t0 = max(submitted, done_at)  # this document's share of the time: from when it led the queue
            built = future.result()
            if built.error:
                result = DocResult(group.doc_id, "failed", error=built.error)
            elif built.unchanged:
                result = DocResult(built.doc_id, "unchanged", built.chunks, built.source)
            else:
                assert built.vectors is not None
                store.replace_document(built.doc_id, built.doc_hash, built.ids, built.texts, built.metas,
                                       built.vectors, built.sentence_vectors)
                result = DocResult(built.doc_id, "updated" if existed else "added", built.chunks, built.source)
            done_at = time.perf_counter()
            result.seconds = done_at - t0
            results.append(result)
            if on_result:
                on_result(result)
        if on_progress:
            on_progress("", len(groups), len(groups))
        return IngestReport(results, time.perf_counter() - started)
    finally:
        # Normally nothing is left; after an error a build still running finishes alone (it writes nothing).
        pool.shutdown(wait=False, cancel_futures=True)
        lock.release()
