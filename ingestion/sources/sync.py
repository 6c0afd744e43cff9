"""Sync: bring the index in step with the configured sources, item by item, and say what happened to each.

Idempotent: an item whose content hash (fields, text, attachment bytes) is the one recorded is not touched, so a
second run writes nothing. Resumable: the state (``state.py``) is saved after every item and the index's own
journal repairs a document a killed run left half-written, so rerunning after a kill converges. Polite: one
``PoliteClient`` per source (timeouts, retries with backoff, a per-host rate, conditional requests). Removal needs
a complete listing: an item missing from a source that could not be read in full is never removed."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ingestion.index.store import Store
from ingestion.pipeline import Builder, DocResult, IngestLockedError, ingest, plan_sources
from ingestion.settings import IndexSettings
from ingestion.sources.config import ATTACHMENT_SUFFIXES, SourceConfig
from ingestion.sources.connectors import CONNECTORS, Listing
from ingestion.sources.http import FetchError, PoliteClient, check_type
from ingestion.sources.items import (
    Attachment,
    SourceItem,
    attachment_filename,
    doc_ids_of,
    item_hash,
    mark_withdrawn,
    materialize,
    write_atomic,
)
from ingestion.sources.state import ItemState, SyncState

STATUSES = ("added", "updated", "unchanged", "removed", "kept", "failed", "skipped")
LISTING = "(listing)"


class SyncLockedError(RuntimeError):
    """Another sync of this data directory is running."""


@dataclass
class ItemResult:
    """What the sync did with one item (or, as ``(listing)``, with the source's listing itself)."""

    source: str
    item_id: str
    title: str
    status: str  # one of STATUSES
    doc_ids: list[str] = field(default_factory=list)
    detail: str = ""


@dataclass
class SyncReport:
    source: str
    results: list[ItemResult] = field(default_factory=list)
    complete: bool = True
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for r in self.results:
            if r.item_id != LISTING or r.status == "failed":
                out[r.status] += 1
        return out

    @property
    def failed(self) -> list[ItemResult]:
        return [r for r in self.results if r.status == "failed"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class _Pending:
    item: SourceItem
    folder: Path
    doc_ids: list[str]
    hash: str
    previous: ItemState | None
    problems: list[str]
    done: list[DocResult] = field(default_factory=list)


class SourceSync:
    """One source's sync against one store. ``today`` decides what has expired; ``builder`` does the heavy part
    of ingestion (a low-priority worker process when the server syncs); ``lock_wait_s`` is how long to wait for
    an ingestion already running (an admin upload) before reporting the index busy."""

    def __init__(self, store: Store, settings: IndexSettings, source: SourceConfig, *, base: Path, today: date,
                 builder: Builder | None = None, lock_wait_s: float = 120.0,
                 client_factory: Callable[[SourceConfig, SyncState], PoliteClient] | None = None) -> None:
        self.store = store
        self.settings = settings
        self.source = source
        self.base = base
        self.today = today
        self.builder = builder
        self.lock_wait_s = lock_wait_s
        self.root = Path(settings.data_dir) / "sources" / source.name
        self.state = SyncState.load(self.root / "state.json")
        self.report = SyncReport(source.name)
        self._client_factory = client_factory or _client_for

    # ---- shared ----------------------------------------------------------------------------------------

    def _add(self, item_id: str, title: str, status: str, doc_ids: list[str] | None = None, detail: str = "") -> None:
        self.report.results.append(ItemResult(self.source.name, item_id, title, status, list(doc_ids or []), detail))

    def _ingest(self, paths: list[Path], on_result: Callable[[DocResult], None]) -> str | None:
        """Ingest ``paths``, waiting up to ``lock_wait_s`` for a running ingestion; the error when it never ends."""
        deadline = time.monotonic() + self.lock_wait_s
        while True:
            try:
                ingest(self.store, paths, self.settings, builder=self.builder, on_result=on_result)
                return None
            except IngestLockedError as exc:
                if time.monotonic() >= deadline:
                    return f"the index is busy ({exc}); synced next time"
                time.sleep(1.0)

    def _remove_docs(self, doc_ids: list[str]) -> None:
        from filelock import FileLock

        with FileLock(str(Path(self.settings.data_dir) / "ingest.lock"), timeout=self.lock_wait_s):
            for doc_id in doc_ids:
                if self.store.document(doc_id) is not None or self.store.doc_chunks(doc_id):
                    self.store.remove_document(doc_id)

    def run(self) -> SyncReport:
        started = time.perf_counter()
        self.state.last_run = {"started": _now(), "finished": ""}
        self.state.save()
        try:
            if self.source.type == "folder":
                self._sync_folder()
            else:
                self._sync_items()
        finally:
            self.state.last_run["finished"] = _now()
            self.state.last_run["counts"] = self.report.counts()
            self.state.save()
            self.report.seconds = round(time.perf_counter() - started, 2)
        return self.report

    # ---- folders -----------------------------------------------------------------------------------------

    def _sync_folder(self) -> None:
        folder = self.source.folder(self.base)
        if not folder.is_dir():
            self.report.complete = False
            self._add(LISTING, str(folder), "failed", detail=f"folder not found: {folder}")
            return
        groups = plan_sources([folder])
        current = {g.doc_id for g in groups}

        def on_result(r: DocResult) -> None:
            self._add(r.doc_id, r.source, r.status, [r.doc_id], r.error)
            if r.status != "failed":
                info = self.store.document(r.doc_id)
                self.state.items[r.doc_id] = ItemState(hash=info.doc_hash if info else "", doc_ids=[r.doc_id],
                                                       title=r.source, key=r.doc_id, synced_at=_now())
                self.state.save()

        busy = self._ingest([folder], on_result) if groups else None
        if busy:
            self.report.complete = False
            self._add(LISTING, str(folder), "failed", detail=busy)
            return
        gone = sorted(set(self.state.items) - current)
        for doc_id in gone:
            self._remove_docs(self.state.items[doc_id].doc_ids)
            self._add(doc_id, self.state.items[doc_id].title, "removed", self.state.items[doc_id].doc_ids,
                      "the file is no longer in the folder")
            del self.state.items[doc_id]
            self.state.save()

    # ---- feeds, listing pages, APIs ---------------------------------------------------------------------------

    def _sync_items(self) -> None:
        with self._client_factory(self.source, self.state) as client:
            try:
                listing = CONNECTORS[self.source.type](self.source, client)
            except FetchError as exc:
                listing = Listing(problems=[str(exc)], complete=False)
            self.report.notes += listing.notes
            self.report.complete = listing.complete
            for problem in listing.problems:
                self._add(LISTING, self.source.where(), "failed", detail=problem)
            if listing.not_modified:
                for item_id, st in sorted(self.state.items.items()):
                    self._add(item_id, st.title, "unchanged", st.doc_ids, "not modified since the last sync")
                return
            pending = [p for p in (self._prepare(item, client) for item in listing.items) if p is not None]
        self.state.save()  # validators of what was fetched
        self._ingest_pending(pending)
        for item_id, (title, why) in sorted(listing.failed.items()):
            self._add(item_id, title, "failed", self.state.items[item_id].doc_ids if item_id in self.state.items
                      else [], why)
        if listing.complete:
            present = {i.item_id for i in listing.items} | set(listing.failed)
            for item_id in sorted(set(self.state.items) - present):
                self._withdrawn(item_id)

    def _prepare(self, item: SourceItem, client: PoliteClient) -> _Pending | None:
        """Download the item's attachments and decide: unchanged (recorded hash, documents present), expired and
        removed by configuration, or to be written (its folder materialised)."""
        previous = self.state.items.get(item.item_id)
        if self.source.on_expired == "remove" and item.apply_end is not None and item.apply_end < self.today:
            if previous is not None:
                self._remove_docs(previous.doc_ids)
                shutil.rmtree(self.root / "items" / (previous.key or item.key), ignore_errors=True)
                del self.state.items[item.item_id]
                self.state.save()
                self._add(item.item_id, item.title, "removed", previous.doc_ids,
                          f"application window ended {item.apply_end.isoformat()} (on_expired = \"remove\")")
            else:
                self._add(item.item_id, item.title, "skipped", [],
                          f"application window ended {item.apply_end.isoformat()} (on_expired = \"remove\")")
            return None
        folder = self.root / "items" / item.key
        attachments, problems = self._download(item, folder, client)
        digest = item_hash(item, attachments)
        ids = doc_ids_of(self.source.name, item, attachments)
        if (previous is not None and previous.hash == digest and not previous.withdrawn and not problems
                and all(self.store.document(d) is not None for d in ids)):
            self._add(item.item_id, item.title, "unchanged", ids)
            return None
        materialize(folder, self.source.name, item, attachments)
        return _Pending(item, folder, ids, digest, previous, problems)

    def _download(self, item: SourceItem, folder: Path, client: PoliteClient) -> tuple[list[Attachment], list[str]]:
        limit = self.source.max_attachment_bytes or self.settings.max_file_bytes
        attachments: list[Attachment] = []
        problems: list[str] = []
        for ref in item.attachments:
            if not (ref.name.lower().endswith(ATTACHMENT_SUFFIXES) or ref.url.lower().split("?")[0].endswith(
                    ATTACHMENT_SUFFIXES) or "." not in ref.name):
                continue  # spreadsheets, images, archives: not notices policybot reads
            key = f"att:{item.key}:{ref.url}"
            existing = sorted(folder.glob(f"{attachment_filename(ref.url, '')}.*"))
            try:
                fetched = client.get(ref.url, max_bytes=limit, cache_key=key,
                                     conditional=bool(existing))
                if fetched.not_modified and existing:
                    data = existing[0].read_bytes()
                    name = existing[0].name
                else:
                    data = fetched.content
                    suffix = check_type(data, ref.name, fetched.content_type)
                    name = attachment_filename(ref.url, suffix)
                    folder.mkdir(parents=True, exist_ok=True)
                    for old in existing:
                        if old.name != name:
                            old.unlink(missing_ok=True)
                    write_atomic(folder / name, data)
            except FetchError as exc:
                client.validators.pop(key, None)
                problems.append(f"attachment {ref.name}: {exc}")
                continue
            attachments.append(Attachment(ref, name, hashlib.sha256(data).hexdigest()))
        return attachments, problems

    def _ingest_pending(self, pending: list[_Pending]) -> None:
        if not pending:
            return
        by_doc = {doc_id: p for p in pending for doc_id in p.doc_ids}
        finished: set[str] = set()

        def on_result(r: DocResult) -> None:
            p = by_doc.get(r.doc_id)
            if p is None:
                return
            p.done.append(r)
            if len(p.done) == len(p.doc_ids):
                self._finish(p)
                finished.add(p.item.item_id)

        busy = self._ingest([p.folder for p in pending], on_result)
        stale = [d for p in pending if p.item.item_id in finished and p.previous is not None
                 for d in p.previous.doc_ids if d not in p.doc_ids]
        if stale:  # documents of attachments their items no longer have
            self._remove_docs(stale)
        for p in pending:
            if p.item.item_id not in finished:
                errors = busy or "; ".join(r.error for r in p.done if r.error) or "not ingested"
                self._add(p.item.item_id, p.item.title, "failed", p.doc_ids, errors)

    def _finish(self, p: _Pending) -> None:
        errors = [r.error for r in p.done if r.status == "failed"]
        problems = p.problems + errors
        stale = [d for d in (p.previous.doc_ids if p.previous else []) if d not in p.doc_ids]
        written = [r.doc_id for r in p.done if r.status != "failed"]
        self.state.items[p.item.item_id] = ItemState(
            hash="" if problems else p.hash, doc_ids=written, title=p.item.title, key=p.item.key, synced_at=_now())
        self.state.save()
        if problems:
            self._add(p.item.item_id, p.item.title, "failed", written, "; ".join(problems))
        elif p.previous is None:
            self._add(p.item.item_id, p.item.title, "added", written)
        else:
            changed = any(r.status in ("added", "updated") for r in p.done) or stale
            self._add(p.item.item_id, p.item.title, "updated" if changed else "unchanged", written)

    def _withdrawn(self, item_id: str) -> None:
        st = self.state.items[item_id]
        folder = self.root / "items" / st.key if st.key else None
        if self.source.on_withdrawn == "keep" and folder is not None and (folder / "manifest.toml").exists():
            if st.withdrawn:
                self._add(item_id, st.title, "unchanged", st.doc_ids, f"withdrawn {st.withdrawn}; kept as closed")
                return
            mark_withdrawn(folder, self.today)
            results: list[DocResult] = []
            busy = self._ingest([folder], results.append)
            if busy or any(r.status == "failed" for r in results):
                self._add(item_id, st.title, "failed", st.doc_ids, busy or "; ".join(r.error for r in results))
                return
            st.withdrawn = self.today.isoformat()
            st.hash = ""
            self.state.save()
            self._add(item_id, st.title, "kept", st.doc_ids, "no longer listed by the source; kept as closed "
                      "(on_withdrawn = \"keep\")")
            return
        self._remove_docs(st.doc_ids)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        del self.state.items[item_id]
        self.state.save()
        self._add(item_id, st.title, "removed", st.doc_ids, "no longer listed by the source")


def _client_for(source: SourceConfig, state: SyncState) -> PoliteClient:
    return PoliteClient(timeout_s=source.timeout_s, retries=source.retries, backoff_s=source.backoff_s,
                        rate_per_second=source.rate_per_second, validators=state.validators)


def sync_sources(store: Store, settings: IndexSettings, sources: list[SourceConfig], *, base: Path,
                 today: date | None = None, builder: Builder | None = None, lock_wait_s: float = 120.0,
                 on_report: Callable[[SyncReport], None] | None = None) -> list[SyncReport]:
    """Sync each source in turn (one failing source never stops the others). Raises SyncLockedError when another
    sync of this data directory is running."""
    from filelock import FileLock, Timeout

    root = Path(settings.data_dir) / "sources"
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / "sync.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise SyncLockedError(f"another sync is running on {settings.data_dir}; wait for it to finish") from exc
    try:
        reports = []
        for source in sources:
            report = SourceSync(store, settings, source, base=base, today=today or date.today(), builder=builder,
                                lock_wait_s=lock_wait_s).run()
            reports.append(report)
            if on_report:
                on_report(report)
        return reports
    finally:
        lock.release()


def forget_source(settings: IndexSettings, name: str) -> Path:
    """The folder a source's sync state and downloads live in (removed with ``remove_source_data``)."""
    return Path(settings.data_dir) / "sources" / name


def remove_source_data(store: Store, settings: IndexSettings, name: str) -> list[str]:
    """Remove every document a source's syncs wrote, and its state and downloads; returns the doc_ids removed."""
    state = SyncState.load(forget_source(settings, name) / "state.json")
    doc_ids = sorted({d for st in state.items.values() for d in st.doc_ids})
    if doc_ids:
        from filelock import FileLock

        with FileLock(str(Path(settings.data_dir) / "ingest.lock"), timeout=120):
            for doc_id in doc_ids:
                store.remove_document(doc_id)
    shutil.rmtree(forget_source(settings, name), ignore_errors=True)
    return doc_ids
