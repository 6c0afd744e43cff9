"""👍/👎 feedback from every channel in one SQLite file next to the index, so it survives re-ingestion."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from ingestion.index.sqlite_wal import connect_wal

Rating = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    meta TEXT NOT NULL DEFAULT '{}'
)
"""


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with connect_wal(self.path, timeout_s=10) as db:  # two web processes may start on one data dir at once
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(
        self, channel: str, rating: Rating, question: str, answer: str, comment: str = "",
        meta: dict[str, Any] | None = None,
    ) -> int:
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        with self._lock, self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback (created_at, channel, rating, question, answer, comment, meta)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (datetime.now(UTC).isoformat(timespec="seconds"), channel, rating, question, answer, comment,
                 json.dumps(meta or {}, ensure_ascii=False)),
            )
            return int(cur.lastrowid or 0)

    def list(self, limit: int = 100) -> list[dict[str, Any]]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [{**dict(r), "meta": json.loads(r["meta"])} for r in rows]
