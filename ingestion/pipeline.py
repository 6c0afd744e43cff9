"""Files → chunks → index. Content hashes decide what happens: unchanged documents are skipped, changed ones
replace their chunks, and a file that fails leaves the index as it was."""

from __future__ import annotations

import hashlib
import json
import re
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingestion.chunking import Chunk, PageMap, chunk_sections
from ingestion.index.embeddings import embed_passages
from ingestion.index.records import chunk_records
from ingestion.index.store import Store
from ingestion.loaders import load_document, supported_suffixes
from ingestion.normalize import normalize_text
from ingestion.notice import guess_title, parse_header, program_key
from ingestion.settings import IndexSettings
from ingestion.structure import detect_sections
from ingestion.types import IngestError, LoadedDocument

MANIFEST_NAME = "manifest.toml"
CHUNKER_VERSION = "4"  # bump when chunking changes so every document is re-indexed


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


def prepare(group: SourceGroup, settings: IndexSettings) -> PreparedDocument:
    """Load (first file of the group that loads), normalise, find sections and chunk. Raises IngestError."""
    errors: list[IngestError] = []
    loaded: LoadedDocument | None = None
    for path in group.files:
        try:
            loaded = load_document(path, max_bytes=settings.max_file_bytes)
            break
        except IngestError as exc:
            errors.append(exc)
    if loaded is None:
        raise errors[0]
    text = _normalize(loaded, loaded.text)
    if not text.strip():
        raise IngestError(loaded.source, "empty document (no text after normalisation)")
    sections = detect_sections(text, [_normalize(loaded, h) for h in loaded.marked_headings])
    chunks = chunk_sections(
        group.doc_id, text, sections, _page_map(loaded, text), settings.chunk_tokens, settings.chunk_overlap_tokens
    )
    if not chunks:
        raise IngestError(loaded.source, "no text to index")
    meta = dict(group.meta)
    meta.setdefault("title", loaded.title_hint or guess_title(text) or loaded.source.stem)
    meta["source"] = loaded.source.name
    meta["format"] = loaded.format
    for key, value in parse_header(text).as_meta().items():
        meta.setdefault(key, value)
    if "notice_date" in meta:
        meta.setdefault("published", meta["notice_date"])
    meta["program"] = program_key(str(meta["title"]))
    digest = hashlib.sha256()
    for part in (CHUNKER_VERSION, str(settings.chunk_tokens), str(settings.chunk_overlap_tokens),
                 json.dumps(meta, sort_keys=True, ensure_ascii=False), text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return PreparedDocument(group.doc_id, digest.hexdigest(), loaded, text, chunks, meta)


def embedding_text(chunk: Chunk, title: str) -> str:
    """What the dense model sees: the heading path gives a chunk the context its sentences leave implicit."""
    return f"{title} | {chunk.section_label}\n{chunk.text}"


def sentence_vectors(doc: PreparedDocument) -> list[np.ndarray]:
    """One vector per sentence of each chunk (overlapping sentences are embedded once)."""
    unique: dict[str, int] = {}
    per_chunk: list[list[int]] = []
    for c in doc.chunks:
        idx = []
        for s, e in c.sentence_spans:
            idx.append(unique.setdefault(c.text[s:e], len(unique)))
        per_chunk.append(idx)
    vecs = embed_passages(list(unique))
    return [vecs[idx] if idx else np.zeros((0, vecs.shape[1]), dtype=np.float32) for idx in per_chunk]


def ingest(
    store: Store,
    paths: Iterable[Path],
    settings: IndexSettings,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Ingest every document under ``paths``. Each failure is reported and skipped; nothing partial is written."""
    from filelock import FileLock, Timeout

    started = time.perf_counter()
    lock = FileLock(str(Path(settings.data_dir) / "ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise IngestLockedError(
            f"another ingestion is running on {settings.data_dir} (lock {lock.lock_file}); wait for it to finish"
        ) from exc
    try:
        # A writer killed earlier (SIGKILL, power loss) may have left a half-written version: repair it first.
        store.recover()
        groups = plan_sources(paths)
        results: list[DocResult] = []
        for n, group in enumerate(groups):
            t0 = time.perf_counter()
            if on_progress:
                on_progress(group.doc_id, n, len(groups))
            try:
                doc = prepare(group, settings)
            except IngestError as exc:
                results.append(DocResult(group.doc_id, "failed", error=str(exc), seconds=time.perf_counter() - t0))
                continue
            existing = store.document(group.doc_id)
            if existing is not None and existing.doc_hash == doc.doc_hash:
                results.append(DocResult(doc.doc_id, "unchanged", len(doc.chunks), doc.loaded.source.name,
                                         seconds=time.perf_counter() - t0))
                continue
            ids, texts, metas = chunk_records(doc.doc_id, doc.doc_hash, doc.meta, doc.chunks)
            vectors = embed_passages([embedding_text(c, doc.meta["title"]) for c in doc.chunks])
            store.replace_document(doc.doc_id, doc.doc_hash, ids, texts, metas, vectors, sentence_vectors(doc))
            results.append(DocResult(doc.doc_id, "updated" if existing else "added", len(doc.chunks),
                                     doc.loaded.source.name, seconds=time.perf_counter() - t0))
        if on_progress:
            on_progress("", len(groups), len(groups))
        store.sync_bm25()
        return IngestReport(results, time.perf_counter() - started)
    finally:
        lock.release()
