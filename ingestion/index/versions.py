"""Document versions: which version of each document readers see (its newest *complete* one), and the
generation token that changes whenever a writer changes the index (caches key on it).

A version is complete when all ``chunk_count`` chunks of its ``doc_hash`` are in Chroma. A version still being
written, or left half-written by a killed ingestion, is invisible: readers keep seeing the previous one."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from ingestion.index.journal import Journal
from ingestion.index.records import DocumentInfo, doc_info, version_order, where_doc, where_docs_first_chunks

MAX_REMEMBERED = 100_000


COUNT_SECONDS = 1.0  # how long a read of the collection's size is reused (it costs ~10 ms at 100k chunks)


class Generation:
    """``<data_dir>/<collection>.generation``: a random token rewritten (atomically) by every write."""

    def __init__(self, marker: Path, collection: Any) -> None:
        self.marker = marker
        self.collection = collection
        self._count: tuple[float, int] | None = None  # (monotonic time read, count)

    def bump(self) -> None:
        tmp = self.marker.with_suffix(".tmp")
        tmp.write_text(uuid.uuid4().hex, encoding="utf-8")
        tmp.replace(self.marker)
        self._count = None

    def current(self) -> tuple[str, int]:
        """A cheap token that changes when this data directory's writers change the index (at once: they rewrite
        the marker) and when its size changes (writers elsewhere on a shared Chroma server; seen within
        ``COUNT_SECONDS``)."""
        try:
            marker = self.marker.read_text(encoding="utf-8")
        except FileNotFoundError:
            marker = ""
        return marker, self.count()

    def count(self) -> int:
        """The collection's size, read at most once per ``COUNT_SECONDS``."""
        now = time.monotonic()
        cached = self._count
        if cached is None or now - cached[0] > COUNT_SECONDS:
            cached = (now, self.collection.count())
            self._count = cached
        return cached[1]


class Versions:
    """Reads the newest complete version of documents; remembers what it has checked."""

    def __init__(self, collection: Any, journal: Journal, generation: Generation) -> None:
        self.collection = collection
        self.journal = journal
        self.generation = generation
        self._current: dict[str, str | None] = {}  # doc_id -> newest complete doc_hash, for _current_gen
        self._current_gen: tuple[str, int] | None = None
        self._complete: set[tuple[str, str]] = set()  # versions seen complete (a complete version stays so)

    def forget(self) -> None:
        """Versions were deleted (recovery): completeness must be checked again."""
        self._complete.clear()

    def document(self, doc_id: str) -> DocumentInfo | None:
        """The newest *complete* version of ``doc_id``."""
        got = self.collection.get(where=where_doc(doc_id, first_chunk=True), include=["metadatas"])
        metas = sorted(got["metadatas"] or [], key=version_order, reverse=True)
        for meta in metas:
            if self.is_complete(doc_id, str(meta.get("doc_hash", "")), meta):
                return doc_info(meta)
        return None

    def documents(self) -> list[DocumentInfo]:
        """One entry per document: its newest complete version. Completeness is checked (one query) only where
        it can be in doubt: documents with several versions, and those the journal says are being written or
        were left unfinished by a killed writer."""
        got = self.collection.get(where=where_doc(first_chunk=True), include=["metadatas"])
        by_doc: dict[str, list[Any]] = {}
        for meta in got["metadatas"] or []:
            by_doc.setdefault(str(meta["doc_id"]), []).append(meta)
        in_doubt = set(self.journal.unfinished())
        infos = []
        for doc_id, metas in by_doc.items():
            if len(metas) == 1 and doc_id not in in_doubt:
                infos.append(doc_info(metas[0]))
                continue
            info = self.document(doc_id)
            if info is not None:
                infos.append(info)
        return sorted(infos, key=lambda d: d.doc_id)

    def is_complete(self, doc_id: str, doc_hash: str, meta: Any) -> bool:
        """All ``chunk_count`` chunks of the version are in Chroma. Positive answers are remembered: a
        complete version only ever disappears as a whole (replacement, removal, recovery)."""
        if (doc_id, doc_hash) in self._complete:
            return True
        expected = (meta or {}).get("chunk_count")
        if expected is None:  # records written without versions: nothing to check
            return True
        got = self.collection.get(where=where_doc(doc_id, doc_hash=doc_hash), include=[])
        if len(got["ids"]) != int(expected):
            return False
        if len(self._complete) > MAX_REMEMBERED:
            self._complete.clear()
        self._complete.add((doc_id, doc_hash))
        return True

    def current(self, doc_ids: set[str]) -> dict[str, str | None]:
        """doc_hash of the newest complete version of each document (None: none), cached per generation."""
        generation = self.generation.current()
        current = self._current
        if generation != self._current_gen:
            current = {}
            self._current, self._current_gen = current, generation
        unknown = sorted(doc_ids - current.keys())
        if unknown:
            # One query for all of them; only documents whose version can be in doubt (several versions, or a
            # write the journal says is unfinished) cost a completeness check of their own.
            got = self.collection.get(where=where_docs_first_chunks(unknown), include=["metadatas"])
            by_doc: dict[str, list[Any]] = {}
            for meta in got["metadatas"] or []:
                by_doc.setdefault(str(meta["doc_id"]), []).append(meta)
            in_doubt = set(self.journal.unfinished())
            for doc_id in unknown:
                metas = by_doc.get(doc_id, [])
                if len(metas) == 1 and doc_id not in in_doubt:
                    current[doc_id] = str(metas[0]["doc_hash"])
                else:
                    info = self.document(doc_id) if metas else None
                    current[doc_id] = info.doc_hash if info else None
        return {d: current.get(d) for d in doc_ids}
