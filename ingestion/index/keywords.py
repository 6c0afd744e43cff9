"""The keyword index: SQLite FTS5 over the chunks' Kiwi morphemes (the ``kw`` metadata), ranked by FTS5's
``bm25()``. It lives in one file per collection (``<data_dir>/keywords/<collection>.sqlite``), is written per
document inside the store's write protocol (``Store.replace_document`` / ``remove_document``, journaled, repaired
by ``recover()``), and is read by every process on the data directory: a change is visible to all of them as soon
as its transaction commits, with no rebuild anywhere.

Why SQLite FTS5 (see docs/architecture.md): it ships with Python, is transactional across processes (WAL), updates
one document in milliseconds, and ranks with BM25 in C. Kiwi's morphemes are not what FTS5's tokenizers would cut,
so each distinct morpheme gets a number (``terms``) and a chunk is indexed as the words ``t<number> …``: the index
matches exactly the tokens Kiwi produced ("3,000만원", "r&d"), never a re-tokenised form of them.

Readers see an older version's rows for a moment while a document is being replaced; that is harmless, because
``Store.get_chunks`` only returns chunks of a document's current version."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingestion.index.sqlite_wal import connect_wal

SCHEMA = """
CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, doc_hash TEXT NOT NULL,
    body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (doc_id, doc_hash);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (body, content='chunks', content_rowid='id');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab (fts, 'row');
CREATE TABLE IF NOT EXISTS stats (id INTEGER PRIMARY KEY CHECK (id = 1), chunks INTEGER NOT NULL);
INSERT OR IGNORE INTO stats (id, chunks) SELECT 1, count(*) FROM chunks;
CREATE TRIGGER IF NOT EXISTS chunks_added AFTER INSERT ON chunks BEGIN
    UPDATE stats SET chunks = chunks + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS chunks_removed AFTER DELETE ON chunks BEGIN
    UPDATE stats SET chunks = chunks - 1 WHERE id = 1; END;
"""

BUSY_TIMEOUT_MS = 30_000
# A term found in more than half of the chunks has an idf that FTS5 floors to ~0 (log((N-n+.5)/(n+.5)) is negative
# once n > N/2): it cannot rank anything, it only makes FTS5 score every row it occurs in (most of the index). Such
# terms are left out of the match, and a query made only of them has no keyword evidence at all (as a stop word).
COMMON_TERM_SHARE = 0.5
MIN_CHUNKS_FOR_COMMON_TERMS = 100  # below this every term is kept: nothing to save, and few chunks share a word
# FTS5 scores every row a match term occurs in (~1 µs each). When the query's terms together occur in more rows
# than this, the most frequent terms (the least informative: lowest idf) are left out until they fit, the rarest
# always kept. Indexes of a few thousand chunks never reach it; at 100k chunks it bounds a search to ~20 ms.
MAX_SCORED_ROWS = 20_000


@dataclass(frozen=True)
class KeywordEntry:
    """One chunk as the keyword index holds it."""

    chunk_id: str
    doc_id: str
    doc_hash: str
    tokens: Sequence[str]


class KeywordIndex:
    """FTS5 keyword search over one collection's chunks; safe to share between threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._db().executescript(SCHEMA)  # IF NOT EXISTS: several processes may open a new index at once

    # ---- connections ------------------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (sqlite3 connections must not be shared between threads)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = connect_wal(self.path, timeout_s=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                             check_same_thread=True)
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._local.db = db
        return db

    def _write(self) -> _Transaction:
        return _Transaction(self._db())

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # ---- writing ----------------------------------------------------------------------------------------------

    def replace_document(self, doc_id: str, doc_hash: str, entries: Iterable[KeywordEntry]) -> None:
        """In one transaction: index the chunks of version ``doc_hash`` and drop every other version's rows."""
        with self._write() as db:
            _delete_where(db, "doc_id = ? AND doc_hash != ?", (doc_id, doc_hash))
            _insert(db, entries)

    def set_document(self, doc_id: str, entries: Iterable[KeywordEntry]) -> None:
        """Make ``doc_id``'s rows exactly ``entries`` (recovery: what Chroma holds of it after repair)."""
        with self._write() as db:
            _delete_where(db, "doc_id = ?", (doc_id,))
            _insert(db, entries)

    def remove_document(self, doc_id: str) -> None:
        with self._write() as db:
            _delete_where(db, "doc_id = ?", (doc_id,))

    def remove_chunks(self, chunk_ids: Collection[str]) -> None:
        with self._write() as db:
            for batch in _batches(sorted(chunk_ids)):
                marks = ",".join("?" * len(batch))
                _delete_where(db, f"chunk_id IN ({marks})", tuple(batch))

    def add(self, entries: Iterable[KeywordEntry]) -> None:
        """Index chunks (replacing a row of the same chunk id)."""
        with self._write() as db:
            _insert(db, entries)

    # ---- reading ----------------------------------------------------------------------------------------------

    def count(self) -> int:
        """Chunks indexed (kept by triggers: a count(*) would read the whole table)."""
        return _count(self._db())

    def chunk_ids(self) -> set[str]:
        return {row[0] for row in self._db().execute("SELECT chunk_id FROM chunks")}

    def ids_of(self, doc_id: str) -> set[str]:
        return {row[0] for row in self._db().execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc_id,))}

    def latin_terms(self) -> list[str]:
        """The terms written in Latin letters (the words and names of English pages): a Korean question writes
        such a name in Hangul, and the answer layer looks for it here by sound."""
        return [term for (term,) in self._db().execute("SELECT term FROM terms WHERE term GLOB '[a-z]*'")]

    def search(self, tokens: Sequence[str], k: int, doc_ids: Collection[str] | None = None
               ) -> list[tuple[str, float]]:
        """Chunk ids by BM25 over the query's morphemes (a repeated token counts again), best first; only
        chunks of ``doc_ids`` when given. Scores are positive (FTS5's bm25() negated)."""
        if k <= 0 or not tokens or (doc_ids is not None and not doc_ids):
            return []
        db = self._db()
        ids = _term_ids(db, tokens)
        words = [f"t{ids[t]}" for t in tokens if t in ids]
        if not words:
            return []
        words = _drop_common(db, words)
        if not words:
            return []
        match = " OR ".join(words)
        sql = ("SELECT c.chunk_id, -bm25(fts) FROM fts JOIN chunks c ON c.id = fts.rowid WHERE fts MATCH ?")
        params: list[Any] = [match]
        if doc_ids is not None:
            sql += " AND c.doc_id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(doc_ids), ensure_ascii=False))
        sql += " ORDER BY bm25(fts) LIMIT ?"
        params.append(k)
        return [(cid, float(score)) for cid, score in db.execute(sql, params) if score > 0]


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (rolled back on an exception): a writer takes the write lock up front, so
    two writers queue (busy_timeout) instead of failing half-way."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _batches(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _term_ids(db: sqlite3.Connection, tokens: Iterable[str], create: bool = False) -> dict[str, int]:
    """Numbers of the tokens the index knows (``create``: number the new ones too)."""
    wanted = sorted(set(tokens))
    found: dict[str, int] = {}
    for batch in _batches(wanted):
        marks = ",".join("?" * len(batch))
        found.update(db.execute(f"SELECT term, id FROM terms WHERE term IN ({marks})", tuple(batch)).fetchall())
    if create:
        for term in wanted:
            if term not in found:
                cur = db.execute("INSERT INTO terms (term) VALUES (?)", (term,))
                found[term] = int(cur.lastrowid or 0)
    return found


