"""The write journal: a writer appends ``begin <doc_id>`` (fsynced) before it touches Chroma and ``end <doc_id>``
after, so a writer killed in between leaves the document listed as unfinished for recovery to repair."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Journal:
    """One append-only file per collection (``<data_dir>/<collection>.journal``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, op: str, doc_id: str) -> None:
        """Append one line and fsync it before the Chroma writes it announces (O_APPEND: lines never mix)."""
        line = json.dumps({"op": op, "doc_id": doc_id}, ensure_ascii=False) + "\n"
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    @contextmanager
    def writing(self, doc_id: str) -> Iterator[None]:
        """``begin`` before the block, ``end`` after it; an exception (or a kill) leaves the write unfinished."""
        self.write("begin", doc_id)
        yield
        self.write("end", doc_id)

    def unfinished(self) -> list[str]:
        """Documents whose last write began and never ended (the writer died)."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        open_writes: dict[str, int] = {}
        for line in lines:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:  # a torn last line: its write never started
                continue
            delta = 1 if entry.get("op") == "begin" else -1
            open_writes[str(entry.get("doc_id"))] = open_writes.get(str(entry.get("doc_id")), 0) + delta
        return sorted(d for d, n in open_writes.items() if n > 0)

    def clear(self) -> None:
        """Forget every entry (after recovery has repaired what they announced)."""
        self.path.unlink(missing_ok=True)
