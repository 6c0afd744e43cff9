"""Open a SQLite file in WAL mode when several processes may open it at the same moment.

Switching a new file to WAL takes an exclusive lock, and SQLite answers "database is locked" at once instead of
waiting on the busy timeout when another connection holds a shared lock meanwhile (two web processes starting on one
data directory). The switch is retried until the timeout; a file already in WAL needs no switch.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any


def connect_wal(path: Path, timeout_s: float, **connect_args: Any) -> sqlite3.Connection:
    """A connection to ``path`` in WAL mode; raise the last ``OperationalError`` after ``timeout_s`` of retries."""
    db = sqlite3.connect(path, timeout=timeout_s, **connect_args)
    deadline = time.monotonic() + timeout_s
    pause_s = 0.005
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            return db
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() + pause_s > deadline:
                db.close()
                raise
        time.sleep(pause_s)
        pause_s = min(pause_s * 2, 0.1)
