"""What a connector hands the sync: items (one notice each: its fields, some text, its attachments), and how an
item becomes documents on disk that ``ingestion.pipeline`` ingests like any other folder: ``item.txt`` (the
fields as "○ 항목: 값" lines, so answers can quote them), the downloaded attachments, and a ``manifest.toml`` that
gives every document the item's metadata (kind, issuer, window, date, link, program)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingestion.notice import program_key
from ingestion.pipeline import MANIFEST_NAME, slugify
from ingestion.sources.config import toml_value


@dataclass
class AttachmentRef:
    url: str
    name: str


@dataclass
class SourceItem:
    """One notice of a source. ``fields`` are (label, value) pairs in reading order; ``meta`` holds what the
    index keeps per document (issuer, apply_start/apply_end and notice_date as ISO dates, url, kind)."""

    item_id: str
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    body: str = ""
    attachments: list[AttachmentRef] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The item's folder and doc_id part: a readable slug plus a short hash of the id (ids may be URLs)."""
        digest = hashlib.sha256(self.item_id.encode("utf-8")).hexdigest()[:8]
        return f"{slugify(self.item_id)[-40:].strip('-.') or 'item'}-{digest}"

    @property
    def apply_end(self) -> date | None:
        try:
            return date.fromisoformat(self.meta["apply_end"]) if self.meta.get("apply_end") else None
        except ValueError:
            return None


@dataclass
class Attachment:
    """A downloaded attachment: its file in the item folder and the sha256 of its bytes."""

    ref: AttachmentRef
    filename: str
    sha256: str


_MARKUP = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def html_text(value: str) -> str:
    """Visible text of an HTML fragment (API summaries arrive as HTML), whitespace collapsed per line."""
    if not _MARKUP.search(value):
        return value.strip()
    import warnings

    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(value, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    for br in soup.find_all(["br", "p", "div", "li"]):
        br.insert_after("\n")
    lines = (" ".join(line.split()) for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def dotted(day: str | None) -> str:
    """2026-02-03 → "2026. 2. 3." (the way notices write dates, so the notice parser reads them)."""
    try:
        d = date.fromisoformat(str(day))
    except (TypeError, ValueError):
        return str(day or "")
    return f"{d.year}. {d.month}. {d.day}."


def item_text(item: SourceItem) -> str:
    """The item's own document: title, its date line, then every field as a "○ 항목: 값" line, then the body."""
    lines = [item.title]
    if item.meta.get("notice_date"):
        lines.append(dotted(item.meta["notice_date"]))
    lines.append("")
    for label, value in item.fields:
        value = " ".join(str(value).split())
        if value:
            lines.append(f"○ {label}: {value}")
    if item.body.strip():
        lines += ["", item.body.strip()]
    return "\n".join(lines) + "\n"


def item_hash(item: SourceItem, attachments: list[Attachment], extra: dict[str, str] | None = None) -> str:
    """Content hash of an item as it would be ingested: unchanged hash, nothing to do."""
    payload = {"title": item.title, "fields": item.fields, "meta": item.meta, "body": item.body,
               "attachments": [[a.ref.name, a.sha256] for a in attachments], "extra": extra or {}}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def doc_ids_of(source: str, item: SourceItem, attachments: list[Attachment]) -> list[str]:
    base = f"{source}-{item.key}"
    return [base] + [f"{base}--{Path(a.filename).stem}" for a in attachments]


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def materialize(folder: Path, source: str, item: SourceItem, attachments: list[Attachment],
                extra_meta: dict[str, str] | None = None) -> list[str]:
    """Write the item's text and manifest into ``folder`` (its attachments are already there, downloaded by the
    sync), remove files of attachments the item no longer has, and return the doc_ids it declares."""
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "item.txt", item_text(item).encode("utf-8"))
    keep = {"item.txt", MANIFEST_NAME, *(a.filename for a in attachments)}
    for stale in folder.iterdir():
        if stale.name not in keep and not stale.name.startswith("."):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
    ids = doc_ids_of(source, item, attachments)
    # The item's text and its attachments are one notice: they share its program (editions link through it).
    meta = {"program": program_key(item.title), **item.meta, **(extra_meta or {}), "origin": f"source:{source}",
            "item_id": item.item_id}
    entries = [(ids[0], "item.txt", item.title)]
    entries += [(doc_id, a.filename, f"{item.title} — {a.ref.name}") for doc_id, a in zip(ids[1:], attachments,
                                                                                        strict=True)]
    blocks = []
    for doc_id, filename, title in entries:
        lines = ["[[documents]]", f"doc_id = {toml_value(doc_id)}", f"files = [{toml_value(filename)}]",
                 f"title = {toml_value(title)}"]
        lines += [f"{key} = {toml_value(value)}" for key, value in sorted(meta.items()) if value]
        blocks.append("\n".join(lines))
    write_atomic(folder / MANIFEST_NAME, ("\n\n".join(blocks) + "\n").encode("utf-8"))
    return ids


def attachment_filename(url: str, suffix: str) -> str:
    """An attachment's file name in its item folder: stable per URL, so its doc_id is too."""
    return f"att-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}{suffix}"


def mark_withdrawn(folder: Path, day: date) -> list[str]:
    """Add ``withdrawn = day`` to every document of an item folder's manifest (the item stays, closed); returns
    its doc_ids."""
    import tomllib

    entries = tomllib.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")).get("documents", [])
    blocks = []
    for entry in entries:
        entry["withdrawn"] = day.isoformat()
        lines = ["[[documents]]"]
        for key, value in entry.items():
            shown = "[" + ", ".join(toml_value(v) for v in value) + "]" if isinstance(value, list) else \
                toml_value(value)
            lines.append(f"{key} = {shown}")
        blocks.append("\n".join(lines))
    write_atomic(folder / MANIFEST_NAME, ("\n\n".join(blocks) + "\n").encode("utf-8"))
    return [str(e["doc_id"]) for e in entries]
