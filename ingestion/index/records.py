"""The shape of the index's records: the metadata keys a chunk carries in Chroma, how a record is read back
(``StoredChunk``, ``DocumentInfo``) and the Chroma filters over those keys. Only ``ingestion.index`` uses this
module; everything above reads the index through ``Store``.

A chunk record carries its document's metadata (title, publisher, …), its place in the document (section path,
pages, character span, sentence spans), its BM25 tokens (``kw``) and its *version*: ``doc_hash``,
``chunk_count`` and ``ingested_at``/``ingested_ns``, so a half-written version can be told from a complete one.
A sentence record carries ``doc_id``, ``doc_hash``, ``chunk_id``, ``sent`` (its order) and ``chunk_index``."""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, cast

from ingestion.korean import keyword_tokens

if TYPE_CHECKING:
    from chromadb.api.types import Where

    from ingestion.chunking import Chunk

DOC_FIELDS = ("title", "publisher", "department", "published", "kind", "source", "format", "program", "notice_no",
              "notice_date", "apply_start", "apply_end", "doc_kind", "issuer", "url", "origin", "item_id",
              "withdrawn", "original_filename")
PAGE = 5000  # records per Chroma get/delete call


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from the index."""

    chunk_id: str
    doc_id: str
    text: str
    section_path: tuple[str, ...]
    pages: tuple[int, ...]
    sentence_spans: tuple[tuple[int, int], ...]
    meta: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def section_label(self) -> str:
        return " > ".join(self.section_path)

    @property
    def chunk_index(self) -> int:
        return int(self.meta.get("chunk_index", 0))

    @property
    def char_start(self) -> int:
        """Offset of the chunk in its document's text, -1 when unknown."""
        return int(self.meta.get("char_start", -1))


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    doc_hash: str
    chunk_count: int
    meta: dict[str, Any]


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> StoredChunk:
    pages = tuple(int(p) for p in str(meta.get("pages", "")).split(",") if p)
    spans = json.loads(str(meta.get("sents", "[]")))
    return StoredChunk(
        chunk_id=chunk_id,
        doc_id=str(meta["doc_id"]),
        text=text,
        section_path=tuple(json.loads(str(meta.get("section_path", "[]")))),
        pages=pages,
        sentence_spans=tuple((int(s[0]), int(s[1])) for s in spans),
        meta=meta,
    )


def doc_info(meta: Any) -> DocumentInfo:
    """A document as described by the metadata of one of its chunks."""
    return DocumentInfo(
        doc_id=str(meta["doc_id"]),
        doc_hash=str(meta["doc_hash"]),
        chunk_count=int(meta["chunk_count"]),
        meta={k: meta.get(k, "") for k in (*DOC_FIELDS, "ingested_at", "doc_hash")},
    )


def version_order(meta: Any) -> tuple[str, int]:
    """Sort key of a version: ``ingested_at`` (seconds, ISO) then ``ingested_ns`` (finer, when present)."""
    meta = meta or {}
    return str(meta.get("ingested_at", "")), int(meta.get("ingested_ns", 0) or 0)


def version_key(meta: Any) -> tuple[str, str]:
    """(doc_id, doc_hash) of a chunk or sentence record."""
    meta = meta or {}
    return str(meta.get("doc_id", "")), str(meta.get("doc_hash", ""))


def chunk_id_for(doc_id: str, doc_hash: str, index: int) -> str:
    return f"{doc_id}::{doc_hash[:12]}::{index:05d}"


def chunk_records(doc_id: str, doc_hash: str, doc_meta: dict[str, str], chunks: Sequence[Chunk]
                  ) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """Ids, texts and metadata of a document version's chunks; each carries its version (``doc_hash``,
    ``chunk_count``, ``ingested_at`` and the finer ``ingested_ns``) so recovery can tell complete versions from a
    killed writer's partial one."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    now_ns = time.time_ns()
    ids, texts, metas = [], [], []
    for c in chunks:
        ids.append(chunk_id_for(doc_id, doc_hash, c.index))
        texts.append(c.text)
        metas.append({
            **doc_meta,
            "doc_id": doc_id,
            "doc_hash": doc_hash,
            "chunk_index": c.index,
            "chunk_count": len(chunks),
            "section": c.section_label,
            "section_path": json.dumps(list(c.section_path), ensure_ascii=False),
            "top_section": c.section_path[0] if c.section_path else "",
            "pages": ",".join(str(p) for p in c.pages),
            "page_first": c.pages[0] if c.pages else 0,
            "char_start": c.char_start,
            "char_end": c.char_end,
            "content_hash": c.content_hash,
            "sents": json.dumps(c.sentence_spans),
            "kw": " ".join(keyword_tokens(f"{c.section_label}\n{c.text}")),
            "ingested_at": now,
            "ingested_ns": now_ns,
        })
    return ids, texts, metas


def sentence_record(doc_id: str, doc_hash: str, chunk_id: str, sent: int, chunk_index: int
                    ) -> tuple[str, dict[str, Any]]:
    return f"{chunk_id}#{sent}", {"doc_id": doc_id, "doc_hash": doc_hash, "chunk_id": chunk_id, "sent": sent,
                                  "chunk_index": chunk_index}


def chunk_of_sentence(sentence_id: str) -> str:
    """The chunk id inside a sentence record's id (``sentence_record``): a search reads it without fetching the
    sentence's metadata, which costs four times the search itself."""
    return sentence_id.rsplit("#", 1)[0]


