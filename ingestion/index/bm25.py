"""The BM25 side index over the chunks' Kiwi morphemes (the ``kw`` metadata). It is rebuilt from Chroma's own
records whenever their fingerprint (a hash of every chunk id) differs from the one it was built from, so the
keyword index and the vector store can never drift apart. Built indexes are saved under
``<data_dir>/bm25/<collection>/<fingerprint>`` and shared by processes on the same data directory."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ingestion.index.records import PAGE, keyword_tokens_of

log = logging.getLogger(__name__)

FULL_CHECK_SECONDS = 60.0


def fingerprint(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


class KeywordIndex:
    """BM25 (bm25s) over one Chroma collection, kept in step with it by fingerprint."""

    def __init__(self, collection: Any, root: Path, generation: Callable[[], tuple[str, int]]) -> None:
        self.collection = collection
        self.root = root
        self.generation = generation
        self._lock = threading.Lock()
        self._bm25: Any = None
        self.ids: list[str] = []
        self.fingerprint: str | None = None
        self._checked_generation: tuple[str, int] | None = None
        self._checked_at = 0.0

    def current_fingerprint(self) -> str:
        """The fingerprint of the collection as it is now (reads every id)."""
        got = self.collection.get(include=[])
        return fingerprint(list(got["ids"]))

    def _all_records(self) -> tuple[list[str], list[list[str]]]:
        ids: list[str] = []
        tokens: list[list[str]] = []
        offset = 0
        while True:
            got = self.collection.get(include=["metadatas"], limit=PAGE, offset=offset)
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
                ids.append(cid)
                tokens.append(keyword_tokens_of(meta))
            if len(got["ids"]) < PAGE:
                break
            offset += PAGE
        order = sorted(range(len(ids)), key=lambda i: ids[i])
        return [ids[i] for i in order], [tokens[i] for i in order]

    def sync(self, force: bool = False) -> None:
        """Make the BM25 index match Chroma: load the saved one if its fingerprint matches, else rebuild. The
        full fingerprint (every id) is read only when the generation changed or a minute has passed."""
        import bm25s

        generation = self.generation()
        if (not force and generation == self._checked_generation
                and time.monotonic() - self._checked_at < FULL_CHECK_SECONDS):
            return
        with self._lock:
            self._checked_generation, self._checked_at = generation, time.monotonic()
            current = self.current_fingerprint()
            if not force and current == self.fingerprint:
                return
            folder = self.root / current[:24]
            if not force and (folder / "ids.json").exists():
                try:
                    saved = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
                    if saved.get("fingerprint") == current:
                        self._bm25 = bm25s.BM25.load(str(folder)) if saved["ids"] else None
                        self.ids = saved["ids"]
                        self.fingerprint = current
                        return
                except (OSError, ValueError, KeyError):  # removed or replaced by another process: rebuild
                    log.info("BM25 index %s unreadable; rebuilding", folder)
            ids, tokens = self._all_records()
            retriever = None
            if ids:
                retriever = bm25s.BM25()
                retriever.index(tokens, show_progress=False)
            self._bm25, self.ids, self.fingerprint = retriever, ids, fingerprint(ids)
            self._save(retriever, ids)

    def _save(self, retriever: Any, ids: list[str]) -> None:
        """Publish the index as ``root/<fingerprint>``: written to a private folder, then renamed in one step,
        so processes sharing the data directory (``uvicorn --workers N`` on a Chroma server) never read a
        half-written index; older fingerprints are pruned."""
        root = self.root
        final = root / fingerprint(ids)[:24]
        tmp = root / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            tmp.mkdir(parents=True)
            if retriever is not None:
                retriever.save(str(tmp))
            (tmp / "ids.json").write_text(json.dumps({"fingerprint": fingerprint(ids), "ids": ids}),
                                          encoding="utf-8")
            try:
                tmp.rename(final)
            except OSError:  # another process published the same fingerprint first: identical content
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError as exc:  # a read-only or full disk only costs a rebuild next time
            log.warning("could not save the BM25 index under %s: %s", root, exc)
            shutil.rmtree(tmp, ignore_errors=True)
            return
        for old in root.iterdir():
            if old.name == final.name:
                continue
            # A folder another process is publishing or reading right now is left alone for a minute.
            try:
                if time.time() - old.stat().st_mtime > 60 or not old.name.startswith(".tmp-"):
                    if old.is_dir():
                        shutil.rmtree(old, ignore_errors=True)
                    else:
                        old.unlink(missing_ok=True)
            except OSError:
                pass

    def search(self, tokens: list[str], k: int) -> list[tuple[str, float]]:
        if self.fingerprint is None:
            self.sync()
        retriever = self._bm25
        if retriever is None:
            return []
        known = [t for t in tokens if t in retriever.vocab_dict]
        if not known:
            return []
        scores = retriever.get_scores(known)
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
