"""What the last sync of a source left: per item its content hash and documents, and the validators (ETag,
Last-Modified) of what was fetched. Saved atomically after every item, so a sync killed at any point resumes
from where it stopped: items already recorded are unchanged, the rest are done again (and the pipeline's own
content hashes make a document that was written but not yet recorded cost no embedding)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ItemState:
    hash: str = ""  # "" while the item is incomplete (a problem is retried on the next sync)
    doc_ids: list[str] = field(default_factory=list)
    title: str = ""
    key: str = ""
    synced_at: str = ""
    withdrawn: str = ""  # the day the source stopped listing it (kept as closed)


@dataclass
class SyncState:
    path: Path
    items: dict[str, ItemState] = field(default_factory=dict)
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    last_run: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> SyncState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError):
            # A state file that cannot be read only costs a full re-check: the index's hashes still hold.
            return cls(path)
        items = {str(k): ItemState(**{f: v for f, v in dict(v).items() if f in ItemState.__dataclass_fields__})
                 for k, v in dict(data.get("items", {})).items()}
        return cls(path, items, dict(data.get("validators", {})), dict(data.get("last_run", {})))

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": 1, "items": {k: asdict(v) for k, v in sorted(self.items.items())},
                "validators": self.validators, "last_run": self.last_run}
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