def _count(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT chunks FROM stats WHERE id = 1").fetchone()[0])


def _drop_common(db: sqlite3.Connection, words: list[str]) -> list[str]:
    """``words`` without those in more than ``COMMON_TERM_SHARE`` of the chunks (possibly none left), then without
    the most frequent ones while together they occur in more than ``MAX_SCORED_ROWS`` rows."""
    total = _count(db)
    if total < MIN_CHUNKS_FOR_COMMON_TERMS:
        return words
    distinct = sorted(set(words))
    marks = ",".join("?" * len(distinct))
    df = dict(db.execute(f"SELECT term, doc FROM fts_terms WHERE term IN ({marks})", tuple(distinct)).fetchall())
    kept = {w for w in distinct if df.get(w, 0) <= COMMON_TERM_SHARE * total}
    by_frequency = sorted(kept, key=lambda w: (-df.get(w, 0), w))
    rows = sum(df.get(w, 0) for w in kept)
    for word in by_frequency[:-1]:
        if rows <= MAX_SCORED_ROWS:
            break
        kept.discard(word)
        rows -= df.get(word, 0)
    return [w for w in words if w in kept]


def _insert(db: sqlite3.Connection, entries: Iterable[KeywordEntry]) -> None:
    rows = list(entries)
    if not rows:
        return
    for batch in _batches([r.chunk_id for r in rows]):  # a chunk indexed before is indexed again
        _delete_where(db, f"chunk_id IN ({','.join('?' * len(batch))})", tuple(batch))
    ids = _term_ids(db, [t for r in rows for t in r.tokens], create=True)
    for r in rows:
        body = " ".join(f"t{ids[t]}" for t in r.tokens)
        cur = db.execute("INSERT INTO chunks (chunk_id, doc_id, doc_hash, body) VALUES (?, ?, ?, ?)",
                         (r.chunk_id, r.doc_id, r.doc_hash, body))
        db.execute("INSERT INTO fts (rowid, body) VALUES (?, ?)", (cur.lastrowid, body))


def _delete_where(db: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> int:
    """Delete the chunks matching ``where`` from both tables (an external-content FTS5 table is told the old
    text of each row it forgets)."""
    rows = db.execute(f"SELECT id, body FROM chunks WHERE {where}", params).fetchall()
    for rowid, body in rows:
        db.execute("INSERT INTO fts (fts, rowid, body) VALUES ('delete', ?, ?)", (rowid, body))
    if rows:
        db.execute(f"DELETE FROM chunks WHERE {where}", params)
    return len(rows)


def entries_from_records(ids: Sequence[str], metas: Sequence[Any],
                         tokens_of: Callable[[Any], list[str]]) -> list[KeywordEntry]:
    """Keyword entries of chunk records as Chroma holds them (id, metadata with ``doc_id``/``doc_hash``/``kw``)."""
    return [KeywordEntry(cid, str((m or {}).get("doc_id", "")), str((m or {}).get("doc_hash", "")), tokens_of(m))
            for cid, m in zip(ids, metas, strict=True)]