def keyword_tokens_of(meta: Any) -> list[str]:
    return str((meta or {}).get("kw", "")).split()


# ---- Chroma filters over these keys ---------------------------------------------------------------------------


def where_all(*clauses: dict[str, Any]) -> Where:
    """One clause as it is, several joined with ``$and``."""
    if len(clauses) == 1:
        return cast("Where", clauses[0])
    return cast("Where", {"$and": list(clauses)})


def where_doc(doc_id: str | None = None, *, doc_hash: str | None = None, top_section: str | None = None,
              first_chunk: bool = False, other_versions_than: str | None = None) -> Where | None:
    """The records of one document (or of every document), narrowed by version, top-level section or to the
    first chunk of each version; None when nothing narrows (every record)."""
    clauses: list[dict[str, Any]] = []
    if doc_id is not None:
        clauses.append({"doc_id": doc_id})
    if doc_hash is not None:
        clauses.append({"doc_hash": doc_hash})
    if other_versions_than is not None:
        clauses.append({"doc_hash": {"$ne": other_versions_than}})
    if top_section is not None:
        clauses.append({"top_section": top_section})
    if first_chunk:
        clauses.append({"chunk_index": 0})
    return where_all(*clauses) if clauses else None


def where_docs(doc_ids: Collection[str]) -> Where:
    """Records of any of these documents (a non-empty collection)."""
    return where_all({"doc_id": {"$in": sorted(doc_ids)}})


# ---- filters over documents' metadata --------------------------------------------------------------------------


@dataclass(frozen=True)
class DocFilter:
    """Which documents a search may use: kind (a code of ``notice.KINDS`` or a word naming one), issuing body (a
    part of its name, case and spaces ignored), status on a day (upcoming / open / closed, from the application
    window) and the document's date (its notice date, else publication date) between ``since`` and ``until``.
    Unset fields do not narrow."""

    kind: str | None = None
    issuer: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        from ingestion.notice import KINDS, STATUSES, kind_code

        if self.status and self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {self.status!r}")
        if self.kind and kind_code(self.kind) is None:
            raise ValueError(f"kind must name one of {', '.join(KINDS)}, not {self.kind!r}")

    @property
    def active(self) -> bool:
        return any(v is not None and v != "" for v in (self.kind, self.issuer, self.status, self.since, self.until))

    def matches(self, meta: dict[str, Any], today: date) -> bool:
        from ingestion.notice import kind_code, status_on

        if self.kind:
            wanted = kind_code(self.kind) or self.kind.strip().lower()
            if str(meta.get("doc_kind") or "") != wanted:
                return False
        if self.issuer:
            needle = "".join(self.issuer.split()).lower()
            names = " ".join(str(meta.get(k) or "") for k in ("issuer", "publisher", "department"))
            if needle not in "".join(names.split()).lower():
                return False
        if self.status:
            found = status_on(meta.get("apply_start") or None, meta.get("apply_end") or None, today,
                              meta.get("withdrawn") or None)
            if found != self.status:
                return False
        if self.since or self.until:
            day = str(meta.get("notice_date") or meta.get("published") or "")[:10]
            if not day or (self.since and day < self.since.isoformat()):
                return False
            if self.until and day > self.until.isoformat():
                return False
        return True


def where_docs_first_chunks(doc_ids: list[str]) -> Where:
    return where_all({"doc_id": {"$in": list(doc_ids)}}, {"chunk_index": 0})


def where_chunks(chunk_ids: list[str]) -> Where:
    """Sentence records of these chunks."""
    return where_all({"chunk_id": {"$in": list(chunk_ids)}})
